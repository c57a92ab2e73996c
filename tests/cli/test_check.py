"""`inference-doctor check` and `token` against the emulator: each misconfiguration fails at the right step."""

from __future__ import annotations

import io
import json

import pytest

from inference_doctor.cli import main
from inference_doctor.emulator import defaults as world

MODELS = "https://contoso-ai.services.ai.azure.com/models"
AOAI = "https://contoso-ai.openai.azure.com"


def check(*argv: str, fmt: str = "json") -> tuple[int, str]:
    out = io.StringIO()
    code = main(["check", *argv, "--emulator", "--format", fmt], out=out)
    return code, out.getvalue()


def steps(output: str) -> dict[str, dict]:
    return {s["step"]: s for s in json.loads(output)["steps"]}


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
]  # fmt: skip


@pytest.mark.parametrize(("argv", "env", "step", "scenario"), CASES, ids=[c[3] for c in CASES])
def test_misconfiguration_fails_at_the_right_step(argv, env, step, scenario, monkeypatch):
    """Each misconfiguration fails at its step with its scenario id (JSON), and the text names the id too."""
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
