"""Describe your own world in a small JSON file (or a dict): the same fields as the dataclasses.

```json
{"resources": [{"name": "my-res", "tenant_id": "<tid>", "keys": ["<32 hex>"], "network": "public",
                "deployments": [{"name": "chat", "model": "gpt-4o-mini", "operations": ["chat"]}],
                "role_assignments": [{"principal_id": "<oid>", "role": "Cognitive Services User"}]}],
 "serverless": [{"name": "ep", "region": "eastus2", "keys": ["..."], "model": "m", "provider": "Meta"}],
 "gateways": [{"name": "gw", "subscription_keys": ["..."], "backend": "my-res"}],
 "online_endpoints": [{"name": "ml", "region": "eastus2"}]}
```
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args

from .model import (
    MODELS_API_VERSIONS,
    OPENAI_API_VERSIONS,
    Deployment,
    EmulatorConfig,
    Gateway,
    NetworkRule,
    OnlineEndpoint,
    Operation,
    Resource,
    RoleAssignment,
    ServerlessEndpoint,
)

__all__ = ["config_from_dict", "load_config"]


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} must be a list of strings")
    return tuple(value)


def _deployment(data: Mapping[str, Any]) -> Deployment:
    operations = _strings(data.get("operations", ["chat"]), "deployment operations")
    unknown = set(operations) - set(get_args(Operation))
    if unknown:
        raise ValueError(f"unknown operations: {sorted(unknown)}")
    ops = frozenset(operations)
    return Deployment(str(data["name"]), str(data["model"]), str(data.get("provider", "OpenAI")), ops)  # type: ignore[arg-type]


def _resource(data: Mapping[str, Any]) -> Resource:
    network = data.get("network", "public")
    if network not in get_args(NetworkRule):
        raise ValueError(f"unknown network rule {network!r}")
    return Resource(
        name=str(data["name"]),
        tenant_id=str(data["tenant_id"]),
        keys=_strings(data.get("keys", []), "keys"),
        region=str(data.get("region", "eastus2")),
        key_auth=bool(data.get("key_auth", True)),
        custom_subdomain=bool(data.get("custom_subdomain", True)),
        network=network,
        suspended=bool(data.get("suspended", False)),
        deployments=tuple(_deployment(d) for d in data.get("deployments", [])),
        role_assignments=tuple(
            RoleAssignment(str(a["principal_id"]), str(a["role"]), a.get("project"))
            for a in data.get("role_assignments", [])
        ),
        projects=_strings(data.get("projects", []), "projects"),
    )


def config_from_dict(data: Mapping[str, Any]) -> EmulatorConfig:
    """An `EmulatorConfig` from plain data (the JSON format above); raises `ValueError` or `KeyError`."""
    return EmulatorConfig(
        resources=tuple(_resource(r) for r in data.get("resources", [])),
        serverless=tuple(
            ServerlessEndpoint(
                str(s["name"]), str(s["region"]), _strings(s["keys"], "keys"), str(s["model"]),
                str(s.get("provider", "Meta")),
            )
            for s in data.get("serverless", [])
        ),
        gateways=tuple(
            Gateway(str(g["name"]), _strings(g["subscription_keys"], "subscription_keys"), str(g["backend"]))
            for g in data.get("gateways", [])
        ),
        online_endpoints=tuple(
            OnlineEndpoint(
                str(o["name"]), str(o["region"]), _strings(o.get("keys", []), "keys"),
                str(o.get("model", "custom-model")), bool(o.get("has_traffic", False)),
            )
            for o in data.get("online_endpoints", [])
        ),
        openai_api_versions=frozenset(_strings(data.get("openai_api_versions", sorted(OPENAI_API_VERSIONS)), "versions")),
        models_api_versions=frozenset(_strings(data.get("models_api_versions", sorted(MODELS_API_VERSIONS)), "versions")),
        clock_skew_seconds=int(data.get("clock_skew_seconds", 300)),
    )  # fmt: skip


def load_config(path: str | Path) -> EmulatorConfig:
    """An `EmulatorConfig` from a JSON file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("the emulator configuration must be a JSON object")
    return config_from_dict(data)
