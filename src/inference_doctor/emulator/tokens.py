"""JWT-shaped test tokens: mint them with the claims a scenario needs, and read them back unverified.

The tokens are not signed by anyone: the third segment is random bytes. The emulator, like the library, only ever
decodes the payload; it never verifies a signature.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["AI_AUDIENCE", "COGNITIVE_AUDIENCE", "ML_AUDIENCE", "Identity", "decode_claims", "mint_token"]

COGNITIVE_AUDIENCE = "https://cognitiveservices.azure.com"
AI_AUDIENCE = "https://ai.azure.com"
ML_AUDIENCE = "https://ml.azure.com"


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a minted token speaks for, and how the token is shaped.

    `aud=None` takes the audience from the scope asked for (`https://ai.azure.com/.default` gives
    `https://ai.azure.com`), the way Entra ID does. `lifetime` is in seconds from minting; a negative lifetime
    gives a token that is already expired. `not_before_offset` shifts `nbf` (positive: not yet valid).
    """

    oid: str
    tenant_id: str
    appid: str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
    idtyp: str = "user"
    aud: str | None = None
    lifetime: int = 3600
    not_before_offset: int = 0
    extra: Mapping[str, object] = field(default_factory=dict)


def audience_for_scope(scope: str) -> str:
    """The `aud` Entra ID puts in a token issued for `scope` (`<resource>/.default` gives `<resource>`)."""
    return scope.removesuffix("/.default").removesuffix("/")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def mint_token(identity: Identity, scope: str | None = None, *, now: float | None = None) -> str:
    """A JWT-shaped token for `identity`, as Entra ID would issue it for `scope`."""
    issued = int(time.time() if now is None else now)
    aud = identity.aud or audience_for_scope(scope or f"{COGNITIVE_AUDIENCE}/.default")
    claims: dict[str, object] = {
        "aud": aud,
        "iss": f"https://sts.windows.net/{identity.tenant_id}/",
        "iat": issued,
        "nbf": issued + identity.not_before_offset,
        "exp": issued + identity.lifetime,
        "tid": identity.tenant_id,
        "oid": identity.oid,
        "appid": identity.appid,
        "idtyp": identity.idtyp,
        "ver": "1.0",
        **identity.extra,
    }
    header = {"typ": "JWT", "alg": "RS256", "kid": "emulator"}
    return ".".join(
        (
            _b64(json.dumps(header, separators=(",", ":")).encode()),
            _b64(json.dumps(claims, separators=(",", ":")).encode()),
            _b64(secrets.token_bytes(32)),
        )
    )


def _b64decode(segment: str) -> bytes:
    if not segment or any(c not in _B64URL for c in segment):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def decode_claims(token: str) -> dict[str, object] | None:
    """The payload of a JWT, unverified; `None` when the value is not three segments that decode."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        _b64decode(parts[2])
        header = json.loads(_b64decode(parts[0]))
        claims = json.loads(_b64decode(parts[1]))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return None
    return claims


def looks_like_jwt(value: str) -> bool:
    """Whether a value has the outward shape of a JWT (starts `eyJ`, two dots)."""
    return value.startswith("eyJ") and value.count(".") == 2
