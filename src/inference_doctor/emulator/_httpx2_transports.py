"""httpx2 transports (the HTTP stack of openai 3.x) that deliver to the emulator. The client's request (what event
hooks and `response.request` see) keeps its Azure URL; the transport sends a loopback copy, `Host` unchanged."""

from __future__ import annotations

from typing import Any

import httpx2

from ._routing import loopback_url

__all__ = ["AsyncRoutingTransport", "RoutingTransport"]


def _routed(request: httpx2.Request, port: int) -> httpx2.Request:
    target = loopback_url(str(request.url), port)
    if target is None:
        return request
    return httpx2.Request(
        request.method,
        target[0],
        headers=request.headers,
        stream=request.stream,
        extensions=request.extensions,
    )


class RoutingTransport(httpx2.BaseTransport):
    """Sync httpx2 transport to the emulator; `kwargs` configure the inner `httpx2.HTTPTransport`."""

    def __init__(self, port: int, **kwargs: Any) -> None:
        self._port = port
        self._inner = httpx2.HTTPTransport(**kwargs)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send a loopback copy of the request."""
        return self._inner.handle_request(_routed(request, self._port))

    def close(self) -> None:
        """Close the inner transport's connections."""
        self._inner.close()


class AsyncRoutingTransport(httpx2.AsyncBaseTransport):
    """Async httpx2 transport to the emulator."""

    def __init__(self, port: int, **kwargs: Any) -> None:
        self._port = port
        self._inner = httpx2.AsyncHTTPTransport(**kwargs)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send a loopback copy of the request."""
        return await self._inner.handle_async_request(_routed(request, self._port))

    async def aclose(self) -> None:
        """Close the inner transport's connections."""
        await self._inner.aclose()
