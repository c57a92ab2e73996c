"""`Diagnosis` and the enriched exceptions as values: pickle, copy, deepcopy, ``dataclasses.asdict``, and the names
an enriched class presents (the SDK class's, for tracebacks and telemetry)."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from doctor_testing import KEY_INVALID

from inference_doctor import Diagnosis, RemediationError, diagnose
from inference_doctor.engine.errors import enrich, enriched_class

ROUND_TRIPS: dict[str, Callable[[Any], Any]] = {
    "pickle": lambda value: pickle.loads(pickle.dumps(value)),
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
}


def _diagnosis() -> Diagnosis:
    d = diagnose(
        401,
        body=json.dumps(KEY_INVALID),
        url="https://contoso-ai.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        request_headers={"api-key": "0123456789abcdef0123456789abcdef"},
    )
    assert d is not None
    assert d.evidence
    return d


@pytest.mark.parametrize("how", list(ROUND_TRIPS))
def test_diagnosis_round_trips(how: str) -> None:
    """A Diagnosis survives pickle, copy and deepcopy: equal, same hash, evidence still read-only."""
    d = _diagnosis()
    again = ROUND_TRIPS[how](d)
    assert again == d
    assert hash(again) == hash(d)
    assert again.to_dict() == d.to_dict()
    with pytest.raises(TypeError):
        again.evidence["status"] = "200"  # type: ignore[index]


def test_diagnosis_asdict_is_plain_data() -> None:
    """dataclasses.asdict works and gives JSON-ready data equal to to_dict() (tuples aside)."""
    d = _diagnosis()
    data = dataclasses.asdict(d)
    assert json.loads(json.dumps(data)) == d.to_dict()


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e.__setitem__("x", "y"),
        lambda e: e.__delitem__("status"),
        lambda e: e.update(x="y"),
        lambda e: e.pop("status"),
        lambda e: e.popitem(),
        lambda e: e.clear(),
        lambda e: e.setdefault("x", "y"),
    ],
)
def test_evidence_refuses_changes(change: Callable[[Any], Any]) -> None:
    """Diagnosis.evidence is read-only, whichever way a change is attempted."""
    d = _diagnosis()
    before = dict(d.evidence)
    with pytest.raises(TypeError):
        change(d.evidence)
    assert dict(d.evidence) == before


class SdkError(Exception):
    """An SDK exception whose __init__ takes keyword-only arguments, as openai's status errors do."""

    def __init__(self, message: str, *, response: object, body: object) -> None:
        super().__init__(message)
        self.message, self.response, self.body = message, response, body


class SdkSubError(SdkError):
    """A subclass the SDK raises too."""


def test_an_unknown_sdk_class_gets_one_enriched_class_presenting_its_names() -> None:
    """Any SDK exception class gets an enriched class (made once) with its module, qualname and name."""
    cls = enriched_class(SdkError)
    assert cls is enriched_class(SdkError)
    assert issubclass(cls, SdkError)
    assert issubclass(cls, RemediationError)
    assert (cls.__module__, cls.__qualname__, cls.__name__) == (
        SdkError.__module__,
        SdkError.__qualname__,
        SdkError.__name__,
    )
    assert issubclass(enriched_class(SdkSubError), cls)  # a subclass's enriched class derives from its base's


@pytest.mark.parametrize("how", list(ROUND_TRIPS))
@pytest.mark.parametrize("sdk_class", [SdkError, SdkSubError])
def test_enriched_keeps_the_sdk_attributes_and_round_trips(how: str, sdk_class: type[SdkError]) -> None:
    """enrich() keeps every attribute (the same objects) and args; the result round-trips without a lookup of the
    borrowed class name (which names the plain SDK class)."""
    body = {"code": "401"}
    error = sdk_class("Error code: 401", response="<response>", body=body)
    d = _diagnosis()
    enriched = enrich(error, d)
    assert isinstance(enriched, sdk_class)
    assert isinstance(enriched, RemediationError)
    assert enriched.body is body
    assert (enriched.message, enriched.response, enriched.args) == (error.message, error.response, error.args)
    assert str(enriched) == f"Error code: 401\n{d.render()}"
    again = ROUND_TRIPS[how](enriched)
    assert type(again) is type(enriched)
    assert again.diagnosis == d
    assert (again.message, again.response, again.body, again.args) == (
        error.message,
        error.response,
        error.body,
        error.args,
    )
    assert str(again) == str(enriched)


@pytest.mark.parametrize("how", list(ROUND_TRIPS))
def test_a_remediation_error_of_its_own_round_trips(how: str) -> None:
    """A RemediationError built directly (no SDK class) pickles and copies by its own name."""
    d = _diagnosis()
    error = RemediationError("plain", diagnosis=d)
    again = ROUND_TRIPS[how](error)
    assert type(again) is RemediationError
    assert again.diagnosis == d
    assert str(again) == str(error)
