"""What the emulator answers: the `Reply` value and the service's real error bodies and headers."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

__all__ = ["Reply"]

JSON = "application/json"

TOKEN_401 = (
    "Unauthorized. Access token is missing, invalid, audience is incorrect ({audiences}), or have expired."
)
KEY_401 = (
    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an "
    "active subscription and use a correct regional API endpoint for your resource."
)
DEPLOYMENT_NOT_FOUND = (
    "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, "
    "please wait a moment and try again."
)
OPERATION_NOT_SUPPORTED = (
    "The {operation} operation does not work with the specified model, {model}. Please choose different model and "
    "try again. You can learn more about which models can be used with each operation here: "
    "https://go.microsoft.com/fwlink/?linkid=2197993."
)
NO_MODEL_NAME = (
    "No model specified in request. Please provide a model name in the request body or as a "
    "x-ms-model-mesh-model-name header."
)
PERMISSION_DENIED_MAAS = "Principal does not have access to API/Operation."
PERMISSION_DENIED_ACTION = (
    "The principal `{oid}` lacks the required data action `{action}` to perform `{operation}` operation."
)
KEY_AUTH_DISABLED = "Key based authentication is disabled for this resource."
CUSTOM_SUBDOMAIN = (
    "Please provide a custom subdomain for token authentication, otherwise API key is required."
)
TENANT_MISMATCH_CODE = "Tenant provided in token does not match resource token"
TENANT_MISMATCH = "Token tenant {tid} does not match resource tenant."
SUBDOMAIN_NOT_MAPPED = "Subdomain does not map to a resource"
NETWORK_403 = {
    "firewall-denied": "Access denied due to Virtual Network/Firewall rules.",
    "private-endpoint-only": "Traffic is not from an approved private endpoint.",
    "public-access-disabled": "Public access is disabled. Please configure private endpoint.",
    "vnet": (
        "A Virtual Network is configured for this resource. Please use the correct endpoint for making requests. "
        "Check https://aka.ms/cogsvc-vnet for more details."
    ),
}
SUSPENDED = "Your resource has been temporarily blocked because we detected unusual behavior."
GATEWAY_MISSING_KEY = (
    "Access denied due to missing subscription key. Make sure to include subscription key when making requests to "
    "an API."
)
GATEWAY_INVALID_KEY = "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription."
SERVERLESS_NOT_FOUND = "Serverless endpoint not found"
ONLINE_NO_TRAFFIC = (
    "No valid deployments to route to. Please check that the endpoint has at least one deployment with positive "
    "weight values or use a deployment specific header to route. "
    "[https://docs.microsoft.com/azure/machine-learning/how-to-safely-rollout-managed-endpoints]"
)
API_NOT_SUPPORTED = "Requested API is currently not supported"
"""Foundry's 404 (code `api_not_supported`) for an API the deployment or the route does not serve: a path under
`/anthropic/` other than `/anthropic/v1/messages`, or a Claude deployment called through `/models`."""
# The service's own bytes, with the space after the colon that the real 404 has.
RESOURCE_NOT_FOUND_BODY = b'{"error":{"code":"404","message": "Resource not found"}}'
GATEWAY_NOT_FOUND_BODY = b'{ "statusCode": 404, "message": "Resource not found" }'

_REGIONS = {
    "eastus": "East US",
    "eastus2": "East US 2",
    "westus": "West US",
    "westus3": "West US 3",
    "swedencentral": "Sweden Central",
    "westeurope": "West Europe",
    "northcentralus": "North Central US",
}


@dataclass(frozen=True, slots=True)
class Reply:
    """One HTTP answer. `events`, when set, is sent as a chunked stream, one event at a time.

    Status 0 (`NO_ANSWER`) closes the connection without a response: an address where nothing answers.
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    events: tuple[bytes, ...] | None = None
    delay: float = 0.0
    """Seconds to wait before answering (an endpoint slower than the client's read timeout)."""

    def header(self, name: str) -> str | None:
        """The value of a header (case-insensitive), or `None`."""
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def json(self) -> object:
        """The body parsed as JSON (for tests)."""
        return json.loads(self.body)


NO_ANSWER = Reply(0, ())
"""Close the connection without answering (the client sees the connection dropped)."""


def region_name(region: str) -> str:
    """The display name Azure puts in `x-ms-region`."""
    return _REGIONS.get(region, region)


def azure_headers(region: str | None, content_type: str = JSON) -> tuple[tuple[str, str], ...]:
    """The headers every Azure AI data-plane answer carries."""
    request_id = str(uuid.uuid4())
    headers: list[tuple[str, str]] = [
        ("content-type", content_type),
        ("apim-request-id", request_id),
        ("x-request-id", request_id),
        ("x-content-type-options", "nosniff"),
        ("strict-transport-security", "max-age=31536000; includeSubDomains; preload"),
    ]
    if region is not None:
        headers.append(("x-ms-region", region_name(region)))
    return tuple(headers)


def dump_json(payload: object) -> bytes:
    """Compact JSON bytes, as the service sends them."""
    return json.dumps(payload, separators=(",", ":")).encode()


def azure_error(
    status: int, code: str, message: str, *, region: str | None, extra: tuple[tuple[str, str], ...] = ()
) -> Reply:
    """`{"error":{"code":...,"message":...}}`, the Azure (OData) shape."""
    body = dump_json({"error": {"code": code, "message": message}})
    return Reply(status, azure_headers(region) + extra, body)


def openai_error(status: int, code: str | None, message: str, *, region: str | None, kind: str) -> Reply:
    """`{"error":{"message","type","param","code"}}`, the OpenAI shape the `/openai/v1/` route answers with."""
    body = dump_json({"error": {"message": message, "type": kind, "param": None, "code": code}})
    return Reply(status, azure_headers(region), body)


def api_not_supported(*, region: str | None) -> Reply:
    """Foundry's 404 for an API it does not serve there (`api_not_supported`)."""
    return azure_error(404, "api_not_supported", API_NOT_SUPPORTED, region=region)


def anthropic_error(status: int, kind: str, message: str, *, region: str | None) -> Reply:
    """`{"type":"error","error":{"type","message"}}`, the shape Claude's own validation errors have (no
    `request-id`: Foundry's answers carry `apim-request-id`)."""
    body = dump_json({"type": "error", "error": {"type": kind, "message": message}})
    return Reply(status, azure_headers(region), body)


def token_401(audiences: str, *, region: str | None) -> Reply:
    """The shared token 401, in the gateway shape (azure-core shows `Code: None` for it)."""
    body = dump_json({"statusCode": 401, "message": TOKEN_401.format(audiences=audiences)})
    return Reply(401, azure_headers(region), body)


def key_401(*, region: str | None) -> Reply:
    """The invalid-key 401 (code `401`)."""
    return azure_error(401, "401", KEY_401, region=region)


def resource_not_found(*, region: str | None) -> Reply:
    """The generic 404 for a path or api-version the resource does not serve."""
    return Reply(404, azure_headers(region), RESOURCE_NOT_FOUND_BODY)


def network_403(rule: str, *, region: str | None) -> Reply:
    """The 403 a network rule answers with (firewall denials carry `policy-id`)."""
    extra = (("policy-id", "ThrowExceptionDueToTrafficDenied"),) if rule == "firewall-denied" else ()
    return azure_error(403, "403", NETWORK_403[rule], region=region, extra=extra)


def gateway_401(message: str, host: str) -> Reply:
    """API Management's own 401, with its `WWW-Authenticate` challenge."""
    body = ('{ "statusCode": 401, "message": "' + message + '" }').encode()
    challenge = (
        f'AzureApiManagementKey realm="https://{host}/",name="Ocp-Apim-Subscription-Key",type="header"'
    )
    headers = (("content-type", JSON), ("www-authenticate", challenge), ("x-request-id", str(uuid.uuid4())))
    return Reply(401, headers, body)


def serverless_status(status: int, text: str) -> Reply:
    """A serverless endpoint's `{"status": ...}` answer."""
    body = ('{"status": "' + text + '"}').encode()
    return Reply(status, (("content-type", JSON), ("x-request-id", str(uuid.uuid4()))), body)


def plain_text(status: int, text: str) -> Reply:
    """A plain-text answer (the managed online endpoint's routing errors)."""
    headers = (("content-type", "text/plain; charset=utf-8"), ("x-request-id", str(uuid.uuid4())))
    return Reply(status, headers, text.encode())


def json_reply(payload: object, *, region: str | None) -> Reply:
    """A 200 with a JSON body."""
    return Reply(200, azure_headers(region), dump_json(payload))


def sse_reply(events: tuple[bytes, ...], *, region: str | None) -> Reply:
    """A 200 event stream; each event is sent (and flushed) on its own."""
    headers = (*azure_headers(region, "text/event-stream; charset=utf-8"), ("cache-control", "no-cache"))
    return Reply(200, headers, b"", events)
