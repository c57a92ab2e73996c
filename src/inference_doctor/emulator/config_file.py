"""Describe your own world in a small JSON file (or a dict): the same fields as the dataclasses.

```json
{"resources": [{"name": "my-res", "tenant_id": "<tid>", "keys": ["<32 hex>"], "network": "public",
                "deployments": [{"name": "chat", "model": "gpt-4o-mini", "operations": ["chat"]}],
                "role_assignments": [{"principal_id": "<oid>", "role": "Cognitive Services User"}]}],
 "serverless": [{"name": "ep", "region": "eastus2", "keys": ["..."], "model": "m", "provider": "Meta"}],
 "gateways": [{"name": "gw", "subscription_keys": ["..."], "backend": "my-res"}],
 "online_endpoints": [{"name": "ml", "region": "eastus2"}]}
```

Every field is checked: a missing one, a wrong type, an unknown name or value raises `ConfigError` (a
`ValueError`) whose message starts with the field's path, e.g. ``resources[0].tenant_id: missing (a string)``.
"""

from __future__ import annotations

import difflib
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

__all__ = ["ConfigError", "config_from_dict", "load_config"]

_MISSING = object()
_TYPE_NAMES = {str: "a string", bool: "true or false", int: "an integer", list: "a list", dict: "an object"}


class ConfigError(ValueError):
    """A configuration that does not describe a world; the message names the field (`resources[0].name: ...`)."""


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {str: "a string", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


class _Fields:
    """One JSON object being read: each field taken once, typed, and unknown names reported."""

    def __init__(self, data: Any, path: str, known: tuple[str, ...]) -> None:
        if not isinstance(data, Mapping):
            raise ConfigError(f"{path or 'the configuration'}: must be an object, not {_json_type(data)}")
        self.data, self.path = data, path
        unknown = [k for k in data if k not in known]
        if unknown:
            name = str(unknown[0])
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else f" (known: {', '.join(known)})"
            raise ConfigError(f"{self._at(name)}: unknown field{hint}")

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, kind: type, default: Any = _MISSING) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING or (value is None and default is None):
            if default is _MISSING:
                raise ConfigError(f"{self._at(key)}: missing ({_TYPE_NAMES[kind]})")
            return default
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(f"{self._at(key)}: must be {_TYPE_NAMES[kind]}, not {_json_type(value)}")
        return value

    def strings(self, key: str, default: Any = _MISSING) -> tuple[str, ...]:
        values = self.get(key, list, default)
        for i, value in enumerate(values):
            if not isinstance(value, str):
                raise ConfigError(f"{self._at(key)}[{i}]: must be a string, not {_json_type(value)}")
        return tuple(values)

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.get(key, str, default)
        if value not in choices:
            raise ConfigError(f"{self._at(key)}: {value!r} is not one of {', '.join(choices)}")
        return str(value)

    def objects(self, key: str, known: tuple[str, ...]) -> list[_Fields]:
        items = self.get(key, list, [])
        return [_Fields(item, f"{self._at(key)}[{i}]", known) for i, item in enumerate(items)]


def _deployment(f: _Fields) -> Deployment:
    operations = f.strings("operations", ["chat"])
    allowed = get_args(Operation)
    for i, op in enumerate(operations):
        if op not in allowed:
            raise ConfigError(f"{f.path}.operations[{i}]: {op!r} is not one of {', '.join(allowed)}")
    return Deployment(
        f.get("name", str),
        f.get("model", str),
        f.get("provider", str, "OpenAI"),
        frozenset(operations),  # type: ignore[arg-type]
    )


def _resource(f: _Fields) -> Resource:
    return Resource(
        name=f.get("name", str),
        tenant_id=f.get("tenant_id", str),
        keys=f.strings("keys", []),
        region=f.get("region", str, "eastus2"),
        key_auth=f.get("key_auth", bool, True),
        custom_subdomain=f.get("custom_subdomain", bool, True),
        network=f.choice("network", get_args(NetworkRule), "public"),  # type: ignore[arg-type]
        suspended=f.get("suspended", bool, False),
        deployments=tuple(
            _deployment(d) for d in f.objects("deployments", ("name", "model", "provider", "operations"))
        ),
        role_assignments=tuple(
            RoleAssignment(a.get("principal_id", str), a.get("role", str), a.get("project", str, None))
            for a in f.objects("role_assignments", ("principal_id", "role", "project"))
        ),
        projects=f.strings("projects", []),
    )


_TOP = (
    "resources",
    "serverless",
    "gateways",
    "online_endpoints",
    "openai_api_versions",
    "models_api_versions",
    "clock_skew_seconds",
)
_RESOURCE = (
    "name",
    "tenant_id",
    "keys",
    "region",
    "key_auth",
    "custom_subdomain",
    "network",
    "suspended",
    "deployments",
    "role_assignments",
    "projects",
)


def config_from_dict(data: Mapping[str, Any]) -> EmulatorConfig:
    """An `EmulatorConfig` from plain data (the JSON format above); raises `ConfigError` naming the field."""
    top = _Fields(data, "", _TOP)
    return EmulatorConfig(
        resources=tuple(_resource(r) for r in top.objects("resources", _RESOURCE)),
        serverless=tuple(
            ServerlessEndpoint(
                s.get("name", str), s.get("region", str), s.strings("keys"), s.get("model", str),
                s.get("provider", str, "Meta"),
            )
            for s in top.objects("serverless", ("name", "region", "keys", "model", "provider"))
        ),
        gateways=tuple(
            Gateway(g.get("name", str), g.strings("subscription_keys"), g.get("backend", str))
            for g in top.objects("gateways", ("name", "subscription_keys", "backend"))
        ),
        online_endpoints=tuple(
            OnlineEndpoint(
                o.get("name", str), o.get("region", str), o.strings("keys", []),
                o.get("model", str, "custom-model"), o.get("has_traffic", bool, False),
            )
            for o in top.objects("online_endpoints", ("name", "region", "keys", "model", "has_traffic"))
        ),
        openai_api_versions=frozenset(top.strings("openai_api_versions", sorted(OPENAI_API_VERSIONS))),
        models_api_versions=frozenset(top.strings("models_api_versions", sorted(MODELS_API_VERSIONS))),
        clock_skew_seconds=top.get("clock_skew_seconds", int, 300),
    )  # fmt: skip


def load_config(path: str | Path) -> EmulatorConfig:
    """An `EmulatorConfig` from a JSON file; a file that is not JSON raises `ConfigError` with the place."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to be a configuration") from None
    return config_from_dict(data)
