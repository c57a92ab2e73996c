"""How the request authenticated: the shape of its key, the unverified claims of its JWT, never the secret itself."""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..record import Record
from ..regex import lazy
from ..scrub import bounded_items
from .number import finite

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    from typing import Any


class Claims(Record):
    """Unverified claims of a JWT: never the token itself."""

    aud: str | None
    tid: str | None
    oid: str | None
    appid: str | None
    idtyp: str | None
    iss: str | None
    exp: float | None
    nbf: float | None
    iat: float | None
    scp: str | None
    roles: str | None
    name: str | None
    """upn / preferred_username / unique_name / email: kept only when names are asked for."""

    __slots__ = ("appid", "aud", "exp", "iat", "idtyp", "iss", "name", "nbf", "oid", "roles", "scp", "tid")

    def __init__(
        self,
        aud: str | None = None,
        tid: str | None = None,
        oid: str | None = None,
        appid: str | None = None,
        idtyp: str | None = None,
        iss: str | None = None,
        exp: float | None = None,
        nbf: float | None = None,
        iat: float | None = None,
        scp: str | None = None,
        roles: str | None = None,
        name: str | None = None,
    ) -> None:
        self.aud = aud
        self.tid = tid
        self.oid = oid
        self.appid = appid
        self.idtyp = idtyp
        self.iss = iss
        self.exp = exp
        self.nbf = nbf
        self.iat = iat
        self.scp = scp
        self.roles = roles
        self.name = name


_WHITESPACE = lazy(r"\s")


_JWT_SHAPE = lazy(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")


_HEX32 = lazy(r"^[0-9a-fA-F]{32}$")


_AZURE_NEW_KEY = lazy(r"^[A-Za-z0-9]{84}$")


def _b64url_json(segment: str) -> Any:
    import base64  # only for a token: a pasted error has none

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
    return finite(payload.get(key))  # a time claim that is not a finite number is not a time


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
    except (ValueError, UnicodeDecodeError, RecursionError):  # binascii.Error is a ValueError
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


class Auth(Record):
    """How the request authenticated: shapes and claims only."""

    known: bool
    """False when the request's headers were not given at all (a pasted error): nothing below can be trusted."""
    bearer: str | None
    """None (no Authorization) | empty | jwt | malformed | non-jwt | other-scheme"""
    bearer_defect: str | None
    bearer_length: int
    api_key: str | None
    """None (no api-key) | the key_shape of its value"""
    api_key_length: int
    x_api_key: str | None
    """None (no x-api-key) | the key_shape of its value: where Anthropic's API, and Foundry's anthropic route, read
    the key"""
    x_api_key_length: int
    same_value: bool
    """The bearer value and the api-key are the same string (azure-ai-inference with AzureKeyCredential)."""
    other_key_header: str | None
    """Ocp-Apim-Subscription-Key and the like."""
    claims: Claims | None

    __slots__ = (
        "api_key",
        "api_key_length",
        "bearer",
        "bearer_defect",
        "bearer_length",
        "claims",
        "known",
        "other_key_header",
        "same_value",
        "x_api_key",
        "x_api_key_length",
    )

    def __init__(
        self,
        known: bool = False,
        bearer: str | None = None,
        bearer_defect: str | None = None,
        bearer_length: int = 0,
        api_key: str | None = None,
        api_key_length: int = 0,
        x_api_key: str | None = None,
        x_api_key_length: int = 0,
        same_value: bool = False,
        other_key_header: str | None = None,
        claims: Claims | None = None,
    ) -> None:
        self.known = known
        self.bearer = bearer
        self.bearer_defect = bearer_defect
        self.bearer_length = bearer_length
        self.api_key = api_key
        self.api_key_length = api_key_length
        self.x_api_key = x_api_key
        self.x_api_key_length = x_api_key_length
        self.same_value = same_value
        self.other_key_header = other_key_header
        self.claims = claims

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
        if self.x_api_key is not None:
            label = _KEY_LABELS.get(self.x_api_key, self.x_api_key)
            parts.append(f"x-api-key ({label}, {self.x_api_key_length} characters)")
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


_OTHER_KEY_HEADERS = ("ocp-apim-subscription-key", "azureml-model-deployment")


def lower_headers(headers: Mapping[str, str] | None) -> dict[str, str] | None:
    """Header names lower-cased, values as text, up to `HEADER_BYTES` of them in all (None stays None: 'not
    known'). Bounded by size, not count: an api-key after hundreds of other headers is still read."""
    if headers is None:
        return None
    return dict(bounded_items(headers))


def _key_header(value: str | None) -> tuple[str | None, int]:
    """(key_shape, length) of a key header's value; (None, 0) when the header was not sent."""
    if value is None:
        return None, 0
    return key_shape(value), len(value.strip())


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
    key_value = lower.get("api-key")
    api_key, api_key_length = _key_header(key_value)
    if api_key == "jwt" and claims is None and key_value is not None:
        claims, _ = decode_jwt(key_value.strip(), include_names=include_names)
    x_api_key, x_api_key_length = _key_header(lower.get("x-api-key"))
    other = next((h for h in _OTHER_KEY_HEADERS[:1] if h in lower), None)
    return Auth(
        known=True,
        bearer=bearer,
        bearer_defect=bearer_defect,
        bearer_length=bearer_length,
        api_key=api_key,
        api_key_length=api_key_length,
        x_api_key=x_api_key,
        x_api_key_length=x_api_key_length,
        same_value=bearer_value is not None and key_value is not None and bearer_value == key_value.strip(),
        other_key_header="Ocp-Apim-Subscription-Key" if other else None,
        claims=claims,
    )
