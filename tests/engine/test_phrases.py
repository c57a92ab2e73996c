"""The phrase search: the literals a text's words allow, searched for, find what searching every literal finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inference_doctor.engine.phrases import _GUARDS, _LITERALS, _PATTERNS, PHRASES, phrases

LITERALS = [literal for literals in _LITERALS.values() for literal in literals]


def every_literal(hay: str) -> frozenset[str]:
    """The definition: a name is found when any of its literals is a substring, or its expression matches."""
    found = {name for name, literals in _LITERALS.items() if any(lit in hay for lit in literals)}
    found |= {name for name, p in _PATTERNS.items() if _GUARDS.get(name, "") in hay and p.search(hay)}
    return frozenset(found)


# texts made of the literals themselves, cut, glued and separated every way whitespace and punctuation allow
pieces = st.one_of(
    st.sampled_from(LITERALS),
    st.sampled_from(LITERALS).flatmap(lambda lit: st.integers(0, len(lit)).map(lambda i: lit[:i])),
    st.sampled_from(LITERALS).flatmap(lambda lit: st.integers(0, len(lit)).map(lambda i: lit[i:])),
    st.sampled_from([" ", "  ", "\n", "\t", "\xa0", ".", '"', "(", ")", ":", "x", "-"]),
    st.text(max_size=12),
)
hays = st.lists(pieces, max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(hays)
def test_indexed_search_finds_what_every_literal_finds(hay):
    """phrases() gives the same names as testing every literal and expression of PHRASES on the text."""
    assert phrases(hay) == every_literal(hay)


def test_every_phrase_is_found_in_its_own_words():
    """Each literal alone, and inside a sentence, is found under its name."""
    for name, alternatives in PHRASES.items():
        for literal in alternatives:
            if literal.startswith("re:"):
                continue
            assert name in phrases(literal)
            assert name in phrases(f"error: {literal}, (please retry)")
