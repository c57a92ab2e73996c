"""Where a routed request goes: the loopback URL for an Azure URL, keeping the Azure host for `Host`."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

__all__ = ["loopback_url"]


def loopback_url(url: str, port: int) -> tuple[str, str] | None:
    """`(http://127.0.0.1:<port>/<path>?<query>, original host)`, or `None` for a URL already on loopback."""
    parts = urlsplit(url)
    if parts.hostname in (None, "127.0.0.1", "localhost"):
        return None
    return urlunsplit(("http", f"127.0.0.1:{port}", parts.path, parts.query, "")), parts.netloc
