"""`inference-doctor check` and `token` against the emulator: each misconfiguration fails at the right step."""

from __future__ import annotations

import io
import json

import pytest
from check_cli import ANTHROPIC, AOAI, CLAUDE, KEY_VAR, MODELS, SERVICES, check, steps

from inference_doctor.cli import main
from inference_doctor.emulator import defaults as world


@pytest.mark.parametrize(
    "argv",
    [
        (MODELS, "--deployment", "Mistral-Large-2411"),
        (AOAI, "--deployment", "gpt-4o-mini"),
        (f"{AOAI}/openai/v1/", "--deployment", "gpt-4o-mini"),
        (MODELS, "--deployment", "gpt-4o-mini", "--emulator-identity", "app"),
    ],
)
def test_correct_endpoint_passes_every_step(argv):
    """A correctly configured endpoint passes the endpoint, credential and request steps, exit 0."""
    code, out = check(*argv)
    assert code == 0
    assert all(s["ok"] and not s["skipped"] for s in steps(out).values())


def test_key_auth_passes_and_the_key_never_shows(monkeypatch):
    """A key read from an environment variable works, and appears in neither format's output."""
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", world.KEY)
    for fmt in ("json", "text"):
        code, out = check(AOAI, "--deployment", "gpt-4o-mini", "--auth", "key", fmt=fmt)
        assert code == 0
        assert world.KEY not in out
        assert not any(world.KEY[i : i + 12] in out for i in range(len(world.KEY) - 11))


CASES = [
    # (argv, env, failing step, scenario)
    ((f"{MODELS[:-1]}", "--deployment", "x"), {}, "endpoint", "models-path-missing"),
    ((f"{MODELS}/openai/deployments/x", "--client", "azure-openai"), {}, "endpoint", "openai-path-on-models-endpoint"),
    ((f"{AOAI}/", "--client", "openai-v1", "--deployment", "x"), {}, "endpoint", "v1-path-missing"),
    (("https://eastus.api.cognitive.microsoft.com", "--deployment", "x"), {}, "endpoint", "custom-subdomain-required"),
    ((MODELS, "--deployment", "x", "--scope", "https://management.azure.com/.default"), {}, "credential", "token-wrong-audience"),
    ((MODELS, "--deployment", "x", "--scope", "https://ml.azure.com/.default"), {}, "credential", "inference-sdk-default-scope"),
    ((MODELS, "--deployment", "x", "--emulator-identity", "expired"), {}, "credential", "token-expired"),
    ((AOAI, "--deployment", "gpt-4o-mini", "--emulator-identity", "guest"), {}, "request", "token-tenant-mismatch"),
    ((AOAI, "--deployment", "gpt-4o-mini", "--emulator-identity", "owner"), {}, "request", "role-missing"),
    ((MODELS, "--deployment", "Mistral-Large-2411", "--emulator-identity", "openai-only"), {}, "request", "role-missing"),
    (("https://contoso-nokeys.openai.azure.com", "--deployment", "gpt-4o-mini", "--auth", "key"), {"AZURE_OPENAI_API_KEY": world.NO_KEYS_KEY}, "request", "key-auth-disabled"),
    ((AOAI, "--deployment", "gpt-4o-mni"), {}, "request", "deployment-not-found"),
    ((MODELS, "--deployment", "gpt-4o-mni"), {}, "request", "unknown-model"),
    (("https://contoso-firewall.openai.azure.com", "--deployment", "gpt-4o-mini"), {}, "request", "firewall-denied"),
    (("https://contoso-closed.openai.azure.com", "--deployment", "gpt-4o-mini"), {}, "request", "public-access-disabled"),
    ((AOAI, "--deployment", "gpt-4o-mini", "--auth", "key"), {"AZURE_OPENAI_API_KEY": world.OPENAI_COM_KEY}, "credential", "openai-key-on-azure"),
    ((AOAI, "--deployment", "gpt-4o-mini", "--auth", "key"), {"AZURE_OPENAI_API_KEY": world.OTHER_KEY}, "request", "key-invalid"),
    # Claude on Foundry: the anthropic route (--client anthropic, picked by auto for /anthropic)
    ((SERVICES, "--client", "anthropic", "--deployment", CLAUDE), {}, "endpoint", "anthropic-prefix-missing"),
    ((f"{SERVICES}/v1/messages", "--deployment", CLAUDE), {}, "endpoint", "anthropic-prefix-missing"),
    ((f"{SERVICES}/models", "--client", "anthropic", "--deployment", CLAUDE), {}, "endpoint", "anthropic-prefix-missing"),
    ((f"{ANTHROPIC}v1/messages", "--deployment", CLAUDE), {}, "endpoint", "anthropic-path-doubled"),
    ((f"{ANTHROPIC}v1", "--deployment", CLAUDE), {}, "endpoint", "anthropic-path-doubled"),
    ((f"{ANTHROPIC}anthropic/", "--deployment", CLAUDE), {}, "endpoint", "anthropic-path-doubled"),
    ((f"{SERVICES}/models", "--deployment", CLAUDE), {}, "endpoint", "claude-on-models-route"),
    (("https://contoso-ai.openai.azure.com/openai/v1/", "--deployment", CLAUDE), {}, "endpoint", "anthropic-model-on-openai-route"),
    ((ANTHROPIC, "--deployment", CLAUDE, "--auth", "key", "--key-header", "api-key"), {KEY_VAR: world.KEY}, "credential", "anthropic-key-header"),
    ((ANTHROPIC, "--deployment", CLAUDE, "--auth", "key", "--key-header", "bearer"), {KEY_VAR: world.KEY}, "credential", "anthropic-key-header"),
    ((ANTHROPIC, "--deployment", CLAUDE, "--scope", "https://management.azure.com/.default"), {}, "credential", "token-wrong-audience"),
    ((ANTHROPIC, "--deployment", CLAUDE, "--auth", "key"), {}, "credential", "token-missing"),
    ((ANTHROPIC, "--deployment", "claude-opus-4-6"), {}, "request", "anthropic-deployment-not-found"),
    ((ANTHROPIC, "--deployment", "claude-opus-4-6", "--auth", "key"), {KEY_VAR: world.KEY}, "request", "anthropic-deployment-not-found"),
    ((ANTHROPIC, "--deployment", CLAUDE, "--emulator-identity", "openai-only"), {}, "request", "role-missing"),
    ((ANTHROPIC, "--deployment", CLAUDE, "--emulator-identity", "guest"), {}, "request", "token-tenant-mismatch"),
    ((ANTHROPIC, "--deployment", CLAUDE, "--auth", "key"), {KEY_VAR: world.OTHER_KEY}, "request", "key-invalid"),
    (("https://contoso-nokeys.services.ai.azure.com/anthropic/", "--deployment", CLAUDE, "--auth", "key"), {KEY_VAR: world.NO_KEYS_KEY}, "request", "key-auth-disabled"),
    (("https://contoso-firewall.services.ai.azure.com/anthropic/", "--deployment", CLAUDE), {}, "request", "firewall-denied"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "env", "step", "scenario"), CASES, ids=[f"{c[3]}-{i}" for i, c in enumerate(CASES)]
)
def test_misconfiguration_fails_at_the_right_step(argv, env, step, scenario, monkeypatch):
    """Each misconfiguration fails at its step with its scenario id (JSON), the steps before it pass, and the
    text names the id too."""
    for name in ("AZURE_AI_API_KEY", "AZURE_OPENAI_API_KEY", KEY_VAR):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, out = check(*argv)
    assert code == 1
    result = steps(out)
    assert not result[step]["ok"]
    assert result[step]["scenario"] == scenario
    earlier = list(result)[: list(result).index(step)]
    assert all(result[name]["ok"] for name in earlier)
    code, text = check(*argv, fmt="text")
    assert code == 1
    assert f"[{scenario}]" in text
    assert "FAIL" in text


def test_check_never_prints_the_token(capsys):
    """The token the credential returned appears nowhere, not even a 12-character piece of it."""
    from inference_doctor.emulator import EmulatorCredential

    code, out = check(AOAI, "--deployment", "gpt-4o-mini", "--emulator-identity", "owner", fmt="text")
    token = EmulatorCredential(world.OWNER).get_token("https://ai.azure.com/.default").token
    signature = token.rsplit(".", 1)[1]
    assert code == 1
    assert token.split(".")[1][:24] not in out
    assert signature[:12] not in out


def test_missing_deployment_skips_the_request():
    """Without --deployment the request step is not sent and says why."""
    code, out = check(MODELS)
    assert code == 1
    assert "--deployment" in steps(out)["request"]["detail"]


def test_token_shows_claims_and_role_command():
    """token prints the claims and an az role assignment line with the principal id, never the token."""
    out = io.StringIO()
    assert main(["token", "--emulator", "--emulator-identity", "app", "--format", "json"], out=out) == 0
    data = json.loads(out.getvalue())
    assert data["oid"] == world.APP.oid
    assert data["aud"] == "https://ai.azure.com"
    assert f"--assignee {world.APP.oid}" in data["role_assignment"]
    assert "eyJ" not in out.getvalue()
