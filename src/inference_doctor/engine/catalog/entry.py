"""One catalog entry: `Scenario`."""

from __future__ import annotations

from ..record import FrozenRecord, dataclass_on_demand, typed_as_frozen_dataclass

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    from ..diagnosis import Group, ScenarioId


@typed_as_frozen_dataclass(frozen=True)
class Scenario(FrozenRecord):
    """One catalog entry.

    A frozen, slotted dataclass (written out by hand so that importing it does not import `dataclasses`: see
    `record.py`).
    """

    __slots__ = __match_args__ = (
        "id",
        "group",
        "statuses",
        "title",
        "headline",
        "cause",
        "signals",
        "steps",
        "docs",
        "bad",
        "good",
    )

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

    def __init__(
        self,
        id: ScenarioId,
        group: Group,
        statuses: tuple[int, ...],
        title: str,
        headline: str,
        cause: str,
        signals: str,
        steps: tuple[str, ...],
        docs: tuple[str, ...],
        bad: str,
        good: str,
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "id", id)
        setattr_(self, "group", group)
        setattr_(self, "statuses", statuses)
        setattr_(self, "title", title)
        setattr_(self, "headline", headline)
        setattr_(self, "cause", cause)
        setattr_(self, "signals", signals)
        setattr_(self, "steps", steps)
        setattr_(self, "docs", docs)
        setattr_(self, "bad", bad)
        setattr_(self, "good", good)

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), self._values()


dataclass_on_demand(Scenario)
