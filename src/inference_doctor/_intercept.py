"""The sans-I/O core the interceptors share: which responses to look at, how much of a body the engine gets,
and a diagnosis that can never raise.

Both integration points ask `in_scope` before touching a response and hand what they saw, with at most
`BODY_CAP` bytes of the body, to `examine`: the azure-core policies from what they read themselves (a 401/403/404
to its end, as the SDK reads it before raising; a 400 only up to the cap), the openai integration from the body
openai itself read for the exception it raises.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from .engine.diagnosis import Diagnosis
from .engine.failsafe import log_failure

_LOGGER = logging.getLogger("inference_doctor")

IN_SCOPE = frozenset({400, 401, 403, 404})
"""The only statuses an interceptor reads; every other response passes through untouched and unread."""

BODY_CAP = 1 << 20
"""The most of an error body the engine is handed, and an interceptor holds of its own (1 MiB); the rest of a
larger body is diagnosed from what else is known. The SDK's own read of the body, for its exception, is not cut."""


class BoundedBody:
    """The chunks of a body of unknown length, collected until it ends or passes the cap (the azure policies'
    bounded read of a 400)."""

    __slots__ = ("chunks", "full", "limit", "size")

    def __init__(self, limit: int = BODY_CAP) -> None:
        self.chunks: list[bytes] = []
        self.limit = limit
        self.size = 0
        self.full = False

    def add(self, chunk: bytes) -> bool:
        """Keep one chunk; True once past the cap (stop reading)."""
        self.chunks.append(chunk)
        self.size += len(chunk)
        self.full = self.size > self.limit
        return self.full

    def head(self) -> bytes:
        """The first `limit` bytes, joined with one copy (not a whole join cut afterwards)."""
        parts: list[bytes] = []
        size = 0
        for chunk in self.chunks:
            if size + len(chunk) > self.limit:
                parts.append(chunk[: self.limit - size])
                break
            parts.append(chunk)
            size += len(chunk)
        return b"".join(parts)


def in_scope(status: int) -> bool:
    """True when a response with this status is worth reading and diagnosing."""
    return status in IN_SCOPE


def examine(
    status: int,
    *,
    body: bytes | str | None,
    response_headers: Mapping[str, str] | None,
    method: str | None,
    url: str | None,
    request_headers: Mapping[str, str] | None,
    request_body: bytes | str | None = None,
    include_names: bool = False,
    logger: logging.Logger | None = None,
) -> Diagnosis | None:
    """Diagnose one response for an interceptor; never raises.

    `request_body` (optional) is only searched for the `model` field: on the v1 route and on /models the
    deployment is named there, not in the URL. Returns None when the response is not to be enriched (out of scope, an unmatched 400) or when the engine
    failed, in which case the failure is logged at DEBUG and the caller must raise what the SDK would have raised.
    """
    try:
        from .engine.match import diagnose_signals
        from .engine.read.signals import collect

        signals = collect(
            status,
            body=body,
            response_headers=response_headers,
            method=method,
            url=url,
            request_headers=request_headers,
            request_body=request_body,
            include_names=include_names,
        )
        return diagnose_signals(signals, include_names=include_names)
    except Exception as exc:  # the fail-safe: the SDK's own exception wins
        log_failure(logger or _LOGGER, "could not diagnose a %s response", status, exc)
        return None


def examine_exchange(
    response: Any, body: bytes | None, *, include_names: bool, logger: logging.Logger
) -> Diagnosis | None:
    """`examine` for an httpx / httpx2 response (the openai hook, the anthropic middleware): the request is the one
    the response carries, as sent. Never raises."""
    try:
        request = response.request
        method, url = str(request.method), str(request.url)
        request_headers, sent_body = headers_to_dict(request.headers), request_body(request)
        response_headers = headers_to_dict(response.headers)
    except Exception as exc:
        log_failure(logger, "could not read a %s exchange", getattr(response, "status_code", "?"), exc)
        return None
    return examine(
        response.status_code,
        body=body,
        response_headers=response_headers,
        method=method,
        url=url,
        request_headers=request_headers,
        request_body=sent_body,
        include_names=include_names,
        logger=logger,
    )


def request_body(request: Any) -> bytes | None:
    """The request's body when the HTTP library holds it in memory (the SDKs' JSON bodies), for its `model` field
    only; None for a streamed body that was never read, or anything else."""
    try:
        content = getattr(request, "content", None)  # httpx raises for a streamed body that was never read
    except Exception:
        return None
    if isinstance(content, str):
        return content.encode("utf-8", "replace")
    return content if isinstance(content, bytes) else None


def headers_to_dict(headers: Any) -> dict[str, str]:
    """Copy any header container (dict, CaseInsensitiveDict, httpx.Headers, multidict) into a plain dict.

    Repeated headers are joined with ", " as HTTP allows; keys keep their case (the engine looks them up
    case-insensitively).
    """
    out: dict[str, str] = {}
    if headers is None:
        return out
    items = headers.multi_items() if hasattr(headers, "multi_items") else headers.items()
    for key, value in items:
        k = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        v = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        out[k] = f"{out[k]}, {v}" if k in out else v
    return out
