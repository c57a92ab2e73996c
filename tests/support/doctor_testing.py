"""Test helpers: JWT-shaped tokens minted locally (never real), a fixed clock, and real service error bodies."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterable
from types import ModuleType
from typing import Any

NOW = 1_800_000_000.0
"""A fixed 'now' for diagnoses that depend on token expiry."""


# Error bodies as the service sends them, shared by the interceptor tests.
KEY_INVALID = {
    "error": {
        "code": "401",
        "message": "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a "
        "valid key for an active subscription and use a correct regional API endpoint for your resource.",
    }
}
KEY_AUTH_DISABLED = {
    "error": {
        "code": "AuthenticationTypeDisabled",
        "message": "Key based authentication is disabled for this resource.",
    }
}
DEPLOYMENT_NOT_FOUND = {
    "error": {"code": "DeploymentNotFound", "message": "The API deployment for this resource does not exist."}
}
CONTENT_FILTER = {
    "error": {
        "code": "content_filter",
        "message": "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
    }
}


def completion(model: str = "gpt-4o") -> dict[str, Any]:
    """A minimal chat completion body, as the service returns it."""
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": "hello"}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def mint(**claims: Any) -> str:
    """A JWT-shaped token with the given claims (unsigned: a fake signature segment)."""

    def seg(obj: Any) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    base = {
        "iss": "https://sts.windows.net/72f988bf-0000-0000-0000-000000000000/",
        "iat": NOW - 60,
        "nbf": NOW - 60,
    }
    base.update(claims)
    return (
        f"{seg({'typ': 'JWT', 'alg': 'RS256', 'kid': 'test'})}.{seg(base)}.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz"
    )


def leaked(text: str, *secrets: str, width: int = 12) -> bool:
    """True when any `width`-character piece of any of the secrets is in `text`. Assert on the answer only
    (`found = leaked(...)`, then `assert found is False, "..."`), so that a failure never prints the secret."""
    return any(s[i : i + width] in text for s in secrets for i in range(max(1, len(s) - width + 1)))


def own_log_text(records: Iterable[logging.LogRecord]) -> str:
    """The text of the library's own log records (the SDKs and their HTTP stacks log URLs, keys and all,
    themselves: that is theirs to answer for)."""
    return "\n".join(r.getMessage() for r in records if r.name.startswith("inference_doctor"))


def engine_calls(monkeypatch: Any, interceptor: ModuleType) -> list[dict[str, Any]]:
    """Record the keyword arguments of every call `interceptor` (a module that imported `examine`) makes to the
    engine, which still runs."""
    calls: list[dict[str, Any]] = []
    real = interceptor.examine

    def spy(status: int, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(status, **kwargs)

    monkeypatch.setattr(interceptor, "examine", spy)
    return calls
