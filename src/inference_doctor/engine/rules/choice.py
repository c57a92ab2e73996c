"""The result of a rule (`Choice`: an id, a confidence, the alternatives left open), and which client sent the
request, which several rules weigh.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from ..diagnosis import Confidence, ScenarioId
from ..read.signals import Signals


@dataclass(slots=True)
class Choice:
    scenario: ScenarioId
    confidence: Confidence = "high"
    alternatives: tuple[ScenarioId, ...] = ()
    extra: Mapping[str, str] = dataclasses.field(default_factory=dict)


def _client(sig: Signals) -> tuple[str | None, bool]:
    """(client, known from the request): the User-Agent, else a hint from pasted text."""
    if sig.client:
        return sig.client, True
    for hint in ("azure-ai-inference", "azure-openai", "anthropic", "openai"):
        if hint in sig.hints:
            return hint, False
    return None, False
