"""The plain repr reader (read/body.py `_plain_literal`) reads what ``ast.literal_eval`` reads, or steps aside."""

from __future__ import annotations

import ast
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from inference_doctor.engine.read.body import _NOT_PLAIN, _plain_literal, parse_body

_scalars = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.booleans(),
    st.none(),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=6), st.integers(-5, 5), st.booleans(), st.none()), inner, max_size=4
        ),
    ),
    max_leaves=12,
)


def _literal_eval(text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return _NOT_PLAIN


def _same(ours: Any, theirs: Any) -> bool:
    """Equal, with the same types all the way down (True is not 1, a list is not a tuple)."""
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, dict):
        return list(ours) == list(theirs) and all(
            _same(k, k2) and _same(v, v2)
            for (k, v), (k2, v2) in zip(ours.items(), theirs.items(), strict=True)
        )
    if isinstance(ours, list):
        return len(ours) == len(theirs) and all(_same(a, b) for a, b in zip(ours, theirs, strict=True))
    return bool(ours == theirs)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.lists(_values, max_size=3), st.dictionaries(st.text(max_size=6), _values, min_size=1, max_size=4)
    ),
    st.sampled_from(["", " ", "\t", "\n", " \n "]),
    st.sampled_from(["", " ", "\n", "\t\n"]),
)
@example([{"error": {"code": "401", "message": "Access denied"}}], "", "")
def test_a_repr_reads_as_literal_eval_reads_it(value: Any, before: str, after: str) -> None:
    """repr() of dicts and lists of strings, ints, booleans and None: read to what literal_eval gives, or left
    to ast (never a different value)."""
    text = before + repr(value) + after
    ours = _plain_literal(text)
    if ours is not _NOT_PLAIN:
        assert _same(ours, _literal_eval(text))


_TOKENS = [
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ",",
    ":",
    " ",
    "\n",
    "'a'",
    '"b"',
    "'",
    '"',
    "''",
    "'''",
    "1",
    "-1",
    "01",
    "-",
    "+1",
    "1.5",
    "True",
    "Truex",
    "None",
    "false",
    "b'x'",
    "\\",
    "#",
    "1_0",
    "'x' 'y'",
    "{1,2}",
    "\r",
    "\f",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=14))
@example(["{", "'a'", ":", "'x' 'y'", "}"])
@example(["[", "1", ",", "]"])
@example(["{", "True", ":", "1", ",", "1", ":", "'a'", "}"])
@example(["\f", "{", "}"])
def test_any_text_reads_as_literal_eval_reads_it_or_steps_aside(tokens: list[str]) -> None:
    """On any text built from a repr's pieces (and pieces of other Python), the reader gives literal_eval's value
    or steps aside: it never accepts what literal_eval refuses, nor reads a text differently."""
    text = "".join(tokens)
    ours = _plain_literal(text)
    if ours is not _NOT_PLAIN:
        theirs = _literal_eval(text)
        assert theirs is not _NOT_PLAIN, text
        assert _same(ours, theirs), text


def test_openai_s_printed_body_is_read_without_ast() -> None:
    """openai's printed body is read by the plain reader (the fast path is taken), to the body parse_body gives."""
    text = "{'error': {'code': '401', 'message': 'Access denied due to invalid subscription key.'}}"
    assert _plain_literal(text) == {
        "error": {"code": "401", "message": "Access denied due to invalid subscription key."}
    }
    body = parse_body(text)
    assert (body.shape, body.code, body.message) == (
        "odata",
        "401",
        "Access denied due to invalid subscription key.",
    )
