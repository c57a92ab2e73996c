"""The openai samples run against the emulator when no endpoint is configured, and show the enriched error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
EXPECTED = {
    "azure_openai_sync.py": ("error[deployment-not-found]", "Error code: 404"),
    "azure_openai_async.py": ("error[role-missing]", "Error code: 401"),
    "openai_v1_route.py": ("error[token-tenant-mismatch]", "Error code: 400"),
    "openai_instrument.py": ("error[key-auth-disabled]", "Error code: 403"),
    "openai_token_provider.py": ("error[cli-login-required]", "Please run 'az login' to set up an account"),
}
ENV_NAMES = (
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_AD_TOKEN",
    "AZURE_OPENAI_DEPLOYMENT",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_API_VERSION",
)


@pytest.fixture(scope="module")
def sample_runs() -> dict[str, subprocess.CompletedProcess[str]]:
    """Every sample, run at once in its own interpreter, with no endpoint in the environment."""
    env = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    procs = {
        name: subprocess.Popen(
            [sys.executable, str(SAMPLES / name)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in EXPECTED
    }
    runs = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=60)
        runs[name] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return runs


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_runs_against_the_emulator(
    sample_runs: dict[str, subprocess.CompletedProcess[str]], name: str
) -> None:
    """Exit 0, the SDK's (or the credential's) own line first, then the scenario's headline; nothing on stderr."""
    run = sample_runs[name]
    headline, sdk_line = EXPECTED[name]
    assert run.returncode == 0, run.stderr[-2000:]
    assert headline in run.stdout
    lines = run.stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(sdk_line))
    assert lines[first].startswith(sdk_line)
    assert lines[first + 1].startswith(headline)
    assert run.stderr == ""


def test_working_call_precedes_the_error(sample_runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    """The samples with a working call print its answer before the error."""
    for name in (
        "azure_openai_sync.py",
        "azure_openai_async.py",
        "openai_v1_route.py",
        "openai_token_provider.py",
    ):
        assert "Hello from the inference-doctor emulator" in sample_runs[name].stdout
