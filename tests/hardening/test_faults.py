"""Faults: the engine raising, a body read failing half way, a client closed while its hook reads, and one client
(one policy, one hook) shared by 32 threads.

Every fault test computes what the SDK alone does in the same situation (same transport, same choreography,
no interceptor) and compares: the caller gets the enriched exception for a diagnosable response, or exactly the
SDK's own outcome (same class, same text); nothing else escapes.

Four of these began as strict xfails pinning library bugs, found by the fuzzers: a body read that broke half
way or a long unmatched body left the response consumed or cut for the SDK. Both interceptors now put what they
read back in front of the rest of the stream (or the error the read met), and these tests hold them to that.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import re
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import openai
import pytest
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
from azure.core import PipelineClient
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import (
    AzureError,
    HttpResponseError,
    IncompleteReadError,
    ServiceResponseError,
)
from azure.core.rest import HttpRequest
from doctor_testing import CONTENT_FILTER, DEPLOYMENT_NOT_FOUND, KEY_AUTH_DISABLED, KEY_INVALID, completion
from hardening_strategies import (
    AzureFakeAsyncTransport,
    AzureFakeTransport,
    AzureReply,
    LeakCheck,
    Outcome,
    Secret,
    norm,
    raise_like_generated_code,
    record_text,
    run_async,
    run_sync,
)

from inference_doctor import RemediationError
from inference_doctor._intercept import BODY_CAP
from inference_doctor.azure import AsyncRemediationPolicy, RemediationPolicy
from inference_doctor.openai import async_remediation_hooks, instrument, remediation_hooks

SECRET = Secret("key", 7, "azure-32")
KEY = SECRET.value
ENDPOINT = "https://contoso.services.ai.azure.com/models"
AOAI = "https://contoso.openai.azure.com"
MESSAGES = [{"role": "user", "content": "hi"}]

ERRORS = {401: KEY_INVALID, 403: KEY_AUTH_DISABLED, 404: DEPLOYMENT_NOT_FOUND}


def _json(payload: object) -> bytes:
    return json.dumps(payload).encode()


def same_outcome(reference: Outcome, got: Outcome) -> bool:
    """The SDK's exact outcome: same value, or same exception class and text."""
    if reference.error is None or got.error is None:
        return reference.error is None and got.error is None and reference.value == got.value
    return type(got.error) is type(reference.error) and norm(str(got.error)) == norm(str(reference.error))


def no_leak(outcome: Outcome) -> bool:
    """No piece of the key in the exception's text or in any log record."""
    leaks = LeakCheck(SECRET)
    texts = [*outcome.logs]
    if outcome.error is not None:
        texts += [str(outcome.error), repr(outcome.error)]
    return not any(leaks(t) for t in texts)


# --- drivers ------------------------------------------------------------------------------------------------------


def azure_inference(
    responder: AzureReply | Callable[[Any], AzureReply], *, policy: bool, stream: bool, is_async: bool
) -> Outcome:
    """One chat completion through azure-ai-inference's ChatCompletionsClient (key auth), with or without."""
    if is_async:
        atransport = AzureFakeAsyncTransport(responder)
        aclient = AsyncChatCompletionsClient(
            ENDPOINT,
            AzureKeyCredential(KEY),
            transport=atransport,
            retry_total=0,
            per_call_policies=[AsyncRemediationPolicy()] if policy else [],
        )

        async def acall() -> Any:
            result = await aclient.complete(messages=MESSAGES, model="gpt-4o", stream=stream)
            return [repr(u) async for u in result] if stream else result

        return run_async(acall, lambda: atransport.count)
    transport = AzureFakeTransport(responder)
    client = ChatCompletionsClient(
        ENDPOINT,
        AzureKeyCredential(KEY),
        transport=transport,
        retry_total=0,
        per_call_policies=[RemediationPolicy()] if policy else [],
    )

    def call() -> Any:
        result = client.complete(messages=MESSAGES, model="gpt-4o", stream=stream)
        return [repr(u) for u in result] if stream else result

    return run_sync(call, lambda: transport.count)


def azure_pipeline(responder: AzureReply, *, policy: bool, stream: bool) -> Outcome:
    """One request through a bare PipelineClient, handled as generated SDK code handles it."""
    transport = AzureFakeTransport(responder)
    client = PipelineClient(
        ENDPOINT, transport=transport, policies=[], per_call_policies=[RemediationPolicy()] if policy else []
    )

    def call() -> Any:
        request = HttpRequest("POST", f"{ENDPOINT}/chat/completions", headers={"api-key": KEY}, json={})
        response = client.send_request(request, stream=stream)
        if response.status_code != 200:
            if stream:
                response.read()
            raise_like_generated_code(response)
        return response.status_code

    return run_sync(call, lambda: transport.count)


def aoai(handler: Any, *, hooked: bool, stream: bool, is_async: bool) -> Outcome:
    """One chat completion through a real (Async)AzureOpenAI over an httpx MockTransport, with or without."""
    counter = [0]

    def counting(request: httpx.Request) -> Any:
        counter[0] += 1
        return handler(request)

    if is_async:

        async def acounting(request: httpx.Request) -> Any:
            counter[0] += 1
            return handler(request)

        http: Any = httpx.AsyncClient(
            transport=httpx.MockTransport(acounting),
            event_hooks=async_remediation_hooks() if hooked else None,
        )
        aclient = openai.AsyncAzureOpenAI(
            azure_endpoint=AOAI, api_version="2024-10-21", api_key=KEY, http_client=http, max_retries=0
        )

        async def acall() -> Any:
            result = await aclient.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=stream)
            return [repr(c) async for c in result] if stream else result

        return run_async(acall, lambda: counter[0])
    http = httpx.Client(
        transport=httpx.MockTransport(counting), event_hooks=remediation_hooks() if hooked else None
    )
    client = openai.AzureOpenAI(
        azure_endpoint=AOAI, api_version="2024-10-21", api_key=KEY, http_client=http, max_retries=0
    )

    def call() -> Any:
        result = client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=stream)
        return [repr(c) for c in result] if stream else result

    return run_sync(call, lambda: counter[0])


# --- 1. the engine raising ------------------------------------------------------------------------------------------

ENGINE_TARGETS = {
    "azure": [
        ("inference_doctor.engine.match", "diagnose_signals"),
        ("inference_doctor.engine.read.signals", "collect"),
        ("inference_doctor.azure._base", "examine"),
        ("inference_doctor.azure._base", "headers_to_dict"),
        ("inference_doctor.azure._base", "enriched_error"),
    ],
    "openai": [
        ("inference_doctor.engine.match", "diagnose_signals"),
        ("inference_doctor.engine.read.signals", "collect"),
        ("inference_doctor.openai._hooks", "examine"),
        ("inference_doctor.openai._hooks", "headers_to_dict"),
        ("inference_doctor.openai._hooks", "enrich"),
    ],
}
ENGINE_CASES = [
    pytest.param(sdk, is_async, module, name, id=f"{sdk}-{'async' if is_async else 'sync'}-{module}.{name}")
    for sdk, targets in ENGINE_TARGETS.items()
    for is_async in (False, True)
    for module, name in targets
]
FAULTS = [RuntimeError("engine broke"), RecursionError("deep"), KeyError("missing"), MemoryError()]


def _break(monkeypatch: pytest.MonkeyPatch, module: str, name: str, fault: BaseException) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise fault

    monkeypatch.setattr(importlib.import_module(module), name, broken)


@pytest.mark.parametrize(("sdk", "is_async", "module", "name"), ENGINE_CASES)
@pytest.mark.parametrize("fault", FAULTS, ids=[type(f).__name__ for f in FAULTS])
@pytest.mark.parametrize("status", [401, 403, 404])
def test_engine_raising_gives_the_sdk_exception(
    monkeypatch: pytest.MonkeyPatch,
    sdk: str,
    is_async: bool,
    module: str,
    name: str,
    fault: BaseException,
    status: int,
) -> None:
    """Whatever part of the engine or interceptor raises: the caller gets the SDK's own exception, logged at DEBUG."""
    body = _json(ERRORS[status])
    if sdk == "azure":
        reply = AzureReply(status, {"Content-Type": "application/json"}, lambda: iter([body]))

        def run(policy: bool) -> Outcome:
            return azure_inference(reply, policy=policy, stream=False, is_async=is_async)
    else:

        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(status, headers={"content-type": "application/json"}, content=body)

        def run(policy: bool) -> Outcome:
            return aoai(handler, hooked=policy, stream=False, is_async=is_async)

    reference = run(False)
    assert isinstance(run(True).error, RemediationError)  # unbroken, this response is enriched
    _break(monkeypatch, module, name, fault)
    got = run(True)
    assert reference.error is not None
    assert not isinstance(got.error, RemediationError)
    assert same_outcome(reference, got), (
        f"{type(got.error).__name__} instead of {type(reference.error).__name__}"
    )
    assert got.attempts == reference.attempts == 1
    debug = [n for n in got.log_names if n.startswith("inference_doctor")]
    assert debug, "no DEBUG record on the inference_doctor logger"
    leaked = not no_leak(got)
    assert leaked is False


# --- 2. a body read failing half way --------------------------------------------------------------------------------

AZURE_READ_FAULTS: dict[str, Callable[[], BaseException]] = {
    # what azure-core's requests and aiohttp transports raise for a connection reset mid-body
    "IncompleteReadError": lambda: IncompleteReadError("Connection broken: IncompleteRead(10 bytes read)"),
    "ServiceResponseError": lambda: ServiceResponseError("Connection reset by peer"),
}


def _failing_chunks(body: bytes, fault: Callable[[], BaseException]) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        yield body[: len(body) // 2]
        raise fault()

    return chunks


@pytest.mark.parametrize("fault", list(AZURE_READ_FAULTS))
@pytest.mark.parametrize("length", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("stream", [False, True], ids=["buffered", "stream"])
@pytest.mark.parametrize("status", [401, 403, 404, 400, 500])
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_azure_body_read_failing_half_way(
    fault: str, length: bool, stream: bool, status: int, is_async: bool
) -> None:
    """A connection reset while reading an error body: the caller gets what azure-ai-inference alone raises."""
    body = _json(ERRORS.get(status, CONTENT_FILTER))
    headers = {"Content-Type": "application/json"}
    if length:
        headers["Content-Length"] = str(len(body))
    reply = AzureReply(status, headers, _failing_chunks(body, AZURE_READ_FAULTS[fault]))
    reference = azure_inference(reply, policy=False, stream=stream, is_async=is_async)
    got = azure_inference(reply, policy=True, stream=stream, is_async=is_async)
    assert isinstance(reference.error, AzureError)
    assert same_outcome(reference, got), (
        f"{type(got.error).__name__} instead of {type(reference.error).__name__}"
    )
    assert got.attempts == reference.attempts


@pytest.mark.parametrize("stream", [True], ids=["stream"])
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_azure_raw_read_error_half_way_reaches_the_caller(stream: bool, is_async: bool) -> None:
    """A transport whose body stream raises a raw ConnectionResetError: the caller gets that error, as without."""
    body = _json(KEY_INVALID)
    reply = AzureReply(401, {"Content-Type": "application/json"}, _failing_chunks(body, ConnectionResetError))
    reference = azure_inference(reply, policy=False, stream=stream, is_async=is_async)
    got = azure_inference(reply, policy=True, stream=stream, is_async=is_async)
    assert isinstance(reference.error, ConnectionResetError)
    assert same_outcome(reference, got), (
        f"{type(got.error).__name__} instead of {type(reference.error).__name__}"
    )


HTTPX_READ_FAULTS: dict[str, Callable[[], BaseException]] = {
    # what httpx's HTTPTransport raises for a connection reset / a peer that closes mid-body
    "ReadError": lambda: httpx.ReadError("[Errno 104] Connection reset by peer"),
    "RemoteProtocolError": lambda: httpx.RemoteProtocolError(
        "peer closed connection without sending complete message body (incomplete chunked read)"
    ),
}


def _httpx_handler(
    status: int, body: bytes, length: bool, fault: Callable[[], BaseException], is_async: bool
) -> Any:
    headers = {"content-type": "application/json"}
    if length:
        headers["content-length"] = str(len(body))

    def chunks() -> Iterator[bytes]:
        yield body[: len(body) // 2]
        raise fault()

    async def achunks() -> AsyncIterator[bytes]:
        yield body[: len(body) // 2]
        raise fault()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, content=achunks() if is_async else chunks())

    return handler


def _openai_read_fault_case(fault: str, length: bool, stream: bool, status: int, is_async: bool) -> None:
    body = _json(ERRORS.get(status, CONTENT_FILTER))
    handler = _httpx_handler(status, body, length, HTTPX_READ_FAULTS[fault], is_async)
    reference = aoai(handler, hooked=False, stream=stream, is_async=is_async)
    handler = _httpx_handler(status, body, length, HTTPX_READ_FAULTS[fault], is_async)
    got = aoai(handler, hooked=True, stream=stream, is_async=is_async)
    assert reference.error is not None
    assert same_outcome(reference, got), (
        f"{type(got.error).__name__} instead of {type(reference.error).__name__}"
    )
    assert got.attempts == reference.attempts == 1


@pytest.mark.parametrize("fault", list(HTTPX_READ_FAULTS))
@pytest.mark.parametrize("length", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("stream", [False, True], ids=["buffered", "stream"])
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_openai_read_failing_half_way_out_of_scope(
    fault: str, length: bool, stream: bool, is_async: bool
) -> None:
    """A 500 whose body read fails: the hook never reads it, so the caller gets exactly openai's own error."""
    _openai_read_fault_case(fault, length, stream, 500, is_async)


@pytest.mark.parametrize("fault", list(HTTPX_READ_FAULTS))
@pytest.mark.parametrize("length", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("stream", [False, True], ids=["buffered", "stream"])
@pytest.mark.parametrize("status", [401, 403, 404, 400])
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_openai_body_read_failing_half_way(
    fault: str, length: bool, stream: bool, status: int, is_async: bool
) -> None:
    """A connection reset while the hook reads an error body: the caller gets what openai alone raises."""
    _openai_read_fault_case(fault, length, stream, status, is_async)


def _over_the_cap(status: int) -> AzureReply:
    prefix = b'{"error":{"code":"content_filter","message":"'

    def chunks() -> Iterator[bytes]:
        yield prefix
        for _ in range(20):
            yield b"x" * 65536  # 1.25 MiB of message
        yield b'"}}'

    del status
    return AzureReply(400, {"Content-Type": "application/json"}, chunks)


@pytest.mark.parametrize("driver", ["pipeline", "inference-sync", "inference-async"])
def test_azure_unmatched_streamed_body_over_the_cap_reaches_the_sdk(driver: str) -> None:
    """An unmatched 400 streamed without a length and over the cap reaches the caller exactly as without.

    The policy reads past the cap, finds nothing to enrich, and puts the chunks back in front of the rest of
    the stream: the SDK's own read gets the whole body (its message shows the service's text, cut nowhere).
    """
    if driver == "pipeline":
        reference = azure_pipeline(_over_the_cap(400), policy=False, stream=True)
        got = azure_pipeline(_over_the_cap(400), policy=True, stream=True)
    else:
        is_async = driver == "inference-async"
        reference = azure_inference(_over_the_cap(400), policy=False, stream=True, is_async=is_async)
        got = azure_inference(_over_the_cap(400), policy=True, stream=True, is_async=is_async)
    assert type(reference.error) is HttpResponseError
    assert same_outcome(reference, got), (
        f"{type(got.error).__name__} instead of {type(reference.error).__name__}"
    )


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_openai_unmatched_chunked_body_over_the_cap_reaches_the_caller(is_async: bool) -> None:
    """An unmatched 400 streamed without a length and over the cap reaches the caller exactly as without."""
    body = b" " * BODY_CAP + _json(CONTENT_FILTER)  # JSON may start with whitespace

    def handler(request: httpx.Request) -> httpx.Response:
        chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)]
        if is_async:

            async def achunks() -> AsyncIterator[bytes]:
                for chunk in chunks:
                    yield chunk

            return httpx.Response(400, headers={"content-type": "application/json"}, content=achunks())
        return httpx.Response(400, headers={"content-type": "application/json"}, content=iter(chunks))

    reference = aoai(handler, hooked=False, stream=False, is_async=is_async)
    got = aoai(handler, hooked=True, stream=False, is_async=is_async)
    assert type(reference.error) is openai.BadRequestError
    assert same_outcome(reference, got), "openai's own text differs"
    assert got.error.body == reference.error.body  # type: ignore[union-attr]


# --- 3. a client closed while its hook reads --------------------------------------------------------------------------


class PausingStream:
    """A response body that yields its first half, then waits until told to go on (or the client closes)."""

    def __init__(self, body: bytes, *, break_on_close: bool) -> None:
        self.body = body
        self.reading = threading.Event()
        self.go_on = threading.Event()
        self.closed = threading.Event()
        self.break_on_close = break_on_close

    def __iter__(self) -> Iterator[bytes]:
        yield self.body[: len(self.body) // 2]
        self.reading.set()
        self.go_on.wait(timeout=10)
        if self.break_on_close and self.closed.is_set():
            raise httpx.ReadError("connection closed by the client")
        yield self.body[len(self.body) // 2 :]


class ClosingTransport(httpx.BaseTransport):
    """Answers every request with a pausing body; close() marks its streams closed, as a pool closing sockets."""

    def __init__(self, status: int, body: bytes, *, break_on_close: bool) -> None:
        self.status, self.body, self.break_on_close = status, body, break_on_close
        self.streams: list[PausingStream] = []
        self.count = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        if self.streams and self.streams[0].closed.is_set():
            raise httpx.ConnectError("the transport is closed")
        stream = PausingStream(self.body, break_on_close=self.break_on_close)
        self.streams.append(stream)
        return httpx.Response(self.status, headers={"content-type": "application/json"}, content=iter(stream))

    def close(self) -> None:
        for stream in self.streams:
            stream.closed.set()
            stream.go_on.set()


def _close_while_reading(*, hooked: bool, break_on_close: bool, status: int) -> tuple[Outcome, Outcome]:
    """Call in a thread; once the body is half read, close the client; then call the closed client again."""
    transport = ClosingTransport(status, _json(ERRORS[status]), break_on_close=break_on_close)
    http = httpx.Client(transport=transport, event_hooks=remediation_hooks() if hooked else None)
    client = openai.AzureOpenAI(
        azure_endpoint=AOAI, api_version="2024-10-21", api_key=KEY, http_client=http, max_retries=0
    )
    result: list[Outcome] = []

    def call() -> None:
        result.append(
            run_sync(
                lambda: client.chat.completions.create(model="gpt-4o", messages=MESSAGES),
                lambda: transport.count,
            )
        )

    worker = threading.Thread(target=call)
    worker.start()
    assert transport.streams or _wait(lambda: bool(transport.streams))
    assert transport.streams[0].reading.wait(timeout=10)
    client.close()
    worker.join(timeout=20)
    assert not worker.is_alive(), "the call hung after the client was closed"
    after = run_sync(lambda: client.chat.completions.create(model="gpt-4o", messages=MESSAGES), lambda: 0)
    return result[0], after


def _wait(predicate: Callable[[], bool], timeout: float = 10) -> bool:
    event = threading.Event()
    for _ in range(int(timeout * 100)):
        if predicate():
            return True
        event.wait(0.01)
    return predicate()


@pytest.mark.parametrize("status", [401, 403, 404])
def test_client_closed_while_the_hook_reads(status: int) -> None:
    """close() while the hook reads an error body (the body still arrives): enriched error, then as without."""
    ref_call, ref_after = _close_while_reading(hooked=False, break_on_close=False, status=status)
    got_call, got_after = _close_while_reading(hooked=True, break_on_close=False, status=status)
    assert isinstance(got_call.error, RemediationError)
    assert isinstance(got_call.error, type(ref_call.error))
    assert same_outcome(ref_after, got_after), "a call on the closed client differs from openai's own"


@pytest.mark.parametrize("status", [401, 404])
def test_client_closed_while_the_hook_reads_and_the_body_breaks(status: int) -> None:
    """close() breaks the connection under the hook's read: the caller gets openai's own APIConnectionError."""
    ref_call, _ = _close_while_reading(hooked=False, break_on_close=True, status=status)
    got_call, _ = _close_while_reading(hooked=True, break_on_close=True, status=status)
    assert type(ref_call.error) is openai.APIConnectionError
    assert same_outcome(ref_call, got_call), f"{type(got_call.error).__name__} escaped"


async def test_async_client_closed_while_the_hook_reads() -> None:
    """An AsyncAzureOpenAI closed by another task while its hook awaits the body: enriched error, no hang."""
    reading, go_on = asyncio.Event(), asyncio.Event()
    body = _json(DEPLOYMENT_NOT_FOUND)

    async def chunks() -> AsyncIterator[bytes]:
        yield body[:10]
        reading.set()
        await go_on.wait()
        yield body[10:]

    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, headers={"content-type": "application/json"}, content=chunks())

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), event_hooks=async_remediation_hooks())
    client = openai.AsyncAzureOpenAI(
        azure_endpoint=AOAI, api_version="2024-10-21", api_key=KEY, http_client=http, max_retries=0
    )
    task = asyncio.create_task(client.chat.completions.create(model="gpt-4o", messages=MESSAGES))
    await asyncio.wait_for(reading.wait(), timeout=10)
    await client.close()
    go_on.set()
    with pytest.raises(openai.NotFoundError) as caught:
        await asyncio.wait_for(task, timeout=10)
    assert isinstance(caught.value, RemediationError)
    assert caught.value.diagnosis.scenario == "deployment-not-found"
    # the next call fails as it does on a closed client without the hook: openai 3.x lets httpx's RuntimeError
    # through, 2.x wraps it in APIConnectionError; either way caused by the closed client
    alone = openai.AsyncAzureOpenAI(
        azure_endpoint=AOAI,
        api_version="2024-10-21",
        api_key=KEY,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        max_retries=0,
    )
    await alone.close()
    with pytest.raises(Exception) as expected:
        await alone.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    with pytest.raises(type(expected.value)) as after:
        await client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    root = after.value.__cause__ or after.value
    assert "client has been closed" in str(root)


def test_instrument_on_a_closed_client_changes_nothing() -> None:
    """instrument() on a client already closed: its calls fail exactly as openai's own do."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json=KEY_INVALID)

    outcomes = []
    for hooked in (False, True):
        client = openai.AzureOpenAI(
            azure_endpoint=AOAI,
            api_version="2024-10-21",
            api_key=KEY,
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
            max_retries=0,
        )
        client.close()
        if hooked:
            instrument(client)
        outcomes.append(
            run_sync(lambda c=client: c.chat.completions.create(model="gpt-4o", messages=MESSAGES), lambda: 0)
        )
    assert same_outcome(*outcomes)


def test_azure_client_closed_while_the_policy_reads() -> None:
    """PipelineClient.close() while the policy streams an error body: the SDK's own read error, as without."""
    outcomes = []
    for policy in (False, True):
        reading, go_on = threading.Event(), threading.Event()
        body = _json(KEY_INVALID)

        def chunks(
            reading: threading.Event = reading, go_on: threading.Event = go_on, body: bytes = body
        ) -> Iterator[bytes]:
            yield body[:10]
            reading.set()
            go_on.wait(timeout=10)
            yield body[10:]

        transport = AzureFakeTransport(AzureReply(401, {"Content-Type": "application/json"}, chunks))
        client = ChatCompletionsClient(
            ENDPOINT,
            AzureKeyCredential(KEY),
            transport=transport,
            retry_total=0,
            per_call_policies=[RemediationPolicy()] if policy else [],
        )
        box: list[Outcome] = []

        def call(client: Any = client, box: list[Outcome] = box, transport: Any = transport) -> None:
            box.append(
                run_sync(
                    lambda: client.complete(messages=MESSAGES, model="gpt-4o", stream=True),
                    lambda: transport.count,
                )
            )

        worker = threading.Thread(target=call)
        worker.start()
        assert reading.wait(timeout=10)
        client.close()  # the transport's streams now raise ServiceResponseError, as a closed session would
        go_on.set()
        worker.join(timeout=20)
        assert not worker.is_alive()
        outcomes.append(box[0])
    reference, got = outcomes
    assert isinstance(reference.error, ServiceResponseError)
    assert same_outcome(reference, got), (
        f"{type(got.error).__name__} instead of {type(reference.error).__name__}"
    )


# --- 4. one client shared by 32 threads ---------------------------------------------------------------------------------

THREADS = 32
CALLS_PER_THREAD = 12
MIXED: list[tuple[int, object]] = [
    (401, KEY_INVALID),
    (403, KEY_AUTH_DISABLED),
    (404, DEPLOYMENT_NOT_FOUND),
    (400, CONTENT_FILTER),
    (429, {"error": {"code": "429", "message": "Rate limit."}}),
    (500, {"error": {"code": "InternalServerError", "message": "Oops."}}),
    (200, completion()),
]


def _signature(outcome: Outcome) -> tuple[str, str | None]:
    error = outcome.error
    if error is None:
        return ("ok", None)
    scenario = error.diagnosis.scenario if isinstance(error, RemediationError) else None
    return (type(error).__name__, scenario)


def _in_threads(call: Callable[[int, str], Outcome]) -> list[tuple[int, str, Outcome]]:
    """THREADS threads, started together, each making CALLS_PER_THREAD calls over the mixed replies."""
    barrier = threading.Barrier(THREADS)
    results: list[tuple[int, str, Outcome]] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker(t: int) -> None:
        try:
            barrier.wait(timeout=30)
            for n in range(CALLS_PER_THREAD):
                case = (t * 7 + n * 3) % len(MIXED)
                rid = f"req-{t:02d}-{n:02d}"
                outcome = call(case, rid)
                with lock:
                    results.append((case, rid, outcome))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often: interleave the policy's steps
    try:
        threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        sys.setswitchinterval(old)
    assert not errors, [type(e).__name__ for e in errors]
    assert len(results) == THREADS * CALLS_PER_THREAD
    return results


def _check_threaded(
    results: list[tuple[int, str, Outcome]], expected: dict[int, tuple[str, str | None]]
) -> None:
    for case, rid, outcome in results:
        assert _signature(outcome) == expected[case], f"case {case}, {rid}"
        error = outcome.error
        if isinstance(error, RemediationError):
            carried = any(rid in value for value in error.diagnosis.evidence.values())
            assert carried is True, f"{rid}: the diagnosis does not carry its own call's request id"
            others = [v for v in error.diagnosis.evidence.values() if "req-" in v and rid not in v]
            assert others == [], f"{rid}: the diagnosis carries another call's request id"
            assert error.response.headers["apim-request-id"] == rid


def test_one_azure_client_shared_by_32_threads() -> None:
    """One ChatCompletionsClient and its one RemediationPolicy, 32 threads x mixed replies: each call its own."""

    def respond(request: Any) -> AzureReply:
        case, rid = int(request.headers["x-case"]), request.headers["x-rid"]
        status, payload = MIXED[case]
        body = _json(payload)
        headers = {
            "Content-Type": "application/json",
            "apim-request-id": rid,
            "Content-Length": str(len(body)),
        }
        return AzureReply(status, headers, lambda: iter([body]))

    transport = AzureFakeTransport(respond)
    policy = RemediationPolicy()
    client = ChatCompletionsClient(
        ENDPOINT, AzureKeyCredential(KEY), transport=transport, retry_total=0, per_call_policies=[policy]
    )

    def call(case: int, rid: str) -> Outcome:
        return run_sync(
            lambda: client.complete(
                messages=MESSAGES, model="gpt-4o", headers={"x-case": str(case), "x-rid": rid}
            ),
            lambda: 0,
        )

    expected = {case: _signature(call(case, f"seq-{case}")) for case in range(len(MIXED))}
    assert sum(1 for s in expected.values() if s[1] is not None) == 3  # 401, 403, 404 enriched
    _check_threaded(_in_threads(call), expected)
    assert transport.count == len(MIXED) + THREADS * CALLS_PER_THREAD
    assert vars(policy).keys() <= {"remediation_enable", "include_names", "logger", "next", "_next"}


def test_one_openai_client_shared_by_32_threads() -> None:
    """One AzureOpenAI with the hook, 32 threads x mixed replies: each call gets its own diagnosis."""

    def handler(request: httpx.Request) -> httpx.Response:
        case, rid = int(request.headers["x-case"]), request.headers["x-rid"]
        status, payload = MIXED[case]
        return httpx.Response(status, headers={"apim-request-id": rid}, json=payload)

    http = httpx.Client(transport=httpx.MockTransport(handler), event_hooks=remediation_hooks())
    client = openai.AzureOpenAI(
        azure_endpoint=AOAI, api_version="2024-10-21", api_key=KEY, http_client=http, max_retries=0
    )

    def call(case: int, rid: str) -> Outcome:
        return run_sync(
            lambda: client.chat.completions.create(
                model="gpt-4o", messages=MESSAGES, extra_headers={"x-case": str(case), "x-rid": rid}
            ),
            lambda: 0,
        )

    expected = {case: _signature(call(case, f"seq-{case}")) for case in range(len(MIXED))}
    assert sum(1 for s in expected.values() if s[1] is not None) == 3
    _check_threaded(_in_threads(call), expected)


def test_fail_safe_logging_names_no_secret(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The DEBUG record of an engine failure names the failure's type and place, never the input."""
    import inference_doctor.engine.match as match

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"bad input {KEY}")  # an exception whose message quotes the credential

    monkeypatch.setattr(match, "diagnose_signals", broken)
    body = _json(KEY_INVALID)
    with caplog.at_level(logging.DEBUG):
        got = azure_inference(
            AzureReply(401, {"Content-Type": "application/json"}, lambda: iter([body])),
            policy=True,
            stream=False,
            is_async=False,
        )
        got_openai = aoai(
            lambda request: httpx.Response(401, json=KEY_INVALID), hooked=True, stream=False, is_async=False
        )
    assert not isinstance(got.error, RemediationError)
    assert not isinstance(got_openai.error, RemediationError)
    leaked = not (no_leak(got) and no_leak(got_openai))
    assert leaked is False
    assert any(r.name.startswith("inference_doctor") for r in caplog.records)


LOGGED_FAULTS = [
    ("azure", "inference_doctor.engine.match", "diagnose_signals"),
    ("azure", "inference_doctor.azure._base", "headers_to_dict"),
    ("azure", "inference_doctor.azure._base", "enriched_error"),
    ("openai", "inference_doctor.engine.match", "diagnose_signals"),
    ("openai", "inference_doctor.openai._hooks", "headers_to_dict"),
    ("openai", "inference_doctor.openai._hooks", "enrich"),
]
_ONE_LINE = re.compile(
    r"inference-doctor could not [a-z ]+ a \d{3} (response|body)\S*: ValueError at [\w.]+\.py:\d+"
)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(
    ("sdk", "module", "name"), LOGGED_FAULTS, ids=[f"{s}-{n}" for s, _, n in LOGGED_FAULTS]
)
def test_internal_failures_are_logged_by_one_rule(
    monkeypatch: pytest.MonkeyPatch, sdk: str, module: str, name: str, is_async: bool
) -> None:
    """Both integrations log an internal failure the same way: one DEBUG line naming its type and file:line;
    never exc_info or a stack (whose text can quote the input), never the exception's message."""
    _break(monkeypatch, module, name, ValueError(f"bad input {KEY}"))  # a message that quotes the credential
    if sdk == "azure":
        body = _json(KEY_INVALID)
        reply = AzureReply(401, {"Content-Type": "application/json"}, lambda: iter([body]))
        got = azure_inference(reply, policy=True, stream=False, is_async=is_async)
    else:
        got = aoai(
            lambda request: httpx.Response(401, json=KEY_INVALID),
            hooked=True,
            stream=False,
            is_async=is_async,
        )
    assert got.error is not None
    assert not isinstance(got.error, RemediationError)
    ours = [r for r in got.records if r.name.startswith("inference_doctor")]
    assert ours, "no record on an inference_doctor logger"
    for record in ours:
        assert record.levelno == logging.DEBUG
        assert record.exc_info is None, "exc_info logged: its traceback text can quote the input"
        assert record.stack_info is None
        assert _ONE_LINE.fullmatch(record.getMessage()), record.getMessage().replace(KEY, "<key>")
        leaked = KEY in record_text(record)
        assert leaked is False
