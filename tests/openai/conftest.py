"""Fixtures for the openai integration tests: real openai clients over mock transports (httpx and httpx2)."""

from __future__ import annotations

import base64
import importlib.util
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from doctor_testing import completion
from mock_wire import Reply, Wire
from sdk_kit import no_stray_env, raised

from inference_doctor.openai import async_remediation_hooks, instrument, remediation_hooks

HAS_HTTPX2 = importlib.util.find_spec("httpx2") is not None
LIBS = ["httpx", "httpx2"] if HAS_HTTPX2 else ["httpx"]
KINDS = ["AzureOpenAI", "AsyncAzureOpenAI", "OpenAI", "AsyncOpenAI"]
MODES = ["hooks", "instrument"]

AZURE_KEY = "3f2a9c4e8b7d6a5f1e0d9c8b7a6f5e4d"  # Azure-shaped, fake
ENDPOINT = "https://contoso-ai.openai.azure.com"
V1_BASE = f"{ENDPOINT}/openai/v1/"
API_VERSION = "2024-10-21"
SECRET_SIGNATURE = "SIGxQ2VydGFpbmx5IG5vdCBhIHJlYWwgc2lnbmF0dXJlIGJ1dCBsb25nIGVub3VnaA"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(**claims: Any) -> str:
    """An unsigned, JWT-shaped token with the given claims (tests only)."""
    base = {
        "aud": "https://cognitiveservices.azure.com",
        "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "oid": "5b2f0a0e-1111-2222-3333-444455556666",
        "iat": int(time.time()) - 60,
        "nbf": int(time.time()) - 60,
        "exp": int(time.time()) + 3600,
        "upn": "someone@example.com",
    }
    base.update(claims)
    header = _b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    return f"{header}.{_b64(json.dumps(base).encode())}.{SECRET_SIGNATURE}"


def secret_pieces(secret: str, width: int = 12) -> list[str]:
    """Every `width`-character window of a secret: none may appear anywhere in output."""
    return [secret[i : i + width] for i in range(max(1, len(secret) - width + 1))]


def leaks(text: str, *secrets: str) -> bool:
    """True when any long piece of any secret appears in text."""
    return any(piece in text for secret in secrets for piece in secret_pieces(secret))


def _lib(lib: str) -> Any:
    if lib == "httpx2":
        return pytest.importorskip("httpx2")
    return httpx


def build_client(
    kind: str,
    wire: Wire,
    *,
    lib: str = "httpx",
    mode: str | None = "hooks",
    auth: str = "key",
    max_retries: int = 0,
    extra_hooks: dict[str, list[Any]] | None = None,
) -> Any:
    """A real openai client of `kind` over `wire`, with the hook attached by `mode` (None: no hook)."""
    is_async = kind.startswith("Async")
    module = _lib(lib)
    hooks: dict[str, list[Any]] = dict(extra_hooks or {})
    if mode == "hooks":
        hooks = async_remediation_hooks(hooks) if is_async else remediation_hooks(hooks)
    client_cls = module.AsyncClient if is_async else module.Client
    http = client_cls(transport=wire.transport(module, is_async=is_async), event_hooks=hooks)
    token = make_jwt()
    kwargs: dict[str, Any] = {"http_client": http, "max_retries": max_retries}
    if kind.endswith("AzureOpenAI"):
        kwargs.update(azure_endpoint=ENDPOINT, api_version=API_VERSION)
        if auth == "key":
            kwargs["api_key"] = AZURE_KEY
        elif auth == "provider":
            if is_async:

                async def provide_async() -> str:
                    return token

                kwargs["azure_ad_token_provider"] = provide_async
            else:
                kwargs["azure_ad_token_provider"] = lambda: token
        else:
            kwargs["azure_ad_token"] = token
    else:
        kwargs["base_url"] = V1_BASE
        kwargs["api_key"] = AZURE_KEY if auth == "key" else token
    client = getattr(openai, kind)(**kwargs)
    if mode == "instrument":
        instrument(client)
    return client


async def call(client: Any, *, model: str = "gpt-4o", stream: bool = False) -> Any:
    """One chat completion through any of the four clients; a stream is consumed."""
    messages = [{"role": "user", "content": "hi"}]
    if isinstance(client, openai.AsyncOpenAI):
        result = await client.chat.completions.create(model=model, messages=messages, stream=stream)
        if stream:
            return [chunk async for chunk in result]
        return result
    result = client.chat.completions.create(model=model, messages=messages, stream=stream)
    if stream:
        return list(result)
    return result


async def capture(client: Any, **kwargs: Any) -> BaseException | None:
    """The exception one call raises, or None."""
    return await raised(call, client, **kwargs)


_no_stray_env = no_stray_env(
    "openai / Azure",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_AD_TOKEN",
    "AZURE_OPENAI_ENDPOINT",
    "OPENAI_API_VERSION",
)


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    """Each of the four openai client classes."""
    return str(request.param)


@pytest.fixture(params=LIBS)
def lib(request: pytest.FixtureRequest) -> str:
    """httpx, and httpx2 when it is installed."""
    return str(request.param)


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    """Both ways of attaching to a client: event_hooks at construction, instrument() after."""
    return str(request.param)


@pytest.fixture
def kit() -> Any:
    """The helpers above, for test modules (importlib mode cannot import conftest)."""
    import types

    return types.SimpleNamespace(
        AZURE_KEY=AZURE_KEY,
        ENDPOINT=ENDPOINT,
        V1_BASE=V1_BASE,
        HAS_HTTPX2=HAS_HTTPX2,
        SECRET_SIGNATURE=SECRET_SIGNATURE,
        Reply=Reply,
        Wire=Wire,
        build_client=build_client,
        call=call,
        capture=capture,
        completion=completion,
        leaks=leaks,
        make_jwt=make_jwt,
    )


@pytest.fixture(scope="session")
def emu() -> Iterator[Any]:
    """The Azure AI data-plane emulator on loopback, for the whole session."""
    from inference_doctor.emulator import Emulator

    with Emulator() as emulator:
        yield emulator
