"""`inference-doctor demo`: every reproducible scenario, through the real SDKs, diagnosed with its own id."""

from __future__ import annotations

import io
import json

import pytest

from inference_doctor.cli import main
from inference_doctor.emulator import REPRODUCIBLE_IDS
from inference_doctor.emulator.credential_reproductions import CREDENTIAL_REPRODUCTIONS


def demo(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["demo", *argv], out=out)
    return code, out.getvalue()


def test_demo_json_shows_every_reproducible_scenario_diagnosed():
    """One JSON object per run; every reproducible id appears (the token-acquisition ones once each) and each run
    carries its own id; exit 0."""
    code, out = demo("--format", "json")
    lines = [json.loads(line) for line in out.splitlines()]
    runs, summary = lines[:-1], lines[-1]
    assert code == 0
    credential_ids = {r.scenario for r in CREDENTIAL_REPRODUCTIONS}
    assert {r["scenario"] for r in runs} == set(REPRODUCIBLE_IDS) | credential_ids
    shown = [r["scenario"] for r in runs if r["scenario"] in credential_ids]
    assert len(shown) == len(credential_ids)  # one run per token-acquisition scenario
    assert all(r["diagnosed"] == r["scenario"] for r in runs)
    assert all({"scenario", "sdk", "client", "diagnosed", "exception", "message"} <= set(r) for r in runs)
    assert {r["sdk"] for r in runs} == {"azure", "openai", "anthropic"}
    assert summary["correct"] == summary["runs"] == len(runs)


def test_demo_exception_is_both_the_sdk_class_and_remediation():
    """The classes reported for an openai 401: openai's AuthenticationError (whose name the enriched class
    presents), then RemediationError."""
    code, out = demo("--format", "json", "--scenario", "token-expired", "--sdk", "openai")
    run = json.loads(out.splitlines()[0])
    assert code == 0
    assert run["exception"][:2] == ["AuthenticationError", "RemediationError"]


def test_demo_text_shows_before_and_after_and_a_summary():
    """Text output: the faulty construction, the SDK's own first line, the diagnosis headline, a summary line."""
    code, out = demo("--scenario", "inference-sdk-default-scope", "--sdk", "azure")
    assert code == 0
    assert "ChatCompletionsClient(" in out
    assert "the SDK alone raises:" in out
    assert "ClientAuthenticationError: (None) Unauthorized." in out
    assert "error[inference-sdk-default-scope]" in out
    assert "1/1 diagnosed correctly" in out
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_demo_shows_the_anthropic_scenarios_through_anthropic_foundry():
    """`--sdk anthropic` runs AnthropicFoundry: anthropic's own class under ours, each with its own id."""
    code, out = demo("--format", "json", "--sdk", "anthropic")
    runs = [json.loads(line) for line in out.splitlines()][:-1]
    assert code == 0
    assert {r["client"] for r in runs} == {"AnthropicFoundry"}
    assert {"anthropic-key-header", "anthropic-path-doubled", "anthropic-prefix-missing"} <= {
        r["scenario"] for r in runs
    }
    assert all(r["diagnosed"] == r["scenario"] for r in runs)
    assert all(r["exception"][1] == "RemediationError" for r in runs)  # anthropic's class shown first
    assert {r["exception"][0] for r in runs} <= {
        "AuthenticationError",
        "NotFoundError",
        "PermissionDeniedError",
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--scenario", "nope"], "not a catalog id"),
        (["--scenario", "unclassified-401"], "not one the emulator reproduces"),
    ],
)
def test_demo_bad_scenario_is_a_usage_error(argv, message, capsys):
    """An unknown or unreproducible id gives one line and exit 2."""
    with pytest.raises(SystemExit) as exc:
        main(["demo", *argv], out=io.StringIO())
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_demo_shows_a_credential_failure_before_and_after():
    """A token-acquisition scenario: the real credential's own exception first, then the same class enriched."""
    code, out = demo("--scenario", "cli-login-required", "--sdk", "azure")
    assert code == 0
    assert "credential = AzureCliCredential()" in out
    assert "the SDK alone raises:" in out
    assert "CredentialUnavailableError: Please run 'az login' to set up an account" in out
    assert "error[cli-login-required]" in out
    assert "1/1 diagnosed correctly" in out


def test_demo_without_azure_identity_shows_the_service_scenarios(monkeypatch):
    """Without azure-identity the tour leaves the token-acquisition scenarios out, and asking for one says what to
    install (exit 2)."""
    import inference_doctor.cli.demo as demo_module

    monkeypatch.setattr(demo_module, "_has_identity", lambda: False)
    picked = demo_module._pick(None, "all")
    assert {rep.scenario for rep in picked} == set(REPRODUCIBLE_IDS)
    with pytest.raises(SystemExit) as caught:
        demo("--scenario", "cli-login-required")
    assert caught.value.code == 2
