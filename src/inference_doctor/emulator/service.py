"""The emulated data plane as one pure function: `handle(config, request, now) -> Reply`.

Requests for Microsoft Entra ID (`entra`) and the managed identity endpoints (`msi`) are answered by those modules;
everything else is the data plane.

Order of checks on a resource host: host → network rules → suspension → route and api-version (an operation the
gateway does not know is a 404 before any credential is looked at) → credential (key auth, then the token:
presence, format, expiry, audience, tenant) → role → deployment or model → operation → success.
"""

from __future__ import annotations

from . import completions, entra, msi, replies
from .auth import Caller, authenticate, authorize, bearer_value
from .hosts import Host, classify
from .model import Deployment, EmulatorConfig, Gateway, OnlineEndpoint, Resource, ServerlessEndpoint
from .projects import project_reply
from .replies import Reply
from .request import Request
from .routes import Route, api_version_ok, is_anthropic_path, parse_route
from .tokens import ML_AUDIENCE, looks_like_jwt

__all__ = ["handle"]


def handle(config: EmulatorConfig, request: Request, now: float) -> Reply:
    """The service's answer to one request."""
    if request.host == entra.LOGIN_HOST:
        return entra.answer(request, now)
    if msi.serves(request):
        return msi.answer(request, now)
    host = classify(request.host)
    if host.kind in ("openai", "cognitiveservices", "services"):
        resource = config.resource(host.name)
        if resource is None:
            return replies.azure_error(404, "404", replies.SUBDOMAIN_NOT_MAPPED, region=None)
        return _resource(config, resource, host, request, now)
    if host.kind == "regional":
        return _regional(config, host, request, now)
    if host.kind == "serverless":
        endpoint = next((e for e in config.serverless if e.host == request.host), None)
        if endpoint is None:
            return replies.serverless_status(404, replies.SERVERLESS_NOT_FOUND)
        return _serverless(config, endpoint, request, now)
    if host.kind == "gateway":
        gateway = next((g for g in config.gateways if g.host == request.host), None)
        return _gateway(config, gateway, request, now)
    if host.kind == "online":
        online = next((o for o in config.online_endpoints if o.host == request.host), None)
        return _online(online, request)
    return replies.resource_not_found(region=None)


def _regional(config: EmulatorConfig, host: Host, request: Request, now: float) -> Reply:
    api_key = (request.header("api-key") or "").strip()
    bearer = bearer_value(request)
    if not api_key and bearer and looks_like_jwt(bearer):
        return replies.azure_error(400, "BadRequest", replies.CUSTOM_SUBDOMAIN, region=host.region)
    if not api_key:
        return replies.token_401("https://cognitiveservices.azure.com/", region=host.region)
    resource = config.resource_by_key(api_key)
    if resource is None:
        return replies.key_401(region=host.region)
    if resource.network == "vnet":
        return replies.network_403("vnet", region=resource.region)
    return _resource(config, resource, host, request, now)


def _network(resource: Resource) -> Reply | None:
    if resource.network == "public":
        return None
    rule = "firewall-denied" if resource.network == "vnet" else resource.network
    return replies.network_403(rule, region=resource.region)


def _not_found(request: Request, host: Host, region: str) -> Reply:
    if is_anthropic_path(request.path, host.kind):
        return replies.api_not_supported(region=region)
    if request.path.startswith("/deployments/"):
        return Reply(404, replies.azure_headers(region), replies.GATEWAY_NOT_FOUND_BODY)
    return replies.resource_not_found(region=region)


def _resource(
    config: EmulatorConfig,
    resource: Resource,
    host: Host,
    request: Request,
    now: float,
    *,
    trusted: bool = False,
) -> Reply:
    region = resource.region
    refused = _network(resource)
    if refused is not None:
        return refused
    if resource.suspended:
        return replies.azure_error(403, "Forbidden", replies.SUSPENDED, region=region)
    route = parse_route(request.method, request.path, host.kind)
    if route is None or not api_version_ok(route, request.query, config):
        return _not_found(request, host, region)
    caller = Caller("trusted") if trusted else authenticate(request, resource, route, config, now)
    if isinstance(caller, Reply):
        return caller
    if route.family == "project":
        return authorize(caller, resource, route, openai_model=False) or project_reply(route, resource)
    body = request.json_body()
    name = _model_name(route, request, body)
    deployment = resource.deployment(name) if name else None
    openai_model = deployment.is_openai if deployment is not None else route.family in ("classic", "v1")
    refused = authorize(caller, resource, route, openai_model)
    if refused is not None:
        return refused
    if deployment is None:
        return _no_deployment(route, name, region)
    refused = _wrong_api(route, deployment, caller, region)
    if refused is not None:
        return refused
    if route.operation not in deployment.operations:
        return _not_supported(route, deployment, region)
    if route.family == "anthropic":
        return _messages(request, deployment, body, region)
    return _success(route, deployment.model, deployment.provider, deployment.model_type, body, region)


def _wrong_api(route: Route, deployment: Deployment, caller: Caller, region: str) -> Reply | None:
    """Claude on an OpenAI-style route, or another model on the anthropic route."""
    if deployment.is_anthropic and route.family in ("classic", "v1"):
        return replies.key_401(region=region)
    if deployment.is_anthropic and route.family == "models":
        return (
            replies.key_401(region=region)
            if caller.kind == "key"
            else replies.api_not_supported(region=region)
        )
    if route.family == "anthropic" and not deployment.is_anthropic:
        return replies.api_not_supported(region=region)
    return None


def _messages(request: Request, deployment: Deployment, body: dict[str, object], region: str) -> Reply:
    """`POST /anthropic/v1/messages`: Claude's own validation (a 400 no catalog scenario names), then the answer."""
    if not request.header("anthropic-version"):
        return replies.anthropic_error(
            400, "invalid_request_error", "anthropic-version: header is required", region=region
        )
    temperature = body.get("temperature")
    if isinstance(temperature, int | float) and not 0 <= temperature <= 1:
        return replies.anthropic_error(
            400, "invalid_request_error", "temperature: range: 0..1", region=region
        )
    if body.get("stream") is True:
        return replies.sse_reply(completions.message_events(deployment.model), region=region)
    return replies.json_reply(completions.message(deployment.model), region=region)


def _model_name(route: Route, request: Request, body: dict[str, object]) -> str | None:
    if route.deployment is not None:
        return route.deployment
    model = body.get("model")
    if isinstance(model, str) and model:
        return model
    if route.family == "models":
        return request.header("x-ms-model-mesh-model-name") or None
    return None


def _no_deployment(route: Route, name: str | None, region: str) -> Reply:
    if route.family == "models":
        if not name:
            return replies.azure_error(400, "no_model_name", replies.NO_MODEL_NAME, region=region)
        message = f"Unknown model: {name}"
        body = replies.dump_json({"error": {"code": "unknown_model", "message": message, "details": message}})
        return Reply(404, replies.azure_headers(region), body)
    if route.family == "anthropic":
        if not name:
            return replies.anthropic_error(
                400, "invalid_request_error", "model: Field required", region=region
            )
        return replies.azure_error(404, "DeploymentNotFound", replies.DEPLOYMENT_NOT_FOUND, region=region)
    if route.family == "v1":
        if not name:
            message = "you must provide a model parameter"
            return replies.openai_error(400, None, message, region=region, kind="invalid_request_error")
        return replies.openai_error(
            404,
            "DeploymentNotFound",
            replies.DEPLOYMENT_NOT_FOUND,
            region=region,
            kind="invalid_request_error",
        )
    if not name:
        return replies.azure_error(400, "BadRequest", "model is required.", region=region)
    return replies.azure_error(404, "DeploymentNotFound", replies.DEPLOYMENT_NOT_FOUND, region=region)


def _not_supported(route: Route, deployment: Deployment, region: str) -> Reply:
    message = replies.OPERATION_NOT_SUPPORTED.format(
        operation=route.service_operation, model=deployment.model
    )
    if route.family == "v1":
        return replies.openai_error(
            400, "OperationNotSupported", message, region=region, kind="invalid_request_error"
        )
    return replies.azure_error(400, "OperationNotSupported", message, region=region)


def _inputs(body: dict[str, object]) -> list[str]:
    value = body.get("input")
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item if isinstance(item, str) else str(item) for item in value]
    return [""]


def _success(
    route: Route, model: str, provider: str, model_type: str, body: dict[str, object], region: str | None
) -> Reply:
    if route.operation == "info":
        return replies.json_reply(completions.model_info(model, provider, model_type), region=region)
    if route.operation in ("embeddings", "image-embeddings"):
        encoding = body.get("encoding_format")
        result = completions.embeddings(model, _inputs(body), encoding if isinstance(encoding, str) else None)
        return replies.json_reply(result, region=region)
    if route.operation == "responses":
        return replies.json_reply(completions.response(model), region=region)
    if body.get("stream") is True:
        return replies.sse_reply(completions.chat_events(model), region=region)
    return replies.json_reply(completions.chat_completion(model), region=region)


def _serverless(config: EmulatorConfig, endpoint: ServerlessEndpoint, request: Request, now: float) -> Reply:
    route = parse_route(request.method, request.path, "serverless")
    if route is None:
        return replies.resource_not_found(region=None)
    api_key = (request.header("api-key") or "").strip()
    bearer = bearer_value(request) or ""
    key = api_key or bearer
    if not key or (not api_key and looks_like_jwt(bearer)):
        return replies.token_401(ML_AUDIENCE, region=None)
    if key not in endpoint.keys:
        return replies.key_401(region=None)
    model_type = "embeddings" if route.operation == "embeddings" else "chat-completion"
    return _success(route, endpoint.model, endpoint.provider, model_type, request.json_body(), None)


def _gateway(config: EmulatorConfig, gateway: Gateway | None, request: Request, now: float) -> Reply:
    if gateway is None:
        return replies.resource_not_found(region=None)
    key = request.header("ocp-apim-subscription-key") or request.query.get("subscription-key")
    if not key:
        return replies.gateway_401(replies.GATEWAY_MISSING_KEY, gateway.host)
    if key not in gateway.subscription_keys:
        return replies.gateway_401(replies.GATEWAY_INVALID_KEY, gateway.host)
    backend = next((r for r in config.resources if r.name == gateway.backend), None)
    if backend is None:
        return replies.resource_not_found(region=None)
    return _resource(config, backend, Host("openai", backend.name), request, now, trusted=True)


def _online(endpoint: OnlineEndpoint | None, request: Request) -> Reply:
    if endpoint is None or not endpoint.has_traffic:
        return replies.plain_text(404, replies.ONLINE_NO_TRAFFIC)
    key = bearer_value(request) or (request.header("api-key") or "")
    if key not in endpoint.keys:
        return replies.plain_text(401, "Invalid authentication token")
    return replies.json_reply(completions.chat_completion(endpoint.model), region=endpoint.region)
