"""A gateway that echoes what the caller sent: a loopback HTTP proxy in front of the emulator.

Azure does not echo credentials, but the proxies people put in front of it do (an Azure Functions proxy that
quotes the URL it was called with, an API gateway that names the key it refused). `EchoGateway` forwards every
request to the emulator unchanged (same method, path, query, headers and body, `Host` kept) and, on a 4xx answer,
appends `echo(request)` to the error's message, so the real SDK clients and the interceptors see a service message
that holds what the caller sent. Clients reach it the same way they reach the emulator: the emulator's routing
transports take a port, and `gateway.port` is that port.

Loopback only, like the emulator.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class SeenRequest:
    """What the gateway was sent: the request line's target (path and query) and the headers."""

    method: str
    target: str
    headers: dict[str, str]

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), "")


Echo = Callable[[SeenRequest], str]

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}


def _with_echo(body: bytes, echo: str) -> bytes:
    """The error body with `echo` appended to its message (whatever shape the error is in)."""
    try:
        doc = json.loads(body)
    except ValueError:
        return body + b" " + echo.encode()
    if isinstance(doc, dict) and isinstance(doc.get("error"), dict):
        doc["error"]["message"] = f"{doc['error'].get('message') or ''} {echo}".strip()
    elif isinstance(doc, dict):
        doc["message"] = f"{doc.get('message') or ''} {echo}".strip()
    else:
        return body + b" " + echo.encode()
    return json.dumps(doc).encode()


def _handler(upstream: int, echo: Echo) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            conn = http.client.HTTPConnection("127.0.0.1", upstream, timeout=30)
            try:
                conn.request(self.command, self.path, body=body or None, headers=headers)
                reply = conn.getresponse()
                content = reply.read()
                status = reply.status
                reply_headers = [(k, v) for k, v in reply.getheaders() if k.lower() not in _HOP_BY_HOP]
            finally:
                conn.close()
            if 400 <= status < 500:
                content = _with_echo(content, echo(SeenRequest(self.command, self.path, headers)))
            self.send_response(status)
            for k, v in reply_headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

        def log_message(
            self, format: str, *args: Any
        ) -> None:  # quiet: a test's output holds no request line
            pass

    return Handler


@dataclass
class EchoGateway:
    """A running echoing gateway: `port` is where clients send their requests."""

    port: int


@contextmanager
def echo_gateway(upstream_port: int, echo: Echo) -> Iterator[EchoGateway]:
    """Serve an echoing gateway on 127.0.0.1 in front of the emulator at `upstream_port`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(upstream_port, echo))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield EchoGateway(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
