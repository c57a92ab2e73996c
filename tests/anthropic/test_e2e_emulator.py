"""End to end: every scenario AnthropicFoundry reaches, through AnthropicFoundry and AsyncAnthropicFoundry over the
emulator on loopback, with keys and token providers, streamed and not, the middleware attached at construction or
by instrument(); and the same calls without it, for comparison."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anthropic
import pytest
from held_stream import aread_held, read_held
from sdk_kit import row_outcome

from inference_doctor import RemediationError
from inference_doctor.anthropic import RemediationMiddleware, instrument
from inference_doctor.emulator import (
    REPRODUCTIONS,
    WORKING_CALLS,
    Emulator,
    build_async_client,
    build_client,
)
from inference_doctor.emulator.completions import REPLY_TEXT

ROWS = [r for r in REPRODUCTIONS if r.sdk == "anthropic"]
OK_ROWS = [r for r in WORKING_CALLS if r.sdk == "anthropic"]
# (async?, how the middleware is attached, streamed?)
VARIANTS = {
    "sync-middleware": (False, "middleware", False),
    "async-middleware-stream": (True, "middleware", True),
    "sync-instrument-stream": (False, "instrument", True),
    "async-instrument": (True, "instrument", False),
}
SDK_CLASS = {
    400: anthropic.BadRequestError,
    401: anthropic.AuthenticationError,
    403: anthropic.PermissionDeniedError,
    404: anthropic.NotFoundError,
}


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    """The data-plane emulator on loopback, for this module."""
    with Emulator() as emulator:
        yield emulator


async def _run(rep: Any, emu: Emulator, *, is_async: bool, mode: str | None) -> BaseException | None:
    """Build the row's client (the middleware attached as `mode` says), make its call, return what it raised."""
    middleware = [RemediationMiddleware()] if mode == "middleware" else []
    attach = instrument if mode == "instrument" else None
    return await row_outcome(rep, emu, is_async=is_async, instrument=attach, middleware=middleware)


def _streamed(rep: Any, streamed: bool) -> Any:
    return dataclasses.replace(rep, call="messages-stream") if streamed and rep.call == "messages" else rep


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("rep", ROWS, ids=lambda r: r.id)
async def test_scenario_through_anthropic_foundry(emu: Emulator, rep: Any, variant: str) -> None:
    """anthropic's own class and a RemediationError, the row's id, anthropic's attributes and text first, one request."""
    is_async, mode, streamed = VARIANTS[variant]
    rep = _streamed(rep, streamed)
    before = len(emu.seen)
    expected = await _run(rep, emu, is_async=is_async, mode=None)
    middle = len(emu.seen)
    got = await _run(rep, emu, is_async=is_async, mode=mode)
    after = len(emu.seen)

    assert type(expected) is SDK_CLASS[rep.status]
    assert isinstance(got, SDK_CLASS[rep.status])
    assert isinstance(got, RemediationError)
    assert got.diagnosis.scenario == rep.scenario
    assert (got.status_code, got.message, got.body, got.request_id) == (
        expected.status_code,
        expected.message,
        expected.body,
        expected.request_id,
    )
    assert str(got).splitlines()[0] == str(expected).splitlines()[0]
    assert rep.message in str(got).splitlines()[0]
    assert middle - before == after - middle == 1
    assert got.response.headers["apim-request-id"] == got.diagnosis.evidence["apim-request-id"]
    output = str(got) + repr(got) + str(got.diagnosis.to_dict())
    if rep.credential.key:
        assert rep.credential.key not in output, "secret leaked"
    assert "eyJ" not in output, "secret leaked"


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("rep", OK_ROWS, ids=lambda r: r.id)
async def test_working_calls_unchanged(emu: Emulator, rep: Any, variant: str) -> None:
    """Correctly configured calls succeed with the middleware, with one request each."""
    is_async, mode, streamed = VARIANTS[variant]
    rep = _streamed(rep, streamed)
    before = len(emu.seen)
    assert await _run(rep, emu, is_async=is_async, mode=mode) is None
    assert len(emu.seen) - before == 1


@pytest.mark.parametrize("is_async", [False, True])
@pytest.mark.parametrize("attached", [False, True])
async def test_stream_arrives_event_by_event(emu: Emulator, is_async: bool, attached: bool) -> None:
    """Over a real socket, a streamed message's first event reaches the caller while the server still holds the
    rest, middleware or not, and the text is whole."""
    rep = next(r for r in OK_ROWS if r.call == "messages-stream")
    middleware = [RemediationMiddleware()] if attached else []
    params: dict[str, Any] = {
        "model": rep.model,
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "Hello"}],
    }

    def events() -> Iterator[Any]:
        client = build_client(rep, emu, middleware=middleware)
        with client.messages.stream(**params) as stream:
            yield from stream
        client.close()

    async def aevents() -> AsyncIterator[Any]:
        client = build_async_client(rep, emu, middleware=middleware)
        async with client.messages.stream(**params) as stream:
            async for event in stream:
                yield event
        await client.close()

    held = await aread_held(emu, aevents) if is_async else read_held(emu, events)
    assert held.unbuffered, held
    assert held.updates[0].type == "message_start"
    assert "".join(e.text for e in held.updates if e.type == "text") == REPLY_TEXT
