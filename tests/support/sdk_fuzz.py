"""One fuzz harness for the interceptors of the httpx-based SDKs (openai's hooks, anthropic's middleware): the
same example run twice through a real client of the SDK over a MockTransport (``max_retries=0``), once without the
interceptor (the reference) and once with it, then `compare` (hardening_strategies.py) checks the
enriched-or-identical outcome, one attempt each way, and that nothing leaks.

An `HttpxSdk` says what differs between SDKs: the HTTP library, how a client is built with or without the
interceptor, the call, and what in the logs differs per call only. `fuzz_tests` gives a test module its two tests.

It lives in tests/support because that folder is on ``sys.path`` (``pythonpath`` in pyproject.toml)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hardening_strategies import (
    FOCUSED_PROFILES,
    PROFILES,
    Outcome,
    ReplySpec,
    RequestSpec,
    compare,
    focused_reply_specs,
    focused_request_specs,
    label,
    reply_specs,
    request_specs,
    run_async,
    run_sync,
    sdk_text_kept,
)
from hypothesis import event, given, settings
from hypothesis import strategies as st

from inference_doctor import RemediationError

MESSAGES = [{"role": "user", "content": "hi"}]


def _same(outcome: Outcome) -> None:
    return None


@dataclass(frozen=True)
class HttpxSdk:
    """What the harness needs to know of one SDK."""

    name: str  # in messages: "openai", "anthropic"
    http: Any  # the HTTP library its clients take (httpx or httpx2)
    # (kind, request, transport, attached) -> a client of class `kind` over `transport`, the interceptor attached
    # or not; `kind` names an async client when it starts with "Async"
    client: Callable[[str, RequestSpec, Any, bool], Any]
    # (client, request, stream) -> the call's result (a coroutine for an async client); a stream is iterated
    create: Callable[[Any, RequestSpec, bool], Any]
    # drops from an outcome's logs what differs per call only (ids, modes), the same with and without
    same_call: Callable[[Outcome], None] = _same


class Counter:
    """Counts the requests that reach the mock service."""

    def __init__(self) -> None:
        self.count = 0


def _handler(http: Any, reply: ReplySpec, counter: Counter, *, is_async: bool) -> Any:
    headers = reply.wire_headers()

    def content() -> Any:
        if reply.length:
            return reply.wire_body
        if not is_async:
            return reply.chunks()

        async def chunks() -> AsyncIterator[bytes]:
            for chunk in reply.chunks():
                yield chunk

        return chunks()

    if is_async:

        async def handle_async(request: Any) -> Any:
            counter.count += 1
            await request.aread()
            return http.Response(reply.status, headers=headers, content=content())

        return handle_async

    def handle(request: Any) -> Any:
        counter.count += 1
        request.read()
        return http.Response(reply.status, headers=headers, content=content())

    return handle


def run(
    sdk: HttpxSdk, kind: str, spec: RequestSpec, reply: ReplySpec, *, attached: bool, stream: bool
) -> Outcome:
    """One call (a stream is consumed) with or without the interceptor."""
    counter = Counter()
    is_async = kind.startswith("Async")
    try:
        transport = sdk.http.MockTransport(_handler(sdk.http, reply, counter, is_async=is_async))
        client = sdk.client(kind, spec, transport, attached)
    except Exception as exc:  # a URL or header the HTTP library refuses: the same with and without
        return Outcome(error=exc)
    if is_async:

        async def acall() -> Any:
            result = await sdk.create(client, spec, stream)
            return [repr(item) async for item in result] if stream else result

        return run_async(acall, lambda: counter.count)

    def call() -> Any:
        result = sdk.create(client, spec, stream)
        return [repr(item) for item in result] if stream else result

    return run_sync(call, lambda: counter.count)


def check(sdk: HttpxSdk, kind: str, spec: RequestSpec, reply: ReplySpec, stream: bool) -> None:
    """Run one example with and without the interceptor and compare."""
    reference = run(sdk, kind, spec, reply, attached=False, stream=stream)
    got = run(sdk, kind, spec, reply, attached=True, stream=stream)
    sdk.same_call(reference)
    sdk.same_call(got)
    event(label(got))
    compare(reference, got, spec.secret)
    if isinstance(got.error, RemediationError):
        kept = sdk_text_kept(reference, got)
        assert kept is True, f"str(exc) does not start with {sdk.name}'s own text for this response"


def fuzz_tests(sdk: HttpxSdk, kinds: list[str]) -> tuple[Callable[..., None], Callable[..., None]]:
    """The two fuzz tests of a module, over every client class in `kinds`: any response (quick and long
    profiles), and the catalogued bodies and credentials the engine reads (focused profiles)."""

    @pytest.mark.parametrize("profile", PROFILES)
    @pytest.mark.parametrize("kind", kinds)
    def test_any_response_gives_the_sdk_outcome_or_the_enriched_one(profile: settings, kind: str) -> None:
        @profile
        @given(spec=request_specs, reply=reply_specs, stream=st.booleans())
        def prop(spec: RequestSpec, reply: ReplySpec, stream: bool) -> None:
            check(sdk, kind, spec, reply, stream)

        prop()

    @pytest.mark.parametrize("profile", FOCUSED_PROFILES)
    @pytest.mark.parametrize("kind", kinds)
    def test_no_piece_of_the_secret_in_any_output(profile: settings, kind: str) -> None:
        @profile
        @given(spec=focused_request_specs, reply=focused_reply_specs, stream=st.booleans())
        def prop(spec: RequestSpec, reply: ReplySpec, stream: bool) -> None:
            check(sdk, kind, spec, reply, stream)

        prop()

    test_any_response_gives_the_sdk_outcome_or_the_enriched_one.__doc__ = (
        f"Random and near-valid bodies, odd URLs and almost-JWTs: enriched {sdk.name} class or the SDK's exact "
        "outcome."
    )
    test_no_piece_of_the_secret_in_any_output.__doc__ = "Catalogued error bodies and credentials the engine reads: no piece of a key or token anywhere in the output."
    return (
        test_any_response_gives_the_sdk_outcome_or_the_enriched_one,
        test_no_piece_of_the_secret_in_any_output,
    )
