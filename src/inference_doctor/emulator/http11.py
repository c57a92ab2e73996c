"""A small HTTP/1.1 server connection loop on asyncio streams (keep-alive, Content-Length and chunked bodies,
chunked event streams flushed one event at a time)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from http import HTTPStatus

from .replies import Reply
from .request import Request

__all__ = ["nothing_held", "serve_connection"]

Handler = Callable[[Request], Reply]
# Around the sending of a streamed answer: yields what to await between its first and second event.
Hold = Callable[[], AbstractAsyncContextManager[Callable[[], Awaitable[None]]]]
MAX_BODY = 16 * 1024 * 1024


class _BadRequest(Exception):
    pass


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = bytearray()
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":
                    pass
                return bytes(body)
            body += await reader.readexactly(size)
            await reader.readexactly(2)
            if len(body) > MAX_BODY:
                raise _BadRequest
    length = int(headers.get("content-length", "0") or "0")
    if length < 0 or length > MAX_BODY:
        raise _BadRequest
    return await reader.readexactly(length) if length else b""


def _parse_head(head: bytes) -> tuple[str, str, str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        raise _BadRequest
    method, target, version = parts
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise _BadRequest
        headers[name.strip().lower()] = value.strip()
    return method, target, version, headers


def _status_line(status: int) -> bytes:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    return f"HTTP/1.1 {status} {phrase}\r\n".encode()


async def _go_on() -> None:
    return None


@asynccontextmanager
async def nothing_held() -> AsyncIterator[Callable[[], Awaitable[None]]]:
    """The `Hold` that holds nothing."""
    yield _go_on


async def _write(
    writer: asyncio.StreamWriter,
    reply: Reply,
    keep_alive: bool,
    head_only: bool,
    delay: float,
    hold: Hold = nothing_held,
) -> None:
    lines = [_status_line(reply.status)]
    lines += [f"{name}: {value}\r\n".encode("latin-1") for name, value in reply.headers]
    lines.append(b"connection: keep-alive\r\n" if keep_alive else b"connection: close\r\n")
    if reply.events is None:
        lines.append(f"content-length: {len(reply.body)}\r\n\r\n".encode())
        writer.write(b"".join(lines) + (b"" if head_only else reply.body))
        await writer.drain()
        return
    lines.append(b"transfer-encoding: chunked\r\n\r\n")
    writer.write(b"".join(lines))
    await writer.drain()
    # A test may hold the rest once the first event is out (`StreamGate`).
    async with hold() if len(reply.events) > 1 else nothing_held() as after_first:
        for index, event in enumerate(reply.events):
            if index == 1:
                await after_first()
            if index and delay > 0:
                await asyncio.sleep(delay)
            writer.write(f"{len(event):x}\r\n".encode() + event + b"\r\n")
            await writer.drain()
    writer.write(b"0\r\n\r\n")
    await writer.drain()


async def serve_connection(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    handler: Handler,
    stream_delay: Callable[[], float],
    hold: Hold = nothing_held,
) -> None:
    """Answer requests on one connection until the client closes it or asks to; `hold` wraps the sending of each
    streamed answer (see `_write`)."""
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                return
            try:
                method, target, version, headers = _parse_head(head)
                body = await _read_body(reader, headers)
            except (_BadRequest, ValueError):
                await _write(
                    writer, Reply(400, (("content-type", "text/plain"),), b"Bad Request"), False, False, 0
                )
                return
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                return
            reply = handler(Request.build(method, target, headers, body))
            if reply.status == 0:  # NO_ANSWER: drop the connection, as an unreachable address would
                return
            if reply.delay > 0:
                await asyncio.sleep(reply.delay)
            keep_alive = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
            await _write(writer, reply, keep_alive, method == "HEAD", stream_delay(), hold)
            if not keep_alive:
                return
    except ConnectionError:
        return
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except (ConnectionError, OSError):
            pass
