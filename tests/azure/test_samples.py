"""The azure-ai-inference samples run against the emulator when no endpoint is configured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def run_sample(name: str) -> subprocess.CompletedProcess[str]:
    """Run one sample in a fresh interpreter with no AZURE_AI_* variable set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AZURE_AI_")}
    return subprocess.run(
        [sys.executable, str(SAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "service_words", "scenario"),
    [
        ("azure_ai_inference_sync.py", "Unknown model: gpt-4o-mini-prod", "unknown-model"),
        ("azure_ai_inference_async.py", "audience is incorrect", "inference-sdk-default-scope"),
    ],
)
def test_sample_shows_a_working_call_then_an_enriched_error(
    name: str, service_words: str, scenario: str
) -> None:
    """The sample exits 0, prints the model's answer, then the service's words followed by the remediation."""
    result = run_sample(name)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "Hello from the inference-doctor emulator." in out
    assert f"error[{scenario}]" in out
    assert out.index(service_words) < out.index(f"error[{scenario}]")
    assert f"(scenario: {scenario})" in out
