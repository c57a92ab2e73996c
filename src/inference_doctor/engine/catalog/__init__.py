"""The scenario catalog as data: every failure inference-doctor recognises, with its cause, fix and docs.

Literals only. Steps and headlines are `str.format` templates whose fields the engine fills from the evidence
(see `engine.evidence._fields`); a field the evidence does not know renders as `<field>`, and a step whose only
content is a field that came out empty is dropped. The ids are a public contract: never rename or reuse one.

The entries live by family, in the order of the `ScenarioId` Literal's sections: `identity`, `credential`,
`route` (api-version included), `network`, `anthropic` (Claude on Foundry), `unclassified`, `acquisition` (the
credential failed before any request was sent); `SCENARIOS` joins them in the Literal's order.
"""

from __future__ import annotations

from ..diagnosis import SCENARIO_IDS
from .acquisition import ACQUISITION
from .anthropic import ANTHROPIC
from .credential import CREDENTIAL
from .entry import Scenario
from .identity import IDENTITY
from .network import NETWORK
from .route import ROUTE
from .unclassified import UNCLASSIFIED

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    from ..diagnosis import ScenarioId

__all__ = ["SCENARIOS", "SCENARIO_IDS", "Scenario", "get_scenario", "scenario"]

SCENARIOS: tuple[Scenario, ...] = (
    *IDENTITY,
    *CREDENTIAL,
    *ROUTE,
    *NETWORK,
    *ANTHROPIC,
    *UNCLASSIFIED,
    *ACQUISITION,
)


_BY_ID: dict[str, Scenario] = {s.id: s for s in SCENARIOS}


def get_scenario(scenario_id: str) -> Scenario | None:
    """The catalog entry for an id, or None for an unknown id."""
    return _BY_ID.get(scenario_id)


def scenario(scenario_id: ScenarioId) -> Scenario:
    """The catalog entry for a known id (KeyError for an id the catalog does not have)."""
    return _BY_ID[scenario_id]
