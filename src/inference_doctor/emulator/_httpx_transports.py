"""httpx transports that deliver to the emulator. The client's request (what event hooks and `response.request`
see) keeps its Azure URL; the transport sends a copy addressed to `127.0.0.1:<port>`, `Host` unchanged."""

from __future__ import annotations

from typing import Any

import httpx

from ._routing import loopback_url

__all__ = ["AsyncRoutingTransport", "RoutingTransport"]


def _routed(request: httpx.Request, port: int) -> httpx.Request:
    target = loopback_url(str(request.url), port)
    if target is None:
        return request
    return httpx.Request(
        request.method,
        target[0],
        headers=request.headers,
        stream=request.stream,
        extensions=request.extensions,
    )


class RoutingTransport(httpx.BaseTransport):
    """Sync httpx transport to the emulator; `kwargs` configure the inner `httpx.HTTPTransport`."""

    def __init__(self, port: int, **kwargs: Any) -> None:
        self._port = port
        self._inner = httpx.HTTPTransport(**kwargs)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send a loopback copy of the request."""
        return self._inner.handle_request(_routed(request, self._port))

    def close(self) -> None:
        """Close the inner transport's connections."""
        self._inner.close()


class AsyncRoutingTransport(httpx.AsyncBaseTransport):
    """Async httpx transport to the emulator."""

    def __init__(self, port: int, **kwargs: Any) -> None:
        self._port = port
        self._inner = httpx.AsyncHTTPTransport(**kwargs)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send a loopback copy of the request."""
        return await self._inner.handle_async_request(_routed(request, self._port))

    async def aclose(self) -> None:
        """Close the inner transport's connections."""
        await self._inner.aclose()
