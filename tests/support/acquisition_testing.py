"""Helpers for the token-acquisition wiring tests."""

from __future__ import annotations

import re

_VOLATILE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?Z|"
    r"\b(?:port=|127\.0\.0\.1:)\d+|inference-doctor-sandbox-[^/\s]+"
)
"""What differs between two runs of the same failure: ids (Entra's trace and correlation ids), timestamps, the
emulator's port, the sandbox's directory."""


def stable(text: str) -> str:
    """A credential's message without what changes from one request to the next."""
    return _VOLATILE.sub("<volatile>", text)
