"""The README's "Before and after" is what `inference-doctor demo` shows today for the scenario it names."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_before_and_after_matches_the_demo():
    """The SDK-alone line and every line of the enriched text (request ids aside) come from the demo's run."""
    section = README.read_text(encoding="utf-8").split("## Before and after", 1)[1].split("\n## ", 1)[0]
    before, after = re.findall(r"```text\n(.*?)\n```", section, re.S)
    command = re.search(r"from `inference-doctor (demo [^`]+)`", section)
    assert command is not None
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "inference_doctor",
            *command.group(1).split(),
            "--sdk",
            "azure",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    record = json.loads(run.stdout.splitlines()[0])
    assert before.endswith(record["sdk_alone"].split(": ", 1)[1])
    shown = record["message"].splitlines()
    for line in after.splitlines():
        if "request-id" in line:
            continue  # a new id for every request
        assert line in shown, line
