"""The service's credential checks, in its order: auth kind and key auth, then the token (presence, format,
expiry, audience, tenant), then the role's data actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import replies
from .model import EmulatorConfig, Resource
from .replies import Reply
from .request import Request
from .routes import Route
from .tokens import AI_AUDIENCE, COGNITIVE_AUDIENCE, decode_claims

__all__ = ["Caller", "authenticate", "authorize", "bearer_value"]

RESOURCE_AUDIENCES = frozenset({COGNITIVE_AUDIENCE, AI_AUDIENCE})
PROJECT_AUDIENCES = frozenset({AI_AUDIENCE})
RESOURCE_AUDIENCE_TEXT = f"{COGNITIVE_AUDIENCE}/ or {AI_AUDIENCE}/"
PROJECT_AUDIENCE_TEXT = f"{AI_AUDIENCE}/"

FULL_ACCESS_ROLES = frozenset({"Cognitive Services User", "Azure AI User", "Foundry User"})
OPENAI_ROLES = frozenset({"Cognitive Services OpenAI User", "Cognitive Services OpenAI Contributor"})


@dataclass(frozen=True, slots=True)
class Caller:
    """Who passed the credential check: a key holder, or a token's principal."""

    kind: Literal["key", "token", "trusted"]
    oid: str | None = None


def bearer_value(request: Request) -> str | None:
    """The value after `Bearer ` in `Authorization` (stripped), `None` without such a header."""
    value = request.header("authorization")
    if value is None or value[:6].lower() != "bearer":
        return None
    return value[6:].strip()


def _check_key(key: str, keys: tuple[str, ...], resource: Resource, region: str) -> Caller | Reply:
    if not resource.key_auth:
        return replies.azure_error(
            403, "AuthenticationTypeDisabled", replies.KEY_AUTH_DISABLED, region=region
        )
    if key in keys:
        return Caller("key")
    return replies.key_401(region=region)


def check_token(
    token: str,
    audiences: frozenset[str],
    audience_text: str,
    tenant_id: str,
    config: EmulatorConfig,
    now: float,
    region: str,
) -> Caller | Reply:
    """Format, expiry, audience and tenant of a bearer token, in that order."""
    claims = decode_claims(token)
    refused = replies.token_401(audience_text, region=region)
    if claims is None:
        return refused
    exp, nbf = claims.get("exp"), claims.get("nbf")
    if not isinstance(exp, int | float) or exp + config.clock_skew_seconds < now:
        return refused
    if isinstance(nbf, int | float) and nbf - config.clock_skew_seconds > now:
        return refused
    aud = claims.get("aud")
    if not isinstance(aud, str) or aud.rstrip("/") not in audiences:
        return refused
    tid = claims.get("tid")
    if tid != tenant_id:
        message = replies.TENANT_MISMATCH.format(tid=tid)
        return replies.azure_error(400, replies.TENANT_MISMATCH_CODE, message, region=region)
    oid = claims.get("oid")
    return Caller("token", oid if isinstance(oid, str) else None)


def authenticate(
    request: Request, resource: Resource, route: Route, config: EmulatorConfig, now: float
) -> Caller | Reply:
    """The credential check of a resource route. `api-key` wins over `Authorization` when both are sent; on the
    anthropic route the key is read from `x-api-key` only (a key in `api-key` alone is an invalid key there)."""
    region = resource.region
    api_key = (request.header("api-key") or "").strip()
    bearer = bearer_value(request)
    if route.family == "anthropic":
        x_api_key = (request.header("x-api-key") or "").strip()
        if x_api_key:
            return _check_key(x_api_key, resource.keys, resource, region)
        if api_key:
            return replies.key_401(region=region)
    if route.project is not None:
        if bearer and not api_key:
            return check_token(
                bearer, PROJECT_AUDIENCES, PROJECT_AUDIENCE_TEXT, resource.tenant_id, config, now, region
            )
        return replies.token_401(PROJECT_AUDIENCE_TEXT, region=region)
    if api_key:
        return _check_key(api_key, resource.keys, resource, region)
    if bearer and route.family == "v1" and "." not in bearer:
        return _check_key(bearer, resource.keys, resource, region)
    if bearer:
        return check_token(
            bearer, RESOURCE_AUDIENCES, RESOURCE_AUDIENCE_TEXT, resource.tenant_id, config, now, region
        )
    return replies.token_401(RESOURCE_AUDIENCE_TEXT, region=region)


def roles_allow(roles: frozenset[str], openai_model: bool) -> bool:
    """Whether any of the roles carries the data action: OpenAI roles cover OpenAI models only."""
    if roles & FULL_ACCESS_ROLES:
        return True
    return openai_model and bool(roles & OPENAI_ROLES)


def authorize(caller: Caller, resource: Resource, route: Route, openai_model: bool) -> Reply | None:
    """The role check for a token caller; `None` when allowed (keys and trusted callers skip it)."""
    if caller.kind != "token":
        return None
    roles = resource.roles_of(caller.oid or "", route.project)
    if roles_allow(roles, openai_model):
        return None
    if openai_model and route.family in ("classic", "v1"):  # the anthropic route names no data action
        message = replies.PERMISSION_DENIED_ACTION.format(
            oid=caller.oid, action=route.data_action, operation=route.operation_template
        )
    else:
        message = replies.PERMISSION_DENIED_MAAS
    return replies.azure_error(401, "PermissionDenied", message, region=resource.region)
