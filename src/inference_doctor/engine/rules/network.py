"""The network rules: a 403 that the service's own words tie to public access, a private endpoint, the firewall,
a virtual network or a suspended resource."""

from __future__ import annotations

from .choice import Choice


def _network_rule(seen: frozenset[str]) -> Choice | None:
    for phrase, sid in (
        ("public_disabled", "public-access-disabled"),
        ("private_endpoint", "private-endpoint-required"),
        ("firewall", "firewall-denied"),
        ("vnet", "vnet-wrong-endpoint"),
        ("suspended", "resource-suspended"),
    ):
        if phrase in seen:
            return Choice(sid)  # type: ignore[arg-type]
    return None
