"""The api-version knowledge: the versions the service has published, the GA ones /models does not serve,
the minimum per operation, and the rule for a missing or unsupported api-version.
"""

from __future__ import annotations

from ..read.signals import Signals
from ..read.url import UrlShape
from ..regex import lazy
from .choice import Choice

_GA_VERSION = "2024-10-21"


_API_VERSION_SHAPE = lazy(r"^\d{4}-\d{2}-\d{2}(?:-preview)?$")


_MODEL_VERSION_SHAPE = lazy(r"^(?:\d{4}|\d{4}-\d{2}-\d{2})$")


# Versions Azure OpenAI and the model inference API have served (GA and preview); used to tell an unknown
# version from a known one. A version newer than the newest here is given the benefit of the doubt.
KNOWN_API_VERSIONS = frozenset(
    {
        "2022-12-01", "2023-05-15", "2023-06-01-preview", "2023-07-01-preview", "2023-08-01-preview",
        "2023-09-01-preview", "2023-10-01-preview", "2023-12-01-preview", "2024-02-01", "2024-02-15-preview",
        "2024-03-01-preview", "2024-04-01-preview", "2024-05-01-preview", "2024-06-01", "2024-07-01-preview",
        "2024-08-01-preview", "2024-09-01-preview", "2024-10-01-preview", "2024-10-21", "2024-12-01-preview",
        "2025-01-01-preview", "2025-02-01-preview", "2025-03-01-preview", "2025-04-01-preview",
        "2025-05-01", "2025-05-01-preview",
        "2023-03-15-preview", "2022-03-01-preview", "2023-07-01", "2024-05-01",
    }
)  # fmt: skip


_NEWEST_KNOWN = "2025-05-01-preview"


# Azure OpenAI's GA versions, which the model inference route (/models) does not serve.
_OPENAI_ONLY_GA_VERSIONS = frozenset({"2022-12-01", "2023-05-15", "2024-02-01", "2024-06-01", "2024-10-21"})


# The first api-version that served each operation on the classic route (/openai/deployments/<name>/<operation>,
# and /openai/responses): an older version, even a known one, gets a 404 for it. From Microsoft's api-version
# lifecycle documentation, which lists when each feature was added
# (https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle, formerly
# https://learn.microsoft.com/azure/ai-services/openai/api-version-deprecation: "Whisper [Added in
# 2023-09-01-preview]", "DALL-E 3 [Added in 2023-12-01-preview]", "Text to speech [Added in 2024-02-15-preview]",
# "Retrieval augmented generation with your data feature [Added in 2023-06-01-preview]"), and for chat completions
# the Chat Completions API's introduction with gpt-35-turbo in 2023-03-15-preview (2022-12-01, the first GA
# version, serves completions and embeddings only). Completions and embeddings are served by every known version.
_MIN_VERSION_FOR_OPERATION = {
    "chat/completions": "2023-03-15-preview",
    "extensions/chat/completions": "2023-06-01-preview",
    "audio/transcriptions": "2023-09-01-preview",
    "audio/translations": "2023-09-01-preview",
    "images/generations": "2023-12-01-preview",
    "audio/speech": "2024-02-15-preview",
    "responses": "2025-03-01-preview",
}


# What to suggest instead of a version that is too old for the operation: the GA version, except for what the
# GA versions do not serve (preview features stay in the previews until a GA version takes them in).
_SUGGESTED_FOR_OPERATION = {"audio/speech": "2025-04-01-preview", "responses": "2025-03-01-preview"}


_DEPLOYMENT_OPERATION = lazy(r"^openai/deployments/[^/]+/(?P<op>.+)$")


def classic_operation(url: UrlShape) -> str | None:
    """The operation of a classic-route request (`chat/completions`, `audio/speech`, `responses`, ...), also when
    sent through a project endpoint; None for the other routes (/models and v1 version differently)."""
    op = (url.operation or "").lower()
    if url.path_family in ("openai-deployments", "openai-other"):
        return op or None
    if url.path_family == "project":
        m = _DEPLOYMENT_OPERATION.match(op)
        return m.group("op") if m else None
    return None


def suggested_version(url: UrlShape) -> str:
    """The api-version to suggest for the request's operation."""
    return _SUGGESTED_FOR_OPERATION.get(classic_operation(url) or "", _GA_VERSION)


def _api_version_rule(sig: Signals, seen: frozenset[str]) -> Choice | None:
    url = sig.url
    if "api_version" in seen:
        return Choice("api-version-unsupported")
    if sig.status != 404:
        return None
    classic = url.path_family in ("openai-deployments", "models", "info")
    if (
        classic
        and url.api_version is None
        and url.api_versions_sent == 0
        and "api-version-elsewhere" not in sig.hints
    ):
        return Choice("api-version-missing")
    version = url.api_version
    if url.path_family == "models" and version in _OPENAI_ONLY_GA_VERSIONS:
        return Choice("api-version-unsupported")
    if (
        version is not None
        and url.path_family != "openai-v1"
        and not _project_own_route(url)
        and _version_problem(version, classic_operation(url))
    ):
        return Choice("api-version-unsupported")
    return None


def _project_own_route(url: UrlShape) -> bool:
    """A Foundry project's own operations (deployments, connections, agents, ...: azure-ai-projects) and its
    /openai/v1 route: their api-version is `v1` (azure-ai-projects 1.0 and later), not a classic route's date."""
    return url.path_family == "project" and not (url.operation or "").startswith("openai/deployments/")


def _version_problem(version: str, operation: str | None) -> str | None:
    if version in ("", "latest", "preview") or not _API_VERSION_SHAPE.match(version):
        if _MODEL_VERSION_SHAPE.match(version):
            return "it is shaped like a model version, not an API version"
        return "it is not a date-shaped API version (YYYY-MM-DD or YYYY-MM-DD-preview)"
    if _MODEL_VERSION_SHAPE.match(version) and version not in KNOWN_API_VERSIONS:
        return "it is not a version the service has published (a model version, perhaps)"
    if version not in KNOWN_API_VERSIONS and version[:10] < _NEWEST_KNOWN[:10]:
        return "it is not a version the service has published"
    op = (operation or "").lower()
    minimum = _MIN_VERSION_FOR_OPERATION.get(op)
    if minimum and version[:10] < minimum[:10]:
        return f"{op} needs {minimum} or later"
    return None
