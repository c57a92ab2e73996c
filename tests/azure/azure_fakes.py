"""In-memory azure-core transports with canned responses, for the policy's unit tests.

The responses are azure-core's own ``azure.core.rest`` response implementations with an in-memory body source,
so ``read()``, ``iter_bytes()``, ``stream=True`` and closing behave as with a real transport, and the tests can
count every byte the policy pulls from a body.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from azure.core.pipeline.transport import AsyncHttpTransport, HttpTransport
from azure.core.rest._http_response_impl import HttpResponseImpl
from azure.core.rest._http_response_impl_async import AsyncHttpResponseImpl
from azure.core.utils import case_insensitive_dict

CHUNK = 64 * 1024

# A key of the Azure shape, built here so no real-looking secret sits in the source; tests check that it never
# shows up in any output.
FAKE_KEY = "".join(f"{i:x}" for i in range(16)) * 2
MODELS_URL = "https://contoso.services.ai.azure.com/models"
CHAT_URL = f"{MODELS_URL}/chat/completions?api-version=2024-05-01-preview"
INFO_URL = f"{MODELS_URL}/info?api-version=2024-05-01-preview"

NO_MODEL_NAME = {
    "error": {
        "code": "no_model_name",
        "message": "No model specified in request. Please provide a model name in the request body or as a "
        "x-ms-model-mesh-model-name header.",
    }
}
REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


@dataclass
class Reply:
    """One canned response."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    chunked: bool = False
    """No Content-Length header (a body of unknown length)."""
    chunk_size: int = CHUNK

    @classmethod
    def json(cls, status: int, payload: object, **kwargs: Any) -> Reply:
        """A JSON reply."""
        headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
        return cls(status, json.dumps(payload).encode(), headers, **kwargs)

    def all_headers(self) -> dict[str, str]:
        headers = {"apim-request-id": "req-0001", **self.headers}
        if not self.chunked:
            headers["Content-Length"] = str(len(self.body))
        return headers


class _Source:
    """The body of one response, served chunk by chunk; counts what was pulled."""

    def __init__(self, transport: _Recorder, reply: Reply) -> None:
        self.transport = transport
        self.reply = reply
        self.closed = False

    def chunks(self) -> Iterator[bytes]:
        body, size = self.reply.body, self.reply.chunk_size
        for start in range(0, len(body), size):
            chunk = body[start : start + size]
            self.transport.bytes_served += len(chunk)
            yield chunk

    def close(self) -> None:
        self.closed = True


class _Recorder:
    """What both fake transports record: every request as sent and the options it came with."""

    def __init__(self, *replies: Reply | Callable[[Any], Reply]) -> None:
        self.replies = replies
        self.sent: list[tuple[str, str, dict[str, str]]] = []
        self.options: list[dict[str, Any]] = []
        self.bytes_served = 0

    @property
    def count(self) -> int:
        return len(self.sent)

    def reply_for(self, request: Any, options: dict[str, Any]) -> Reply:
        self.sent.append((request.method, request.url, dict(request.headers)))
        self.options.append(dict(options))
        chosen = self.replies[min(len(self.sent), len(self.replies)) - 1]
        return chosen(request) if callable(chosen) else chosen


class FakeResponse(HttpResponseImpl):
    """A sync ``azure.core.rest`` response over an in-memory body."""

    def __init__(self, request: Any, source: _Source) -> None:
        headers = source.reply.all_headers()
        super().__init__(
            request=request,
            internal_response=source,
            status_code=source.reply.status,
            reason=REASONS.get(source.reply.status, "Unknown"),
            content_type=headers.get("Content-Type"),
            headers=case_insensitive_dict(headers),
            stream_download_generator=lambda response, pipeline, decompress: source.chunks(),
            block_size=source.reply.chunk_size,
        )


class FakeAsyncResponse(AsyncHttpResponseImpl):
    """An async ``azure.core.rest`` response over an in-memory body."""

    def __init__(self, request: Any, source: _Source) -> None:
        headers = source.reply.all_headers()

        async def chunks(response: Any, pipeline: Any, decompress: bool) -> AsyncIterator[bytes]:
            for chunk in source.chunks():
                await asyncio.sleep(0)
                yield chunk

        super().__init__(
            request=request,
            internal_response=source,
            status_code=source.reply.status,
            reason=REASONS.get(source.reply.status, "Unknown"),
            content_type=headers.get("Content-Type"),
            headers=case_insensitive_dict(headers),
            stream_download_generator=chunks,
            block_size=source.reply.chunk_size,
        )

    async def close(self) -> None:
        self._is_closed = True
        self._internal_response.close()


class FakeTransport(_Recorder, HttpTransport):  # type: ignore[misc]
    """A sync transport that answers from a list of replies (the last one repeats)."""

    def send(self, request: Any, **kwargs: Any) -> FakeResponse:
        response = FakeResponse(request, _Source(self, self.reply_for(request, kwargs)))
        if not kwargs.get("stream", False):
            response.read()
        return response

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> FakeTransport:
        return self

    def __exit__(self, *args: Any) -> None:
        pass


class FakeAsyncTransport(_Recorder, AsyncHttpTransport):  # type: ignore[misc]
    """The async twin of `FakeTransport`."""

    async def send(self, request: Any, **kwargs: Any) -> FakeAsyncResponse:
        await asyncio.sleep(0)
        response = FakeAsyncResponse(request, _Source(self, self.reply_for(request, kwargs)))
        if not kwargs.get("stream", False):
            await response.read()
        return response

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def __aenter__(self) -> FakeAsyncTransport:
        return self

    async def __aexit__(self, *args: Any) -> None:
        pass
