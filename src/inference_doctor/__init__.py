"""inference-doctor: actionable exceptions for Azure AI model inference and Azure OpenAI.

The engine is pure: `diagnose` takes what was seen on the wire and returns a `Diagnosis` from the scenario
catalog; `find_diagnosis` gets it out of an exception that a framework wrapped, grouped or retried. The
integrations live in `inference_doctor.azure` (azure-core pipeline policies) and `inference_doctor.openai`
(httpx event hooks for the openai SDK).
"""

from __future__ import annotations

from .engine.diagnosis import Diagnosis
from .engine.errors import RemediationError, find_diagnosis

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    from typing import Any

    from .engine.catalog import SCENARIOS, Scenario, get_scenario
    from .engine.diagnosis import Confidence, Group, ScenarioId
    from .engine.match import diagnose, diagnose_credential_failure, diagnose_text

__all__ = [
    "SCENARIOS",
    "Confidence",
    "Diagnosis",
    "Group",
    "RemediationError",
    "Scenario",
    "ScenarioId",
    "__version__",
    "diagnose",
    "diagnose_credential_failure",
    "diagnose_text",
    "find_diagnosis",
    "get_scenario",
]


_FROM_MATCH = ("diagnose", "diagnose_credential_failure", "diagnose_text")
_FROM_CATALOG = ("SCENARIOS", "Scenario", "get_scenario")
_FROM_DIAGNOSIS = (
    "Confidence",
    "Group",
    "ScenarioId",
)  # typing.Literal: `typing` is imported when one is asked for


def __getattr__(name: str) -> Any:
    """The engine's entry points and the catalog, loaded when first asked for: the integrations
    (`inference_doctor.azure`, `inference_doctor.openai`) import this package on the application's start-up
    path, and need the engine only when a response fails."""
    if name in _FROM_MATCH:
        from .engine import match

        value = getattr(match, name)
    elif name in _FROM_CATALOG:
        from .engine import catalog

        value = getattr(catalog, name)
    elif name in _FROM_DIAGNOSIS:
        from .engine import diagnosis

        value = getattr(diagnosis, name)
    elif name == "__version__":
        from ._version import __version__

        return __version__
    else:
        raise AttributeError(f"module 'inference_doctor' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_FROM_MATCH, *_FROM_CATALOG, *_FROM_DIAGNOSIS})
