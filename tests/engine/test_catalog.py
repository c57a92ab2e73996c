"""The catalog is data, validated: unique ids, the closed Literal, docs, templates."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import get_args

import pytest

from inference_doctor import SCENARIOS, ScenarioId, get_scenario
from inference_doctor.engine.catalog import scenario

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "scenarios.md"


def test_ids_are_unique_and_match_the_literal_in_order():
    """Every Literal id has exactly one entry, in the same order."""
    ids = [s.id for s in SCENARIOS]
    assert len(ids) == len(set(ids))
    assert ids == list(get_args(ScenarioId))


def test_ids_are_kebab_case():
    """Ids are stable kebab-case strings."""
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", s.id) for s in SCENARIOS)


# Ids the shared catalog lists whose implementation is an open issue. Each one leaves this set in the commit that
# adds it to the catalog; the test below fails both for an id implemented but still listed here and for a listed id
# that is neither implemented nor pending.
PENDING: dict[str, frozenset[str]] = {}


@pytest.mark.skipif(not SHARED.exists(), reason="shared/scenarios.md is not beside the checkout")
def test_every_id_of_the_shared_catalog_exists():
    """Each id the shared scenarios.md lists (first column of its tables) is in the catalog or pending, and no other."""
    text = SHARED.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| ([a-z0-9]+(?:-[a-z0-9]+)+) \|", text, re.M))
    have = {s.id for s in SCENARIOS}
    pending = set().union(*PENDING.values())
    assert have <= listed, f"in the catalog, not in shared/scenarios.md: {sorted(have - listed)}"
    assert not (have & pending), f"implemented, still marked pending: {sorted(have & pending)}"
    assert listed - have == pending, f"neither implemented nor pending: {sorted(listed - have - pending)}"


@pytest.mark.parametrize("entry", SCENARIOS, ids=lambda s: s.id)
def test_entry_is_complete(entry):
    """Each entry has a title without placeholders, a cause, steps, learn.microsoft.com docs and statuses in scope."""
    assert entry.title
    assert "{" not in entry.title
    assert entry.cause
    assert entry.signals
    assert entry.steps
    assert entry.docs
    assert all(d.startswith("https://learn.microsoft.com/") for d in entry.docs)
    assert set(entry.statuses) <= {400, 401, 403, 404}
    if not entry.id.startswith("unclassified"):
        assert entry.bad
        assert entry.good


KNOWN_FIELDS = {
    "host", "origin", "path", "endpoint", "resource", "scope_id", "route", "deployment", "project", "api_version",
    "suggested_version", "auth_kind", "accepted", "scope", "request_id", "project_note", "token_defect", "operation",
    "oid", "tid", "aud", "exp", "expired_ago", "principal", "role", "role_note", "data_action", "deployment_hint",
    "model", "doubled",
    # token acquisition (filled by the acquisition rules)
    "credential", "chain", "login", "exclude", "looks_like", "looks_like_step", "application", "resource_named",
    "scope_requested", "audience", "aadsts",
}  # fmt: skip


@pytest.mark.parametrize("entry", SCENARIOS, ids=lambda s: s.id)
def test_templates_use_only_known_fields(entry):
    """Every {field} in a headline or step is one the engine knows how to fill."""
    for template in (entry.headline, *entry.steps):
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        assert fields <= KNOWN_FIELDS, (entry.id, fields - KNOWN_FIELDS)


def test_lookup():
    """get_scenario returns None for unknown ids; scenario() raises KeyError."""
    assert get_scenario("role-missing") is scenario("role-missing")
    assert get_scenario("no-such-id") is None
    with pytest.raises(KeyError):
        scenario("no-such-id")  # type: ignore[arg-type]


def test_docs_reference_has_one_section_per_id_in_order():
    """docs/scenarios.md has a '## `id`' section for every id, in catalog order, and no other."""
    text = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## `([a-z0-9-]+)`", text, re.M)
    assert sections == [s.id for s in SCENARIOS]


def test_docs_reference_is_generated_from_the_catalog():
    """docs/scenarios.md is exactly what `inference-doctor scenarios --markdown` prints."""
    from inference_doctor.cli.scenarios import markdown_reference

    assert (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8") == markdown_reference()


def test_readme_scenario_table_is_the_catalog():
    """The README's scenario table lists every id with its status and title, as generated from the catalog."""
    from inference_doctor.cli.scenarios import scenario_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n", readme.index("<!-- scenarios:start")) + 1
    assert readme[start : readme.index("<!-- scenarios:end -->")] == scenario_table()
