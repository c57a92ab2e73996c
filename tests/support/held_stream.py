"""Streams read while the emulator holds them (`Emulator.hold_streams`): whether the client's first update came
through while the server still held the rest of the answer. No clock: a buffering layer between client and
server cannot hand over the first update before the server lets the rest go, so it fails deterministically.

It lives in tests/support because that folder is on ``sys.path`` (``pythonpath`` in pyproject.toml)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from inference_doctor.emulator import Emulator


@dataclass(frozen=True)
class HeldStream:
    """What a stream read under `hold_streams` showed."""

    first_while_held: bool  # the first update reached the client while the server held the rest
    timed_out: int  # answers the server let go only because its fallback timeout passed
    updates: list[Any] = field(repr=False)

    @property
    def unbuffered(self) -> bool:
        """The first update came before the rest was sent, and nothing waited for the timeout."""
        return self.first_while_held and self.timed_out == 0 and len(self.updates) >= 2


def read_held(emulator: Emulator, open_stream: Callable[[], Iterable[Any]]) -> HeldStream:
    """Open the stream while the emulator holds streamed answers after their first event, note whether the first
    update arrives while it still holds, then release and read the rest."""
    with emulator.hold_streams() as gate:
        updates = iter(open_stream())
        first = next(updates)
        while_held = gate.holding > 0
        gate.release()
        rest = list(updates)
    return HeldStream(while_held, gate.timed_out, [first, *rest])


async def aread_held(emulator: Emulator, open_stream: Callable[[], AsyncIterator[Any]]) -> HeldStream:
    """`read_held` for an async stream (an async generator that opens the call and yields its updates)."""
    with emulator.hold_streams() as gate:
        updates = open_stream()
        first = await anext(updates)
        while_held = gate.holding > 0
        gate.release()
        rest = [update async for update in updates]
    return HeldStream(while_held, gate.timed_out, [first, *rest])
