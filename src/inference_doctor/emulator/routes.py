"""The routes a host serves, and the api-versions each route answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .hosts import HostKind
from .model import FIRST_API_VERSION, PROJECT_API_VERSIONS, EmulatorConfig, Operation

__all__ = ["Route", "api_version_ok", "is_anthropic_path", "parse_route"]

RouteFamily = Literal["models", "classic", "v1", "serverless", "project", "anthropic"]
ProjectOperation = Literal["deployments", "connections"]
"""A Foundry project's own listings (azure-ai-projects' `deployments` and `connections` operations)."""

_MODELS_HOSTS: frozenset[HostKind] = frozenset({"cognitiveservices", "services", "regional"})
_ANTHROPIC_HOSTS: frozenset[HostKind] = frozenset({"openai", "cognitiveservices", "services"})
_OPS: dict[tuple[str, ...], Operation] = {
    ("chat", "completions"): "chat",
    ("embeddings",): "embeddings",
    ("images", "embeddings"): "image-embeddings",
    ("responses",): "responses",
}
_ACTIONS: dict[str, str] = {
    "chat": "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
    "embeddings": "Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action",
    "image-embeddings": "Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action",
    "responses": "Microsoft.CognitiveServices/accounts/OpenAI/responses/write",
    "messages": "Microsoft.CognitiveServices/accounts/MaaS/messages/action",
}
_SERVICE_OP_NAMES: dict[str, str] = {
    "chat": "chatCompletion",
    "embeddings": "embeddings",
    "image-embeddings": "embeddings",
    "responses": "responses",
    "messages": "messages",
}


@dataclass(frozen=True, slots=True)
class Route:
    """A recognised route: its family, operation, the deployment in the path (classic; for a project route, the
    deployment or connection named) and the project."""

    family: RouteFamily
    operation: Operation | ProjectOperation | Literal["info"]
    path: str
    deployment: str | None = None
    project: str | None = None

    @property
    def data_action(self) -> str:
        """The OpenAI data action the route needs."""
        return _ACTIONS.get(self.operation, _ACTIONS["chat"])

    @property
    def service_operation(self) -> str:
        """How the service names the operation in `OperationNotSupported`."""
        return _SERVICE_OP_NAMES.get(self.operation, "chatCompletion")

    @property
    def operation_template(self) -> str:
        """The operation as `PermissionDenied` names it (`POST /openai/deployments/{deployment-id}/...`)."""
        if self.family == "classic" and self.deployment is not None:
            return "POST " + self.path.replace(
                f"/deployments/{self.deployment}/", "/deployments/{deployment-id}/"
            )
        return f"POST {self.path}"


def _operation(segments: list[str], method: str) -> Operation | None:
    op = _OPS.get(tuple(segments))
    return op if op is not None and method == "POST" else None


def _openai_route(segments: list[str], method: str, path: str, project: str | None) -> Route | None:
    # segments start after "openai"
    if len(segments) >= 3 and segments[0] == "deployments":
        op = _operation(segments[2:], method)
        if op in ("chat", "embeddings"):
            return Route("classic", op, path, segments[1], project)
        return None
    if segments == ["responses"] and method == "POST":
        return Route("classic", "responses", path, None, project)
    if segments[:1] == ["v1"]:
        op = _operation(segments[1:], method)
        if op in ("chat", "embeddings", "responses"):
            return Route("v1", op, path, None, project)
    return None


def is_anthropic_path(path: str, host: HostKind) -> bool:
    """Whether the path is under a resource's `/anthropic` prefix (where an unknown API is `api_not_supported`)."""
    return host in _ANTHROPIC_HOSTS and (path == "/anthropic" or path.startswith("/anthropic/"))


def parse_route(method: str, path: str, host: HostKind) -> Route | None:
    """The route for `method path` on a host of this kind, or `None` (the service answers 404)."""
    segments = path.split("/")[1:]
    if not segments or "" in segments:
        return None
    if host == "serverless":
        if segments == ["info"] and method == "GET":
            return Route("serverless", "info", path)
        op = _operation(segments, method)
        return Route("serverless", op, path) if op in ("chat", "embeddings") else None
    if segments[:2] == ["api", "projects"]:
        if host != "services" or len(segments) < 4:
            return None
        if segments[3] in ("deployments", "connections") and len(segments) <= 5 and method == "GET":
            item = segments[4] if len(segments) == 5 else None
            return Route(
                "project",
                "deployments" if segments[3] == "deployments" else "connections",
                path,
                item,
                segments[2],
            )
        if segments[3] != "openai":
            return None
        return _openai_route(segments[4:], method, path, segments[2])
    if segments[0] == "openai":
        return _openai_route(segments[1:], method, path, None)
    if segments[0] == "anthropic" and host in _ANTHROPIC_HOSTS:
        if segments[1:] == ["v1", "messages"] and method == "POST":
            return Route("anthropic", "messages", path)
        return None
    if segments[0] == "models" and host in _MODELS_HOSTS:
        op = _operation(segments[1:], method)
        return Route("models", op, path) if op in ("chat", "embeddings", "image-embeddings") else None
    return None


def api_version_ok(route: Route, query: Mapping[str, str], config: EmulatorConfig) -> bool:
    """Whether the request's api-version is one the route answers (classic and `/models` need one)."""
    version = query.get("api-version")
    if route.family == "classic":
        if version not in config.openai_api_versions:
            return False
        return version >= FIRST_API_VERSION.get(route.operation, version)
    if route.family == "models":
        return version in config.models_api_versions
    if route.family == "project":
        return version in PROJECT_API_VERSIONS
    return True
