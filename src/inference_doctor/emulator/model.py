"""The emulated world: resources, deployments, role assignments and the other hosts, as frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Deployment",
    "EmulatorConfig",
    "Gateway",
    "NetworkRule",
    "OnlineEndpoint",
    "Operation",
    "Resource",
    "RoleAssignment",
    "ServerlessEndpoint",
]

NetworkRule = Literal["public", "firewall-denied", "private-endpoint-only", "public-access-disabled", "vnet"]
"""How a resource treats traffic from the (emulated) public internet."""

Operation = Literal["chat", "embeddings", "image-embeddings", "responses", "messages"]
"""An inference operation a deployment can serve (`messages`: Anthropic's Messages API, Claude only)."""

OPENAI_PROVIDER = "OpenAI"
ANTHROPIC_PROVIDER = "Anthropic"


OPENAI_API_VERSIONS = frozenset(
    {
        "2022-12-01",
        "2023-05-15",
        "2023-06-01-preview",
        "2023-12-01-preview",
        "2024-02-01",
        "2024-02-15-preview",
        "2024-03-01-preview",
        "2024-04-01-preview",
        "2024-05-01-preview",
        "2024-06-01",
        "2024-07-01-preview",
        "2024-08-01-preview",
        "2024-09-01-preview",
        "2024-10-01-preview",
        "2024-10-21",
        "2024-12-01-preview",
        "2025-01-01-preview",
        "2025-02-01-preview",
        "2025-03-01-preview",
        "2025-04-01-preview",
    }
)
"""api-versions the classic `/openai/deployments/...` routes answer."""

MODELS_API_VERSIONS = frozenset({"2024-05-01-preview", "2024-08-01-preview", "2025-04-01", "2025-05-01"})
"""api-versions the `/models/...` routes answer."""

PROJECT_API_VERSIONS = frozenset({"v1"})
"""api-versions a Foundry project's own routes (deployments, connections) answer: azure-ai-projects 2.x sends `v1`."""

RESPONSES_MIN_API_VERSION = "2025-03-01-preview"
"""The oldest api-version that serves the classic `/openai/responses` route."""

FIRST_API_VERSION: dict[str, str] = {"chat": "2023-03-15-preview", "responses": RESPONSES_MIN_API_VERSION}
"""The oldest api-version that serves an operation on the classic routes (2022-12-01 serves embeddings, not chat)."""


@dataclass(frozen=True, slots=True)
class Deployment:
    """A model deployment of a resource: its name, the model behind it and what it can do."""

    name: str
    model: str
    provider: str = OPENAI_PROVIDER
    operations: frozenset[Operation] = frozenset({"chat"})

    @property
    def is_openai(self) -> bool:
        """Whether the model is an OpenAI model (served under the `accounts/OpenAI/*` data actions)."""
        return self.provider == OPENAI_PROVIDER

    @property
    def is_anthropic(self) -> bool:
        """Whether the model is a Claude model (served on the Anthropic route, not the OpenAI one)."""
        return self.provider == ANTHROPIC_PROVIDER

    @classmethod
    def claude(cls, name: str, model: str | None = None) -> Deployment:
        """A Claude deployment: served on `/anthropic/v1/messages` only."""
        return cls(name, model or name, ANTHROPIC_PROVIDER, frozenset({"messages"}))

    @property
    def model_type(self) -> str:
        """The `model_type` that the model-info route reports."""
        return "chat-completion" if "chat" in self.operations else "embeddings"


@dataclass(frozen=True, slots=True)
class RoleAssignment:
    """A role held by a principal (`oid`), at the resource scope or (with `project`) at one project's scope."""

    principal_id: str
    role: str
    project: str | None = None


@dataclass(frozen=True, slots=True)
class Resource:
    """A Foundry / AI Services resource, reachable at `<name>.openai.azure.com` and its sibling hosts."""

    name: str
    tenant_id: str
    keys: tuple[str, ...] = ()
    region: str = "eastus2"
    key_auth: bool = True
    custom_subdomain: bool = True
    network: NetworkRule = "public"
    suspended: bool = False
    deployments: tuple[Deployment, ...] = ()
    role_assignments: tuple[RoleAssignment, ...] = ()
    projects: tuple[str, ...] = ()

    def deployment(self, name: str) -> Deployment | None:
        """The deployment with exactly this name (names are case-sensitive, like the service's)."""
        return next((d for d in self.deployments if d.name == name), None)

    def roles_of(self, principal_id: str, project: str | None) -> frozenset[str]:
        """The roles that apply to a principal on this resource, or on one of its projects."""
        return frozenset(
            a.role
            for a in self.role_assignments
            if a.principal_id == principal_id and (a.project is None or a.project == project)
        )


@dataclass(frozen=True, slots=True)
class ServerlessEndpoint:
    """A serverless API endpoint `<name>.<region>.models.ai.azure.com`: one model, keys only."""

    name: str
    region: str
    keys: tuple[str, ...]
    model: str
    provider: str

    @property
    def host(self) -> str:
        """The endpoint's host name."""
        return f"{self.name}.{self.region}.models.ai.azure.com"


@dataclass(frozen=True, slots=True)
class Gateway:
    """An API Management gateway `<name>.azure-api.net` in front of a resource."""

    name: str
    subscription_keys: tuple[str, ...]
    backend: str

    @property
    def host(self) -> str:
        """The gateway's host name."""
        return f"{self.name}.azure-api.net"


@dataclass(frozen=True, slots=True)
class OnlineEndpoint:
    """A managed online endpoint `<name>.<region>.inference.ml.azure.com` (by default with no traffic)."""

    name: str
    region: str
    keys: tuple[str, ...] = ()
    model: str = "custom-model"
    has_traffic: bool = False

    @property
    def host(self) -> str:
        """The endpoint's host name."""
        return f"{self.name}.{self.region}.inference.ml.azure.com"


@dataclass(frozen=True, slots=True)
class EmulatorConfig:
    """Everything the emulator serves. Build one in Python, or load one from JSON (`load_config`)."""

    resources: tuple[Resource, ...] = ()
    serverless: tuple[ServerlessEndpoint, ...] = ()
    gateways: tuple[Gateway, ...] = ()
    online_endpoints: tuple[OnlineEndpoint, ...] = ()
    openai_api_versions: frozenset[str] = field(default_factory=lambda: OPENAI_API_VERSIONS)
    models_api_versions: frozenset[str] = field(default_factory=lambda: MODELS_API_VERSIONS)
    clock_skew_seconds: int = 300

    def resource(self, name: str) -> Resource | None:
        """The resource whose custom subdomain is `name` (case-insensitive, like DNS)."""
        name = name.lower()
        return next((r for r in self.resources if r.custom_subdomain and r.name.lower() == name), None)

    def resource_by_key(self, key: str) -> Resource | None:
        """The resource a key belongs to (how the regional host finds the resource)."""
        return next((r for r in self.resources if key in r.keys), None)
