"""How the emulator paces a streamed answer: `hold_streams` (held after the first event, released by the test or
by the fallback timeout, never a plain answer) and `stream_delay` (the pause between events, for the CLI)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from inference_doctor.emulator import Emulator, http11
from inference_doctor.emulator import defaults as d

URL = f"https://{d.RESOURCE}.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview"
HEADERS = {"api-key": d.KEY}


def _post(emulator: Emulator, stream: bool) -> httpx.Response:
    with httpx.Client(transport=emulator.httpx_transport()) as client:
        return client.post(URL, json={"model": d.CHAT, "messages": [], "stream": stream}, headers=HEADERS)


def test_a_held_stream_goes_on_when_released(emulator: Emulator) -> None:
    """A held stream is counted as held until release(), then ends whole and nothing is counted as timed out."""
    with emulator.hold_streams() as gate, httpx.Client(transport=emulator.httpx_transport()) as client:
        body = {"model": d.CHAT, "messages": [], "stream": True}
        with client.stream("POST", URL, json=body, headers=HEADERS) as response:
            lines = response.iter_lines()
            first = next(line for line in lines if line)
            assert gate.holding == 1
            gate.release()
            rest = list(lines)
    assert first.startswith("data: {")
    assert "data: [DONE]" in rest
    assert (gate.held, gate.holding, gate.timed_out) == (1, 0, 0)


def test_a_held_stream_goes_on_after_the_timeout(emulator: Emulator) -> None:
    """Without release(), a held stream goes on once the fallback timeout passes, and is counted as timed out."""
    with emulator.hold_streams(timeout=0.01) as gate:
        response = _post(emulator, stream=True)
    assert response.status_code == 200
    assert response.text.rstrip().endswith("data: [DONE]")
    assert (gate.held, gate.holding, gate.timed_out) == (1, 0, 1)


def test_streams_after_release_and_plain_answers_are_not_held(emulator: Emulator) -> None:
    """After release() a stream passes without being held; a non-streamed answer is never held."""
    with emulator.hold_streams() as gate:
        plain = _post(emulator, stream=False)
        gate.release()
        streamed = _post(emulator, stream=True)
    assert plain.status_code == streamed.status_code == 200
    assert (gate.held, gate.timed_out) == (0, 0)


def test_leaving_the_block_releases_a_held_stream(emulator: Emulator) -> None:
    """Leaving `hold_streams` lets a stream still held go on at once (not by the timeout)."""
    body = {"model": d.CHAT, "messages": [], "stream": True}
    holding = emulator.hold_streams()
    gate = holding.__enter__()
    with (
        httpx.Client(transport=emulator.httpx_transport()) as client,
        client.stream("POST", URL, json=body, headers=HEADERS) as response,
    ):
        lines = response.iter_lines()
        next(line for line in lines if line)
        assert gate.holding == 1
        holding.__exit__(None, None, None)
        rest = list(lines)
    assert "data: [DONE]" in rest
    assert (gate.held, gate.holding, gate.timed_out) == (1, 0, 0)


class _Pauses:
    """Stands in for `asyncio` inside the emulator's connection loop: records each `sleep` instead of waiting."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float) -> None:
        self.seconds.append(delay)


async def test_stream_delay_pauses_between_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """`stream_delay` makes the server pause that long between the events of a streamed answer, not before the
    first, and not in a plain answer."""
    pauses = _Pauses()
    monkeypatch.setattr(http11, "asyncio", pauses)
    async with (
        Emulator(stream_delay=0.25) as emu,
        httpx.AsyncClient(transport=emu.async_httpx_transport()) as c,
    ):
        plain = await c.post(URL, json={"model": d.CHAT, "messages": []}, headers=HEADERS)
        assert pauses.seconds == []
        streamed = await c.post(URL, json={"model": d.CHAT, "messages": [], "stream": True}, headers=HEADERS)
    assert plain.status_code == streamed.status_code == 200
    events = streamed.text.count("data: ")
    assert events >= 3
    assert pauses.seconds == [0.25] * (events - 1)
