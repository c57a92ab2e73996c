"""Pure matching: `Signals` -> `Diagnosis`, following the precedence of the scenario catalog.

The rules run in the catalog's order of precedence; the first that concludes wins. A rule that cannot tell
two causes apart says so through a lower confidence and the other candidates, never by guessing confidently.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import string
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._catalog import Scenario, scenario
from ._diagnosis import Confidence, Diagnosis, ScenarioId
from ._phrases import phrases
from ._signals import AZURE_AI_FAMILIES, Signals, collect, unwrap

_LOGGER = logging.getLogger("inference_doctor")

IN_SCOPE = (400, 401, 403, 404)
SKEW_SECONDS = 300
"""Clock skew allowed around `exp` / `nbf` before a token counts as certainly expired."""

AI_AUDIENCES = ("https://cognitiveservices.azure.com", "https://ai.azure.com")
_SOVEREIGN_AUDIENCES = {
    "usgov": ("https://cognitiveservices.azure.us", "https://ai.azure.us"),
    "china": ("https://cognitiveservices.azure.cn", "https://ai.azure.cn"),
}
ML_AUDIENCE = "https://ml.azure.com"

# ------------------------------------------------------------------------------------------------ service phrases


P_AUDIENCES = re.compile(r"audience is incorrect \(([^)]{0,500})\)")
P_DATA_ACTION = re.compile(
    r"principal `?([0-9a-fA-F-]{8,64})`? lacks the required data action `?([\w./*-]{1,200})`?", re.I
)
P_TENANT_ID = re.compile(r"token tenant ([0-9a-fA-F-]{8,64})", re.I)
P_UNKNOWN_MODEL_NAME = re.compile(r"unknown model:\s*([^\s\"',}]{1,200})", re.I)
P_OP_NAME = re.compile(r"the (\w{1,60}) operation does not work", re.I)

_GA_VERSION = "2024-10-21"
_API_VERSION_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:-preview)?$")
_MODEL_VERSION_SHAPE = re.compile(r"^(?:\d{4}|\d{4}-\d{2}-\d{2})$")
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
_MIN_VERSION_FOR_OPERATION = {"responses": "2025-03-01-preview"}

_BASE_MODEL_IDS = re.compile(
    r"^(?:gpt-35-turbo(?:-16k|-instruct)?|gpt-3\.5-turbo|gpt-4(?:-32k|-turbo|o|o-mini|\.1|\.1-mini|\.1-nano|\.5)?"
    r"|gpt-5(?:-mini|-nano|-chat)?|o1(?:-mini|-preview)?|o3(?:-mini|-pro)?|o4-mini|text-embedding-(?:ada-002|3-small|3-large)"
    r"|dall-e-3|whisper|tts(?:-hd)?)(?:-\d{4}-\d{2}-\d{2}|-\d{4})?$",
    re.I,
)

# ------------------------------------------------------------------------------------------------ the result of a rule


@dataclass(slots=True)
class Choice:
    scenario: ScenarioId
    confidence: Confidence = "high"
    alternatives: tuple[ScenarioId, ...] = ()
    extra: Mapping[str, str] = dataclasses.field(default_factory=dict)


def _hay(sig: Signals) -> str:
    parts = [
        sig.body.text,
        sig.body.message or "",
        sig.body.code or "",
        sig.response.policy_id or "",
        sig.context,
    ]
    return " ".join(parts).lower()


def _client(sig: Signals) -> tuple[str | None, bool]:
    """(client, known from the request): the User-Agent, else a hint from pasted text."""
    if sig.client:
        return sig.client, True
    for hint in ("azure-ai-inference", "azure-openai", "openai"):
        if hint in sig.hints:
            return hint, False
    return None, False


def _norm_aud(aud: str) -> str:
    return aud.strip().rstrip("/").lower()


def _accepted_audiences(sig: Signals, hay: str) -> tuple[tuple[str, ...], bool]:
    """(audiences, from the service): the service's own list when its message names one."""
    m = P_AUDIENCES.search(hay)
    if m:
        listed = tuple(a.strip() for a in re.split(r"\s+or\s+|,", m.group(1)) if a.strip())
        if listed:
            return listed, True
    return _SOVEREIGN_AUDIENCES.get(sig.url.cloud, AI_AUDIENCES), False


def _route_audiences_only(audiences: tuple[str, ...]) -> bool:
    """The service listed audiences unrelated to any model endpoint (`urn:ms.scopedToken or
    urn:ms.faceSessionToken`): the route is wrong, not the token."""
    return all(not a.lower().startswith("https://") for a in audiences)


# ------------------------------------------------------------------------------------------------ the rules


def _choose(
    sig: Signals, now: float, hay: str, audiences: tuple[str, ...], listed_by_service: bool
) -> Choice | None:
    s = sig.status
    seen = phrases(hay)
    auth = sig.auth
    url = sig.url

    # 1. a credential in the wrong slot, certain from the request alone
    if s == 401 and auth.api_key == "jwt":
        return Choice("token-sent-as-key")

    # 2. a non-Azure-AI host in front
    if "gateway" in seen:
        return Choice("gateway-auth")
    if url.host_family == "apim" and s == 401:
        backend = seen & {"token", "token_expired", "key_invalid", "permission"}
        if backend:
            return Choice("gateway-auth", "medium", ("key-invalid", "role-missing", "token-wrong-audience"))
        return Choice("gateway-auth")

    # 3. network 403s
    for phrase, sid in (
        ("public_disabled", "public-access-disabled"),
        ("private_endpoint", "private-endpoint-required"),
        ("firewall", "firewall-denied"),
        ("vnet", "vnet-wrong-endpoint"),
        ("suspended", "resource-suspended"),
    ):
        if phrase in seen:
            return Choice(sid)  # type: ignore[arg-type]

    # 4. key auth disabled
    if "key_disabled" in seen:
        return Choice("key-auth-disabled")

    # 5. tenant and custom subdomain
    if "tenant" in seen:
        return Choice("token-tenant-mismatch")
    if "custom_subdomain" in seen:
        return Choice("custom-subdomain-required")

    # 6. the shared token 401
    route_problem = listed_by_service and _route_audiences_only(audiences)
    if (
        s == 401
        and not route_problem
        and (seen & {"token", "token_expired"} or _uninformative_401(sig, seen))
    ):
        choice = _token_rule(sig, now, hay, seen, audiences)
        if choice is not None:
            return choice

    # 7. the principal is known but not allowed
    if "permission" in seen or (sig.body.code or "").lower() == "permissiondenied":
        return Choice("role-missing")

    # keys
    if "key_invalid" in seen:
        return _key_rule(sig)

    # 8. routing: unambiguous service messages, then path shapes, then deployments
    for phrase, sid in (
        ("subdomain_unmapped", "subdomain-not-mapped"),
        ("serverless_nf", "serverless-endpoint-not-found"),
        ("no_traffic", "online-endpoint-no-traffic"),
    ):
        if phrase in seen:
            return Choice(sid)  # type: ignore[arg-type]
    if s == 404 or route_problem:
        choice = _path_rule(sig)
        if choice is not None:
            return choice
    if "deployment_nf" in seen:
        return Choice("deployment-not-found")
    if "unknown_model" in seen:
        return Choice("unknown-model")
    if "no_model" in seen:
        return Choice("no-model-name")
    if "op_unsupported" in seen:
        return Choice("operation-not-supported")

    # 9. api-version
    return _api_version_rule(sig, seen)


def _uninformative_401(sig: Signals, seen: frozenset[str]) -> bool:
    """A 401 whose body says nothing specific: the request's credential is the only evidence."""
    if not sig.auth.known or "permission" in seen or "key_invalid" in seen:
        return False
    return sig.body.code in (None, "", "401", "Unauthorized") and sig.body.shape in (
        "empty",
        "text",
        "gateway",
        "odata",
        "message",
    )


def _token_rule(
    sig: Signals, now: float, hay: str, seen: frozenset[str], audiences: tuple[str, ...]
) -> Choice | None:
    auth, url, claims = sig.auth, sig.url, sig.auth.claims
    client, client_known = _client(sig)
    if not auth.known:
        return _token_rule_blind(sig, hay, seen, client)
    no_key = auth.api_key in (None, "empty") and auth.other_key_header is None
    if no_key and auth.bearer in (None, "empty"):
        return Choice("token-missing")
    if auth.bearer == "jwt" and url.host_family == "serverless":
        return Choice("entra-on-key-only-endpoint")
    if auth.bearer == "non-jwt" and auth.api_key is None:
        if url.path_family == "project":
            return Choice("key-sent-as-bearer", extra={"project_note": _PROJECT_NOTE})
        if url.path_family == "openai-v1" or url.host_family in ("serverless", "github", "openai-com"):
            return Choice("key-invalid", "medium", ("key-sent-as-bearer",))
        return Choice("key-sent-as-bearer")
    if auth.api_key not in (None, "empty") and url.path_family == "project":
        return Choice("key-sent-as-bearer", extra={"project_note": _PROJECT_NOTE})
    if auth.bearer == "malformed":
        return Choice("token-malformed")
    if claims is not None and auth.bearer == "jwt":
        if claims.exp is not None and claims.exp < now - SKEW_SECONDS:
            return Choice("token-expired")
        if claims.nbf is not None and claims.nbf > now + SKEW_SECONDS:
            return Choice("token-expired")
        aud = _norm_aud(claims.aud or "")
        accepted = {_norm_aud(a) for a in audiences}
        if aud not in accepted:
            if aud == ML_AUDIENCE and url.host_family in AZURE_AI_FAMILIES:
                if client == "azure-ai-inference":
                    return Choice("inference-sdk-default-scope", "high" if client_known else "medium")
                if client is None:
                    return Choice("inference-sdk-default-scope", "medium", ("token-wrong-audience",))
            return Choice("token-wrong-audience")
        if claims.exp is not None and claims.exp < now:
            return Choice("token-expired", "medium", ("unclassified-401",))
        if "token_expired" in seen:
            return Choice("token-expired", "medium")
    if (
        auth.api_key in ("azure-hex32", "azure-84", "other") and auth.bearer in (None, "empty")
    ) or auth.same_value:
        # a key went where it belongs, yet the service answered with its token message
        return Choice("key-invalid", "low", ("key-sent-as-bearer",))
    return None


def _token_rule_blind(sig: Signals, hay: str, seen: frozenset[str], client: str | None) -> Choice:
    """The shared token 401 without the request's headers (a pasted error): say what stays open."""
    if "no-credential-shown" in sig.hints:
        return Choice("token-missing", "medium", ("token-wrong-audience",))
    if ("token_expired" in seen and "audience is incorrect" not in hay) or "expiry-story" in sig.hints:
        return Choice("token-expired", "medium", ("token-wrong-audience",))
    if "ml-audience" in sig.hints:
        return Choice("inference-sdk-default-scope", "medium", ("token-wrong-audience",))
    keyish = {"key-credential", "old-inference", "bearer-non-jwt"} & set(sig.hints)
    if keyish and (client == "azure-ai-inference" or "bearer-non-jwt" in keyish):
        return Choice("key-sent-as-bearer", "medium", ("key-invalid",))
    if client == "azure-ai-inference":
        return Choice(
            "inference-sdk-default-scope",
            "medium",
            ("token-wrong-audience", "key-sent-as-bearer", "token-expired", "token-missing"),
        )
    if sig.url.host_family == "serverless":
        return Choice("entra-on-key-only-endpoint", "medium", ("token-wrong-audience",))
    return Choice(
        "token-wrong-audience",
        "low",
        ("token-expired", "token-missing", "token-malformed", "key-sent-as-bearer"),
    )


_PROJECT_NOTE = "Project routes (/api/projects/...) accept no keys at all: use Entra with the scope https://ai.azure.com/.default."


def _key_rule(sig: Signals) -> Choice:
    auth = sig.auth
    deployment = sig.url.deployment or sig.model or ""
    if auth.api_key == "openai-sk" or (auth.api_key is None and auth.bearer == "non-jwt" and _bearer_sk(sig)):
        return Choice("openai-key-on-azure")
    if "claude" in deployment.lower():
        return Choice("anthropic-model-on-openai-route")
    if not auth.known:
        if "token-fetched" in sig.hints:
            return Choice("token-sent-as-key", "medium", ("key-invalid",))
        if "claude" in sig.hints:
            return Choice("anthropic-model-on-openai-route", "medium", ("key-invalid",))
        if re.search(r"\bsk-[A-Za-z0-9_-]{4}", sig.context):
            return Choice("openai-key-on-azure", "medium", ("key-invalid",))
        return Choice("key-invalid", "medium", ("openai-key-on-azure", "anthropic-model-on-openai-route"))
    if auth.api_key is None and auth.bearer in (None, "empty"):
        return Choice("key-invalid", "medium", ("token-missing",))
    return Choice("key-invalid")


def _bearer_sk(sig: Signals) -> bool:
    return any(s.startswith(("sk-", "Bearer sk-")) for s in sig.secrets)


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
        op = (url.operation or "").lower()
        if not op.startswith("openai") and re.match(
            r"^(chat/|completions|embeddings|models|deployments|images|info)", op
        ):
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
    routed = url.path_family in ("models", "openai-deployments", "openai-v1")
    if routed:
        return None
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
    if version is not None and url.path_family != "openai-v1" and _version_problem(version, url.operation):
        return Choice("api-version-unsupported")
    return None


def _version_problem(version: str, operation: str | None) -> str | None:
    if version in ("", "latest", "preview") or not _API_VERSION_SHAPE.match(version):
        if _MODEL_VERSION_SHAPE.match(version):
            return "it is shaped like a model version, not an API version"
        return "it is not a date-shaped API version (YYYY-MM-DD or YYYY-MM-DD-preview)"
    if _MODEL_VERSION_SHAPE.match(version) and version not in KNOWN_API_VERSIONS:
        return "it is not a version the service has published (a model version, perhaps)"
    if version not in KNOWN_API_VERSIONS and version[:10] < _NEWEST_KNOWN[:10]:
        return "it is not a version the service has published"
    op = (operation or "").split("/")[-1]
    minimum = _MIN_VERSION_FOR_OPERATION.get(op)
    if minimum and version[:10] < minimum[:10]:
        return f"{op} needs {minimum} or later"
    return None


# ------------------------------------------------------------------------------------------------ evidence and text


_HOST_LABELS = {
    "openai": "Azure OpenAI / Foundry resource",
    "cognitiveservices": "AI Services / Foundry resource",
    "services": "Foundry resource",
    "regional": "regional host, keys only",
    "serverless": "serverless API endpoint, keys only",
    "online-endpoint": "Azure Machine Learning managed online endpoint",
    "github": "GitHub Models",
    "apim": "API Management gateway",
    "azureml": "Azure Machine Learning regional host",
    "openai-com": "OpenAI.com",
    "other": "not an Azure AI host",
}
_ROUTE_LABELS = {
    "models": "/models (model inference)",
    "openai-deployments": "/openai/deployments/<deployment> (classic Azure OpenAI)",
    "openai-v1": "/openai/v1 (v1)",
    "openai-other": "/openai/... (no deployment, not v1)",
    "deployments-no-prefix": "/deployments/<deployment> (no /openai prefix)",
    "project": "/api/projects/<project> (project endpoint)",
    "info": "model info",
    "other": "other",
}


def _iso(ts: float) -> str:
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))
    except (OverflowError, OSError, ValueError):
        return "out of range"


def _ago(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds < 120:
        return f"{int(seconds)} s"
    if seconds < 7200:
        return f"{int(seconds // 60)} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def _evidence(sig: Signals, now: float, audiences: tuple[str, ...], listed: bool) -> dict[str, str]:
    ev: dict[str, str] = {}
    ev["status"] = (
        str(sig.status) if sig.status == sig.outer_status else f"{sig.status} (inside a {sig.outer_status})"
    )
    if sig.body.code:
        ev["service_code"] = sig.body.code[:200]
    if sig.body.message:
        ev["service_message"] = _clip(sig.body.message, 400)
    elif sig.body.shape == "empty":
        ev["service_message"] = "(empty body)"
    url = sig.url
    if url.host:
        ev["host"] = f"{url.host} ({_HOST_LABELS.get(url.host_family, url.host_family)})"
        if url.cloud != "public":
            ev["cloud"] = url.cloud
    if url.resource and url.host_family in AZURE_AI_FAMILIES:
        ev["resource"] = url.resource
    if url.path and url.host:
        ev["path"] = _clip(url.path, 200)
        ev["route"] = _ROUTE_LABELS.get(url.path_family, url.path_family)
    if sig.method:
        ev["method"] = sig.method
    if url.api_version is not None:
        ev["api_version"] = url.api_version or "(empty)"
    elif url.host and url.path_family in ("openai-deployments", "models"):
        ev["api_version"] = "(none sent)"
    if url.deployment:
        ev["deployment"] = url.deployment
    elif sig.model:
        ev["model"] = sig.model
    if url.project:
        ev["project"] = url.project
    client = sig.client or next(
        (h for h in ("azure-ai-inference", "azure-openai", "openai") if h in sig.hints), None
    )
    if client:
        ev["client"] = client + (f" {sig.client_version}" if sig.client_version else "")
    if sig.auth.known:
        ev["auth"] = sig.auth.kind
    claims = sig.auth.claims
    if claims is not None:
        for name in ("aud", "tid", "oid", "appid", "idtyp", "iss", "scp", "roles"):
            value = getattr(claims, name)
            if value:
                ev[name] = _clip(value, 200)
        if claims.name:
            ev["principal_name"] = claims.name
        if claims.exp is not None:
            delta = claims.exp - now
            ev["expires"] = (
                f"{_iso(claims.exp)} ({'in ' + _ago(delta) if delta >= 0 else _ago(delta) + ' ago'})"
            )
        if claims.nbf is not None and claims.nbf > now:
            ev["not_before"] = f"{_iso(claims.nbf)} (in {_ago(claims.nbf - now)})"
    if listed:
        ev["accepted_audiences"] = ", ".join(audiences)
    for name, value in sig.response.request_ids:
        ev[name] = value
    if sig.response.policy_id:
        ev["policy-id"] = sig.response.policy_id
    if sig.response.www_authenticate:
        ev["www-authenticate"] = _clip(
            re.sub(r'claims="[^"]*"', 'claims="..."', sig.response.www_authenticate), 200
        )
    return ev


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_JWT_ANYWHERE = re.compile(r"eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*)?")
_SK_ANYWHERE = re.compile(r"\bsk-[A-Za-z0-9_-]{12,}")
_SUSPECT = re.compile(r"[A-Za-z0-9+/=_]{40}")
_FOREIGN_FIELDS = (
    "service_message",
    "service_code",
    "path",
    "deployment",
    "model",
    "project",
    "www-authenticate",
)
_LONG_RUN = re.compile(r"(?<![\w/.-])[A-Za-z0-9+/=_]{40,}(?![\w/.-])")


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """Remove every known secret, and anything shaped like a token or key, from a piece of output."""
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, "<redacted>")
    if "eyJ" not in text and "sk-" not in text and not _SUSPECT.search(text):
        return text
    text = _JWT_ANYWHERE.sub("<jwt redacted>", text)
    text = _SK_ANYWHERE.sub("sk-<redacted>", text)
    return _LONG_RUN.sub("<redacted>", text)


class _Fill(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return f"<{key}>"


_CLAIM_FIELDS = frozenset(
    {"oid", "tid", "aud", "exp", "expired_ago", "principal", "role", "role_note", "data_action"}
)
_NEEDED: dict[str, frozenset[str]] = {}


def _needed(entry: Scenario) -> frozenset[str]:
    """The template fields a scenario's headline and steps use (computed once per scenario)."""
    found = _NEEDED.get(entry.id)
    if found is None:
        templates = (entry.headline, *entry.steps)
        found = frozenset(name for t in templates for _, name, _, _ in string.Formatter().parse(t) if name)
        _NEEDED[entry.id] = found
    return found


def _fields(
    sig: Signals, choice: Choice, hay: str, now: float, audiences: tuple[str, ...], need: frozenset[str]
) -> _Fill:
    """The values a scenario's templates need, filled from the evidence; only the groups the templates use."""
    url = sig.url
    f = _Fill()
    if url.host:
        f["host"] = url.host
        f["origin"] = url.origin
        f["path"] = url.path
        f["endpoint"] = f"{f['origin']}/models"
    if url.resource:
        f["resource"] = url.resource
    f["scope_id"] = (
        "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/"
        f"Microsoft.CognitiveServices/accounts/{url.resource or '<resource>'}"
    )
    f["route"] = _ROUTE_LABELS.get(url.path_family, url.path or "this route")
    if url.deployment or sig.model:
        f["deployment"] = url.deployment or sig.model or ""
    if url.project:
        f["project"] = url.project
    if url.doubled:
        f["doubled"] = url.doubled
    if url.api_version is not None:
        f["api_version"] = url.api_version
    f["suggested_version"] = _MIN_VERSION_FOR_OPERATION.get((url.operation or "").split("/")[-1], _GA_VERSION)
    f["auth_kind"] = sig.auth.kind if sig.auth.known else "credential not known"
    f["accepted"] = ", ".join(audiences)
    f["scope"] = (
        "https://ai.azure.com/.default"
        if sig.url.cloud == "public"
        else _SOVEREIGN_AUDIENCES[sig.url.cloud][1] + "/.default"
    )
    f["project_note"] = ""
    f["token_defect"] = sig.auth.bearer_defect or "it does not decode"
    message = sig.body.message or ""
    if "request_id" in need:
        f["request_id"] = next(
            (v for k, v in sig.response.request_ids if k != "x-ms-region"), "<apim-request-id>"
        )
    if "operation" in need:
        op = P_OP_NAME.search(message) if "operation does not work" in hay else None
        f["operation"] = op.group(1) if op else url.operation or "this operation"
    if need & _CLAIM_FIELDS:
        _claim_fields(f, sig, hay, message, now)
    if "deployment_hint" in need:
        f["deployment_hint"] = _deployment_hint(url.deployment or sig.model, url.resource, url.path_family)
    if "model" in need:
        um = P_UNKNOWN_MODEL_NAME.search(message or hay) if "unknown model" in hay else None
        if um or sig.model:
            f["model"] = um.group(1) if um else sig.model or ""
    f.update(choice.extra)
    return f


def _claim_fields(f: _Fill, sig: Signals, hay: str, message: str, now: float) -> None:
    """Who the principal is and what it lacks: from the token's claims, else from the service's message."""
    claims, url = sig.auth.claims, sig.url
    oid = claims.oid if claims else None
    tid = claims.tid if claims else None
    m = P_DATA_ACTION.search(message or hay) if "lacks the required" in hay else None
    data_action = None
    if m:
        oid = oid or m.group(1)
        data_action = m.group(2)
    tm = P_TENANT_ID.search(message or hay) if "token tenant" in hay else None
    if tm:
        tid = tm.group(1)
    if oid:
        f["oid"] = oid
    if tid:
        f["tid"] = tid
    if claims and claims.aud:
        f["aud"] = claims.aud
    if claims and claims.exp is not None:
        f["exp"] = _iso(claims.exp)
        f["expired_ago"] = _ago(now - claims.exp)
    kind = (claims.idtyp if claims else None) or ""
    who = {"app": "the application (service principal or managed identity)", "user": "the user"}.get(
        kind, "the principal"
    )
    f["principal"] = f"{who} {oid}" if oid else "the principal of the token (its oid claim)"
    if claims and claims.name:
        f["principal"] += f" ({claims.name})"
    f["role"], f["role_note"] = _role_for(data_action, url.path_family, url.host_family)
    if data_action:
        f["data_action"] = data_action


def _role_for(data_action: str | None, path_family: str, host_family: str) -> tuple[str, str]:
    action = (data_action or "").lower()
    if "/aiservices/agents" in action:
        return (
            "Azure AI User",
            "Agents need accounts/AIServices/agents/* data actions, which Azure AI User (Foundry User) grants.",
        )
    if "/openai/" in action or (not action and path_family in ("openai-deployments", "openai-v1")):
        return (
            "Cognitive Services OpenAI User",
            "Cognitive Services OpenAI User covers OpenAI models only; for every model on the resource assign "
            "Cognitive Services User instead.",
        )
    return (
        "Cognitive Services User",
        "Cognitive Services OpenAI User is NOT enough here: it grants accounts/OpenAI/* only, and /models and "
        "non-OpenAI models need accounts/MaaS/* (Cognitive Services User or Azure AI User have both).",
    )


def _deployment_hint(deployment: str | None, resource: str | None, path_family: str) -> str:
    if not deployment:
        if path_family == "openai-v1":
            return "On /openai/v1/ the deployment is the request's model= value: set it to a deployment name of this resource."
        return ""
    if "/" in deployment:
        tail = deployment.rsplit("/", 1)[1]
        return f"'{deployment}' contains a '/': a provider prefix (such as azure/) belongs to the library, not the deployment name: try '{tail}'."
    if resource and deployment.lower() == resource.lower():
        return f"'{deployment}' is the resource's name, not a deployment's name."
    if _BASE_MODEL_IDS.match(deployment):
        return f"'{deployment}' is a base model id: the deployment may have another name (deployments are named when created)."
    if deployment != deployment.strip() or " " in deployment:
        return f"'{deployment}' has spaces in it: deployment names have none."
    return f"Deployment names are exact: check '{deployment}' for typos and case."


# ------------------------------------------------------------------------------------------------ entry points


def diagnose_signals(
    sig: Signals, *, now: float | None = None, include_names: bool = False
) -> Diagnosis | None:
    """Match one response's signals against the catalog. Raises only on programming errors."""
    if sig.status not in IN_SCOPE:
        return None
    if now is not None:
        ref = now
    elif sig.auth.claims is not None:  # the moment the request was answered matters only for a token's expiry
        ref = sig.response.date or time.time()
    else:
        ref = time.time()
    hay = _hay(sig)
    audiences, listed = _accepted_audiences(sig, hay)
    choice = _choose(sig, ref, hay, audiences, listed)
    if choice is None:
        if sig.status == 400:
            return None
        choice = Choice(f"unclassified-{sig.status}", "low")  # type: ignore[arg-type]
    ev = _evidence(sig, ref, audiences, listed)
    entry = scenario(choice.scenario)
    fill = _fields(sig, choice, hay, ref, audiences, _needed(entry))
    if not include_names:
        ev.pop("principal_name", None)
    title = entry.headline.format_map(fill)
    if _PLACEHOLDER.search(title):
        title = entry.title
    steps = [
        step
        for step in (t.format_map(fill).strip() for t in entry.steps)
        if step and not _ONLY_PLACEHOLDER.match(step)
    ]
    blob = "\n".join([title, *steps, *ev.values()])
    foreign = "\n".join(ev.get(k, "") for k in _FOREIGN_FIELDS)  # text that came from outside, not from us
    if (
        any(secret in blob for secret in sig.secrets)
        or "eyJ" in blob
        or "sk-" in blob
        or _SUSPECT.search(foreign)
    ):
        title = scrub(title, sig.secrets)
        steps = [scrub(step, sig.secrets) for step in steps]
        ev = {k: scrub(v, sig.secrets) for k, v in ev.items()}
    return Diagnosis(
        scenario=choice.scenario,
        status=sig.status,
        group=entry.group,
        title=title,
        cause=entry.cause,
        steps=tuple(steps),
        docs=entry.docs,
        evidence=ev,
        confidence=choice.confidence,
        alternatives=tuple(a for a in choice.alternatives if a != choice.scenario),
    )


_PLACEHOLDER = re.compile(r"<[a-z_]+>")
_ONLY_PLACEHOLDER = re.compile(r"<[a-z_]+>$")


def diagnose(
    status: int,
    *,
    body: bytes | str | None = None,
    response_headers: Mapping[str, str] | None = None,
    method: str | None = None,
    url: str | None = None,
    request_headers: Mapping[str, str] | None = None,
    now: float | None = None,
    request_body: bytes | str | None = None,
) -> Diagnosis | None:
    """Diagnose one failed response from what was seen on the wire. Pure: never raises, never does I/O.

    `request_body` is optional and only searched for its `model` field (the deployment on /openai/v1/ and
    /models); `now` (a Unix time) defaults to the response's `Date` header, else the clock.

    Returns the catalog's diagnosis; `unclassified-<status>` for a 401/403/404 that matches nothing specific;
    None for anything not in scope (other statuses, an unmatched 400). An error that arrived wrapped (a 500
    whose body holds `Error code: 401 - {...}`) is diagnosed from the inner status and body.
    """
    try:
        status_int = _as_status(status)
        if status_int is None:
            return None
        sig = collect(
            status_int,
            body=body,
            response_headers=_as_mapping(response_headers),
            method=method if isinstance(method, str) else None,
            url=url if isinstance(url, str) else None,
            request_headers=_as_mapping(request_headers),
            request_body=request_body if isinstance(request_body, (bytes, str)) else None,
        )
        return diagnose_signals(sig, now=now if isinstance(now, (int, float)) else None)
    except Exception as exc:
        from ._intercept import log_failure

        log_failure(
            _LOGGER, "could not diagnose a %s response", status if isinstance(status, int) else "?", exc
        )
        return None


def diagnose_text(text: str, *, now: float | None = None) -> Diagnosis | None:
    """Diagnose an error message pasted from a log or a traceback (openai's `Error code: 401 - {...}`,
    azure-core's `(PermissionDenied) ... Code: ... Message: ...`, a raw body, ...). Never raises."""
    try:
        text = text[:65536]
        un = unwrap(text)
        if un.status is None:
            return None
        body = un.body if un.body is not None else text
        sig = collect(un.status, body=body, method=un.method, url=un.url)
        sig = dataclasses.replace(sig, hints=un.hints, context=text[:16384])
        return diagnose_signals(sig, now=now)
    except Exception as exc:
        from ._intercept import log_failure

        log_failure(_LOGGER, "could not diagnose %s text", "pasted", exc)
        return None


def _as_status(status: Any) -> int | None:
    if isinstance(status, bool):
        return None
    if isinstance(status, int):
        return status
    if isinstance(status, str) and status.strip().isdigit():
        return int(status.strip())
    return None


def _as_mapping(value: Any) -> Mapping[str, str] | None:
    if value is None or isinstance(value, Mapping):
        return value  # collect() reads it once, as text
    try:
        return {str(k): str(v) for k, v in list(value)[:500]}
    except (TypeError, ValueError):
        return None
