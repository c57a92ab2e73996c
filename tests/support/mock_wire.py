"""A mock service for the httpx-based SDK tests (openai, anthropic): replies, a request log, and a MockTransport of
whichever HTTP library (httpx or httpx2) the client under test runs on."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reply:
    """What the mock service answers."""

    status: int
    body: bytes | Iterator[bytes] | AsyncIterator[bytes] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: object, **headers: str) -> Reply:
        """A JSON reply with Azure's request-id headers (never anthropic's own `request-id`)."""
        hdrs = {
            "content-type": "application/json",
            "apim-request-id": "apim-0001",
            "x-ms-request-id": "ms-0001",
            "x-request-id": "xreq-0001",
        }
        hdrs.update({k.replace("_", "-"): v for k, v in headers.items()})
        return cls(status, json.dumps(payload).encode(), hdrs)


@dataclass
class Wire:
    """A mock service: counts requests and keeps the ones it saw."""

    responder: Callable[[Any], Reply]
    requests: list[Any] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def count(self) -> int:
        """How many requests reached the service."""
        return len(self.requests)

    def _reply(self, request: Any, module: Any) -> Any:
        with self.lock:
            self.requests.append(request)
        reply = self.responder(request)
        return module.Response(reply.status, headers=reply.headers, content=reply.body or b"")

    def transport(self, module: Any, *, is_async: bool) -> Any:
        """A MockTransport of `module` (httpx or httpx2)."""
        if is_async:

            async def handler(request: Any) -> Any:
                if request.stream is not None and hasattr(request, "aread"):
                    await request.aread()
                return self._reply(request, module)

            return module.MockTransport(handler)
        return module.MockTransport(lambda request: self._reply(request, module))
