"""The default world: one Contoso Foundry resource with OpenAI and other models, siblings that each carry one
misconfiguration, a serverless endpoint, an API Management gateway and a managed online endpoint with no traffic.

The keys here are fakes derived from names; they open nothing but the emulator.
"""

from __future__ import annotations

import hashlib

from .model import (
    Deployment,
    EmulatorConfig,
    Gateway,
    OnlineEndpoint,
    Resource,
    RoleAssignment,
    ServerlessEndpoint,
)
from .tokens import Identity

__all__ = ["default_config"]


def fake_key(label: str) -> str:
    """A 32-hex-character Azure-shaped key derived from a label."""
    return hashlib.sha256(f"inference-doctor-emulator/{label}".encode()).hexdigest()[:32]


REGION = "eastus2"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OTHER_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"
PROJECT = "contoso-project"

RESOURCE = "contoso-ai"
NO_KEYS_RESOURCE = "contoso-nokeys"
FIREWALL_RESOURCE = "contoso-firewall"
PRIVATE_RESOURCE = "contoso-private"
CLOSED_RESOURCE = "contoso-closed"
VNET_RESOURCE = "contoso-vnet"
BLOCKED_RESOURCE = "contoso-blocked"
LEGACY_RESOURCE = "contoso-legacy"
LEGACY_REGION = "eastus"
SERVERLESS = "llama-demo"
GATEWAY = "contoso-apim"
ONLINE = "contoso-ml"

KEY = fake_key(RESOURCE)
NO_KEYS_KEY = fake_key(NO_KEYS_RESOURCE)
FIREWALL_KEY = fake_key(FIREWALL_RESOURCE)
PRIVATE_KEY = fake_key(PRIVATE_RESOURCE)
CLOSED_KEY = fake_key(CLOSED_RESOURCE)
VNET_KEY = fake_key(VNET_RESOURCE)
BLOCKED_KEY = fake_key(BLOCKED_RESOURCE)
LEGACY_KEY = fake_key(LEGACY_RESOURCE)
SERVERLESS_KEY = fake_key(SERVERLESS)
GATEWAY_KEY = fake_key(GATEWAY)
ONLINE_KEY = fake_key(ONLINE)
OTHER_KEY = fake_key("a-resource-that-is-not-here")
OPENAI_COM_KEY = "sk-proj-" + fake_key("openai.com") + fake_key("openai.com/2")

CHAT = "gpt-4o-mini"
EMBEDDING = "text-embedding-3-small"
MISTRAL = "Mistral-Large-2411"
DEEPSEEK = "DeepSeek-R1"
LLAMA = "Llama-3.3-70B-Instruct"
CLAUDE = "claude-sonnet-4-5"
CLAUDE_SONNET = "claude-sonnet-4-6"
CLAUDE_HAIKU = "claude-haiku-4-5"
COHERE_EMBED = "Cohere-embed-v3-multilingual"

# Principals (token `oid`) and what they hold on contoso-ai.
ALICE = Identity(oid="3f2a5c1e-8d4b-4e6f-9a7c-1b2d3e4f5a60", tenant_id=TENANT)
"""Cognitive Services User: every model."""
OPENAI_ONLY = Identity(oid="9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", tenant_id=TENANT)
"""Cognitive Services OpenAI User: OpenAI models only."""
OWNER = Identity(oid="1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", tenant_id=TENANT)
"""Owner (and Contributor): no data actions at all."""
APP = Identity(
    oid="5d6e7f80-91a2-4b3c-8d4e-5f60718293a4",
    tenant_id=TENANT,
    appid="0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9",
    idtyp="app",
)
"""A managed identity / service principal holding Azure AI User."""
PROJECT_MEMBER = Identity(oid="7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b", tenant_id=TENANT)
"""Azure AI User on the project only."""
GUEST = Identity(oid="2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901", tenant_id=OTHER_TENANT)
"""A user whose token comes from another directory."""

_OPENAI_DEPLOYMENTS = (
    Deployment(CHAT, CHAT, operations=frozenset({"chat", "responses"})),
    Deployment(EMBEDDING, EMBEDDING, operations=frozenset({"embeddings"})),
)
_OTHER_DEPLOYMENTS = (
    Deployment(MISTRAL, MISTRAL, "Mistral AI"),
    Deployment(DEEPSEEK, DEEPSEEK, "DeepSeek"),
    Deployment(LLAMA, LLAMA, "Meta"),
    Deployment.claude(CLAUDE),
    Deployment.claude(CLAUDE_SONNET),
    Deployment.claude(CLAUDE_HAIKU),
    Deployment(COHERE_EMBED, COHERE_EMBED, "Cohere", frozenset({"embeddings", "image-embeddings"})),
)
_ROLES = (
    RoleAssignment(ALICE.oid, "Cognitive Services User"),
    RoleAssignment(OPENAI_ONLY.oid, "Cognitive Services OpenAI User"),
    RoleAssignment(OWNER.oid, "Owner"),
    RoleAssignment(OWNER.oid, "Contributor"),
    RoleAssignment(APP.oid, "Azure AI User"),
    RoleAssignment(PROJECT_MEMBER.oid, "Azure AI User", project=PROJECT),
)


def _sibling(name: str, key: str, **changes: object) -> Resource:
    fields: dict[str, object] = {
        "name": name,
        "tenant_id": TENANT,
        "keys": (key,),
        "region": REGION,
        "deployments": _OPENAI_DEPLOYMENTS,
        "role_assignments": _ROLES,
    }
    fields.update(changes)
    return Resource(**fields)  # type: ignore[arg-type]


def default_config() -> EmulatorConfig:
    """The default world every catalog reproduction runs against."""
    return EmulatorConfig(
        resources=(
            Resource(
                RESOURCE,
                TENANT,
                keys=(KEY, fake_key(RESOURCE + "/2")),
                region=REGION,
                deployments=_OPENAI_DEPLOYMENTS + _OTHER_DEPLOYMENTS,
                role_assignments=_ROLES,
                projects=(PROJECT,),
            ),
            _sibling(NO_KEYS_RESOURCE, NO_KEYS_KEY, key_auth=False),
            _sibling(FIREWALL_RESOURCE, FIREWALL_KEY, network="firewall-denied"),
            _sibling(PRIVATE_RESOURCE, PRIVATE_KEY, network="private-endpoint-only"),
            _sibling(CLOSED_RESOURCE, CLOSED_KEY, network="public-access-disabled"),
            _sibling(VNET_RESOURCE, VNET_KEY, network="vnet"),
            _sibling(BLOCKED_RESOURCE, BLOCKED_KEY, suspended=True),
            _sibling(LEGACY_RESOURCE, LEGACY_KEY, region=LEGACY_REGION, custom_subdomain=False),
        ),
        serverless=(ServerlessEndpoint(SERVERLESS, REGION, (SERVERLESS_KEY,), LLAMA, "Meta"),),
        gateways=(Gateway(GATEWAY, (GATEWAY_KEY,), RESOURCE),),
        online_endpoints=(OnlineEndpoint(ONLINE, REGION, (ONLINE_KEY,)),),
    )
