"""The real cases the engine's benchmark and its no-change check run on: every fixture of the catalog
(tests/support/engine_cases.py) and every report of the real-world corpora (tests/engine/real_world*reports*.json).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# User-Agent strings standing in for the client a report names (as tests/engine/test_real_world.py has them)
UA = {
    "azure-ai-inference": "azsdk-python-ai-inference/1.0.0b9 Python/3.12.3 (Linux)",
    "azure-openai": "AzureOpenAI/Python 1.109.0",
    "openai": "OpenAI/Python 1.109.0",
}


def fixture_calls() -> list[tuple[str, int, dict[str, Any]]]:
    """(label, status, keyword arguments of diagnose) of every fixture, with everything it gives."""
    sys.path.insert(0, str(ROOT / "tests" / "support"))
    from doctor_testing import NOW
    from engine_cases import CASES

    calls = []
    for c in CASES:
        kw = {
            "body": c.body_text,
            "response_headers": c.response_headers,
            "method": c.method,
            "url": c.url,
            "request_headers": c.request_headers,
            "now": NOW,
        }
        if c.request_body is not None:
            kw["request_body"] = json.dumps(c.request_body)
        calls.append((f"fixture {c.expected}", c.status, kw))
    return calls


def reports() -> list[tuple[str, dict[str, Any]]]:
    """(label, report) of every report of the corpora."""
    found = []
    for name in sorted((ROOT / "tests" / "engine").glob("real_world*reports*.json")):
        for i, r in enumerate(json.loads(name.read_text(encoding="utf-8"))):
            found.append((f"{name.stem} #{i} {r['expected']}", r))
    return found


def wire_call(report: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """(status, keyword arguments of diagnose) of a report that gives the wire facts, else None."""
    if not report.get("url") or report.get("status") is None:
        return None
    headers = {"User-Agent": UA[report["client_hint"]]} if report.get("client_hint") in UA else None
    kw = {
        "body": report.get("body"),
        "url": report["url"],
        "method": report.get("method"),
        "request_headers": headers,
    }
    return report["status"], kw
