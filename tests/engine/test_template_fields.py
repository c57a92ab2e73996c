"""`template_fields` (evidence.py) names the fields ``string.Formatter().parse`` names, on every catalog template."""

from __future__ import annotations

import string

import pytest

from inference_doctor import SCENARIOS
from inference_doctor.engine.evidence import template_fields

TEMPLATES = sorted({t for s in SCENARIOS for t in (s.headline, s.title, *s.steps)})
TRICKY = ["{{literal}} {real}", "a {b!r} {c:>3} {d.e} {f[0]}", "{}", "no fields", "}} {{ {x}", "{a}{b}"]


def _formatter(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def test_the_catalog_has_templates_with_fields() -> None:
    """The catalog's templates have fields (the comparison below is not vacuous)."""
    assert sum(1 for t in TEMPLATES if _formatter(t)) > 30


@pytest.mark.parametrize("template", TEMPLATES + TRICKY)
def test_fields_are_the_formatter_s(template: str) -> None:
    """Same names, in the same order, as string.Formatter's parse."""
    assert template_fields(template) == _formatter(template)
