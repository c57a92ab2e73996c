"""One catalog entry: `Scenario`."""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnosis import Group, ScenarioId


@dataclass(frozen=True, slots=True)
class Scenario:
    """One catalog entry."""

    id: ScenarioId
    group: Group
    statuses: tuple[int, ...]
    title: str
    """One line that stands alone, with no placeholder: used when the headline's evidence is missing."""
    headline: str
    """The title with the evidence in it (template)."""
    cause: str
    signals: str
    """What identifies it, for the long form."""
    steps: tuple[str, ...]
    docs: tuple[str, ...]
    bad: str
    """A call that fails this way."""
    good: str
    """The same call, fixed."""
