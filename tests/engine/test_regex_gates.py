"""Every gated pattern's `needs` is proved from the parsed pattern: each of its alternatives, in every match,
contains one of the words (engine/regex.py). A gate that could turn away a text the pattern matches fails here."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import inference_doctor.engine
from inference_doctor.engine.regex import _Gated, lazy

try:  # Python 3.11 and later
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]


def _gated_patterns() -> Iterator[tuple[str, _Gated]]:
    """Every gated pattern of the engine, by where it lives (module globals, and tuples of them)."""
    seen: set[int] = set()
    root = inference_doctor.engine
    for info in pkgutil.walk_packages(root.__path__, f"{root.__name__}."):
        module = importlib.import_module(info.name)
        stack: list[tuple[str, Any]] = [(f"{info.name}.{k}", v) for k, v in vars(module).items()]
        while stack:
            name, value = stack.pop()
            if isinstance(value, _Gated) and id(value) not in seen:
                seen.add(id(value))
                yield name, value
            elif isinstance(value, (tuple, list)):
                stack.extend((f"{name}[{i}]", v) for i, v in enumerate(value))


GATED = sorted(_gated_patterns(), key=lambda item: item[0])


_REPEATS = tuple(
    getattr(C, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(C, name)
)
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)


def _covered(items: list[Any], needs: tuple[str, ...], folded: bool, run: str = "") -> bool:
    """Every match of the parsed sequence `items`, after the literal text `run`, contains one of `needs`.

    Exact for literals, groups and alternatives (an alternative is followed by the rest of its sequence, so a
    prefix the parser factored out of `az login|azd auth login` still counts); a repeat counts once when it must
    occur at least once; anything else (a class, any character, a back-reference) ends the run of literal text;
    zero-width assertions keep it."""
    for i, (op, arg) in enumerate(items):
        rest = list(items[i + 1 :])
        if op is C.LITERAL:
            run += chr(arg).lower() if folded else chr(arg)
            if any(n in run for n in needs):
                return True
        elif op is C.SUBPATTERN:
            return _covered([*arg[-1], *rest], needs, folded, run)
        elif op is C.BRANCH:
            return all(_covered([*branch, *rest], needs, folded, run) for branch in arg[1])
        elif op in _REPEATS:
            low, _high, sub = arg
            if low >= 1 and _covered(list(sub), needs, folded, run):
                return True
            run = ""
        elif op not in _ZERO_WIDTH:
            run = ""
    return False


def test_the_engine_has_gated_patterns() -> None:
    """The walk finds the gated patterns (so the proof below is not vacuous)."""
    assert len(GATED) >= 20


@pytest.mark.parametrize(("name", "gated"), GATED, ids=[name for name, _ in GATED])
def test_each_gate_is_proved_by_the_pattern(name: str, gated: _Gated) -> None:
    """Each alternative of the pattern contains one of the gate's words in every match (lower-cased for a
    case-insensitive pattern, as the gate compares them)."""
    pattern, flags = gated._args
    parsed = P.parse(pattern, flags)
    folded = bool(parsed.state.flags & re.IGNORECASE)
    assert folded == gated.folded
    assert _covered(list(parsed), gated.needs, folded), (
        f"{name}: a match can avoid every word of {gated.needs}"
    )


def test_the_proof_refuses_a_wrong_gate() -> None:
    """The proof rejects gates that a match can avoid: a word of one alternative only, a word under an optional
    part, a word on the wrong side of a case fold."""
    cases = [
        (r"alpha|beta", ("alpha",), False),
        (r"ab(?:cd)?ef", ("cd",), False),
        (r"x(?:cd)*y", ("cd",), False),
        (r"Alpha", ("alpha",), False),
    ]
    for pattern, needs, folded in cases:
        assert not _covered(list(P.parse(pattern, 0)), needs, folded), pattern
    assert _covered(list(P.parse(r"(?i)Alpha|(?:x|y)BETA+", 0)), ("alpha", "bet"), True)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aAbBkK\u212a\u0131 -"), max_size=20))
def test_a_gated_pattern_answers_as_the_pattern(text: str) -> None:
    """A gated pattern gives the compiled pattern's answer on any text, ASCII or not (the gate stands aside on
    non-ASCII text for a case-insensitive pattern)."""
    for pattern, flags, needs in ((r"ab|k-a", re.I, ("ab", "k-a")), (r"b a|K", 0, ("b a", "K"))):
        gated = lazy(pattern, flags, needs=needs)
        compiled = re.compile(pattern, flags)
        for method in ("search", "match"):
            ours, theirs = getattr(gated, method)(text), getattr(compiled, method)(text)
            assert (ours and ours.span()) == (theirs and theirs.span())
