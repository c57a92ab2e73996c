"""What a diagnosis shows: the evidence dict (redacted, labelled) and the fields the catalog's templates are
filled with (host, route, principal, role, deployment hints).
"""

from __future__ import annotations

import re
import time

from .catalog.entry import Scenario
from .read.credential import Attempt, CredentialText, details
from .read.signals import Signals
from .read.url import AZURE_AI_FAMILIES, parse_url
from .regex import lazy
from .rules.acquisition import AADSTS, line_classify
from .rules.api_version import suggested_version
from .rules.audience import _SOVEREIGN_AUDIENCES
from .rules.choice import Choice
from .scrub import scrub_credential

P_DATA_ACTION = lazy(
    r"principal `?([0-9a-fA-F-]{8,64})`? lacks the required data action `?([\w./*-]{1,200})`?", re.I
)


P_TENANT_ID = lazy(r"token tenant ([0-9a-fA-F-]{8,64})", re.I)


P_UNKNOWN_MODEL_NAME = lazy(r"unknown model:\s*([^\s\"',}]{1,200})", re.I)


P_OP_NAME = lazy(r"the (\w{1,60}) operation does not work", re.I)


_BASE_MODEL_IDS = lazy(
    r"^(?:gpt-35-turbo(?:-16k|-instruct)?|gpt-3\.5-turbo|gpt-4(?:-32k|-turbo|o|o-mini|\.1|\.1-mini|\.1-nano|\.5)?"
    r"|gpt-5(?:-mini|-nano|-chat)?|o1(?:-mini|-preview)?|o3(?:-mini|-pro)?|o4-mini|text-embedding-(?:ada-002|3-small|3-large)"
    r"|dall-e-3|whisper|tts(?:-hd)?)(?:-\d{4}-\d{2}-\d{2}|-\d{4})?$",
    re.I,
)


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
    "anthropic-com": "Anthropic's own API",
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
    "anthropic": "/anthropic (Claude: Anthropic's Messages API)",
    "messages-no-prefix": "/v1/messages without the /anthropic prefix",
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


_CUT_RUN = lazy(r"[\w+/=.-]{8,}$")


def _clip(text: str, limit: int) -> str:
    """The text on one line, at most `limit` characters. A cut never ends inside a long run of token characters:
    a token cut short no longer looks like one to the scrubber, so the partial run is dropped instead."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return _CUT_RUN.sub("", text[: limit - 1]) + "…"


class _Fill(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return f"<{key}>"


_CLAIM_FIELDS = frozenset(
    {"oid", "tid", "aud", "exp", "expired_ago", "principal", "role", "role_note", "data_action"}
)


_NEEDED: dict[str, frozenset[str]] = {}


def template_fields(template: str) -> list[str]:
    """The names of the replacement fields of a `str.format` template, as ``string.Formatter().parse`` gives
    them (without importing `string`); ``{{`` and ``}}`` are literal braces. A test compares the two on every
    template of the catalog."""
    names = []
    i = template.find("{")
    while i >= 0:
        if template.startswith("{{", i):
            i = template.find("{", i + 2)
            continue
        close = template.find("}", i)
        if close < 0:
            raise ValueError(f"unclosed field in {template!r}")
        field = template[i + 1 : close]
        name = field.partition("!")[0].partition(":")[0]
        if name:
            names.append(name)
        i = template.find("{", close + 1)
    return names


def _needed(entry: Scenario) -> frozenset[str]:
    """The template fields a scenario's headline and steps use (computed once per scenario)."""
    found = _NEEDED.get(entry.id)
    if found is None:
        found = frozenset(name for t in (entry.headline, *entry.steps) for name in template_fields(t))
        _NEEDED[entry.id] = found
    return found


def _fields(
    sig: Signals, choice: Choice, hay: str, now: float, audiences: tuple[str, ...], need: frozenset[str]
) -> _Fill:
    """The values a scenario's templates need, filled from the evidence: only the fields the templates use
    (`format_map` looks up no other; a field left out renders as `<field>` as before)."""
    url = sig.url
    f = _Fill()
    if url.host:
        f["host"] = url.host
        f["path"] = url.path
        if "origin" in need or "endpoint" in need:
            f["origin"] = url.origin
            f["endpoint"] = f"{f['origin']}/models"
    if url.resource:
        f["resource"] = url.resource
    if "scope_id" in need:
        f["scope_id"] = (
            "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/"
            f"Microsoft.CognitiveServices/accounts/{url.resource or '<resource>'}"
        )
    if "route" in need:
        f["route"] = _ROUTE_LABELS.get(url.path_family, url.path or "this route")
    if url.deployment or sig.model:
        f["deployment"] = url.deployment or sig.model or ""
    if url.project:
        f["project"] = url.project
    if url.doubled:
        f["doubled"] = url.doubled
    if url.api_version is not None:
        f["api_version"] = url.api_version
    if "suggested_version" in need:
        f["suggested_version"] = suggested_version(url)
    if "auth_kind" in need:
        f["auth_kind"] = sig.auth.kind if sig.auth.known else "credential not known"
    if "accepted" in need:
        f["accepted"] = ", ".join(audiences)
    if "scope" in need:
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


# ------------------------------------------------------------------------------------------------ token acquisition

_EXCLUDE = {
    "EnvironmentCredential": "exclude_environment_credential=True",
    "WorkloadIdentityCredential": "exclude_workload_identity_credential=True",
    "ManagedIdentityCredential": "exclude_managed_identity_credential=True",
    "SharedTokenCacheCredential": "exclude_shared_token_cache_credential=True",
    "VisualStudioCodeCredential": "exclude_visual_studio_code_credential=True",
    "AzureCliCredential": "exclude_cli_credential=True",
    "AzureDeveloperCliCredential": "exclude_developer_cli_credential=True",
    "AzurePowerShellCredential": "exclude_powershell_credential=True",
    "InteractiveBrowserCredential": "exclude_interactive_browser_credential=True",
    "BrokerCredential": "exclude_broker_credential=True",
}
"""DefaultAzureCredential's keyword that leaves each credential out of the chain."""

_LINE_LABELS: dict[str, str] = {
    "cli-not-installed": "not installed",
    "managed-identity-unavailable": "no managed identity endpoint",
    "workload-identity-misconfigured": "not configured",
    "cli-login-required": "signed out",
    "managed-identity-not-assigned": "no identity assigned",
    "msi-audience-unsupported": "audience not supported",
    "tenant-not-found": "tenant not found",
    "scope-malformed": "scope malformed",
}
_AADSTS_IN_LINE = lazy(r"AADSTS\d{4,8}")
# The credential a sentence is about, when the text does not name it.
_TOOL_CREDENTIAL = (
    (lazy(r"Azure Developer CLI|azd auth login|'azd'"), "AzureDeveloperCliCredential"),
    (lazy(r"Azure CLI|az login|'az'"), "AzureCliCredential"),
    (lazy(r"PowerShell|Az\.Accounts?|Connect-AzAccount"), "AzurePowerShellCredential"),
    (lazy(r"IMDS|managed identity|ManagedIdentity", re.I), "ManagedIdentityCredential"),
)


def _attempt_label(attempt: Attempt, stopped: bool) -> str:
    """One attempted credential, in a word or three: `AzureCliCredential: not installed`."""
    if stopped:
        return f"{attempt.credential}: failed, and the chain stopped here"
    code = _AADSTS_IN_LINE.search(attempt.message)
    if code:
        return f"{attempt.credential}: {code.group(0)}"
    found = line_classify(attempt.message)
    if found:
        return f"{attempt.credential}: {_LINE_LABELS.get(found[0], found[0])}"
    lowered = attempt.message.lower()
    if "not configured" in lowered or "not fully configured" in lowered:
        return f"{attempt.credential}: not configured"
    if "cache" in lowered and ("no account" in lowered or "unavailable" in lowered):
        return f"{attempt.credential}: no cached account"
    return f"{attempt.credential}: unavailable"


def _looks_like(attempts: tuple[Attempt, ...]) -> tuple[str, str]:
    """Which environment an exhausted chain looks like, and the one step for it."""
    said = {found[0] for a in attempts if (found := line_classify(a.message))}
    if "managed-identity-unavailable" in said and "cli-not-installed" in said:
        return (
            "outside Azure, without the Azure CLI: a CI runner, a container or a new machine",
            "This looks like a machine outside Azure without the Azure CLI: in CI, give the chain a service "
            "principal (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET, or federated credentials); on a "
            "developer machine, install the Azure CLI and sign in.",
        )
    if "managed-identity-unavailable" in said:
        return (
            "outside Azure, with no developer sign-in",
            "This looks like a developer machine outside Azure with nobody signed in: sign in (below).",
        )
    return (
        "no credential configured",
        "Decide which credential this environment should use, and configure that one (below).",
    )


def acquisition_scope(endpoint: str | None, asked: str | None) -> tuple[str, str | None]:
    """The scope to ask for (the endpoint's when it is known, else the one asked, with `/.default`), and the
    endpoint's host."""
    url = parse_url(endpoint) if endpoint else None
    if url is not None and url.host:
        if url.cloud != "public":
            return _SOVEREIGN_AUDIENCES[url.cloud][1] + "/.default", url.host
        if url.host_family == "online-endpoint":
            return "https://ml.azure.com/.default", url.host
        return "https://ai.azure.com/.default", url.host
    if asked:
        base = asked.strip().rstrip("/")
        if base.endswith("/.default"):
            return base, None
        if re.fullmatch(r"https://[\w.-]+", base):
            return base + "/.default", None
    return "https://ai.azure.com/.default", None


def acquisition_evidence(
    read: CredentialText,
    choice: Choice,
    *,
    exc_type: str | None,
    scope: str | None,
    host: str | None,
    needed: str,
) -> dict[str, str]:
    """What a credential failure showed, unscrubbed (the caller scrubs every value before use)."""
    ev: dict[str, str] = {}
    if exc_type:
        ev["exception"] = exc_type
    credential = choice.extra.get("credential") or read.credential
    if not credential and not read.attempts:
        credential = next((name for p, name in _TOOL_CREDENTIAL if p.search(read.text)), None)
    if credential:
        ev["credential"] = credential
    if read.attempts:
        stopped = choice.scenario == "credential-chain-stopped"
        labels = [_attempt_label(a, stopped and a is read.attempts[-1]) for a in read.attempts]
        ev["chain"] = f"{read.chain or 'DefaultAzureCredential'} tried " + "; ".join(labels)
    code = next((c for c in read.codes if c in AADSTS), read.codes[0] if read.codes else None)
    if code:
        ev["aadsts"] = f"AADSTS{code}" + (f" ({read.oauth_error})" if read.oauth_error else "")
    line = choice.extra.get("line")
    if line or not read.attempts:  # a chain without a deciding line is told by its "chain" evidence
        # scrubbed before it is cut: a token cut in half is no longer token-shaped, and its head would stay
        ev["message"] = _clip(scrub_credential(line or read.text), 400)
    ev.update(details(read))
    if scope:
        ev["scope"] = scope
    if host:
        ev["endpoint"] = host
        ev["scope_needed"] = needed
    return ev


def acquisition_fields(read: CredentialText, choice: Choice, ev: dict[str, str], needed: str) -> _Fill:
    """The values the acquisition family's templates need, from the (scrubbed) evidence."""
    f = _Fill(scope=needed, chain=read.chain or "DefaultAzureCredential")
    tenant = ev.get("tenant")
    if tenant:
        f["tid"] = tenant
    f["login"] = f"az login --tenant {tenant} --scope {needed}" if tenant else f"az login --scope {needed}"
    credential = ev.get("credential")
    if credential:
        f["credential"] = credential
        if credential in _EXCLUDE:
            f["exclude"] = _EXCLUDE[credential]
    if choice.scenario == "credential-chain-exhausted":
        f["looks_like"], f["looks_like_step"] = _looks_like(read.attempts)
        ev["looks_like"] = f["looks_like"]
    for key in ("application", "resource_named", "scope_requested", "audience"):
        if key in ev:
            f[key] = ev[key]
    if "endpoint" in ev:
        f["host"] = ev["endpoint"]
    if "aadsts" in ev:
        f["aadsts"] = ev["aadsts"].split(" ", 1)[0]
    return f
