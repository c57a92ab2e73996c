"""The result of a rule (`Choice`: an id, a confidence, the alternatives left open), and which client sent the
request, which several rules weigh.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..read.signals import Signals
from ..record import Record

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    from ..diagnosis import Confidence, ScenarioId


class Choice(Record):
    scenario: ScenarioId
    confidence: Confidence
    alternatives: tuple[ScenarioId, ...]
    extra: Mapping[str, str]

    __slots__ = ("alternatives", "confidence", "extra", "scenario")

    def __init__(
        self,
        scenario: ScenarioId,
        confidence: Confidence = "high",
        alternatives: tuple[ScenarioId, ...] = (),
        extra: Mapping[str, str] | None = None,
    ) -> None:
        self.scenario = scenario
        self.confidence = confidence
        self.alternatives = alternatives
        self.extra = {} if extra is None else extra


def _client(sig: Signals) -> tuple[str | None, bool]:
    """(client, known from the request): the User-Agent, else a hint from pasted text."""
    if sig.client:
        return sig.client, True
    for hint in ("azure-ai-inference", "azure-openai", "anthropic", "openai"):
        if hint in sig.hints:
            return hint, False
    return None, False
