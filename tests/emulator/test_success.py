"""Correctly configured clients succeed, and streamed chat arrives event by event (requests, aiohttp, httpx,
httpx2)."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from azure.ai.inference import ChatCompletionsClient, EmbeddingsClient
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
from azure.core.credentials import AzureKeyCredential
from held_stream import HeldStream, aread_held, read_held
from openai import AsyncAzureOpenAI, AzureOpenAI

from inference_doctor.emulator import AsyncEmulatorCredential, Emulator, async_token_provider, token_provider
from inference_doctor.emulator import defaults as d
from inference_doctor.emulator.completions import REPLY_TEXT

HAS_HTTPX2 = importlib.util.find_spec("httpx2") is not None  # httpx2 comes with openai 3.x
needs_httpx2 = pytest.mark.skipif(not HAS_HTTPX2, reason="httpx2 is installed with openai 3.x only")


MODELS = f"https://{d.RESOURCE}.services.ai.azure.com/models"
AOAI = f"https://{d.RESOURCE}.openai.azure.com"
MESSAGES = [{"role": "user", "content": "Hello"}]


def _assert_chunked(held: HeldStream) -> None:
    """The first update came while the emulator held the rest, and the whole text followed."""
    assert held.unbuffered, held
    assert len(held.updates) >= 5
    assert "".join(u.choices[0].delta.content or "" for u in held.updates if u.choices) == REPLY_TEXT


def test_inference_chat_returns_the_completion(emulator: Emulator) -> None:
    """ChatCompletionsClient with a key gets the emulator's completion, model and usage."""
    with ChatCompletionsClient(
        MODELS, AzureKeyCredential(d.KEY), transport=emulator.requests_transport()
    ) as c:
        result = c.complete(messages=MESSAGES, model=d.MISTRAL)
    assert result.choices[0].message.content == REPLY_TEXT
    assert result.model == d.MISTRAL
    assert result.usage.total_tokens > 0


def test_inference_embeddings_return_vectors(emulator: Emulator) -> None:
    """EmbeddingsClient gets one vector per input."""
    with EmbeddingsClient(MODELS, AzureKeyCredential(d.KEY), transport=emulator.requests_transport()) as c:
        result = c.embed(input=["a", "b"], model=d.EMBEDDING)
    assert [item.index for item in result.data] == [0, 1]
    assert all(len(item.embedding) == 8 for item in result.data)


def test_openai_embeddings_decode_base64(emulator: Emulator) -> None:
    """openai's default base64 embeddings decode to floats."""
    with AzureOpenAI(
        azure_endpoint=AOAI, api_key=d.KEY, api_version="2024-10-21", http_client=emulator.httpx_client()
    ) as client:
        result = client.embeddings.create(model=d.EMBEDDING, input="hello")
    assert len(result.data[0].embedding) == 8
    assert all(isinstance(v, float) for v in result.data[0].embedding)


def test_inference_stream_arrives_chunk_by_chunk_over_requests(emulator: Emulator) -> None:
    """A streamed ChatCompletionsClient answer over requests arrives one event at a time."""

    def updates() -> Iterator[Any]:
        with ChatCompletionsClient(
            MODELS, AzureKeyCredential(d.KEY), transport=emulator.requests_transport()
        ) as c:
            yield from c.complete(messages=MESSAGES, model=d.CHAT, stream=True)

    _assert_chunked(read_held(emulator, updates))


async def test_inference_stream_arrives_chunk_by_chunk_over_aiohttp() -> None:
    """A streamed async ChatCompletionsClient answer over aiohttp arrives one event at a time."""
    async with Emulator() as emu:

        async def updates() -> AsyncIterator[Any]:
            async with AsyncChatCompletionsClient(
                MODELS,
                AsyncEmulatorCredential(d.ALICE),
                transport=emu.aiohttp_transport(),
                credential_scopes=["https://ai.azure.com/.default"],
            ) as client:
                async for update in await client.complete(messages=MESSAGES, model=d.DEEPSEEK, stream=True):
                    yield update

        _assert_chunked(await aread_held(emu, updates))


@pytest.mark.parametrize("http", ["httpx", pytest.param("httpx2", marks=needs_httpx2)])
def test_openai_stream_arrives_chunk_by_chunk(emulator: Emulator, http: str) -> None:
    """A streamed AzureOpenAI answer arrives one event at a time over httpx and httpx2."""

    def updates() -> Iterator[Any]:
        http_client = emulator.httpx_client() if http == "httpx" else emulator.httpx2_client()
        provider = token_provider(d.ALICE, "https://cognitiveservices.azure.com/.default")
        with AzureOpenAI(
            azure_endpoint=AOAI,
            azure_ad_token_provider=provider,
            api_version="2024-10-21",
            http_client=http_client,
        ) as client:
            yield from client.chat.completions.create(model=d.CHAT, messages=MESSAGES, stream=True)  # type: ignore[arg-type]

    _assert_chunked(read_held(emulator, updates))


@pytest.mark.parametrize("http", ["httpx", pytest.param("httpx2", marks=needs_httpx2)])
async def test_async_openai_stream_arrives_chunk_by_chunk(http: str) -> None:
    """A streamed AsyncAzureOpenAI answer arrives one event at a time over httpx and httpx2."""
    async with Emulator() as emu:

        async def updates() -> AsyncIterator[Any]:
            http_client = emu.async_httpx_client() if http == "httpx" else emu.async_httpx2_client()
            provider = async_token_provider(d.ALICE, "https://ai.azure.com/.default")
            async with AsyncAzureOpenAI(
                azure_endpoint=AOAI,
                azure_ad_token_provider=provider,
                api_version="2024-10-21",
                http_client=http_client,
            ) as client:
                stream = await client.chat.completions.create(model=d.CHAT, messages=MESSAGES, stream=True)  # type: ignore[arg-type]
                async for update in stream:
                    yield update

        _assert_chunked(await aread_held(emu, updates))
