"""The Claude samples run against the emulator when no endpoint is configured, and show the enriched error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.parametrize(
    ("name", "sdk_line", "scenario"),
    [
        ("claude_foundry_sync.py", "Error code: 404 - {'error': {'code': 'api_not_supported'", "anthropic-path-doubled"),
        ("claude_foundry_async.py", "Error code: 404 - {'error': {'code': 'DeploymentNotFound'", "anthropic-deployment-not-found"),
    ],
)  # fmt: skip
def test_sample_shows_a_working_call_then_an_enriched_error(name: str, sdk_line: str, scenario: str) -> None:
    """Exit 0, Claude's answer, then anthropic's own line followed at once by the scenario's headline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    run = subprocess.run(
        [sys.executable, str(SAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert "Hello from the inference-doctor emulator." in lines
    first = next(i for i, line in enumerate(lines) if line.startswith("Error code:"))
    assert lines[first].startswith(sdk_line)
    assert lines[first + 1].startswith(f"error[{scenario}]")
    assert f"(scenario: {scenario})" in lines
    assert run.stderr == ""
