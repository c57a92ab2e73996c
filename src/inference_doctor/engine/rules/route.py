"""The route rules: a path that does not fit the host and the client (a missing /models, /openai or /v1, a
doubled path, a project endpoint used for inference, model info on a host without it).
"""

from __future__ import annotations

import re

from ..read.signals import Signals
from ..read.url import AZURE_AI_FAMILIES
from ..regex import lazy
from .choice import Choice, _client

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    from ..diagnosis import Confidence

# An inference call on a project endpoint without its /openai route: azure-ai-inference's /chat/completions or
# /models/..., or AzureOpenAI's /deployments/<name>/<operation>. The project's own operations are not among them:
# azure-ai-projects lists and reads `deployments` and `deployments/<name>` there, and `connections`, `agents`, ...
_PROJECT_INFERENCE = lazy(r"^(?:chat/|completions|embeddings|models|images|info|deployments/[^/]+/)")


def _path_rule(sig: Signals) -> Choice | None:
    url = sig.url
    lowered = url.path.lower()
    client, client_known = _client(sig)
    conf: Confidence = "high" if client_known else "medium"
    if "base-url-with-operation" in sig.hints:  # a configured base URL that already names the operation
        return Choice("path-doubled", "medium", ("api-version-missing",))
    if "path-unknown" in sig.hints:  # a URL quoted from configuration, not the request's own
        return None
    if "/models/openai/" in lowered:
        return Choice("openai-path-on-models-endpoint")
    if url.doubled:
        return Choice("path-doubled")
    if url.path_family == "project":
        if _PROJECT_INFERENCE.match((url.operation or "").lower()):
            return Choice("project-endpoint-for-inference")
        return None
    if (url.path_family == "info" or (url.operation or "").endswith("info")) and sig.method in (None, "GET"):
        return Choice("model-info-not-supported", "high" if sig.method == "GET" else "medium")
    if url.path_family == "deployments-no-prefix" and url.host_family in AZURE_AI_FAMILIES:
        return Choice("openai-prefix-missing")
    if url.host_family not in AZURE_AI_FAMILIES:
        return None
    if re.match(r"^/model(?:/|$)", lowered):
        return Choice("models-path-missing")
    routed = url.path_family in ("models", "openai-deployments", "openai-v1", "anthropic")
    if routed or client == "anthropic":
        return None  # the anthropic route and the anthropic SDK have their own rules (rules/anthropic.py)
    if client == "azure-ai-inference":
        if url.host_family == "openai":
            return Choice("inference-sdk-on-openai-host", conf)
        return Choice("models-path-missing", conf)
    if client == "openai" and url.api_version is None:
        return Choice("v1-path-missing", conf)
    if client is None:
        if url.path_family == "openai-other":
            return None
        if url.host_family == "openai":
            if url.api_version is None:
                return Choice(
                    "v1-path-missing", "medium", ("inference-sdk-on-openai-host", "openai-prefix-missing")
                )
            if (url.operation or "").startswith(
                ("chat/completions", "embeddings", "images/embeddings", "info")
            ):
                return Choice(
                    "inference-sdk-on-openai-host", "medium", ("openai-prefix-missing", "v1-path-missing")
                )
            # an operation azure-ai-inference never calls (responses, files, ...): a base URL without /openai
            return Choice("openai-prefix-missing", "medium", ("v1-path-missing",))
        if url.api_version is None:
            return Choice("v1-path-missing", "medium", ("models-path-missing",))
        return Choice("models-path-missing", "medium", ("v1-path-missing",))
    return None
