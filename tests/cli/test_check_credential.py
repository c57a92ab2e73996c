"""`inference-doctor check` and `token`, credential step: a REAL azure-identity credential set up by an emulator
reproduction (`--emulator-credential`) fails at the credential step with its diagnosis, or passes."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from inference_doctor.cli import main
from inference_doctor.emulator.credential_reproductions import (
    CREDENTIAL_REPRODUCTIONS,
    CREDENTIAL_WORKING,
    CredentialReproduction,
)

MODELS = "https://contoso-ai.services.ai.azure.com/models"
# token-provider-empty is about a token provider handing an empty string to openai; check asks the credential itself
FAILING = [r for r in CREDENTIAL_REPRODUCTIONS if r.scenario != "token-provider-empty"]


def run(command: str, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main([command, *argv, "--emulator"], out=out)
    return code, out.getvalue()


@pytest.mark.parametrize("rep", FAILING, ids=lambda r: r.id)
def test_check_diagnoses_the_credential_step(
    rep: CredentialReproduction, capsys: pytest.CaptureFixture[str]
) -> None:
    """The credential step fails with the reproduction's id and fix; the request is not sent; no secret shown."""
    argv = (MODELS, "--deployment", "gpt-4o-mini", "--scope", rep.scope, "--emulator-credential", rep.id)
    code, out = run("check", *argv, "--format", "json")
    assert code == 1
    steps = {s["step"]: s for s in json.loads(out)["steps"]}
    assert steps["endpoint"]["ok"]
    assert (steps["credential"]["ok"], steps["credential"]["scenario"]) == (False, rep.scenario)
    assert steps["credential"]["diagnosis"]["group"] == "acquisition"
    assert steps["request"]["skipped"]
    code, text = run("check", *argv)
    assert f"error[{rep.scenario}]" in text
    err = capsys.readouterr().err
    for shown in (out, text, err):
        if rep.setup.secret is not None:
            assert rep.setup.secret not in shown, "client secret leaked"
        assert "eyJ" not in shown, "a token leaked"
    assert (
        "failed to retrieve a token" not in err
    )  # azure-identity's WARNING: the command shows the message once


@pytest.mark.parametrize("rep", CREDENTIAL_WORKING, ids=lambda r: r.id)
def test_check_passes_with_a_working_credential(rep: CredentialReproduction) -> None:
    """A real credential that gets its token passes the credential and request steps."""
    argv = (MODELS, "--deployment", "gpt-4o-mini", "--scope", rep.scope, "--emulator-credential", rep.id)
    code, out = run("check", *argv, "--format", "json")
    assert code == 0, out
    assert all(s["ok"] for s in json.loads(out)["steps"])


def test_token_failure_says_why_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """token with a credential that cannot get one: exit 1, the credential's first line and the diagnosis, and
    azure-identity's own WARNING lines kept off stderr."""
    code, out = run(
        "token", "--emulator-credential", "credential-chain-exhausted/laptop-signed-out-everywhere"
    )
    assert code == 1
    assert (
        "FAIL  credential could not get a token for https://ai.azure.com/.default: ClientAuthenticationError: "
        in out
    )
    assert "error[credential-chain-exhausted]" in out
    assert "failed to retrieve a token" not in capsys.readouterr().err
    code, out = run(
        "token", "--emulator-credential", "client-secret-invalid/secret-id-for-value", "--format", "json"
    )
    assert code == 1
    data = json.loads(out)
    assert (data["ok"], data["steps"][0]["scenario"]) == (False, "client-secret-invalid")


def test_token_with_a_working_credential_shows_its_claims() -> None:
    """token with a real service principal: the claims of the token Entra (emulated) issued, never the token."""
    code, out = run("token", "--emulator-credential", "ok/service-principal", "--format", "json")
    assert code == 0
    assert json.loads(out)["appid"] == "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
    assert "eyJ" not in out


def test_unknown_reproduction_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An --emulator-credential that names no reproduction: exit 2 and the list of ids, no traceback."""
    with pytest.raises(SystemExit) as caught:
        run("token", "--emulator-credential", "nope")
    err = capsys.readouterr().err
    assert caught.value.code == 2
    assert "cli-login-required/az-signed-out" in err
    assert "Traceback" not in err


def test_token_keeps_azure_identity_warnings_off_stderr() -> None:
    """Run as a program (no logging configured, so Python would print WARNINGs to stderr): the chain's message
    reaches the user in the command's own output, not again on stderr."""
    import subprocess
    import sys

    argv = [
        "token",
        "--emulator",
        "--emulator-credential",
        "credential-chain-exhausted/laptop-signed-out-everywhere",
    ]
    done = subprocess.run(
        [sys.executable, "-m", "inference_doctor.cli", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "DefaultAzureCredential failed to retrieve a token" in done.stdout
    assert done.stderr == ""


class _HangingCredential:
    """A stand-in for DefaultAzureCredential whose get_token does not return until the test releases it (a CLI
    that never answers, a silent IMDS), without any network. It records what it was constructed with."""

    made: ClassVar[list[dict[str, Any]]] = []
    release: ClassVar[threading.Event]

    def __init__(self, **kwargs: Any) -> None:
        self.made.append(kwargs)

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        if not self.release.wait(60):
            raise RuntimeError("the hanging stand-in was never released")
        raise RuntimeError("released by the test")


@pytest.fixture
def hanging(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_HangingCredential]]:
    """DefaultAzureCredential replaced by `_HangingCredential`, released (so its thread ends) after the test."""
    identity = pytest.importorskip("azure.identity")
    _HangingCredential.made = []
    _HangingCredential.release = threading.Event()
    monkeypatch.setattr(identity, "DefaultAzureCredential", _HangingCredential)
    try:
        yield _HangingCredential
    finally:
        _HangingCredential.release.set()


def _real(command: str, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main([command, *argv], out=out)
    return code, out.getvalue()


def test_check_stops_waiting_for_a_credential_that_hangs(
    hanging: type[_HangingCredential], capsys: pytest.CaptureFixture[str]
) -> None:
    """check with a credential that never answers: the credential step fails after --timeout with a message
    saying so (no traceback), the request is not sent, exit 1; the CLI credentials get the same limit."""
    argv = (MODELS, "--deployment", "gpt-4o-mini", "--timeout", "0.2")
    code, out = _real("check", *argv, "--format", "json")
    assert code == 1
    steps = {s["step"]: s for s in json.loads(out)["steps"]}
    assert steps["endpoint"]["ok"]
    assert not steps["credential"]["ok"]
    assert steps["credential"]["detail"] == (
        "no token for https://ai.azure.com/.default within 0.2 s (--timeout): the credential did not answer"
    )
    assert any("AZURE_TOKEN_CREDENTIALS" in note for note in steps["credential"]["notes"])
    assert steps["request"]["skipped"]
    assert not hanging.release.is_set()  # it was still hanging when check gave up
    assert hanging.made == [{"process_timeout": 0.2}]
    code, text = _real("check", *argv)
    assert code == 1
    assert "FAIL  credential no token for https://ai.azure.com/.default within 0.2 s (--timeout)" in text
    assert "Traceback" not in text + capsys.readouterr().err


def test_token_stops_waiting_for_a_credential_that_hangs(
    hanging: type[_HangingCredential], capsys: pytest.CaptureFixture[str]
) -> None:
    """token takes --timeout too: a credential that never answers is a failed step after it, exit 1."""
    code, out = _real("token", "--timeout", "0.2", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert (data["ok"], data["steps"][0]["ok"]) == (False, False)
    assert "within 0.2 s (--timeout)" in data["steps"][0]["detail"]
    code, text = _real("token", "--timeout", "0.2")
    assert code == 1
    assert "FAIL  credential no token" in text
    assert "Traceback" not in text + capsys.readouterr().err
    assert [made["process_timeout"] for made in hanging.made] == [0.2, 0.2]


def test_a_credential_that_answers_in_time_is_unaffected() -> None:
    """The wait is a bound, not a delay: a credential's own failure inside the timeout is diagnosed as before."""
    argv = ("--emulator", "--emulator-credential", "cli-login-required/az-signed-out", "--timeout", "60")
    code, out = _real("token", *argv, "--format", "json")
    assert code == 1
    assert json.loads(out)["steps"][0]["scenario"] == "cli-login-required"


def test_a_timeout_beyond_what_the_clock_counts_is_a_long_wait() -> None:
    """--timeout 1e300 is taken as the longest wait there is, not an OverflowError: check and token pass."""
    code, out = _real("token", "--emulator", "--timeout", "1e300", "--format", "json")
    assert code == 0, out
    code, out = _real("check", MODELS, "--deployment", "gpt-4o-mini", "--emulator", "--timeout", "1e300")
    assert code == 0, out
