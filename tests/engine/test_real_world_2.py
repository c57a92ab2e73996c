"""Score the engine against a second, independent set of error reports collected from public issue trackers and Q&A pages.

`real_world_reports_2.json` holds one object per report: `source` (where it was found), `text` (the error as the
user pasted it, trimmed, secrets replaced by placeholders), `expected` (the catalog id an expert would assign from
the thread's resolution, or null for something out of scope), `acceptable` (other ids, or null, that are also
reasonable given the ambiguity) and `note`. Optional wire facts (`url`, `method`, `status`, `body`, `client_hint`)
are given where the report shows them; those reports are also fed through `diagnose(...)`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import inference_doctor

REPORTS: list[dict[str, Any]] = json.loads(
    (Path(__file__).with_name("real_world_reports_2.json")).read_text(encoding="utf-8")
)

# User-Agent strings standing in for the client a report names.
_USER_AGENTS = {
    "azure-ai-inference": "azsdk-python-ai-inference/1.0.0b9 Python/3.12.3 (Linux)",
    "azure-openai": "AzureOpenAI/Python 1.109.0",
    "openai": "OpenAI/Python 1.109.0",
}


def _ids(reports: list[dict[str, Any]]) -> list[str]:
    return [f"{i:03d}-{r['expected'] or 'none'}" for i, r in enumerate(reports)]


def _allowed(report: dict[str, Any]) -> set[str | None]:
    return {report["expected"], *report.get("acceptable", [])}


def _got(diagnosis: Any) -> str | None:
    return None if diagnosis is None else diagnosis.scenario


WIRE = [r for r in REPORTS if r.get("url") and r.get("status") is not None]


def test_corpus_is_well_formed() -> None:
    """Every report has a source, a non-empty text, and ids that exist in the catalog."""
    known = {s.id for s in inference_doctor.SCENARIOS}
    for r in REPORTS:
        assert r["source"]
        assert r["text"].strip()
        for sid in _allowed(r):
            assert sid is None or sid in known, (r["source"], sid)


@pytest.mark.parametrize("report", REPORTS, ids=_ids(REPORTS))
def test_diagnose_text_matches_expert(report: dict[str, Any]) -> None:
    """diagnose_text on the pasted error gives the expert's id or an acceptable alternative."""
    got = _got(inference_doctor.diagnose_text(report["text"]))
    assert got in _allowed(report), (
        f"{report['source']}: expected {report['expected']!r} (or {report.get('acceptable')}), got {got!r}"
    )


@pytest.mark.parametrize("report", WIRE, ids=_ids(WIRE))
def test_diagnose_wire_matches_expert(report: dict[str, Any]) -> None:
    """diagnose(status, body, url, method, User-Agent) gives the expert's id or an acceptable alternative."""
    headers = None
    if report.get("client_hint") in _USER_AGENTS:
        headers = {"User-Agent": _USER_AGENTS[report["client_hint"]]}
    got = _got(
        inference_doctor.diagnose(
            report["status"],
            body=report.get("body"),
            url=report["url"],
            method=report.get("method"),
            request_headers=headers,
        )
    )
    assert got in _allowed(report), (
        f"{report['source']}: expected {report['expected']!r} (or {report.get('acceptable')}), got {got!r}"
    )
