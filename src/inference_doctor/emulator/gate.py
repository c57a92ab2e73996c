"""`StreamGate`: holds streamed answers after their first event until the test lets them go, so a test proves
without timing that a client got the first update while the server still held the rest (nothing in between
buffered the stream)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

__all__ = ["StreamGate"]


class StreamGate:
    """While armed (``with emu.hold_streams() as gate:``), every streamed answer stops after its first event until
    ``gate.release()``, or until `timeout` seconds pass (a fallback so that nothing hangs: a client that waits for
    the whole body, e.g. behind a buffering interceptor, gets it late, and ``gate.timed_out`` counts it).

    ``gate.holding`` is how many answers are held right now: read it when the client has its first update; more
    than zero means that update came through while the server still held the rest. Safe across threads: the sync
    emulator serves from its own thread, the test reads and releases from its own.
    """

    def __init__(self, timeout: float = 10.0) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._released = False
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._holding = 0
        self._held = 0
        self._timed_out = 0

    @property
    def holding(self) -> int:
        """How many streamed answers are held after their first event right now."""
        with self._lock:
            return self._holding

    @property
    def held(self) -> int:
        """How many streamed answers have been held so far."""
        with self._lock:
            return self._held

    @property
    def timed_out(self) -> int:
        """How many held answers went on because `timeout` passed, not because of `release()`."""
        with self._lock:
            return self._timed_out

    def release(self) -> None:
        """Let every held answer go on, and every later one pass without stopping."""
        with self._lock:
            self._released = True
            waiters, self._waiters = self._waiters, []
        for loop, event in waiters:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[Callable[[], Awaitable[None]]]:
        """Server side, around the sending of one streamed answer: the answer counts as held from before its
        first event is sent (so a client that has that event always finds it held), and the function yielded
        waits (after the first event) until `release()` or `timeout`."""
        waiter = (asyncio.get_running_loop(), asyncio.Event())
        with self._lock:
            if self._released:
                waiter[1].set()
            else:
                self._waiters.append(waiter)
                self._holding += 1
                self._held += 1
        counted = [not waiter[1].is_set()]  # still counted in `holding`

        def let_go(timed_out: bool) -> None:
            with self._lock:
                self._timed_out += timed_out
                if counted[0]:
                    self._holding -= 1
                    counted[0] = False
                if waiter in self._waiters:
                    self._waiters.remove(waiter)

        async def wait() -> None:
            # `holding` drops and `timed_out` counts before any later event is sent, so a client that gets its
            # first update only with the rest (behind a buffering layer) never finds its answer held
            try:
                await asyncio.wait_for(waiter[1].wait(), self.timeout)
            except asyncio.TimeoutError:
                let_go(True)
            else:
                let_go(False)

        try:
            yield wait
        finally:
            let_go(False)
