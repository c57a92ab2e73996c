"""Test helpers: JWT-shaped tokens minted locally (never real), and a fixed clock."""

from __future__ import annotations

import base64
import json
from typing import Any

NOW = 1_800_000_000.0
"""A fixed 'now' for diagnoses that depend on token expiry."""


def mint(**claims: Any) -> str:
    """A JWT-shaped token with the given claims (unsigned: a fake signature segment)."""

    def seg(obj: Any) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    base = {
        "iss": "https://sts.windows.net/72f988bf-0000-0000-0000-000000000000/",
        "iat": NOW - 60,
        "nbf": NOW - 60,
    }
    base.update(claims)
    return (
        f"{seg({'typ': 'JWT', 'alg': 'RS256', 'kid': 'test'})}.{seg(base)}.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz"
    )
