"""The gateway rule: a host in front of Azure AI (API Management) that answers with its own 401, such as a
missing subscription key, before the request reaches the model."""

from __future__ import annotations

from ..read.signals import Signals
from .choice import Choice


def _gateway_rule(sig: Signals, seen: frozenset[str]) -> Choice | None:
    s = sig.status
    url = sig.url
    if "gateway" in seen:
        return Choice("gateway-auth")
    if url.host_family == "apim" and s == 401:
        backend = seen & {"token", "token_expired", "key_invalid", "permission"}
        if backend:
            return Choice("gateway-auth", "medium", ("key-invalid", "role-missing", "token-wrong-audience"))
        return Choice("gateway-auth")
    return None
