"""The invariants, through real AnthropicFoundry clients over mock transports: the same outcome, attempts and
exception attributes with and without the middleware; untouched successes and retried statuses; fail-safe; no
exception of the library's own ever reaching anthropic's loop."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anthropic
import pytest

from inference_doctor import RemediationError, _intercept
from inference_doctor.anthropic import RemediationMiddleware, _middleware

RETRIED = {
    "408": (408, {"type": "error", "error": {"type": "timeout_error", "message": "Request timed out"}}),
    "409": (409, {"type": "error", "error": {"type": "conflict_error", "message": "Conflict"}}),
    "429": (429, {"error": {"code": "429", "message": "Rate limit is exceeded. Try again in 1 seconds."}}),
    "500": (500, {"error": {"code": "InternalServerError", "message": "The server had an error."}}),
    "503": (503, {"error": {"code": "ServiceUnavailable", "message": "Service Unavailable"}}),
    "529": (529, {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}),
}


async def _both(kit: Any, kind: str, reply: Any, **options: Any) -> tuple[Any, Any, Any, Any]:
    """The same call without and with the middleware: (plain error, wire, enriched error, wire)."""
    plain = kit.Wire(reply)
    doctored = kit.Wire(reply)
    mode = options.pop("mode", "middleware")
    stream = options.pop("stream", False)
    expected = await kit.capture(kit.build_client(kind, plain, mode=None, **options), stream=stream)
    got = await kit.capture(kit.build_client(kind, doctored, mode=mode, **options), stream=stream)
    return expected, plain, got, doctored


@pytest.mark.parametrize("case", list(RETRIED))
async def test_retried_statuses_are_untouched(kit: Any, kind: str, mode: str, case: str) -> None:
    """408/409/429/5xx: the same exception, text, body and number of attempts as without the middleware."""
    status, payload = RETRIED[case]
    expected, plain, got, doctored = await _both(
        kit, kind, lambda r: kit.Reply.json(status, payload, retry_after_ms="1"), mode=mode, max_retries=2
    )
    assert type(got) is type(expected)
    assert not isinstance(got, RemediationError)
    assert kit.attributes(got) == kit.attributes(expected)
    assert doctored.count == plain.count == 3


async def test_should_retry_header_keeps_anthropic_retrying(kit: Any, kind: str) -> None:
    """A 401 marked x-should-retry: true is left to anthropic: the same attempts and its own exception."""
    expected, plain, got, doctored = await _both(
        kit,
        kind,
        lambda r: kit.Reply.json(401, kit.KEY_INVALID, x_should_retry="true", retry_after_ms="1"),
        max_retries=2,
    )
    assert type(got) is type(expected) is anthropic.AuthenticationError
    assert kit.attributes(got) == kit.attributes(expected)
    assert doctored.count == plain.count == 3


@pytest.mark.parametrize("stream", [False, True])
async def test_unmatched_400_reaches_the_caller_as_before(
    kit: Any, kind: str, mode: str, stream: bool
) -> None:
    """Claude's own validation 400: anthropic's exception, with the same attributes, never enriched."""
    expected, plain, got, doctored = await _both(
        kit, kind, lambda r: kit.Reply.json(400, kit.INVALID_REQUEST), mode=mode, stream=stream, max_retries=2
    )
    assert type(got) is type(expected) is anthropic.BadRequestError
    assert not isinstance(got, RemediationError)
    assert kit.attributes(got) == kit.attributes(expected)
    assert doctored.count == plain.count == 1


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize(
    ("status", "payload"),
    [(401, "KEY_INVALID"), (401, "TOKEN_401"), (404, "DEPLOYMENT_NOT_FOUND"), (404, "API_NOT_SUPPORTED")],
)
async def test_enriched_exception_keeps_anthropics_attributes(
    kit: Any, kind: str, mode: str, stream: bool, status: int, payload: str
) -> None:
    """A diagnosed failure: anthropic's exact class underneath, every attribute as anthropic set it, one attempt."""
    body = getattr(kit, payload)
    expected, plain, got, doctored = await _both(
        kit, kind, lambda r: kit.Reply.json(status, body), mode=mode, stream=stream, max_retries=2
    )
    assert isinstance(got, RemediationError)
    assert type(got).__mro__[1:].count(type(expected)) == 1
    assert isinstance(got, type(expected))
    assert kit.attributes(got) == kit.attributes(expected)
    assert got.body == body  # the whole JSON body, as anthropic keeps it
    assert got.message == expected.message
    assert str(got).startswith(str(expected) + "\n")
    assert doctored.count == plain.count == 1


@pytest.mark.parametrize("stream", [False, True])
async def test_successes_are_identical(kit: Any, kind: str, mode: str, stream: bool) -> None:
    """A 200 answer gives the same result, in one attempt, with and without the middleware."""

    def respond(request: Any) -> Any:
        if not stream:
            return kit.Reply.json(200, kit.message())
        return kit.Reply(200, b"".join(_events()), {"content-type": "text/event-stream"})

    plain = kit.Wire(respond)
    doctored = kit.Wire(respond)
    expected = await kit.call(kit.build_client(kind, plain, mode=None), stream=stream)
    got = await kit.call(kit.build_client(kind, doctored, mode=mode), stream=stream)
    assert got == expected
    assert doctored.count == plain.count == 1


def _events() -> Iterator[bytes]:
    yield from (
        b'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message",'
        b'"role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,"stop_sequence":null,'
        b'"usage":{"input_tokens":3,"output_tokens":1}}}\n\n',
        b'event: content_block_start\ndata: {"type":"content_block_start","index":0,'
        b'"content_block":{"type":"text","text":""}}\n\n',
        b'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,'
        b'"delta":{"type":"text_delta","text":"one"}}\n\n',
        b'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,'
        b'"delta":{"type":"text_delta","text":"two"}}\n\n',
        b'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
        b'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn",'
        b'"stop_sequence":null},"usage":{"output_tokens":2}}\n\n',
        b'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    )


@pytest.mark.parametrize("is_async", [False, True])
async def test_streamed_200_arrives_event_by_event(kit: Any, is_async: bool) -> None:
    """A streamed message is not buffered: the second text piece is produced only after the first arrived."""
    pieces = list(_events())
    produced_second: list[bool] = []
    sync_seen = threading.Event()
    async_seen = asyncio.Event()

    def gen() -> Iterator[bytes]:
        yield b"".join(pieces[:3])
        produced_second.append(sync_seen.wait(timeout=3))
        yield b"".join(pieces[3:])

    async def agen() -> AsyncIterator[bytes]:
        yield b"".join(pieces[:3])
        try:
            await asyncio.wait_for(async_seen.wait(), timeout=3)
            produced_second.append(True)
        except TimeoutError:
            produced_second.append(False)
        yield b"".join(pieces[3:])

    headers = {"content-type": "text/event-stream"}
    wire = kit.Wire(lambda request: kit.Reply(200, agen() if is_async else gen(), headers))
    client = kit.build_client("AsyncAnthropicFoundry" if is_async else "AnthropicFoundry", wire)
    params: dict[str, Any] = {
        "model": kit.MODEL,
        "max_tokens": 16,
        "messages": [{"role": "user", "content": "hi"}],
    }
    texts: list[str] = []
    if is_async:
        async with client.messages.stream(**params) as stream:
            async for text in stream.text_stream:
                texts.append(text)
                async_seen.set()
    else:
        with client.messages.stream(**params) as stream:
            for text in stream.text_stream:
                texts.append(text)
                sync_seen.set()
    assert texts == ["one", "two"]
    assert produced_second == [True]


async def test_error_response_is_read_where_anthropic_reads_it(kit: Any, kind: str) -> None:
    """A transport that breaks while the error body streams: the same exception as without the middleware."""

    def broken() -> Iterator[bytes]:
        yield b'{"error": {"code": "401", '
        raise kit.HTTP.ReadError("connection reset")

    async def abroken() -> AsyncIterator[bytes]:
        yield b'{"error": {"code": "401", '
        raise kit.HTTP.ReadError("connection reset")

    body = abroken if kind.startswith("Async") else broken
    expected, plain, got, doctored = await _both(
        kit, kind, lambda r: kit.Reply(401, body(), {"content-type": "application/json"}), stream=True
    )
    assert type(got) is type(expected) is kit.HTTP.ReadError
    assert str(got) == str(expected)
    assert doctored.count == plain.count == 1


@pytest.mark.parametrize(
    ("module", "target"),
    [(_middleware, "examine_exchange"), (_middleware, "enrich"), (_intercept, "headers_to_dict")],
)
async def test_library_failure_gives_anthropics_exception(
    kit: Any,
    kind: str,
    module: Any,
    target: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """If the library fails, the caller gets exactly anthropic's exception (no retry, no wrapping), logged."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("inference-doctor broke")

    monkeypatch.setattr(module, target, broken)
    with caplog.at_level(logging.DEBUG, logger="inference_doctor"):
        expected, plain, got, doctored = await _both(
            kit, kind, lambda r: kit.Reply.json(404, kit.DEPLOYMENT_NOT_FOUND), max_retries=2
        )
    assert type(got) is type(expected) is anthropic.NotFoundError
    assert kit.attributes(got) == kit.attributes(expected)
    assert doctored.count == plain.count == 1
    assert any(
        r.levelno == logging.DEBUG and r.name.startswith("inference_doctor") and "could not" in r.getMessage()
        for r in caplog.records
    )


async def test_engine_failure_gives_anthropics_exception(
    kit: Any, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure deep in the engine is caught as well: anthropic's own 401, after one attempt."""
    import inference_doctor.engine.match as match

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("engine broke")

    monkeypatch.setattr(match, "diagnose_signals", broken)
    expected, plain, got, doctored = await _both(
        kit, kind, lambda r: kit.Reply.json(401, kit.KEY_INVALID), max_retries=2
    )
    assert type(got) is type(expected) is anthropic.AuthenticationError
    assert doctored.count == plain.count == 1


async def test_anthropics_own_builder_failing_is_not_retried(
    kit: Any, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When building anthropic's exception fails, that failure is left to anthropic: the same outcome as without."""
    calls: list[int] = []

    def broken(self: Any, response: Any) -> Any:
        calls.append(response.status_code)
        raise LookupError("anthropic broke")

    monkeypatch.setattr(anthropic._base_client.BaseClient, "_make_status_error_from_response", broken)
    expected, plain, got, doctored = await _both(
        kit, kind, lambda r: kit.Reply.json(401, kit.KEY_INVALID), max_retries=2
    )
    assert type(got) is type(expected) is LookupError
    assert doctored.count == plain.count == 1


@pytest.mark.parametrize("failure", [ValueError("provider broke"), anthropic.APIConnectionError])
async def test_token_provider_failure_passes_through(kit: Any, kind: str, failure: Any) -> None:
    """A token provider's exception reaches the caller as the SDK alone gives it: same class, same attempts."""
    calls: list[int] = []

    def provider() -> str:
        calls.append(1)
        if failure is anthropic.APIConnectionError:
            raise failure(request=kit.HTTP.Request("POST", kit.BASE))
        raise failure

    wire = kit.Wire(lambda r: kit.Reply.json(200, kit.message()))
    expected = await kit.capture(kit.build_client(kind, wire, mode=None, auth=provider, max_retries=1))
    plain_calls = len(calls)
    calls.clear()
    got = await kit.capture(kit.build_client(kind, wire, auth=provider, max_retries=1))
    assert type(got) is type(expected)
    assert str(got) == str(expected)
    assert len(calls) == plain_calls
    assert wire.count == 0


async def test_inner_middleware_gets_its_chance_first(kit: Any, kind: str, mode: str) -> None:
    """A user middleware that re-sends after a 401 still does: the call succeeds, as without inference-doctor."""

    class Resend(anthropic.Middleware):
        def handle(self, request: Any, call_next: Any) -> Any:
            response = call_next(request)
            return call_next(request) if response.http_response.status_code == 401 else response

        async def handle_async(self, request: Any, call_next: Any) -> Any:
            response = await call_next(request)
            return await call_next(request) if response.http_response.status_code == 401 else response

    answers = iter([kit.Reply.json(401, kit.TOKEN_401), kit.Reply.json(200, kit.message())])
    wire = kit.Wire(lambda request: next(answers))
    result = await kit.call(kit.build_client(kind, wire, mode=mode, middleware=[Resend()]))
    assert result.content[0].text == "hello"
    assert wire.count == 2


async def test_middleware_keeps_no_state_between_calls(kit: Any) -> None:
    """One middleware instance serves many threads: each exception carries its own request's diagnosis."""
    wire = kit.Wire(
        lambda r: kit.Reply.json(
            404,
            kit.DEPLOYMENT_NOT_FOUND,
            apim_request_id=r.read().decode().split('"model":"')[1].split('"')[0],
        )
    )
    client = kit.build_client("AnthropicFoundry", wire)
    errors: dict[str, Any] = {}

    def one(name: str) -> None:
        try:
            client.messages.create(model=name, max_tokens=1, messages=[{"role": "user", "content": "hi"}])
        except Exception as exc:
            errors[name] = exc

    threads = [threading.Thread(target=one, args=(f"deployment-{i}",)) for i in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(errors) == 24
    for name, error in errors.items():
        assert isinstance(error, RemediationError)
        assert error.diagnosis.evidence["apim-request-id"] == name


def test_middleware_object_is_usable_by_both_kinds_of_client(kit: Any) -> None:
    """One instance is valid middleware for a sync and an async client (anthropic validates it at construction)."""
    shared = RemediationMiddleware()
    wire = kit.Wire(lambda r: kit.Reply.json(200, kit.message()))
    sync = kit.build_client("AnthropicFoundry", wire, mode=None, middleware=[shared])
    asynchronous = kit.build_client("AsyncAnthropicFoundry", wire, mode=None, middleware=[shared])
    assert sync.middleware == asynchronous.middleware == (shared,)
