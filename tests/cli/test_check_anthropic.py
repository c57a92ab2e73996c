"""`inference-doctor check` on the anthropic route (Claude on Foundry) against the emulator: the endpoint, the key
and its header, one Messages call. Which step each misconfiguration fails at, with which id, is in test_check.py's
table with the other clients'."""

from __future__ import annotations

import io
import json

import pytest
from check_cli import ANTHROPIC, CLAUDE, KEY_VAR, SERVICES, check, steps

from inference_doctor.cli import main
from inference_doctor.cli.check import ANTHROPIC_VERSION, check_endpoint, infer_client, probe_request
from inference_doctor.emulator import defaults as world


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        ((ANTHROPIC, "--deployment", CLAUDE), {}),
        ((f"{SERVICES}/anthropic", "--deployment", world.CLAUDE_HAIKU, "--emulator-identity", "app"), {}),
        ((ANTHROPIC, "--deployment", CLAUDE, "--auth", "key"), {KEY_VAR: world.KEY}),
        (
            (ANTHROPIC, "--deployment", CLAUDE, "--auth", "key", "--key-header", "x-api-key"),
            {KEY_VAR: world.KEY},
        ),
        ((ANTHROPIC, "--deployment", CLAUDE, "--auth", "key", "--key-env", "MY_KEY"), {"MY_KEY": world.KEY}),
    ],
    ids=["entra", "entra-app-no-slash", "key", "key-header-explicit", "key-env"],
)
def test_claude_on_foundry_passes_every_step(argv, env, monkeypatch):
    """The anthropic route with a Claude deployment and an Entra token or a key (read from
    ANTHROPIC_FOUNDRY_API_KEY, as AnthropicFoundry reads it) passes all three steps; auto picks the client."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, out = check(*argv)
    assert code == 0, out
    data = json.loads(out)
    assert data["client"] == "anthropic"
    assert all(s["ok"] and not s["skipped"] for s in data["steps"])
    assert "/anthropic/v1/messages (messages, max_tokens=1) -> 200" in steps(out)["request"]["detail"]


def test_the_key_never_shows(monkeypatch):
    """The key, read from the environment and sent in x-api-key (or, on request, in another header), appears
    in neither format's output, failing or passing."""
    monkeypatch.setenv(KEY_VAR, world.KEY)
    for header in ("x-api-key", "api-key", "bearer"):
        for fmt in ("json", "text"):
            _, out = check(
                ANTHROPIC, "--deployment", CLAUDE, "--auth", "key", "--key-header", header, fmt=fmt
            )
            assert not any(world.KEY[i : i + 12] in out for i in range(len(world.KEY) - 11)), "key leaked"


@pytest.mark.parametrize("header", ["api-key", "bearer"])
def test_a_key_in_the_wrong_header_is_confirmed_by_the_service(header, monkeypatch):
    """--key-header api-key or bearer: the credential step says the route reads x-api-key only, and the request
    still goes out, so the emulated service's 401 is diagnosed by the engine as the same scenario."""
    monkeypatch.setenv(KEY_VAR, world.KEY)
    code, out = check(ANTHROPIC, "--deployment", CLAUDE, "--auth", "key", "--key-header", header)
    assert code == 1
    request = steps(out)["request"]
    assert not request["skipped"]
    assert "-> 401" in request["detail"]
    assert request["scenario"] == "anthropic-key-header"
    assert request["diagnosis"]["scenario"] == "anthropic-key-header"


def test_a_model_that_is_not_claude_on_the_anthropic_route_says_so():
    """A non-Claude deployment sent to /anthropic/v1/messages: the service refuses it, and the step notes that
    the route serves Claude only."""
    code, out = check(ANTHROPIC, "--deployment", world.CHAT)
    assert code == 1
    request = steps(out)["request"]
    assert "-> 404" in request["detail"]
    assert any("does not look like a Claude deployment" in note for note in request["notes"])


@pytest.mark.parametrize(
    ("path", "client"),
    [
        ("/anthropic/", "anthropic"),
        ("/anthropic", "anthropic"),
        ("/anthropic/v1/messages", "anthropic"),
        ("/v1/messages", "anthropic"),
        ("/models", "azure-ai-inference"),
        ("/openai/v1/", "openai-v1"),
        ("/", "azure-openai"),
        ("/anthropicx", "azure-openai"),
        ("/v1/messagesx", "azure-openai"),
    ],
)
def test_auto_picks_the_anthropic_client_by_the_path(path, client):
    """--client auto picks anthropic for a path under /anthropic or Anthropic's /v1/messages, and only then."""
    assert infer_client(path) == client


def test_the_probe_is_the_cheapest_messages_call():
    """The request step's URL and body are AnthropicFoundry's: /v1/messages appended to the base URL, the
    deployment as model=, max_tokens 1."""
    url, body = probe_request(ANTHROPIC, "anthropic", CLAUDE, None)
    assert url == f"{ANTHROPIC}v1/messages"
    assert body == {"model": CLAUDE, "max_tokens": 1, "messages": [{"role": "user", "content": "ping"}]}
    assert ANTHROPIC_VERSION == "2023-06-01"


def test_a_host_that_does_not_serve_claude_fails_the_endpoint_step():
    """Anthropic's own API, a regional host or a serverless endpoint is not where Foundry serves Claude."""
    for endpoint in (
        "https://api.anthropic.com/",
        "https://eastus.api.cognitive.microsoft.com/anthropic/",
        "https://llama.eastus.models.ai.azure.com/anthropic/",
    ):
        step = check_endpoint(endpoint, "anthropic", "key", None, CLAUDE)
        assert not step.ok, endpoint
        assert "services.ai.azure.com/anthropic/" in step.detail


def test_key_header_without_key_auth_is_a_usage_error(capsys):
    """--key-header is about a key: without --auth key it is a usage error (exit 2), not ignored."""
    with pytest.raises(SystemExit) as caught:
        main(["check", ANTHROPIC, "--key-header", "api-key", "--emulator"], out=io.StringIO())
    assert caught.value.code == 2
    assert "--key-header" in capsys.readouterr().err


BASE_URLS = [
    (ANTHROPIC, None),
    (SERVICES, "anthropic-prefix-missing"),
    (f"{ANTHROPIC}v1/messages", "anthropic-path-doubled"),
    (f"{ANTHROPIC}anthropic/", "anthropic-path-doubled"),
]


@pytest.mark.parametrize(("base_url", "scenario"), BASE_URLS)
def test_the_endpoint_step_agrees_with_what_anthropic_foundry_gets(base_url, scenario):
    """The endpoint step's verdict on a base URL is what the real AnthropicFoundry, given that base URL, gets
    from the emulated service (diagnosed by the middleware), so check predicts the SDK's failure."""
    anthropic = pytest.importorskip("anthropic")
    from inference_doctor.anthropic import RemediationMiddleware
    from inference_doctor.emulator import Emulator, default_config

    step = check_endpoint(base_url, "anthropic", "key", None, CLAUDE)
    assert (step.ok, step.scenario) == (scenario is None, scenario)
    with Emulator(default_config()) as emulator:
        client = anthropic.AnthropicFoundry(
            base_url=base_url,
            api_key=world.KEY,
            http_client=emulator.anthropic_http_client(),
            max_retries=0,
            middleware=[RemediationMiddleware()],
        )
        try:
            client.messages.create(model=CLAUDE, max_tokens=1, messages=[{"role": "user", "content": "ping"}])
            got = None
        except anthropic.APIStatusError as exc:
            got = exc.diagnosis.scenario  # type: ignore[attr-defined]
    assert got == scenario
