"""Which kind of Azure host a request was meant for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Host", "HostKind", "classify"]

HostKind = Literal[
    "openai", "cognitiveservices", "services", "regional", "serverless", "gateway", "online", "unknown"
]

_RESOURCE_SUFFIXES: tuple[tuple[str, HostKind], ...] = (
    (".openai.azure.com", "openai"),
    (".cognitiveservices.azure.com", "cognitiveservices"),
    (".services.ai.azure.com", "services"),
)


@dataclass(frozen=True, slots=True)
class Host:
    """A classified host: its kind, the name in it (resource, endpoint or gateway) and its region if any."""

    kind: HostKind
    name: str
    region: str | None = None


def classify(host: str) -> Host:
    """Classify a host name (lower-case, no port)."""
    for suffix, kind in _RESOURCE_SUFFIXES:
        if host.endswith(suffix) and "." not in host.removesuffix(suffix):
            return Host(kind, host.removesuffix(suffix))
    labels = host.split(".")
    if host.endswith(".api.cognitive.microsoft.com") and len(labels) == 5:
        return Host("regional", labels[0], labels[0])
    if host.endswith(".models.ai.azure.com") and len(labels) == 6:
        return Host("serverless", labels[0], labels[1])
    if host.endswith(".inference.ml.azure.com") and len(labels) == 6:
        return Host("online", labels[0], labels[1])
    if host.endswith(".azure-api.net") and len(labels) == 3:
        return Host("gateway", labels[0])
    return Host("unknown", host)
