"""`Diagnosis` and `Scenario` are written out by hand (engine/record.py) and behave as the frozen slotted
dataclasses they were: each behaviour is compared with a twin made by ``@dataclass(frozen=True, slots=True)``."""

from __future__ import annotations

import ast
import copy
import dataclasses
import pickle
import sys
import typing
from collections.abc import Mapping
from dataclasses import InitVar, dataclass, field
from pathlib import Path
from typing import Any

import pytest

import inference_doctor
from inference_doctor import SCENARIOS, Diagnosis, Scenario
from inference_doctor.engine import diagnosis as diagnosis_module
from inference_doctor.engine.diagnosis import CONFIDENCES, GROUPS, SCENARIO_IDS, Evidence
from inference_doctor.engine.read.url import UrlShape
from inference_doctor.engine.scrub import Secrets


@dataclass(frozen=True, slots=True)
class DiagnosisTwin:
    scenario: ScenarioId  # noqa: F821  (strings, as the module's own annotations are)
    status: int
    group: Group  # noqa: F821
    title: str
    cause: str
    steps: tuple[str, ...]
    docs: tuple[str, ...]
    evidence: Mapping[str, str] = field(default_factory=Evidence)
    confidence: Confidence = "high"  # noqa: F821
    alternatives: tuple[ScenarioId, ...] = ()  # noqa: F821
    secrets: InitVar[Secrets | None] = None

    def __post_init__(self, secrets: Secrets | None) -> None:
        pass


@dataclass(frozen=True, slots=True)
class ScenarioTwin:
    id: ScenarioId  # noqa: F821
    group: Group  # noqa: F821
    statuses: tuple[int, ...]
    title: str
    headline: str
    cause: str
    signals: str
    steps: tuple[str, ...]
    docs: tuple[str, ...]
    bad: str
    good: str


def _field_facts(cls: Any) -> list[tuple[Any, ...]]:
    facts = []
    for f in cls.__dataclass_fields__.values():
        kind = "initvar" if f._field_type is dataclasses._FIELD_INITVAR else "field"  # type: ignore[attr-defined]
        facts.append(
            (
                f.name,
                str(f.type),
                f.default,
                f.default_factory,
                f.init,
                f.repr,
                f.hash,
                f.compare,
                f.kw_only,
                kind,
            )
        )
    return facts


ARGS = (
    "token-expired",
    401,
    "credential",
    "The token expired",
    "cause",
    ("step 1", "step 2"),
    ("https://x",),
)


def _pair() -> list[tuple[Any, Any]]:
    entry = SCENARIOS[0]
    values = [getattr(entry, f.name) for f in dataclasses.fields(entry)]
    return [
        (
            Diagnosis(*ARGS, evidence={"host": "h"}, confidence="low"),
            DiagnosisTwin(*ARGS, {"host": "h"}, "low"),
        ),  # type: ignore[arg-type]
        (Diagnosis(*ARGS), DiagnosisTwin(*ARGS)),  # type: ignore[arg-type]
        (entry, ScenarioTwin(*values)),
    ]


@pytest.mark.parametrize(("cls", "twin"), [(Diagnosis, DiagnosisTwin), (Scenario, ScenarioTwin)])
def test_the_fields_are_the_dataclass_s(cls: type, twin: type) -> None:
    """dataclasses.fields, is_dataclass, the params and __match_args__ are what @dataclass makes of the same
    declaration (names, annotations, defaults, factories, the InitVar)."""
    assert dataclasses.is_dataclass(cls)
    assert _field_facts(cls) == _field_facts(twin)
    assert [f.name for f in dataclasses.fields(cls)] == [f.name for f in dataclasses.fields(twin)]
    assert repr(cls.__dataclass_params__) == repr(twin.__dataclass_params__)  # type: ignore[attr-defined]
    assert cls.__match_args__ == twin.__match_args__  # type: ignore[attr-defined]
    assert cls.__slots__ == twin.__slots__  # type: ignore[attr-defined]


@pytest.mark.parametrize("index", range(3))
def test_values_behave_as_the_dataclass_s(index: int) -> None:
    """repr, ==, asdict, astuple, replace, frozen assignment and deletion, pickle and copies behave as the
    twin's (the class name aside)."""
    ours, twin = _pair()[index]
    name, twin_name = type(ours).__qualname__, type(twin).__qualname__
    assert repr(ours).replace(name, twin_name, 1) == repr(twin)
    assert dataclasses.asdict(ours) == dataclasses.asdict(twin)
    assert dataclasses.astuple(ours) == dataclasses.astuple(twin)
    assert ours == copy.copy(ours) == copy.deepcopy(ours) == pickle.loads(pickle.dumps(ours))
    assert ours != twin
    assert (ours == twin) is (twin == ours) is False
    first = dataclasses.fields(ours)[3].name
    changed = dataclasses.replace(ours, **{first: "changed"})
    assert getattr(changed, first) == "changed"
    assert changed != ours
    assert dataclasses.replace(ours) == ours
    assert hash(ours) == hash(copy.deepcopy(ours))
    for obj in (ours, twin):
        with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{first}'"):
            setattr(obj, first, "x")
        with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{first}'"):
            delattr(obj, first)
        with pytest.raises((AttributeError, TypeError)):
            obj.__dict__  # noqa: B018  (slotted: no instance dict)


def test_a_diagnosis_matches_by_position_as_a_dataclass_does() -> None:
    """A match statement's positional patterns see the fields in the dataclass's order."""
    d = Diagnosis(*ARGS)  # type: ignore[arg-type]
    match d:
        case Diagnosis("token-expired", 401, group):
            assert group == "credential"
        case _:
            pytest.fail("no match")


def test_replace_of_a_diagnosis_scrubs_again() -> None:
    """dataclasses.replace goes through __init__, as on a dataclass: a token put in by replace is scrubbed."""
    token = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl"
    d = dataclasses.replace(Diagnosis(*ARGS), title=f"Bearer {token}")  # type: ignore[arg-type]
    assert token not in d.title, "token kept"


def test_internal_records_compare_and_replace_as_dataclasses_did() -> None:
    """The engine's internal records (Record) compare by fields, are unhashable, and replace() copies with
    changes, refusing an unknown field."""
    a = UrlShape(host="h", path="/p")
    assert a == UrlShape(host="h", path="/p")
    assert a != UrlShape(host="h")
    assert a.replace(path="/q") == UrlShape(host="h", path="/q")
    assert a.path == "/p"
    assert "host='h'" in repr(a)
    with pytest.raises(TypeError):
        hash(a)
    with pytest.raises(TypeError):
        a.replace(nope=1)


def _literal_in_source(name: str) -> tuple[str, ...]:
    """The strings of `name = Literal[...]` as diagnosis.py writes it for type checkers."""
    tree = ast.parse(Path(diagnosis_module.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [name]:
            assert isinstance(node.value, ast.Subscript)
            elements = (
                node.value.slice.elts if isinstance(node.value.slice, ast.Tuple) else [node.value.slice]
            )
            return tuple(e.value for e in elements)  # type: ignore[attr-defined]
    raise AssertionError(f"{name} not found")


@pytest.mark.parametrize(
    ("name", "values"), [("ScenarioId", SCENARIO_IDS), ("Group", GROUPS), ("Confidence", CONFIDENCES)]
)
def test_the_literal_type_checkers_see_is_the_run_time_tuple(name: str, values: tuple[str, ...]) -> None:
    """The Literal written for type checkers lists the run-time tuple's strings in its order, and the run-time
    Literal (made on first use, also from the package root) is the same type."""
    assert _literal_in_source(name) == values
    literal = getattr(inference_doctor, name)
    assert typing.get_origin(literal) is typing.Literal
    assert typing.get_args(literal) == values
    assert getattr(diagnosis_module, name) is literal
    assert {s.id for s in SCENARIOS} == set(SCENARIO_IDS)


@pytest.mark.parametrize(("cls", "twin"), [(Diagnosis, DiagnosisTwin), (Scenario, ScenarioTwin)])
def test_the_class_has_the_dataclass_s_attributes_and_no_shortcut_around_init(cls: type, twin: type) -> None:
    """Every attribute the dataclass has, ours has, but the pickling hooks a slotted dataclass adds (ours pickles
    by __reduce__, tested above) and Python 3.10's leftover __weakref__ descriptor; ours adds only its own methods
    and __replace__, and no `replace` that would build a copy without running __init__ (which scrubs)."""
    assert set(dir(twin)) - set(dir(cls)) <= {"__getstate__", "__setstate__", "__weakref__"}
    assert set(dir(cls)) - set(dir(twin)) <= {"__replace__", "_set_scrubbed", "_values", "render", "to_dict"}
    assert not hasattr(cls, "replace")


@pytest.mark.skipif(sys.version_info < (3, 13), reason="copy.replace is new in Python 3.13")
def test_copy_replace_runs_init_as_on_a_dataclass() -> None:
    """copy.replace (Python 3.13) gives what dataclasses.replace gives, scrubbing what it puts in."""
    token = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl"
    d = Diagnosis(*ARGS)  # type: ignore[arg-type]
    replaced = copy.replace(d, title=f"Bearer {token}")  # type: ignore[attr-defined]
    assert replaced == dataclasses.replace(d, title=f"Bearer {token}")
    assert token not in replaced.title, "token kept"
