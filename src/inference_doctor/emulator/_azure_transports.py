"""azure-core transports that deliver to the emulator. The request the pipeline policies see keeps its Azure URL:
the URL is swapped (and `Host` set to the Azure host) only for the duration of the transport's own `send`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from azure.core.pipeline.transport import AioHttpTransport, RequestsTransport

from ._routing import loopback_url

__all__ = ["RoutingAioHttpTransport", "RoutingRequestsTransport"]


@contextmanager
def _rerouted(request: Any, port: int) -> Iterator[None]:
    target = loopback_url(request.url, port)
    if target is None:
        yield
        return
    original_url, headers = request.url, request.headers
    previous_host = headers.get("Host")
    request.url = target[0]
    headers["Host"] = target[1]
    try:
        yield
    finally:
        request.url = original_url
        if previous_host is None:
            headers.pop("Host", None)
        else:
            headers["Host"] = previous_host


class RoutingRequestsTransport(RequestsTransport):  # type: ignore[misc]  # lazily exported: Any to mypy
    """`RequestsTransport` that sends every request to `127.0.0.1:<port>` over plain HTTP."""

    def __init__(self, port: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.emulator_port = port

    def send(self, request: Any, **kwargs: Any) -> Any:
        """Send to the emulator; the request is left exactly as it came."""
        with _rerouted(request, self.emulator_port):
            return super().send(request, **kwargs)


class RoutingAioHttpTransport(AioHttpTransport):  # type: ignore[misc]
    """`AioHttpTransport` that sends every request to `127.0.0.1:<port>` over plain HTTP."""

    def __init__(self, port: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.emulator_port = port

    async def send(self, request: Any, **kwargs: Any) -> Any:
        """Send to the emulator; the request is left exactly as it came."""
        with _rerouted(request, self.emulator_port):
            return await super().send(request, **kwargs)
