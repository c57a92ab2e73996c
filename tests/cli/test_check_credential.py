"""`inference-doctor check` and `token`, credential step: a REAL azure-identity credential set up by an emulator
reproduction (`--emulator-credential`) fails at the credential step with its diagnosis, or passes."""

from __future__ import annotations

import io
import json

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
