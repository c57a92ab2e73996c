"""inference-doctor: actionable exceptions for Azure AI model inference and Azure OpenAI.

The engine is pure: `diagnose` takes what was seen on the wire and returns a `Diagnosis` from the scenario
catalog; `find_diagnosis` gets it out of an exception that a framework wrapped, grouped or retried. The
integrations live in `inference_doctor.azure` (azure-core pipeline policies) and `inference_doctor.openai`
(httpx event hooks for the openai SDK).
"""

from __future__ import annotations

from typing import Any

from .engine.catalog import SCENARIOS, Scenario, get_scenario
from .engine.diagnosis import Confidence, Diagnosis, Group, ScenarioId
from .engine.errors import RemediationError, find_diagnosis
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


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from ._version import __version__

        return __version__
    raise AttributeError(f"module 'inference_doctor' has no attribute {name!r}")
