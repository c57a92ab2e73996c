"""Score the engine against error reports collected from public issue trackers and Q&A pages.

Each `real_world_reports*.json` is one independent corpus (`real_world_reports.json` and `_2`: Azure AI inference
and Azure OpenAI; `_anthropic`: Claude on Foundry). Each holds one object per report: `source` (where it was
found), `text` (the error as the user pasted it, trimmed, secrets replaced by placeholders), `expected` (the
catalog id an expert would assign from the thread's resolution, or null for something out of scope; decided before
the engine was run on it), `acceptable` (other ids, or null, that are also reasonable given the ambiguity) and
`note`. Optional wire facts (`url`, `method`, `status`, `body`, `client_hint`, `request_headers` with placeholder
values, the request's `model`) are given where the report shows them; those reports are also fed through
`diagnose(...)`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import inference_doctor

CORPORA = ("real_world_reports.json", "real_world_reports_2.json", "real_world_reports_anthropic.json")
REPORTS: list[tuple[str, int, dict[str, Any]]] = [
    (name, number, report)
    for name in CORPORA
    for number, report in enumerate(json.loads(Path(__file__).with_name(name).read_text(encoding="utf-8")))
]

# User-Agent strings standing in for the client a report names.
_USER_AGENTS = {
    "azure-ai-inference": "azsdk-python-ai-inference/1.0.0b9 Python/3.12.3 (Linux)",
    "azure-openai": "AzureOpenAI/Python 1.109.0",
    "openai": "OpenAI/Python 1.109.0",
    "anthropic": "AnthropicFoundry/Python 2.14.0",
}
# What a placeholder in a report's `request_headers` stands for (a fake of the right shape, never a real one).
_PLACEHOLDERS = {"<azure key>": "3f2a9c4e8b7d6a5f1e0d9c8b7a6f5e4d"}


def _id(entry: tuple[str, int, dict[str, Any]]) -> str:
    name, number, report = entry
    corpus = name.removeprefix("real_world_reports").removesuffix(".json").strip("_") or "1"
    return f"{corpus}-{number:03d}-{report['expected'] or 'none'}"


def _allowed(report: dict[str, Any]) -> set[str | None]:
    return {report["expected"], *report.get("acceptable", [])}


def _got(diagnosis: Any) -> str | None:
    return None if diagnosis is None else diagnosis.scenario


WIRE = [entry for entry in REPORTS if entry[2].get("url") and entry[2].get("status") is not None]


@pytest.mark.parametrize("name", CORPORA)
def test_corpus_is_well_formed(name: str) -> None:
    """Every report has a source, a non-empty text, and ids that exist in the catalog."""
    known = {s.id for s in inference_doctor.SCENARIOS}
    reports = [report for corpus, _, report in REPORTS if corpus == name]
    assert reports
    for r in reports:
        assert r["source"]
        assert r["text"].strip()
        for sid in _allowed(r):
            assert sid is None or sid in known, (r["source"], sid)


@pytest.mark.parametrize("entry", REPORTS, ids=_id)
def test_diagnose_text_matches_expert(entry: tuple[str, int, dict[str, Any]]) -> None:
    """diagnose_text on the pasted error gives the expert's id or an acceptable alternative."""
    report = entry[2]
    got = _got(inference_doctor.diagnose_text(report["text"]))
    assert got in _allowed(report), (
        f"{report['source']}: expected {report['expected']!r} (or {report.get('acceptable')}), got {got!r}"
    )


@pytest.mark.parametrize("entry", WIRE, ids=_id)
def test_diagnose_wire_matches_expert(entry: tuple[str, int, dict[str, Any]]) -> None:
    """diagnose(status, body, url, method, request headers, model) gives the expert's id or an acceptable one."""
    report = entry[2]
    headers = {k: _PLACEHOLDERS.get(v, v) for k, v in (report.get("request_headers") or {}).items()}
    if report.get("client_hint") in _USER_AGENTS:
        headers["User-Agent"] = _USER_AGENTS[report["client_hint"]]
    model = report.get("model")
    got = _got(
        inference_doctor.diagnose(
            report["status"],
            body=report.get("body"),
            url=report["url"],
            method=report.get("method"),
            request_headers=headers or None,
            request_body=json.dumps({"model": model}) if model else None,
        )
    )
    assert got in _allowed(report), (
        f"{report['source']}: expected {report['expected']!r} (or {report.get('acceptable')}), got {got!r}"
    )
