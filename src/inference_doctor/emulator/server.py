"""The `Emulator`: the service on a loopback socket, started from sync code (its own thread and event loop) or
from async code (the running loop), with a request counter and factories for the routing transports."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .gate import StreamGate
from .http11 import nothing_held, serve_connection
from .model import EmulatorConfig
from .replies import Reply
from .request import Request
from .service import handle

if TYPE_CHECKING:
    import httpx
    import httpx2
    from azure.core.pipeline.transport import AioHttpTransport, RequestsTransport

__all__ = ["Emulator", "SeenRequest"]

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class SeenRequest:
    """One request that reached the emulator (no header values: never a key or token)."""

    method: str
    host: str
    path: str
    status: int


class Emulator:
    """The Azure AI data plane on `127.0.0.1:<port>`.

    Sync: ``with Emulator() as emu:`` serves from a background thread that ``stop()`` joins.
    Async: ``async with Emulator() as emu:`` serves from the running event loop.
    `stream_delay` is the pause (seconds) between the events of a streamed answer; ``with emu.hold_streams() as
    gate:`` holds streamed answers after their first event until ``gate.release()`` (see `StreamGate`).
    """

    def __init__(
        self, config: EmulatorConfig | None = None, *, port: int = 0, stream_delay: float = 0.0
    ) -> None:
        if config is None:
            from .defaults import default_config

            config = default_config()
        self.config = config
        self.stream_delay = stream_delay
        self._requested_port = port
        self._port: int | None = None
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._lock = threading.Lock()
        self._seen: list[SeenRequest] = []
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        self._gate: StreamGate | None = None

    # -- address -------------------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port the emulator listens on (only while it runs)."""
        if self._port is None:
            raise RuntimeError("the emulator is not running")
        return self._port

    @property
    def address(self) -> str:
        """`http://127.0.0.1:<port>`."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def running(self) -> bool:
        """Whether the listening socket is open."""
        return self._server is not None

    # -- requests seen -------------------------------------------------------------------------------------

    @property
    def seen(self) -> list[SeenRequest]:
        """Every request answered so far, in order."""
        with self._lock:
            return list(self._seen)

    def count(self, *, host: str | None = None, path: str | None = None) -> int:
        """How many HTTP requests reached the emulator (optionally only for one host and/or path)."""
        with self._lock:
            return sum(
                1 for s in self._seen if (host is None or s.host == host) and (path is None or s.path == path)
            )

    def counts(self) -> Counter[tuple[str, str]]:
        """Requests per `(host, path)`."""
        with self._lock:
            return Counter((s.host, s.path) for s in self._seen)

    def reset_counts(self) -> None:
        """Forget the requests seen so far."""
        with self._lock:
            self._seen.clear()

    def _answer(self, request: Request) -> Reply:
        reply = handle(self.config, request, time.time())
        with self._lock:
            self._seen.append(SeenRequest(request.method, request.host, request.path, reply.status))
        return reply

    # -- holding streamed answers ------------------------------------------------------------------------

    @contextmanager
    def hold_streams(self, timeout: float = 10.0) -> Iterator[StreamGate]:
        """Hold every streamed answer after its first event until ``gate.release()`` (or `timeout` seconds);
        leaving the block releases whatever is still held."""
        gate = StreamGate(timeout)
        self._gate = gate
        try:
            yield gate
        finally:
            self._gate = None
            gate.release()

    def _hold(self) -> AbstractAsyncContextManager[Callable[[], Awaitable[None]]]:
        gate = self._gate
        return gate.hold() if gate is not None else nothing_held()

    # -- serving -------------------------------------------------------------------------------------------

    async def _on_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._connections.add(task)
        try:
            await serve_connection(reader, writer, self._answer, lambda: self.stream_delay, self._hold)
        except asyncio.CancelledError:
            pass  # closing the emulator: end quietly (asyncio logs a cancelled connection task as an error)
        finally:
            if task is not None:
                self._connections.discard(task)

    async def _open(self) -> None:
        self._server = await asyncio.start_server(self._on_connection, LOOPBACK, self._requested_port)
        self._port = self._server.sockets[0].getsockname()[1]

    async def _close(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        tasks = list(self._connections)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()
        self._port = None

    # async use

    async def astart(self) -> Emulator:
        """Start serving from the running event loop."""
        if self._server is not None or self._thread is not None:
            raise RuntimeError("the emulator is already running")
        await self._open()
        return self

    async def astop(self) -> None:
        """Stop serving: close the socket and every open connection."""
        await self._close()

    async def __aenter__(self) -> Emulator:
        return await self.astart()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.astop()

    # sync use

    def start(self) -> Emulator:
        """Start serving from a background thread with its own event loop."""
        if self._server is not None or self._thread is not None:
            raise RuntimeError("the emulator is already running")
        ready = threading.Event()
        errors: list[BaseException] = []
        self._thread = threading.Thread(
            target=self._thread_main, args=(ready, errors), name="inference-doctor-emulator", daemon=True
        )
        self._thread.start()
        ready.wait()
        if errors:
            self._thread.join()
            self._thread = None
            raise errors[0]
        return self

    def _thread_main(self, ready: threading.Event, errors: list[BaseException]) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._thread_serve(ready))
        except BaseException as error:  # reported to start()
            errors.append(error)
            ready.set()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            self._loop = None

    async def _thread_serve(self, ready: threading.Event) -> None:
        self._stop_event = asyncio.Event()
        await self._open()
        ready.set()
        try:
            await self._stop_event.wait()
        finally:
            await self._close()

    def stop(self) -> None:
        """Stop serving and join the background thread."""
        thread, loop, event = self._thread, self._loop, self._stop_event
        if thread is None:
            return
        if loop is not None and event is not None and not loop.is_closed():
            loop.call_soon_threadsafe(event.set)
        thread.join()
        self._thread = None
        self._stop_event = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- routing transports and clients --------------------------------------------------------------------

    def requests_transport(self, **kwargs: Any) -> RequestsTransport:
        """An azure-core `RequestsTransport` that sends to the emulator; policies keep seeing the Azure URL."""
        from ._azure_transports import RoutingRequestsTransport

        return RoutingRequestsTransport(self.port, **kwargs)

    def aiohttp_transport(self, **kwargs: Any) -> AioHttpTransport:
        """An azure-core `AioHttpTransport` that sends to the emulator (create it inside the event loop)."""
        from ._azure_transports import RoutingAioHttpTransport

        return RoutingAioHttpTransport(self.port, **kwargs)

    def httpx_transport(self, **kwargs: Any) -> httpx.BaseTransport:
        """An `httpx.BaseTransport` that sends to the emulator; `kwargs` go to the inner `HTTPTransport`."""
        from ._httpx_transports import RoutingTransport

        return RoutingTransport(self.port, **kwargs)

    def async_httpx_transport(self, **kwargs: Any) -> httpx.AsyncBaseTransport:
        """An `httpx.AsyncBaseTransport` that sends to the emulator."""
        from ._httpx_transports import AsyncRoutingTransport

        return AsyncRoutingTransport(self.port, **kwargs)

    def httpx_client(self, **kwargs: Any) -> httpx.Client:
        """An `httpx.Client` over `httpx_transport()`; `kwargs` (e.g. `event_hooks=`) go to the client."""
        import httpx

        return httpx.Client(transport=self.httpx_transport(), **kwargs)

    def async_httpx_client(self, **kwargs: Any) -> httpx.AsyncClient:
        """An `httpx.AsyncClient` over `async_httpx_transport()`."""
        import httpx

        return httpx.AsyncClient(transport=self.async_httpx_transport(), **kwargs)

    def httpx2_transport(self, **kwargs: Any) -> httpx2.BaseTransport:
        """An `httpx2.BaseTransport` (the HTTP stack of openai 3.x) that sends to the emulator."""
        from ._httpx2_transports import RoutingTransport

        return RoutingTransport(self.port, **kwargs)

    def async_httpx2_transport(self, **kwargs: Any) -> httpx2.AsyncBaseTransport:
        """An `httpx2.AsyncBaseTransport` that sends to the emulator."""
        from ._httpx2_transports import AsyncRoutingTransport

        return AsyncRoutingTransport(self.port, **kwargs)

    def httpx2_client(self, **kwargs: Any) -> httpx2.Client:
        """An `httpx2.Client` over `httpx2_transport()` (what openai 3.x builds by default)."""
        import httpx2

        return httpx2.Client(transport=self.httpx2_transport(), **kwargs)

    def async_httpx2_client(self, **kwargs: Any) -> httpx2.AsyncClient:
        """An `httpx2.AsyncClient` over `async_httpx2_transport()`."""
        import httpx2

        return httpx2.AsyncClient(transport=self.async_httpx2_transport(), **kwargs)

    def anthropic_http_client(self, **kwargs: Any) -> Any:
        """The HTTP client `AnthropicFoundry(http_client=...)` takes, routed to the emulator: an `httpx2.Client`
        (anthropic 1.0 and later accept nothing else), or an `httpx.Client` for an older anthropic."""
        return self.httpx2_client(**kwargs) if _anthropic_on_httpx2() else self.httpx_client(**kwargs)

    def async_anthropic_http_client(self, **kwargs: Any) -> Any:
        """The async twin of `anthropic_http_client`, for `AsyncAnthropicFoundry(http_client=...)`."""
        if _anthropic_on_httpx2():
            return self.async_httpx2_client(**kwargs)
        return self.async_httpx_client(**kwargs)


def _anthropic_on_httpx2() -> bool:
    """Whether the installed anthropic runs on httpx2 (1.0 and later) rather than httpx."""
    import anthropic._base_client as base

    return hasattr(base, "httpx2")
