"""Memory: a 40 MiB error body, streamed (with and without Content-Length) through both interceptors, costs the
interceptor at most a small multiple of BODY_CAP on top of what the SDK alone costs.

The cap bounds what the interceptor holds, not what the SDK reads for its own exception: azure-ai-inference and
openai read an error body to its end before raising (the SDK's attributes must be what they are without the
interceptor, so the enriched exception is built from the same, whole body). So each case runs the same call twice,
without the interceptor (the reference) and with it, and compares: the same bytes pulled from the wire, and a peak
no more than 3 x BODY_CAP + 1 MiB above the reference's. A second copy of the body anywhere would add 40 MiB.

The fake transports generate the body lazily, one 64 KiB chunk at a time, so what tracemalloc sees is what the
interceptor and the SDK keep, not the fake. Each measurement is the peak of traced allocations during the call
only (clients are built before tracing starts). A sanity test measures the SDK alone on the same body and must
see it buffer the whole thing: the measurement does catch buffering.

Peaks are printed (``-s`` shows them) and recorded as test properties.
"""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import openai
import pytest
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
from azure.core import PipelineClient
from azure.core.credentials import AzureKeyCredential
from azure.core.rest import HttpRequest
from hardening_strategies import (
    AzureFakeAsyncTransport,
    AzureFakeTransport,
    AzureReply,
    raise_like_generated_code,
)

from inference_doctor import RemediationError
from inference_doctor._intercept import BODY_CAP
from inference_doctor.azure import AsyncRemediationPolicy, RemediationPolicy
from inference_doctor.openai import async_remediation_hooks, remediation_hooks

MiB = 1 << 20
BIG = 40 * MiB
CHUNK = 64 * 1024
ALLOWANCE = 1 * MiB
"""For the engine's own objects (the diagnosis, the exception's extra class state, tracebacks)."""
LIMIT = 3 * BODY_CAP + ALLOWANCE
"""The most the interceptor may add to the SDK's own peak."""
KEY = "".join(f"{i:x}" for i in range(16)) * 2
ENDPOINT = "https://contoso.services.ai.azure.com/models"
AOAI = "https://contoso.openai.azure.com"
MESSAGES = [{"role": "user", "content": "hi"}]
PREFIX = (
    b'{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. '
)
SUFFIX = b'"}}'


def big_chunks(pulled: list[int]) -> Iterator[bytes]:
    """A 40 MiB JSON error body, generated chunk by chunk (nothing is kept here)."""
    yield PREFIX
    pulled[0] += len(PREFIX)
    for _ in range((BIG - len(PREFIX) - len(SUFFIX)) // CHUNK):
        pulled[0] += CHUNK
        yield b"x" * CHUNK
    pulled[0] += len(SUFFIX)
    yield SUFFIX


def size() -> int:
    return len(PREFIX) + ((BIG - len(PREFIX) - len(SUFFIX)) // CHUNK) * CHUNK + len(SUFFIX)


def measure(call: Callable[[], Any]) -> tuple[int, BaseException | None]:
    """Peak traced allocation during `call`, and what it raised."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    error: BaseException | None = None
    try:
        call()
    except Exception as exc:
        error = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, error


def report(record_property: Any, name: str, peak: int, pulled: int, reference: int | None = None) -> None:
    record_property(f"{name}-peak-bytes", peak)
    added = "" if reference is None else f", {(peak - reference) / MiB:+.2f} MiB over the SDK alone"
    print(
        f"\n{name}: peak {peak / MiB:.2f} MiB{added} (limit {LIMIT / MiB:.2f} MiB), pulled {pulled / MiB:.2f} MiB"
    )


def _azure_headers(length: bool) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if length:
        headers["Content-Length"] = str(size())
    return headers


def _azure_call(driver: str, length: bool, pulled: list[int], *, policy: bool) -> Callable[[], None]:
    """One streamed call of `driver` answered with the 40 MiB 404, with or without the policy."""
    reply = AzureReply(404, _azure_headers(length), lambda: big_chunks(pulled))
    if driver == "pipeline":
        transport: Any = AzureFakeTransport(reply)
        client: Any = PipelineClient(
            ENDPOINT,
            transport=transport,
            policies=[],
            per_call_policies=[RemediationPolicy()] if policy else [],
        )

        def call() -> None:
            request = HttpRequest("POST", f"{ENDPOINT}/chat/completions", headers={"api-key": KEY}, json={})
            response = client.send_request(request, stream=True)
            response.read()
            raise_like_generated_code(response)

        return call
    if driver == "inference":
        transport = AzureFakeTransport(reply)
        client = ChatCompletionsClient(
            ENDPOINT,
            AzureKeyCredential(KEY),
            transport=transport,
            per_call_policies=[RemediationPolicy()] if policy else [],
        )
        return lambda: client.complete(messages=MESSAGES, model="gpt-4o", stream=True)
    transport = AzureFakeAsyncTransport(reply)
    client = AsyncChatCompletionsClient(
        ENDPOINT,
        AzureKeyCredential(KEY),
        transport=transport,
        per_call_policies=[AsyncRemediationPolicy()] if policy else [],
    )

    async def main() -> None:
        await client.complete(messages=MESSAGES, model="gpt-4o", stream=True)

    return lambda: asyncio.run(main())


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("driver", ["pipeline", "inference", "inference-async"])
def test_azure_policy_adds_at_most_a_few_caps(driver: str, length: bool, record_property: Any) -> None:
    """A streamed 40 MiB 404 through RemediationPolicy: the same bytes pulled as the SDK alone, and a peak no more
    than 3 x BODY_CAP + 1 MiB above the SDK's own."""
    alone = [0]
    reference, plain = measure(_azure_call(driver, length, alone, policy=False))
    pulled = [0]
    peak, error = measure(_azure_call(driver, length, pulled, policy=True))
    report(record_property, f"azure-{driver}-{'length' if length else 'chunked'}", peak, pulled[0], reference)
    assert plain is not None
    assert not isinstance(plain, RemediationError)
    assert isinstance(error, RemediationError)
    assert isinstance(error, type(plain))
    assert pulled[0] == alone[0] == size()
    assert peak - reference < LIMIT


def _openai_client(length: bool, pulled: list[int], *, is_async: bool, hooked: bool) -> Any:
    headers = {"content-type": "application/json"}
    if length:
        headers["content-length"] = str(size())

    async def achunks() -> AsyncIterator[bytes]:
        for chunk in big_chunks(pulled):
            yield chunk

    if is_async:

        async def ahandler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(404, headers=headers, content=achunks())

        http: Any = httpx.AsyncClient(
            transport=httpx.MockTransport(ahandler), event_hooks=async_remediation_hooks() if hooked else None
        )
        return openai.AsyncAzureOpenAI(
            azure_endpoint=AOAI, api_version="2024-10-21", api_key=KEY, http_client=http, max_retries=0
        )

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, headers=headers, content=big_chunks(pulled))

    http = httpx.Client(
        transport=httpx.MockTransport(handler), event_hooks=remediation_hooks() if hooked else None
    )
    return openai.AzureOpenAI(
        azure_endpoint=AOAI, api_version="2024-10-21", api_key=KEY, http_client=http, max_retries=0
    )


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("stream", [False, True], ids=["buffered-call", "stream-call"])
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_openai_hook_adds_at_most_a_few_caps(
    length: bool, stream: bool, is_async: bool, record_property: Any
) -> None:
    """A 40 MiB 404 through the httpx hook (openai client): the same bytes pulled as openai alone, and a peak no
    more than 3 x BODY_CAP + 1 MiB above openai's own."""

    def run(hooked: bool, pulled: list[int]) -> tuple[int, BaseException | None]:
        client = _openai_client(length, pulled, is_async=is_async, hooked=hooked)
        if is_async:

            async def main() -> None:
                await client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=stream)

            return measure(lambda: asyncio.run(main()))
        return measure(
            lambda: client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=stream)
        )

    alone = [0]
    reference, plain = run(False, alone)
    pulled = [0]
    peak, error = run(True, pulled)
    name = f"openai-{'async' if is_async else 'sync'}-{'stream' if stream else 'buffered'}-"
    report(record_property, name + ("length" if length else "chunked"), peak, pulled[0], reference)
    assert type(plain) is openai.NotFoundError
    assert isinstance(error, RemediationError)
    assert isinstance(error, openai.NotFoundError)
    assert pulled[0] == alone[0] == size()
    assert peak - reference < LIMIT


def test_the_measurement_sees_the_sdk_buffering(record_property: Any) -> None:
    """Sanity: the SDK alone on the same lazily generated body peaks at over 10 x BODY_CAP (it reads it all)."""
    pulled = [0]
    transport = AzureFakeTransport(AzureReply(404, _azure_headers(True), lambda: big_chunks(pulled)))
    client = ChatCompletionsClient(ENDPOINT, AzureKeyCredential(KEY), transport=transport)
    peak, error = measure(lambda: client.complete(messages=MESSAGES, model="gpt-4o", stream=True))
    report(record_property, "azure-inference-without-policy", peak, pulled[0])
    assert error is not None
    assert not isinstance(error, RemediationError)
    assert peak > 10 * BODY_CAP
    assert pulled[0] == size()


def test_the_fake_alone_costs_one_chunk(record_property: Any) -> None:
    """Sanity: iterating the fake body without keeping it peaks at about one chunk, not the body."""
    pulled = [0]

    def drain() -> None:
        for _ in big_chunks(pulled):
            pass

    peak, _ = measure(drain)
    report(record_property, "fake-body-alone", peak, pulled[0])
    assert peak < 4 * CHUNK
    assert pulled[0] == size()  # the whole body went by
