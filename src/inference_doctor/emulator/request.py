"""The request as the emulated service sees it: original host, path, query, headers and body."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

__all__ = ["Request"]


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP request. `host` is the Azure host the client meant (from `Host`), without a port."""

    method: str
    host: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str] = field(repr=False)
    body: bytes = field(default=b"", repr=False)

    @classmethod
    def build(cls, method: str, target: str, headers: Mapping[str, str], body: bytes = b"") -> Request:
        """A request from its request-target (`/path?query`) and headers (any case)."""
        lowered = {k.lower(): v for k, v in headers.items()}
        host = lowered.get("host", "").strip().lower()
        host = host.split("]")[0] + "]" if host.startswith("[") else host.split(":")[0]
        parts = urlsplit(target)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        return cls(method.upper(), host, parts.path or "/", query, lowered, body)

    def header(self, name: str) -> str | None:
        """A header's value (case-insensitive), or `None`."""
        return self.headers.get(name.lower())

    def json_body(self) -> dict[str, object]:
        """The body as a JSON object; empty when there is none or it is not an object."""
        try:
            value = json.loads(self.body) if self.body else {}
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}
