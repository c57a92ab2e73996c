"""Token audiences: the ones Azure AI accepts in each cloud, and the list a service message names."""

from __future__ import annotations

import re

from ..read.signals import Signals
from ..regex import lazy

AI_AUDIENCES = ("https://cognitiveservices.azure.com", "https://ai.azure.com")


_SOVEREIGN_AUDIENCES = {
    "usgov": ("https://cognitiveservices.azure.us", "https://ai.azure.us"),
    "china": ("https://cognitiveservices.azure.cn", "https://ai.azure.cn"),
}


ML_AUDIENCE = "https://ml.azure.com"


P_AUDIENCES = lazy(r"audience is incorrect \(([^)]{0,500})\)")


def _norm_aud(aud: str) -> str:
    return aud.strip().rstrip("/").lower()


def _accepted_audiences(sig: Signals, hay: str) -> tuple[tuple[str, ...], bool]:
    """(audiences, from the service): the service's own list when its message names one."""
    m = P_AUDIENCES.search(hay)
    if m:
        listed = tuple(a.strip() for a in re.split(r"\s+or\s+|,", m.group(1)) if a.strip())
        if listed:
            return listed, True
    return _SOVEREIGN_AUDIENCES.get(sig.url.cloud, AI_AUDIENCES), False


def _route_audiences_only(audiences: tuple[str, ...]) -> bool:
    """The service listed audiences unrelated to any model endpoint (`urn:ms.scopedToken or
    urn:ms.faceSessionToken`): the route is wrong, not the token."""
    return all(not a.lower().startswith("https://") for a in audiences)
