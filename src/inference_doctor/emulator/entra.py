"""Microsoft Entra ID's token endpoint on loopback: the directory the real azure-identity credentials and MSAL
talk to when a test routes `https://login.microsoftonline.com` to the emulator.

azure-identity and MSAL accept only an ``https`` authority (``normalize_authority`` raises ``ValueError`` for
``http://``, MSAL's ``Authority`` refuses it too), so the authority cannot simply be pointed at
``http://127.0.0.1``. What does work, and is what every test here does: the credentials take azure-core's
``transport=`` keyword, and `Emulator.requests_transport()` / `aiohttp_transport()` send every request to the
emulator while MSAL still sees ``https://login.microsoftonline.com/<tenant>``. MSAL then runs its real flow
(tenant discovery, the token request, instance discovery after an error) against these answers:

- ``GET /<tenant>/v2.0/.well-known/openid-configuration``: the tenant's document, or AADSTS90002 for a tenant
  the directory does not have (MSAL turns that into ``Unable to get authority configuration``);
- ``POST /<tenant>/oauth2/v2.0/token``, client credentials with a secret or a federated assertion: a token minted
  for the application, or the AADSTS error Entra answers (wrong or expired secret, unknown application, unknown
  resource, a scope without ``/.default``, a federated assertion that matches no federated credential);
- ``GET /common/discovery/instance``: instance metadata.

The secrets here are fakes; the emulator compares them and never logs, stores or echoes one.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qsl

from . import defaults as d
from .replies import Reply, dump_json
from .request import Request
from .tokens import AI_AUDIENCE, COGNITIVE_AUDIENCE, ML_AUDIENCE, Identity, decode_claims, mint_token

__all__ = [
    "APPS",
    "CI_APP",
    "DISABLED_APP",
    "LOGIN_HOST",
    "Application",
    "FederatedCredential",
    "answer",
    "fake_secret",
]

LOGIN_HOST = "login.microsoftonline.com"
EXCHANGE_AUDIENCE = "api://AzureADTokenExchange"
TENANT_NAMES = {d.TENANT: "Contoso", d.OTHER_TENANT: "Fabrikam"}
"""The directories the emulated Entra ID knows, with their display names."""

RESOURCES = frozenset(
    {
        AI_AUDIENCE,
        COGNITIVE_AUDIENCE,
        ML_AUDIENCE,
        "https://management.azure.com",
        "https://management.core.windows.net",
        "https://graph.microsoft.com",
    }
)
"""Resource principals a token can be issued for (the application ID URIs, without a trailing slash)."""


def fake_secret(label: str) -> str:
    """A client-secret-shaped fake (40 characters with the `8Q~` marker real ones carry)."""
    digest = hashlib.sha256(f"inference-doctor-emulator/secret/{label}".encode()).hexdigest()
    return f"{digest[:3]}8Q~{digest[3:40]}"[:40]


@dataclass(frozen=True, slots=True)
class FederatedCredential:
    """A federated identity credential on an application: the assertion it trusts."""

    issuer: str
    subject: str
    audience: str = EXCHANGE_AUDIENCE


@dataclass(frozen=True, slots=True)
class Application:
    """An application registration (and its service principal) in one tenant."""

    name: str
    identity: Identity
    """Who the tokens issued to the application speak for (`appid` is the client id)."""
    secrets: tuple[str, ...] = ()
    expired_secrets: tuple[str, ...] = ()
    federated: tuple[FederatedCredential, ...] = ()
    disabled: bool = False

    @property
    def client_id(self) -> str:
        """The application (client) id."""
        return self.identity.appid

    @property
    def tenant_id(self) -> str:
        """The tenant the application is registered in."""
        return self.identity.tenant_id


CI_APP = Application(
    "contoso-ci",
    d.APP,
    secrets=(fake_secret("contoso-ci"),),
    expired_secrets=(fake_secret("contoso-ci/2023"),),
    federated=(
        FederatedCredential(
            "https://token.actions.githubusercontent.com", "repo:contoso/chat-app:environment:production"
        ),
    ),
)
"""The service principal a CI pipeline uses: one live secret, one expired one, one GitHub federated credential."""

DISABLED_APP = Application(
    "contoso-legacy-job",
    Identity(
        oid="6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        tenant_id=d.TENANT,
        appid="4c5d6e7f-8091-4a2b-9c3d-4e5f60718293",
        idtyp="app",
    ),
    secrets=(fake_secret("contoso-legacy-job"),),
    disabled=True,
)
"""An application an administrator disabled (Entra answers AADSTS7000112, which no specific id names)."""

APPS: tuple[Application, ...] = (CI_APP, DISABLED_APP)


# ------------------------------------------------------------------------------------------------ the answers


def _stamp(now: float) -> str:
    return datetime.fromtimestamp(now, timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")


def _error(status: int, error: str, code: int, description: str, now: float) -> Reply:
    """Entra's OAuth error body: the AADSTS code and text, then the trace and correlation ids."""
    trace, correlation, stamp = str(uuid.uuid4()), str(uuid.uuid4()), _stamp(now)
    body = {
        "error": error,
        "error_description": (
            f"AADSTS{code}: {description} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {stamp}"
        ),
        "error_codes": [code],
        "timestamp": stamp,
        "trace_id": trace,
        "correlation_id": correlation,
        "error_uri": f"https://{LOGIN_HOST}/error?code={code}",
    }
    headers = (("content-type", "application/json; charset=utf-8"), ("x-ms-request-id", trace))
    return Reply(status, headers, dump_json(body))


def _json(payload: object) -> Reply:
    return Reply(
        200,
        (("content-type", "application/json; charset=utf-8"), ("x-ms-request-id", str(uuid.uuid4()))),
        dump_json(payload),
    )


def _openid_configuration(tenant: str) -> dict[str, object]:
    base = f"https://{LOGIN_HOST}/{tenant}"
    return {
        "token_endpoint": f"{base}/oauth2/v2.0/token",
        "token_endpoint_auth_methods_supported": [
            "client_secret_post",
            "private_key_jwt",
            "client_secret_basic",
        ],
        "jwks_uri": f"https://{LOGIN_HOST}/{tenant}/discovery/v2.0/keys",
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": f"{base}/v2.0",
        "request_uri_parameter_supported": False,
        "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
        "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
        "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
        "http_logout_supported": True,
        "frontchannel_logout_supported": True,
        "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "tid", "ver", "oid"],
        "kerberos_endpoint": f"{base}/kerberos",
        "tenant_region_scope": "NA",
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.com",
        "rbac_url": "https://pas.windows.net",
    }


_INSTANCE_METADATA = {
    "tenant_discovery_endpoint": f"https://{LOGIN_HOST}/common/v2.0/.well-known/openid-configuration",
    "api-version": "1.1",
    "metadata": [
        {
            "preferred_network": LOGIN_HOST,
            "preferred_cache": "login.windows.net",
            "aliases": [LOGIN_HOST, "login.windows.net", "login.microsoft.com", "sts.windows.net"],
        }
    ],
}


def _tenant_id(tenant: str) -> str | None:
    """The tenant id a path segment names (an id, or `<name>.onmicrosoft.com`), or None when unknown."""
    lowered = tenant.lower()
    for tid, name in TENANT_NAMES.items():
        if lowered in (tid, f"{name.lower()}.onmicrosoft.com"):
            return tid
    return None


def _resource_of(scope: str) -> str:
    return scope.removesuffix("/.default").rstrip("/")


def _scope_error(scope: str, tenant_id: str, now: float) -> Reply | None:
    """Entra's answer to a client-credentials scope it cannot issue for (None when it can)."""
    if " " in scope.strip():
        resources = {_resource_of(s) for s in scope.split()}
        if len(resources) > 1:
            return _error(
                400,
                "invalid_scope",
                70011,
                f"The provided request must include a 'scope' input parameter. The provided value for the input "
                f"parameter 'scope' is not valid. The scope {scope} is not valid. static scope limit exceeded.",
                now,
            )
    if not scope.endswith("/.default"):
        return _error(
            400,
            "invalid_scope",
            1002012,
            f"The provided value for scope {scope} is not valid. Client credential flows must have a scope value "
            "with /.default suffixed to the resource identifier (application ID URI).",
            now,
        )
    resource = _resource_of(scope)
    if resource not in RESOURCES:
        return _error(
            400,
            "invalid_resource",
            500011,
            f"The resource principal named {resource} was not found in the tenant named "
            f"{TENANT_NAMES.get(tenant_id, tenant_id)}. This can happen if the application has not been installed "
            "by the administrator of the tenant or consented to by any user in the tenant. You might have sent "
            "your authentication request to the wrong tenant.",
            now,
        )
    return None


def _assertion_error(app: Application, assertion: str, now: float) -> Reply | None:
    claims = decode_claims(assertion) or {}
    iss, sub, aud = str(claims.get("iss", "")), str(claims.get("sub", "")), claims.get("aud", "")
    audiences = aud if isinstance(aud, list) else [aud]
    exp = claims.get("exp")
    if isinstance(exp, (int, float)) and exp < now:
        return _error(
            400,
            "invalid_client",
            700024,
            f"Client assertion is not within its valid time range. Current time: {_stamp(now)}, expiry time of "
            f"assertion {_stamp(float(exp))}. Review the documentation at "
            "https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
            now,
        )
    link = "https://learn.microsoft.com/entra/workload-id/workload-identity-federation"
    if not any(f.issuer == iss for f in app.federated):
        return _error(
            400,
            "invalid_client",
            700211,
            f"No matching federated identity record found for presented assertion issuer '{iss}'. Please check "
            f"your federated identity credential Subject, Audience and Issuer against the presented assertion. {link}",
            now,
        )
    if not any(f.issuer == iss and f.subject == sub for f in app.federated):
        return _error(
            400,
            "invalid_client",
            700213,
            f"No matching federated identity record found for presented assertion subject '{sub}'. Check your "
            f"federated identity credential Subject, Audience and Issuer against the presented assertion. {link}",
            now,
        )
    if not any(f.issuer == iss and f.subject == sub and f.audience in audiences for f in app.federated):
        return _error(
            400,
            "invalid_client",
            70021,
            f"No matching federated identity record found for presented assertion. Assertion Issuer: '{iss}'. "
            f"Assertion Subject: '{sub}'. Assertion Audience: '{','.join(map(str, audiences))}'. {link}",
            now,
        )
    return None


def _token(tenant_id: str, form: dict[str, str], now: float) -> Reply:
    client_id = form.get("client_id", "")
    app = next((a for a in APPS if a.client_id == client_id and a.tenant_id == tenant_id), None)
    if app is None:
        return _error(
            400,
            "unauthorized_client",
            700016,
            f"Application with identifier '{client_id}' was not found in the directory "
            f"'{TENANT_NAMES.get(tenant_id, tenant_id)}'. This can happen if the application has not been "
            "installed by the administrator of the tenant or consented to by any user in the tenant. You may have "
            "sent your authentication request to the wrong tenant.",
            now,
        )
    if app.disabled:
        return _error(
            400,
            "unauthorized_client",
            7000112,
            f"Application '{app.client_id}'({app.name}) is disabled.",
            now,
        )
    if "client_assertion" in form:
        refused = _assertion_error(app, form["client_assertion"], now)
        if refused is not None:
            return refused
    elif form.get("client_secret", "") in app.expired_secrets:
        return _error(
            401,
            "invalid_client",
            7000222,
            f"The provided client secret keys for app '{app.client_id}' are expired. Visit the Azure portal to "
            "create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate "
            "credentials for added security: https://aka.ms/certCreds.",
            now,
        )
    elif form.get("client_secret", "") not in app.secrets:
        return _error(
            401,
            "invalid_client",
            7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret "
            f"value, not the client secret ID, for a secret added to app '{app.client_id}'.",
            now,
        )
    scope = form.get("scope", "")
    refused = _scope_error(scope, tenant_id, now)
    if refused is not None:
        return refused
    token = mint_token(app.identity, scope.split()[0], now=now)
    return _json({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token})


def answer(request: Request, now: float | None = None) -> Reply:
    """Entra ID's answer to one request for `login.microsoftonline.com`."""
    now = time.time() if now is None else now
    segments = [s for s in request.path.split("/") if s]
    if segments[:3] == ["common", "discovery", "instance"]:
        return _json(_INSTANCE_METADATA)
    tenant = segments[0] if segments else ""
    tenant_id = _tenant_id(tenant)
    if segments[1:] == ["v2.0", ".well-known", "openid-configuration"]:
        if tenant.lower() in ("common", "organizations"):
            return _json(_openid_configuration("{tenantid}"))
        if tenant_id is None:
            return _error(
                400,
                "invalid_tenant",
                90002,
                f"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing "
                "into the correct cloud. Check with your subscription administrator, this may happen if there are "
                "no active subscriptions for the tenant.",
                now,
            )
        return _json(_openid_configuration(tenant_id))
    if segments[1:] == ["oauth2", "v2.0", "token"] and request.method == "POST":
        if tenant_id is None:
            return _error(400, "invalid_tenant", 90002, f"Tenant '{tenant}' not found.", now)
        form = dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
        if form.get("grant_type") != "client_credentials":
            return _error(
                400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.", now
            )
        return _token(tenant_id, form, now)
    return _error(404, "invalid_request", 90011, "Request path not found.", now)
