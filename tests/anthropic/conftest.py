"""Fixtures for the anthropic integration tests: real AnthropicFoundry clients over mock transports.

anthropic runs on httpx2 from 1.0 and on httpx before; the mock transport is built from whichever the installed
release uses, so the same tests run on the oldest supported release (0.108) and the newest.
"""

from __future__ import annotations

import importlib
from typing import Any

import anthropic
import anthropic._base_client
import pytest
from mock_wire import Reply, Wire
from sdk_kit import no_stray_env, raised

from inference_doctor.anthropic import RemediationMiddleware, instrument

HTTP: Any = importlib.import_module("httpx2" if hasattr(anthropic._base_client, "httpx2") else "httpx")
"""The HTTP library of the installed anthropic release."""

KINDS = ["AnthropicFoundry", "AsyncAnthropicFoundry"]
MODES = ["middleware", "instrument"]

FOUNDRY_KEY = "5e8d1c7b9a2f4e6d8c0b3a5f7e9d1c2b"  # Azure-shaped, fake
RESOURCE = "contoso-ai"
BASE = f"https://{RESOURCE}.services.ai.azure.com/anthropic/"
MODEL = "claude-sonnet-4-6"

KEY_INVALID = {
    "error": {
        "code": "401",
        "message": "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a "
        "valid key for an active subscription and use a correct regional API endpoint for your resource.",
    }
}
TOKEN_401 = {
    "statusCode": 401,
    "message": "Unauthorized. Access token is missing, invalid, audience is incorrect "
    "(https://cognitiveservices.azure.com/ or https://ai.azure.com/), or have expired.",
}
DEPLOYMENT_NOT_FOUND = {
    "error": {
        "code": "DeploymentNotFound",
        "message": "The API deployment for this resource does not exist. If you created the deployment within the "
        "last 5 minutes, please wait a moment and try again.",
    }
}
API_NOT_SUPPORTED = {
    "error": {"code": "api_not_supported", "message": "Requested API is currently not supported"}
}
INVALID_REQUEST = {
    "type": "error",
    "error": {"type": "invalid_request_error", "message": "temperature: range: 0..1"},
}


def message(model: str = MODEL) -> dict[str, Any]:
    """A minimal Messages API answer."""
    return {
        "id": "msg_01",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": "hello"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 3, "output_tokens": 1},
    }


def build_client(
    kind: str,
    wire: Wire,
    *,
    mode: str | None = "middleware",
    auth: str = "key",
    max_retries: int = 0,
    middleware: list[Any] | None = None,
    **kwargs: Any,
) -> Any:
    """A real anthropic client of `kind` over `wire`, with the remediation attached by `mode` (None: not at all).

    `auth`: "key" (api_key=), or a callable given as `azure_ad_token_provider`.
    """
    is_async = kind.startswith("Async")
    http = (HTTP.AsyncClient if is_async else HTTP.Client)(transport=wire.transport(HTTP, is_async=is_async))
    chain = list(middleware or [])
    if mode == "middleware":
        chain = [RemediationMiddleware(), *chain]
    credentials: dict[str, Any] = (
        {"api_key": FOUNDRY_KEY} if auth == "key" else {"azure_ad_token_provider": auth}
    )
    if "base_url" not in kwargs:
        kwargs["base_url"] = BASE
    client = getattr(anthropic, kind)(
        http_client=http, max_retries=max_retries, middleware=chain, **credentials, **kwargs
    )
    if mode == "instrument":
        instrument(client)
    return client


async def call(client: Any, *, model: str = MODEL, stream: bool = False, **kwargs: Any) -> Any:
    """One message through a sync or async client; a stream is consumed into its text pieces."""
    params: dict[str, Any] = {
        "model": model,
        "max_tokens": 16,
        "messages": [{"role": "user", "content": "hi"}],
        **kwargs,
    }
    if isinstance(client, anthropic.AsyncAnthropic):
        if stream:
            async with client.messages.stream(**params) as events:
                return [text async for text in events.text_stream]
        return await client.messages.create(**params)
    if stream:
        with client.messages.stream(**params) as events:
            return list(events.text_stream)
    return client.messages.create(**params)


async def capture(client: Any, **kwargs: Any) -> BaseException | None:
    """The exception one call raises, or None."""
    return await raised(call, client, **kwargs)


def attributes(error: Any) -> dict[str, Any]:
    """What anthropic set on an exception it raised, comparable across two calls (the response by content)."""
    seen = {k: v for k, v in vars(error).items() if k not in ("response", "request", "diagnosis")}
    seen["args"] = error.args
    seen["response.status_code"] = error.response.status_code
    seen["response.text"] = error.response.text
    seen["request.url"] = str(error.request.url)
    return seen


_no_stray_env = no_stray_env(
    "anthropic / Foundry",
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_BASE_URL",
    "ANTHROPIC_FOUNDRY_API_KEY",
    "ANTHROPIC_FOUNDRY_RESOURCE",
    "ANTHROPIC_FOUNDRY_BASE_URL",
)


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    """AnthropicFoundry and AsyncAnthropicFoundry."""
    return str(request.param)


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    """Both ways of attaching: middleware= at construction, instrument() after."""
    return str(request.param)


@pytest.fixture
def kit() -> Any:
    """The helpers above, for test modules (importlib mode cannot import conftest)."""
    import types

    return types.SimpleNamespace(
        HTTP=HTTP,
        FOUNDRY_KEY=FOUNDRY_KEY,
        BASE=BASE,
        MODEL=MODEL,
        KEY_INVALID=KEY_INVALID,
        TOKEN_401=TOKEN_401,
        DEPLOYMENT_NOT_FOUND=DEPLOYMENT_NOT_FOUND,
        API_NOT_SUPPORTED=API_NOT_SUPPORTED,
        INVALID_REQUEST=INVALID_REQUEST,
        Reply=Reply,
        Wire=Wire,
        attributes=attributes,
        build_client=build_client,
        call=call,
        capture=capture,
        message=message,
    )
