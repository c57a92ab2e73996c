"""Credential-failure text: what a token credential said when it could not get a token.

Reads the message of a credential's exception (azure-identity, MSAL, the Azure CLI and azd, openai's token
provider check), or the same text pasted from a log: the `DefaultAzureCredential` chain with its attempted
credentials, `AADSTS` codes, and the details worth showing (tenant, application, scope, audience, trace id).
Pure and total: nothing here calls a credential, runs a CLI or probes IMDS, and no input makes it raise. Nothing
read here is scrubbed yet: `engine.scrub.scrub_credential` cleans every piece before it reaches a diagnosis.

Shapes read, as real reports paste them:

- the chain: `DefaultAzureCredential failed to retrieve a token from the included credentials.`, then
  `Attempted credentials:` and one tab-indented `<Credential>: <message>` line per credential tried (Python);
  also with the tabs lost, all on one line, JSON-escaped (`\\n`, `\\t`), or .NET's bullets
  (`- <Credential> authentication unavailable. ...`);
- MSAL paths: `Authentication failed: AADSTS...`, `Microsoft Entra ID error '(<error>) AADSTS...'`, a token
  endpoint's body `{"error":"...","error_description":"AADSTS...","error_codes":[...]}`;
- the CLIs' stderr (`ERROR: AADSTS...`, `Please run 'az login'`) and azd's JSON console lines;
- azure-identity's log lines `<Credential>.get_token failed: ...`.
"""

from __future__ import annotations

import json
import re

from ..record import Record
from ..regex import lazy
from .body import TEXT_CAP

_CHAIN_HEAD = lazy(
    r"(\w{0,60}?Credential) failed to retrieve a token from the included credentials",
    re.I,
    needs=("failed to retrieve a token",),
)
_ATTEMPTED = lazy(r"Attempted credentials:", re.I, needs=("attempted credentials:",))
_CHAIN_END = lazy(
    r"To mitigate this issue, please refer to the troubleshooting", re.I, needs=("to mitigate this issue",)
)
# `<Name>: message` (Python: tab-indented, tabs lost, or all on one line)
_ENTRY = lazy(
    r"(?:^|(?<=[\s\"'(]))(?P<name>[A-Z][A-Za-z]{1,60}Credential):[ \t]*", re.M, needs=("Credential",)
)
# .NET: `- <Name> authentication unavailable. ...`
_DOTNET_ENTRY = lazy(r"^[ \t]*-[ \t]+(?P<name>[A-Z][A-Za-z]{1,60}Credential)\b", re.M, needs=("Credential",))
# azure-identity's log lines: `AzureCliCredential.get_token_info failed: ...`
_LOG_LINE = lazy(
    r"\b(?P<name>[A-Z][A-Za-z]{1,60}Credential)\.get_token(?:_info)? failed:[ \t]*", needs=(".get_token",)
)
_AADSTS = lazy(r"AADSTS(\d{4,8})", needs=("AADSTS",))
_ERROR_CODES = lazy(r'"error_codes"\s*:\s*\[\s*(\d{4,8})', needs=('"error_codes"',))
_OAUTH_ERROR = lazy(
    r"\b(invalid_client|invalid_grant|invalid_request|invalid_resource|invalid_scope|invalid_tenant|"
    r"unauthorized_client|interaction_required|consent_required|access_denied|temporarily_unavailable)\b",
    needs=(
        "invalid_",
        "unauthorized_client",
        "interaction_required",
        "consent_required",
        "access_denied",
        "temporarily_unavailable",
    ),
)
# Texts that say "a credential failed" without naming a cause the catalog knows.
_MARKERS = lazy(
    r"CredentialUnavailableError|AuthenticationRequiredError|ManagedIdentityError|MsalServiceError|"
    r"Microsoft Entra ID error|Unexpected response from Microsoft Entra ID|No token received|"
    r"Token acquisition failed|\b[A-Z][A-Za-z]{1,60}Credential\b[^\n]{0,80}?\b(?:authentication )?(?:failed|unavailable)",
    needs=(
        "Credential",
        "AuthenticationRequiredError",
        "ManagedIdentityError",
        "MsalServiceError",
        "Entra ID",
        "No token received",
        "Token acquisition failed",
    ),
)


class Attempt(Record):
    """One credential a chain tried, and what it said."""

    credential: str
    message: str

    __slots__ = ("credential", "message")

    def __init__(
        self,
        credential: str,
        message: str,
    ) -> None:
        self.credential = credential
        self.message = message


class CredentialText(Record):
    """What a credential failure's text says, read once."""

    text: str
    """The whole text, capped, with JSON escapes (`\\n`, `\\t`) turned back into characters; azd's JSON console
    messages are appended as plain lines."""
    chain: str | None
    """`DefaultAzureCredential` (or the chain's class) when the text is a chain's message."""
    attempts: tuple[Attempt, ...]
    """The chain's attempted credentials, in order (empty when the text is not a chain)."""
    credential: str | None
    """The credential the text names as the one that failed, outside a chain (a log line, a `Name: ` prefix)."""
    codes: tuple[str, ...]
    """The AADSTS codes, digits only, in order of appearance, without repeats."""
    oauth_error: str | None
    """The OAuth error (`invalid_client`, `invalid_grant`, ...) when the text shows one."""
    marked: bool
    """The text says a credential failed (a chain, an AADSTS code, a credential's name with 'failed', ...)."""

    __slots__ = ("attempts", "chain", "codes", "credential", "marked", "oauth_error", "text")

    def __init__(
        self,
        text: str,
        chain: str | None,
        attempts: tuple[Attempt, ...],
        credential: str | None,
        codes: tuple[str, ...],
        oauth_error: str | None,
        marked: bool,
    ) -> None:
        self.text = text
        self.chain = chain
        self.attempts = attempts
        self.credential = credential
        self.codes = codes
        self.oauth_error = oauth_error
        self.marked = marked


def _unescape(text: str) -> str:
    """Turn the escapes of a message pasted as a JSON or repr string back into the characters."""
    if "\\n" in text or "\\t" in text or '\\"' in text:
        text = text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", "\t").replace('\\"', '"')
        text = text.replace("\\\\", "\\")
    return text


def _attempts(text: str, head: re.Match[str] | None) -> tuple[Attempt, ...]:
    start = _ATTEMPTED.search(text)
    if start is None and head is None:
        return ()
    tail = text[start.end() if start else head.end() if head else 0 :]
    end = _CHAIN_END.search(tail)
    if end:
        tail = tail[: end.start()]
    found = list(_ENTRY.finditer(tail))
    dotnet = not found
    if dotnet:
        found = list(_DOTNET_ENTRY.finditer(tail))
    out = []
    for i, m in enumerate(found[:40]):
        stop = found[i + 1].start() if i + 1 < len(found) else len(tail)
        message = tail[m.start("name") if dotnet else m.end() : stop].strip(" \t\r\n-")
        out.append(Attempt(m.group("name"), message))
    return tuple(out)


def _codes(text: str) -> tuple[str, ...]:
    seen = dict.fromkeys(m.group(1) for m in _AADSTS.finditer(text))
    if not seen:
        seen = dict.fromkeys(m.group(1) for m in _ERROR_CODES.finditer(text))
    return tuple(seen)


def _azd_messages(text: str) -> str:
    """azd's JSON console lines (`{"type":"consoleMessage","data":{"message":...}}`, `{"error":...}`) as text."""
    if '"consoleMessage"' not in text and '"error"' not in text:
        return ""
    found = []
    for line in text.splitlines()[:200]:
        start = line.find("{")
        if start < 0 or len(line) > 16384:
            continue
        try:
            obj = json.loads(line[start:])
        except ValueError:
            continue
        if not isinstance(obj, dict) or "error_description" in obj:  # Entra's own body, read as it is
            continue
        data = obj.get("data")
        inner = data.get("message") if isinstance(data, dict) else None
        for value in (obj.get("error"), obj.get("message"), inner):
            if isinstance(value, str) and value.strip():
                found.append(value.strip())
    return "\n".join(found)


def read_credential_text(text: str) -> CredentialText:
    """Read a credential failure's message, or a pasted one. Total: any string gives a `CredentialText`."""
    text = _unescape(text[:TEXT_CAP])
    extra = _azd_messages(text)
    if extra:
        text = f"{text}\n{extra}"
    head = _CHAIN_HEAD.search(text)
    attempts = _attempts(text, head)
    named = _LOG_LINE.search(text) or (None if attempts else _ENTRY.search(text[:400]))
    err = _OAUTH_ERROR.search(text)
    codes = _codes(text)
    return CredentialText(
        text=text,
        chain=head.group(1) if head else ("DefaultAzureCredential" if attempts else None),
        attempts=attempts,
        credential=named.group("name") if named else None,
        codes=codes,
        oauth_error=err.group(1) if err else None,
        marked=bool(head or attempts or codes or named or _MARKERS.search(text)),
    )


# ------------------------------------------------------------------------------------------------ details

_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_DOMAIN = r"[A-Za-z0-9][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63}){1,6}"
_TENANT = (
    lazy(rf"Tenant '({_GUID}|{_DOMAIN})' not found"),
    lazy(rf"tenant identifier '({_GUID}|{_DOMAIN})'"),
    lazy(rf"tenant named ({_GUID}|{_DOMAIN})\b"),
    lazy(rf"\bagainst tenant ({_GUID})"),
    lazy(rf"login\.(?:microsoftonline|chinacloudapi|windows)\.\w{{2,3}}/({_GUID})"),
    lazy(rf"\btenant(?:_id| id)?\s*[:=]?\s*'?({_GUID})", re.I),
)
_APP = (
    lazy(rf"Application with identifier '({_GUID})'"),
    lazy(rf"secret added to app '({_GUID})'"),
    lazy(rf"application with ID '({_GUID})'"),
)
_RESOURCE_NAMED = lazy(r"resource principal named (\S{1,300}?)\.? was not found")
_SCOPE_VALUE = lazy(r"provided value for (?:the input parameter )?scope '?(\S{1,300}?)'? is not valid")
_AUDIENCE = lazy(r"Audience (\S{1,300}?) is not a supported MSI token audience")
_ASSERTION = lazy(
    r"(?:assertion|Assertion) (issuer|subject|audience|Issuer|Subject|Audience):? '([^'\n]{1,300})'"
)
_TRACE = lazy(rf"Trace ID: ({_GUID})")
_CORRELATION = lazy(rf"Correlation ID: ({_GUID})")
_TIMESTAMP = lazy(r"Timestamp: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)")
_ENV_SET = lazy(r"These variables are set: ([A-Z_, ]{1,200})")
_SAFE_VALUE = lazy(r"^[\w.:/~@-]{1,300}$")


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> str | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m.group(1)
    return None


def details(read: CredentialText) -> dict[str, str]:
    """The facts worth showing (evidence keys), only in shapes that cannot be a secret (GUIDs, domains, URLs)."""
    text = read.text
    out: dict[str, str] = {}
    tenant = _first(_TENANT, text)
    if tenant:
        out["tenant"] = tenant
    app = _first(_APP, text)
    if app:
        out["application"] = app
    for key, pattern in (
        ("resource_named", _RESOURCE_NAMED),
        ("scope_requested", _SCOPE_VALUE),
        ("audience", _AUDIENCE),
    ):
        m = pattern.search(text)
        if m and _SAFE_VALUE.match(m.group(1)):
            out[key] = m.group(1)
    for m in _ASSERTION.finditer(text):
        out.setdefault(f"assertion_{m.group(1).lower()}", m.group(2))
    env = _ENV_SET.search(text)
    if env:
        out["environment_variables_set"] = env.group(1).strip(" ,")
    for key, pattern in (("trace_id", _TRACE), ("correlation_id", _CORRELATION), ("timestamp", _TIMESTAMP)):
        m = pattern.search(text)
        if m:
            out[key] = m.group(1)
    return out


# ------------------------------------------------------------------------------------------------ an exception

_TOKEN_HOSTS = lazy(
    r"(?:^|\.)(?:login\.microsoftonline\.(?:com|us)|login\.chinacloudapi\.cn|login\.windows\.net|"
    r"login\.partner\.microsoftonline\.cn|169\.254\.\d{1,3}\.\d{1,3}|localhost|127\.0\.0\.1)$"
)
_HOST = lazy(r"^[a-z][a-z0-9+.-]*://(?:[^@/?#]*@)?([^:/?#]+)", re.I)
_CREDENTIAL_EXCEPTIONS = frozenset(
    {"CredentialUnavailableError", "AuthenticationRequiredError", "ManagedIdentityError"}
)


class RaisedFailure(Record):
    """What an exception says about itself, read defensively (its `__str__` may raise)."""

    type_name: str
    message: str
    from_credential: bool
    """Raised by a credential: azure-identity's or MSAL's own class, or a `ClientAuthenticationError` with no
    response (azure-core raises that one with the service's response)."""
    service_response: bool
    """It carries a response from a service (not from a token endpoint or an identity endpoint): a response
    failure, which `diagnose` reads, not a token-acquisition failure."""

    __slots__ = ("from_credential", "message", "service_response", "type_name")

    def __init__(
        self,
        type_name: str,
        message: str,
        from_credential: bool,
        service_response: bool,
    ) -> None:
        self.type_name = type_name
        self.message = message
        self.from_credential = from_credential
        self.service_response = service_response


def read_exception(error: BaseException) -> RaisedFailure:
    """Read an exception's class, module, message and response. Total."""
    cls = type(error)
    name = str(getattr(cls, "__name__", "") or "")
    module = str(getattr(cls, "__module__", "") or "")
    message = getattr(error, "message", None)
    if not isinstance(message, str) or not message:
        try:
            message = str(error)
        except Exception:  # a broken __str__: read nothing from it
            message = ""
    response = getattr(error, "response", None)
    from_credential = (
        module.startswith(("azure.identity", "msal"))
        or name in _CREDENTIAL_EXCEPTIONS
        or (name == "ClientAuthenticationError" and response is None)
    )
    service = False
    if response is not None:
        url = str(getattr(getattr(response, "request", None), "url", "") or "")
        m = _HOST.match(url)
        service = not (m and _TOKEN_HOSTS.search(m.group(1).lower()))
    return RaisedFailure(name, message, from_credential, service)
