"""Pure extraction: what a failed response and the request behind it say, without any secret.

The records here are internal and built once per response, so they are plain slotted dataclasses (not frozen:
construction cost matters on the request path); nothing mutates them after `collect` returns.

`collect` turns raw wire data into `Signals`. Nothing here keeps a token or a key: only their shapes, the
unverified claims of a JWT, and lengths. Every parser is bounded (input is cut to `TEXT_CAP` before any
regular expression runs) and total (bad input gives "unknown", never an exception).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

TEXT_CAP = 64 * 1024
"""The most of a body (or pasted text) the engine looks at."""

_SECRET_PARAMS = frozenset(
    {"api-key", "api_key", "key", "subscription-key", "code", "sig", "token", "access_token"}
)

# ------------------------------------------------------------------------------------------------ URL


@dataclass(slots=True)
class UrlShape:
    """The parts of a request URL that matter, with secret query values removed."""

    scheme: str = ""
    host: str = ""
    port: int | None = None
    path: str = ""
    query: Mapping[str, str] = field(default_factory=dict)
    host_family: str = "unknown"
    """openai | cognitiveservices | services | regional | serverless | online-endpoint | github | apim |
    azureml | openai-com | other | unknown"""
    cloud: str = "public"
    resource: str | None = None
    region: str | None = None
    path_family: str = "other"
    """models | openai-deployments | openai-v1 | openai-other | deployments-no-prefix | project | info | other"""
    deployment: str | None = None
    project: str | None = None
    operation: str | None = None
    api_version: str | None = None
    api_versions_sent: int = 0
    doubled: str | None = None

    @property
    def origin(self) -> str:
        return f"{self.scheme or 'https'}://{self.host}" + (f":{self.port}" if self.port else "")

    def redacted(self) -> str:
        q = "&".join(f"{k}={v}" for k, v in self.query.items())
        return f"{self.origin}{self.path}" + (f"?{q}" if q else "")


def _cloud(host: str) -> str:
    if host.endswith((".azure.us", ".microsoft.us")):
        return "usgov"
    return "china" if host.endswith(".azure.cn") else "public"


# Host shapes by what follows the first label (<resource>.openai.azure.com: the resource) or the first two
# (<name>.<region>.models.ai.azure.com): a dictionary look-up, not a scan.
_AFTER_ONE_LABEL: dict[str, tuple[str, str]] = {}
for _tld in ("com", "us", "cn"):
    _AFTER_ONE_LABEL[f"openai.azure.{_tld}"] = ("openai", "res")
    _AFTER_ONE_LABEL[f"cognitiveservices.azure.{_tld}"] = ("cognitiveservices", "res")
    _AFTER_ONE_LABEL[f"services.ai.azure.{_tld}"] = ("services", "res")
for _suffix in ("api.cognitive.microsoft.com", "api.cognitive.microsoft.us", "api.cognitive.azure.cn"):
    _AFTER_ONE_LABEL[_suffix] = ("regional", "region")
for _suffix in ("azure-api.net", "azure-api.us", "azure-api.cn"):
    _AFTER_ONE_LABEL[_suffix] = ("apim", "res")
_AFTER_ONE_LABEL["api.azureml.ms"] = ("azureml", "region")
_AFTER_TWO_LABELS: dict[str, str] = {}
for _tld in ("com", "us", "cn"):
    _AFTER_TWO_LABELS[f"models.ai.azure.{_tld}"] = "serverless"
    _AFTER_TWO_LABELS[f"inference.ml.azure.{_tld}"] = "online-endpoint"
_EXACT_HOSTS = {
    "models.inference.ai.azure.com": "github",
    "models.github.ai": "github",
    "api.openai.com": "openai-com",
}

AZURE_AI_FAMILIES = frozenset({"openai", "cognitiveservices", "services"})
"""Hosts of one Foundry / AI Services / Azure OpenAI resource (custom subdomain)."""


def _host_family(host: str) -> tuple[str, str | None, str | None]:
    """(family, resource, region) of a host."""
    exact = _EXACT_HOSTS.get(host)
    if exact:
        return exact, None, None
    first, _, rest = host.partition(".")
    if first:
        one = _AFTER_ONE_LABEL.get(rest)
        if one:
            family, role = one
            return (family, first, None) if role == "res" else (family, None, first)
        second, _, rest2 = rest.partition(".")
        two = _AFTER_TWO_LABELS.get(rest2)
        if two and second:
            return two, first, second
    return ("other" if host else "unknown"), None, None


_DEPLOYMENT_PATH = re.compile(r"/openai/deployments/(?P<dep>[^/?#]+)(?P<rest>/[^?#]*)?")
_PROJECT_PATH = re.compile(r"^/api/projects/(?P<p>[^/?#]+)(?P<rest>/[^?#]*)?")
_OPS = r"(?:chat/completions|completions|embeddings|images/generations|audio/\w+|responses|extensions/chat/completions|info)"
_OPERATION = re.compile(rf"^{_OPS}$")
_OPERATION_TAIL = re.compile(rf"^(?P<extra>[^/]+(?:/[^/]+)*?)/(?P<op>{_OPS})$")
_NO_PREFIX_DEPLOYMENT = re.compile(r"^/deployments/(?P<dep>[^/?#]+)(?P<rest>/[^?#]*)?")
_DOUBLED = (
    (re.compile(r"/openai/v1/openai/"), "/openai/v1/openai/"),
    (re.compile(r"/openai/openai/"), "/openai/openai/"),
    (re.compile(r"/deployments/[^/]+/openai/deployments/"), "/deployments/<name>/openai/deployments/"),
    (re.compile(r"/v1/v1/"), "/v1/v1/"),
    (re.compile(r"/models/models/"), "/models/models/"),
    (re.compile(r"/chat/completions/chat/completions"), "/chat/completions/chat/completions"),
    (re.compile(r"(?i)(?:%3F|\?)api-version(?:=|%3D)"), "api-version inside the path"),
    (re.compile(r"//"), "//"),
)

_DOUBLED_ANY = re.compile(r"//|openai/.*openai/|/v1/v1/|/models/models/|completions/chat/|api-version")

# scheme://[userinfo@]host[:port]path[?query][#fragment]: the parts urlsplit gives, in one match
_URL = re.compile(
    r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?:[^@/?#]*@)?(?P<host>\[[^\]/?#]*\]|[^:/?#]*)"
    r"(?::(?P<port>[^/?#]*))?(?P<path>[^?#]*)(?:\?(?P<query>[^#]*))?"
)


def _unquote_plus(text: str) -> str:
    text = text.replace("+", " ") if "+" in text else text
    return unquote(text) if "%" in text else text


def parse_url(url: str | None) -> UrlShape:
    """Classify a request URL; total (a URL that does not parse gives an empty shape)."""
    if not url:
        return UrlShape()
    url = url[:8192].strip()
    parts = _URL.match(url if "://" in url else "https://" + url)
    if parts is None:
        return UrlShape()
    scheme, host, raw_port, path, raw_query = parts.group("scheme", "host", "port", "path", "query")
    host = host.strip("[]").lower().rstrip(".")
    port = None
    if raw_port:
        if not raw_port.isdigit() or int(raw_port) > 65535:
            return UrlShape()  # as urlsplit would refuse it
        port = int(raw_port)
    path = path or "/"
    query: dict[str, str] = {}
    api_versions = 0
    for pair in (raw_query or "").split("&", 50)[:50]:
        if not pair:
            continue
        key, _, value = pair.partition("=")
        k = _unquote_plus(key).lower()
        if k == "api-version":
            api_versions += 1
        query[k] = "<redacted>" if k in _SECRET_PARAMS else _unquote_plus(value)[:100]
    family, resource, region = _host_family(host)
    cloud = _cloud(host)
    lowered = unquote(path).lower() if "%" in path else path.lower()

    doubled = None
    if _DOUBLED_ANY.search(lowered):  # one cheap pass; the specific label only when something repeats
        for pattern, label in _DOUBLED:
            if pattern.search(path if label.startswith("api-version") else lowered):
                doubled = label
                break
    if doubled is None and api_versions > 1:
        doubled = "api-version given twice"

    path_family, deployment, project, operation = "other", None, None, None
    pm = _PROJECT_PATH.match(path)
    dm = _DEPLOYMENT_PATH.search(path)
    nm = _NO_PREFIX_DEPLOYMENT.match(path)
    if pm:
        path_family, project = "project", pm.group("p")
        operation = (pm.group("rest") or "").strip("/") or None
        if dm:
            deployment = unquote(dm.group("dep"))
    elif dm:
        path_family, deployment = "openai-deployments", unquote(dm.group("dep"))
        operation = (dm.group("rest") or "").strip("/") or None
        spill = None if _OPERATION.match(operation or "") else _OPERATION_TAIL.match(operation or "")
        if spill:  # a deployment name with a '/' in it (azure/gpt-4o)
            deployment = f"{deployment}/{unquote(spill.group('extra'))}"
            operation = spill.group("op")
    elif "/openai/v1/" in lowered or lowered.endswith("/openai/v1"):
        path_family = "openai-v1"
        operation = lowered.split("/openai/v1", 1)[1].strip("/") or None
    elif nm:
        path_family, deployment = "deployments-no-prefix", unquote(nm.group("dep"))
        operation = (nm.group("rest") or "").strip("/") or None
    elif lowered.startswith("/openai/") or lowered == "/openai":
        path_family = "openai-other"
        operation = lowered[len("/openai") :].strip("/") or None
    elif lowered.startswith("/models/") or lowered == "/models":
        path_family = "models"
        operation = lowered[len("/models") :].strip("/") or None
    else:
        operation = lowered.strip("/") or None
    if (
        operation is not None
        and (operation == "info" or operation.endswith("/info"))
        and path_family != "project"
    ):
        path_family = "info" if path_family == "other" else path_family
    return UrlShape(
        scheme=scheme.lower(),
        host=host,
        port=port,
        path=path[:512],
        query=query,
        host_family=family,
        cloud=cloud,
        resource=resource,
        region=region,
        path_family=path_family,
        deployment=deployment[:200] if deployment else None,
        project=project,
        operation=operation[:200] if operation else None,
        api_version=query.get("api-version"),
        api_versions_sent=api_versions,
        doubled=doubled,
    )


# ------------------------------------------------------------------------------------------------ credentials


@dataclass(slots=True)
class Claims:
    """Unverified claims of a JWT: never the token itself."""

    aud: str | None = None
    tid: str | None = None
    oid: str | None = None
    appid: str | None = None
    idtyp: str | None = None
    iss: str | None = None
    exp: float | None = None
    nbf: float | None = None
    iat: float | None = None
    scp: str | None = None
    roles: str | None = None
    name: str | None = None
    """upn / preferred_username / unique_name / email: kept only when names are asked for."""


_WHITESPACE = re.compile(r"\s")
_JWT_SHAPE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")
_AZURE_NEW_KEY = re.compile(r"^[A-Za-z0-9]{84}$")


def _b64url_json(segment: str) -> Any:
    padded = segment + "=" * (-len(segment) % 4)
    return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))


def _claim_str(payload: Mapping[str, Any], key: str) -> str | None:
    value = payload.get(key)
    if isinstance(value, list):
        value = " ".join(str(v) for v in value[:10])
    if value is None or isinstance(value, (dict, bool)):
        return None
    return str(value)[:200]


def _claim_num(payload: Mapping[str, Any], key: str) -> float | None:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def decode_jwt(value: str, *, include_names: bool = False) -> tuple[Claims | None, str | None]:
    """(claims, None) for a decodable JWT; (None, defect) when it looks like one but is broken;
    (None, None) when it does not look like a JWT at all."""
    if len(value) > 16384:
        return None, "longer than any token"
    stripped = value.strip()
    looks_like = (
        value.startswith(("eyJ", '"eyJ', "'eyJ")) or stripped.startswith("eyJ") or value.count(".") == 2
    )
    if not looks_like:
        return None, None
    if stripped != value:
        return None, "whitespace around it"
    if value[:1] in "\"'":
        return None, "wrapped in quotes"
    if _WHITESPACE.search(value):
        return None, "whitespace inside it"
    if not _JWT_SHAPE.match(value):
        parts = value.count(".") + 1
        if parts != 3:
            return None, f"{parts} dot-separated parts instead of 3 (truncated?)"
        return None, "characters that are not base64url"
    header_seg, payload_seg, _sig = value.split(".")
    if not header_seg.startswith("eyJ"):  # every JOSE header is a JSON object: base64url of '{"'
        return None, "a header that is not a JSON object"
    try:
        payload = _b64url_json(payload_seg)
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        return None, "a payload that does not decode (truncated?)"
    if not isinstance(payload, dict):
        return None, "a payload that is not a JSON object"
    name = None
    if include_names:
        for key in ("upn", "preferred_username", "unique_name", "email"):
            name = _claim_str(payload, key)
            if name:
                break
    return (
        Claims(
            aud=_claim_str(payload, "aud"),
            tid=_claim_str(payload, "tid"),
            oid=_claim_str(payload, "oid"),
            appid=_claim_str(payload, "appid") or _claim_str(payload, "azp"),
            idtyp=_claim_str(payload, "idtyp"),
            iss=_claim_str(payload, "iss"),
            exp=_claim_num(payload, "exp"),
            nbf=_claim_num(payload, "nbf"),
            iat=_claim_num(payload, "iat"),
            scp=_claim_str(payload, "scp"),
            roles=_claim_str(payload, "roles"),
            name=name,
        ),
        None,
    )


def key_shape(value: str) -> str:
    """azure-hex32 | azure-84 | openai-sk | jwt | empty | other: the shape of a key, never the key."""
    v = value.strip()
    if not v:
        return "empty"
    if v.startswith("sk-"):
        return "openai-sk"
    if v.startswith("eyJ") and v.count(".") >= 2:
        return "jwt"
    if _HEX32.match(v):
        return "azure-hex32"
    if _AZURE_NEW_KEY.match(v):
        return "azure-84"
    return "other"


@dataclass(slots=True)
class Auth:
    """How the request authenticated: shapes and claims only."""

    known: bool = False
    """False when the request's headers were not given at all (a pasted error): nothing below can be trusted."""
    bearer: str | None = None
    """None (no Authorization) | empty | jwt | malformed | non-jwt | other-scheme"""
    bearer_defect: str | None = None
    bearer_length: int = 0
    api_key: str | None = None
    """None (no api-key) | the key_shape of its value"""
    api_key_length: int = 0
    same_value: bool = False
    """The bearer value and the api-key are the same string (azure-ai-inference with AzureKeyCredential)."""
    other_key_header: str | None = None
    """Ocp-Apim-Subscription-Key and the like."""
    claims: Claims | None = None

    @property
    def kind(self) -> str:
        """A label for the evidence."""
        if not self.known:
            return "unknown"
        parts = []
        if self.bearer == "jwt":
            parts.append("Bearer JWT")
        elif self.bearer == "malformed":
            parts.append("Bearer value shaped like a JWT that does not decode")
        elif self.bearer == "non-jwt":
            parts.append(f"Bearer non-JWT ({self.bearer_length} characters)")
        elif self.bearer == "empty":
            parts.append("empty Bearer")
        elif self.bearer == "other-scheme":
            parts.append("Authorization with a scheme other than Bearer")
        if self.api_key is not None:
            parts.append(
                f"api-key ({_KEY_LABELS.get(self.api_key, self.api_key)}, {self.api_key_length} characters)"
            )
        if self.other_key_header:
            parts.append(self.other_key_header)
        return " + ".join(parts) if parts else "none"


_KEY_LABELS = {
    "azure-hex32": "Azure-shaped",
    "azure-84": "Azure-shaped",
    "openai-sk": "OpenAI.com sk- key",
    "jwt": "a JWT",
    "empty": "empty",
    "other": "unrecognised shape",
}

_OTHER_KEY_HEADERS = ("ocp-apim-subscription-key", "x-api-key", "azureml-model-deployment")


def lower_headers(headers: Mapping[str, str] | None) -> dict[str, str] | None:
    """Header names lower-cased, values as text, at most 200 of them (None stays None: 'not known')."""
    if headers is None:
        return None
    return {str(k).lower(): str(v) for k, v in list(headers.items())[:200]}


def parse_auth(lower: Mapping[str, str] | None, *, include_names: bool = False) -> Auth:
    """The request's credential, from lower-cased headers (`lower_headers`)."""
    if lower is None:
        return Auth()
    bearer = bearer_defect = None
    bearer_length = 0
    claims: Claims | None = None
    bearer_value = None
    authz = lower.get("authorization")
    if authz is not None:
        scheme, _, rest = authz.partition(" ")
        if scheme.lower() != "bearer":
            bearer = "empty" if not authz.strip() else "other-scheme"
        else:
            bearer_value = rest.strip(" ")
            bearer_length = len(bearer_value)
            if not bearer_value.strip() or bearer_value.strip() in ("None", "null", "undefined"):
                bearer = "empty"
            else:
                claims, bearer_defect = decode_jwt(bearer_value, include_names=include_names)
                bearer = "jwt" if claims else ("malformed" if bearer_defect else "non-jwt")
    api_key = None
    api_key_length = 0
    key_value = lower.get("api-key")
    if key_value is not None:
        api_key = key_shape(key_value)
        api_key_length = len(key_value.strip())
        if api_key == "jwt" and claims is None:
            claims, _ = decode_jwt(key_value.strip(), include_names=include_names)
    other = next((h for h in _OTHER_KEY_HEADERS[:2] if h in lower), None)
    return Auth(
        known=True,
        bearer=bearer,
        bearer_defect=bearer_defect,
        bearer_length=bearer_length,
        api_key=api_key,
        api_key_length=api_key_length,
        same_value=bearer_value is not None and key_value is not None and bearer_value == key_value.strip(),
        other_key_header="Ocp-Apim-Subscription-Key" if other == "ocp-apim-subscription-key" else other,
        claims=claims,
    )


def secrets_in(lower: Mapping[str, str] | None) -> tuple[str, ...]:
    """The secret values of a request's (lower-cased) headers, so that output can be scrubbed of them."""
    if not lower:
        return ()
    found = []
    for name in (
        "authorization",
        "api-key",
        "ocp-apim-subscription-key",
        "x-api-key",
        "cookie",
        "proxy-authorization",
    ):
        value = lower.get(name)
        if value is not None:
            found.append(value)
            if " " in value:
                found.append(value.split(" ", 1)[1])
    return tuple(s for s in found if len(s.strip()) >= 8)


# ------------------------------------------------------------------------------------------------ client


_UA = re.compile(
    r"azsdk-python-ai-inference/(?P<azure_ai_inference>\S+)"
    r"|azsdk-python-ai-projects/(?P<azure_ai_projects>\S+)"
    r"|(?:Async)?AzureOpenAI/Python (?P<azure_openai>\S+)"
    r"|(?:Async)?OpenAI/Python (?P<openai>\S+)"
    r"|(?P<azure_sdk>azsdk-python-[\w.-]+/)"
)


def parse_client(lower: Mapping[str, str] | None) -> tuple[str | None, str | None]:
    """(client, version) from User-Agent and the openai SDK's X-Stainless headers (lower-cased names)."""
    if not lower:
        return None, None
    ua = lower.get("user-agent", "")[:1000]
    m = _UA.search(ua)
    if m:
        name = m.lastgroup or ""
        return name.replace("_", "-"), (m.group(name)[:40] if name != "azure_sdk" else None)
    if "x-stainless-lang" in lower:
        return "openai", lower.get("x-stainless-package-version", "")[:40] or None
    return None, None


# ------------------------------------------------------------------------------------------------ body


@dataclass(slots=True)
class Body:
    """What an error body says."""

    shape: str = "empty"
    """empty | odata | openai | gateway | serverless | message | json-other | text"""
    code: str | None = None
    message: str | None = None
    type: str | None = None
    param: str | None = None
    status_in_body: int | None = None
    text: str = ""
    """The body as text, cut to TEXT_CAP (the engine matches messages against it)."""


_CODE_RE = re.compile(r'"code"\s*:\s*"?([^",}\s][^",}]*)"?')
_MESSAGE_RE = re.compile(r'"message"\s*:\s*"((?:[^"\\]|\\.){0,4000})')


def _s(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)[:4000]


def _from_json(data: Any, text: str) -> Body | None:
    if isinstance(data, list) and data:
        data = data[0]
    if not isinstance(data, dict):
        return None
    err = data.get("error")
    if isinstance(err, dict):
        inner = err.get("innererror") if isinstance(err.get("innererror"), dict) else None
        code = _s(err.get("code"))
        if inner and code in (None, "", "InvalidRequest") and inner.get("code"):
            code = _s(inner.get("code"))
        shape = "openai" if ("type" in err or "param" in err) else "odata"
        return Body(
            shape=shape,
            code=code,
            message=_s(err.get("message")),
            type=_s(err.get("type")),
            param=_s(err.get("param")),
            status_in_body=_status_value(err.get("status")),
            text=text,
        )
    if isinstance(err, str):
        return Body(shape="message", message=err[:4000], code=_s(data.get("code")), text=text)
    lowered = {str(k).lower(): v for k, v in data.items()}
    if "statuscode" in lowered:
        return Body(
            shape="gateway",
            code=_s(lowered.get("code")),
            message=_s(lowered.get("message")),
            status_in_body=_status_value(lowered.get("statuscode")),
            text=text,
        )
    if isinstance(lowered.get("status"), str) and "message" not in lowered:
        return Body(shape="serverless", message=_s(lowered.get("status")), text=text)
    if "message" in lowered or "detail" in lowered or "title" in lowered:
        return Body(
            shape="message",
            code=_s(lowered.get("code")),
            message=_s(lowered.get("message") or lowered.get("detail") or lowered.get("title")),
            status_in_body=_status_value(lowered.get("status")),
            text=text,
        )
    return Body(shape="json-other", text=text)


def _status_value(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 100 <= value <= 599:
        return value
    if isinstance(value, str) and value.isdigit() and 100 <= int(value) <= 599:
        return int(value)
    return None


def to_text(body: bytes | bytearray | memoryview | str | None) -> str:
    if body is None:
        return ""
    if isinstance(body, str):
        return body[:TEXT_CAP]
    raw = bytes(body[:TEXT_CAP])
    if raw[:2] == b"\x1f\x8b":  # a gzip body the transport did not decode: do not guess at it
        return ""
    return raw.decode("utf-8", errors="replace")


def parse_body(body: bytes | bytearray | memoryview | str | None) -> Body:
    """Parse any error body tolerantly: JSON of every known shape, truncated JSON, Python reprs, plain text."""
    text = to_text(body).strip().lstrip("\ufeff")
    if not text:
        return Body()
    if text[0] in "{[":
        try:
            parsed = _from_json(json.loads(text), text)
        except (ValueError, RecursionError):
            parsed = None
        if parsed is not None:
            return parsed
        literal = _python_literal(text)
        if literal is not None:
            parsed = _from_json(literal, text)
            if parsed is not None:
                return parsed
        code = _CODE_RE.search(text)
        message = _MESSAGE_RE.search(text)
        if code or message:  # truncated or otherwise broken JSON: take what is readable
            msg = message.group(1) if message else None
            if msg:
                try:
                    msg = json.loads(f'"{msg}"')
                except ValueError:
                    pass
            return Body(
                shape="odata" if '"error"' in text else "message",
                code=code.group(1) if code else None,
                message=msg,
                text=text,
            )
    return Body(shape="text", message=text[:4000], text=text)


def _python_literal(text: str) -> Any:
    """A Python dict repr, as openai prints bodies (`{'error': {...}}`); bounded and never evaluated as code."""
    if len(text) > 16384 or text.count("{") > 64:
        return None
    import ast

    try:
        return ast.literal_eval(_ESCAPE.sub(_escape_invalid, text))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


# Python's parser warns (SyntaxWarning; DeprecationWarning before 3.12) about an invalid escape such as "\o" in a
# hand-typed body, and a warnings filter set to "error" turns that into a failed parse. Doubling the backslash of an
# invalid escape first reads the text the way the parser would (a backslash, then the letter) with no warning,
# and without touching the process-wide warning filters, which are not thread-safe to change.
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_VALID_ESCAPES = frozenset("\\'\"abfnrtv01234567xNuU\n")


def _escape_invalid(match: re.Match[str]) -> str:
    return match.group(0) if match.group(1) in _VALID_ESCAPES else "\\" + match.group(0)


# ------------------------------------------------------------------------------------------------ headers


REQUEST_ID_HEADERS = (
    "apim-request-id",
    "x-request-id",
    "x-ms-request-id",
    "x-ms-client-request-id",
    "x-ms-region",
)


@dataclass(slots=True)
class ResponseInfo:
    request_ids: tuple[tuple[str, str], ...] = ()
    policy_id: str | None = None
    www_authenticate: str | None = None
    raw_date: str | None = None
    content_type: str | None = None

    @property
    def date(self) -> float | None:
        """The response's `Date` as a Unix time (parsed only when asked: only token expiry needs it)."""
        import email.utils

        if not self.raw_date:
            return None
        try:
            return email.utils.parsedate_to_datetime(self.raw_date).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None


_SAFE_ID = re.compile(r"^[\w.:/-]{1,128}$")


def parse_response_headers(headers: Mapping[str, str] | None) -> ResponseInfo:
    if not headers:
        return ResponseInfo()
    lower = {str(k).lower(): str(v) for k, v in list(headers.items())[:200]}
    ids = tuple(
        (h, lower[h].strip()) for h in REQUEST_ID_HEADERS if h in lower and _SAFE_ID.match(lower[h].strip())
    )
    raw_date = lower.get("date")
    www = lower.get("www-authenticate")
    return ResponseInfo(
        request_ids=ids,
        policy_id=lower.get("policy-id", "")[:100] or None,
        www_authenticate=www[:300] if www else None,
        raw_date=raw_date[:100] if raw_date else None,
        content_type=lower.get("content-type", "")[:100] or None,
    )


# ------------------------------------------------------------------------------------------------ wrapped errors

_REASONS = {
    "unauthorized": 401,
    "forbidden": 403,
    "not found": 404,
    "bad request": 400,
    "permissiondenied": 401,
}
_ERROR_CODE = re.compile(r"Error code: (\d{3})(?: - (.*))?", re.S)
_STATUS_PATTERNS = (
    re.compile(r"[\"']?status_?code[\"']?\s*[:=]\s*[\"']?(\d{3})", re.I),
    re.compile(
        r"\b(40[0134])\b[ :-]*(?:\(?\s*)?(?:Unauthorized|Forbidden|Not Found|Bad Request|PermissionDenied)",
        re.I,
    ),
    re.compile(r"\b(?:HTTP/\d(?:\.\d)?|status(?: code)?:?|Status:|Response Code:)\s*(\d{3})\b", re.I),
    re.compile(r"\bError:\s*(40[0134])\b"),
    re.compile(r"(?:^|[\s(])(40[0134]):\s"),
    re.compile(r"\"code\"\s*:\s*\"?(40[0134])\b"),
    re.compile(r"\breturns? (?:an? )?(40[0134])\b|\breceives? (?:an? )?(40[0134])\b"),
    re.compile(r"\b(40[0134]) status code\b"),
    re.compile(r"[\"']status[\"']\s*:\s*(40[0134])\b"),
)
_INVALID_STATUS = re.compile(r"invalid status '([A-Za-z ]+)'")
_EXCEPTION_STATUS = (
    (re.compile(r"\bClientAuthenticationError\b|\bAuthenticationError\b"), 401),
    (re.compile(r"\bPermissionDeniedError\b"), 403),
    (re.compile(r"\bResourceNotFoundError\b|\bNotFoundError\b"), 404),
    (re.compile(r"\bBadRequestError\b"), 400),
)
_REASONS = {"unauthorized": 401, "forbidden": 403, "not found": 404, "bad request": 400}
_AZ_CORE = re.compile(
    r"\(([\w .-]{1,80})\) ([^\n]{1,2000})(?:\nCode: ([^\n]{1,200}))?(?:\nMessage: ([^\n]{1,4000}))?"
)
_JSON_IN_TEXT = re.compile(r"\{.*\}", re.S)
_METHOD_URL = re.compile(r"\b(GET|POST|PUT|DELETE|PATCH)\b[ '\"]+(https?://[^\s'\"<>]+)")
_LABELLED_URL = re.compile(r"(?i)\b(?:request url|url|for url)\s*[:=]?\s*['\"]?(https?://[^\s'\"<>]+)")
_URL_IN_TEXT = re.compile(r"https?://[^\s'\"<>)\]}]+")
# audiences, scopes and documentation links quoted in error text: never the request's URL
_NOT_A_REQUEST_HOST = re.compile(
    r"https?://(?:(?:cognitiveservices|ai|ml|management|graph)\.azure\.(?:com|us|cn)|graph\.microsoft\.com|aka\.ms"
    r"|go\.microsoft\.com|learn\.microsoft\.com|docs\.microsoft\.com|login\.microsoftonline\.com|github\.com)"
    r"(?:[/:'\"\s)]|$)"
)
_REQUEST_PATH = re.compile(
    r"/(?:chat/completions|completions|embeddings|responses|deployments/|models/|info\b|images/|audio/)"
)


@dataclass(slots=True)
class Unwrapped:
    status: int | None
    body: str | None
    url: str | None = None
    method: str | None = None
    hints: tuple[str, ...] = ()


def _status_in_text(text: str) -> int | None:
    for pattern in _STATUS_PATTERNS:
        m = pattern.search(text)
        if m:
            value = int(next(g for g in m.groups() if g))
            if 100 <= value <= 599:
                return value
    im = _INVALID_STATUS.search(text)
    if im and im.group(1).strip().lower() in _REASONS:
        return _REASONS[im.group(1).strip().lower()]
    for pattern, status in _EXCEPTION_STATUS:
        if pattern.search(text):
            return status
    from ._phrases import STATUS_OF_PHRASE, phrases

    seen = phrases(text.lower())
    for name, status in STATUS_OF_PHRASE.items():
        if name in seen:
            return status
    for reason, status in _REASONS.items():
        if re.search(rf"\b{reason}\b", text, re.I):
            return status
    return None


def unwrap(text: str, outer_status: int | None = None) -> Unwrapped:
    """Find an inner status, body and request URL in SDK-formatted, logged or proxy-wrapped text (bounded,
    total)."""
    text = text[:TEXT_CAP]
    status: int | None = None
    body: str | None = None
    m = _ERROR_CODE.search(text)
    if m:
        status = int(m.group(1))
        body = (m.group(2) or "").strip() or None
    if body is None:
        az = _AZ_CORE.search(text)
        if az and (az.group(3) or az.group(4)):
            code = (az.group(3) or az.group(1)).strip()
            message = (az.group(4) or az.group(2)).strip()
            body = json.dumps({"error": {"code": code, "message": message}})
    if body is None:
        j = _JSON_IN_TEXT.search(text)
        if j:
            body = j.group(0)
    if status is None:
        status = _status_in_text(text)
    url = method = None
    hints = [h for h, needle in _TEXT_HINTS if needle.search(text)]
    if _CONSTRUCTOR.search(text) and not _CREDENTIAL_WORDS.search(text):
        hints.append("no-credential-shown")  # the pasted client construction passes no credential at all
    mu = _METHOD_URL.search(text)
    lu = _LABELLED_URL.search(text)
    if mu:
        method, url = mu.group(1), mu.group(2)
    elif lu:
        url = lu.group(1)
    else:  # a URL in free text may be configuration, not the request: trust its path only if it names an operation
        um = next((u for u in _URL_IN_TEXT.finditer(text) if not _NOT_A_REQUEST_HOST.match(u.group(0))), None)
        if um:
            url = um.group(0)
            if not _REQUEST_PATH.search(url):
                hints.append("path-unknown")
    if url:
        url = url.rstrip(".,;:'\"`")
    return Unwrapped(
        status=status if status is not None else outer_status,
        body=body,
        url=url,
        method=method,
        hints=tuple(hints),
    )


_CONSTRUCTOR = re.compile(
    r"\b(?:Async)?(?:AzureOpenAI|AzureOpenAIEmbeddings|AzureChatOpenAI|ChatCompletionsClient|EmbeddingsClient)\("
)
_CREDENTIAL_WORDS = re.compile(
    r"(?i)api_key|api-key|ad_token|credential|token_provider|bearer|OPENAI_API_KEY"
)

_TEXT_HINTS = (
    (
        "azure-ai-inference",
        re.compile(
            r"azure[.-]ai[.-]inference|ChatCompletionsClient|EmbeddingsClient|azsdk-python-ai-inference"
        ),
    ),
    ("azure-openai", re.compile(r"\bAzureOpenAI\b|AsyncAzureOpenAI|azure_endpoint|AzureChatOpenAI")),
    ("openai", re.compile(r"\bOpenAI\(|openai\.OpenAI|base_url=")),
    ("claude", re.compile(r"claude", re.I)),
    ("ml-audience", re.compile(r"https://ml\.azure\.com")),
    ("get_model_info", re.compile(r"get_model_info|load_client|/info\b")),
    ("key-credential", re.compile(r"AzureKeyCredential|\bapi_key\s*=|ApiKeyCredential")),
    (
        "old-inference",
        re.compile(r"azsdk-python-ai-inference/1\.0\.0b[1-4]\b|azure-ai-inference[= ]=?\s*1\.0\.0b[1-4]\b"),
    ),
    (
        "token-fetched",
        re.compile(r"DefaultAzureCredential|azidentity|ManagedIdentityCredential|\.get_token\(|GetToken\("),
    ),
    (
        "expiry-story",
        re.compile(
            r"(?i)after (?:a while|an hour|some time|about an hour|\d+ ?min)|not (?:being )?refreshed|token refresh|refresh(?:es|ing)? the token|expires? after"
        ),
    ),
    ("api-version-elsewhere", re.compile(r"api[_-]version")),
    (
        "base-url-with-operation",
        re.compile(
            r"(?i)(?:api_base|base_url|azure_endpoint|endpoint)['\"]?\s*[:=]\s*['\"]?https?://\S+?/(?:chat/completions|embeddings|responses)\b"
        ),
    ),
    ("bearer-non-jwt", re.compile(r"Bearer\s+(?!eyJ|REDACTED|<|\*)[A-Za-z0-9{$][\w{}$-]{2,}")),
)


# ------------------------------------------------------------------------------------------------ all together


@dataclass(slots=True)
class Signals:
    """Everything the matcher looks at, for one response."""

    status: int
    outer_status: int
    method: str | None
    url: UrlShape
    auth: Auth
    client: str | None
    client_version: str | None
    body: Body
    response: ResponseInfo
    hints: tuple[str, ...] = ()
    context: str = ""
    """Pasted text around the error (explain); matched like the body."""
    model: str | None = None
    """The request body's `model` (the deployment on /openai/v1/ and /models), when the body was given."""
    secrets: tuple[str, ...] = ()
    """Exact secret values from the request, for scrubbing output only; never rendered."""

    def __repr__(self) -> str:  # the secrets must never reach a repr
        return f"Signals(status={self.status}, host={self.url.host!r}, path={self.url.path!r})"


def collect(
    status: int,
    *,
    body: bytes | bytearray | memoryview | str | None = None,
    response_headers: Mapping[str, str] | None = None,
    method: str | None = None,
    url: str | None = None,
    request_headers: Mapping[str, str] | None = None,
    request_body: bytes | bytearray | memoryview | str | None = None,
    include_names: bool = False,
) -> Signals:
    """Extract the signals of one response. May raise only on programming errors; `diagnose` guards it."""
    parsed = parse_body(body)
    inner_status = status
    hints: tuple[str, ...] = ()
    if status not in (400, 401, 403, 404) or parsed.shape == "text" or _looks_wrapped(parsed):
        unwrapped = unwrap(parsed.text, status)
        if unwrapped.status in (400, 401, 403, 404) and unwrapped.body and unwrapped.body != parsed.text:
            inner = parse_body(unwrapped.body)
            if inner.shape not in ("empty", "text") or status not in (400, 401, 403, 404):
                parsed = inner
                inner_status = unwrapped.status
        elif unwrapped.status in (400, 401, 403, 404) and status not in (400, 401, 403, 404):
            inner_status = unwrapped.status
        if url is None and unwrapped.url:
            url = unwrapped.url
        if method is None and unwrapped.method:
            method = unwrapped.method
        hints = unwrapped.hints
    if parsed.status_in_body in (400, 401, 403, 404) and status not in (400, 401, 403, 404):
        inner_status = parsed.status_in_body
    request = lower_headers(request_headers)
    client, version = parse_client(request)
    return Signals(
        status=inner_status,
        outer_status=status,
        method=method.upper()[:10] if method else None,
        url=parse_url(url),
        auth=parse_auth(request, include_names=include_names),
        client=client,
        client_version=version,
        body=parsed,
        response=parse_response_headers(response_headers),
        hints=hints,
        secrets=secrets_in(request),
        model=model_in_request(request_body),
    )


_MODEL_FIELD = re.compile(rb'"model"\s*:\s*"([^"\\]{1,200})"')


def model_in_request(body: bytes | bytearray | memoryview | str | None) -> str | None:
    """The `model` field of a JSON request body, looked for in its first 64 KiB only (never parsed whole: a
    request can be megabytes of input). Nothing else of the request body is kept."""
    if body is None:
        return None
    raw = body.encode("utf-8", "replace")[:TEXT_CAP] if isinstance(body, str) else bytes(body[:TEXT_CAP])
    m = _MODEL_FIELD.search(raw)
    return m.group(1).decode("utf-8", "replace") if m else None


def _looks_wrapped(body: Body) -> bool:
    message = body.message or ""
    return "Error code: 4" in message or "statusCode" in message
