"""The service as a pure function: order of checks, exact bodies and headers, quirks."""

from __future__ import annotations

import dataclasses
import json
import time

import pytest

from inference_doctor.emulator import Identity, Reply, Request, default_config, handle, mint_token
from inference_doctor.emulator import defaults as d

CONFIG = default_config()
AOAI = f"{d.RESOURCE}.openai.azure.com"
SERVICES = f"{d.RESOURCE}.services.ai.azure.com"
CHAT_PATH = f"/openai/deployments/{d.CHAT}/chat/completions?api-version=2024-10-21"
MODELS_PATH = "/models/chat/completions?api-version=2024-05-01-preview"


def ask(
    host: str, target: str, headers: dict[str, str] | None = None, body: object = None, method: str = "POST"
) -> Reply:
    data = json.dumps(body).encode() if body is not None else b""
    return handle(CONFIG, Request.build(method, target, {"Host": host, **(headers or {})}, data), time.time())


def bearer(identity: Identity, scope: str = "https://ai.azure.com/.default") -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(identity, scope)}"}


def test_not_found_body_is_the_services_own_bytes() -> None:
    """An unknown path answers the service's exact 404 bytes, with request id and region headers."""
    reply = ask(AOAI, "/nope", {"api-key": d.KEY})
    assert reply.status == 404
    assert reply.body == b'{"error":{"code":"404","message": "Resource not found"}}'
    assert reply.header("apim-request-id") == reply.header("x-request-id")
    assert reply.header("x-ms-region") == "East US 2"
    assert reply.header("content-type") == "application/json"


def test_network_comes_before_credentials() -> None:
    """A firewall denial answers before any credential is looked at, with its policy-id header."""
    reply = ask(f"{d.FIREWALL_RESOURCE}.openai.azure.com", CHAT_PATH)
    assert reply.status == 403
    assert reply.header("policy-id") == "ThrowExceptionDueToTrafficDenied"


def test_api_key_wins_over_bearer() -> None:
    """azure-ai-inference's double header (Bearer <key> and api-key) is accepted: api-key wins."""
    reply = ask(
        SERVICES, MODELS_PATH, {"Authorization": f"Bearer {d.KEY}", "api-key": d.KEY}, {"model": d.CHAT}
    )
    assert reply.status == 200


def test_key_in_bearer_slot_is_a_token_error_on_classic_routes() -> None:
    """A key only in the Bearer slot is the shared token 401 on classic routes."""
    reply = ask(AOAI, CHAT_PATH, {"Authorization": f"Bearer {d.KEY}"}, {})
    assert reply.status == 401
    assert reply.json() == {
        "statusCode": 401,
        "message": "Unauthorized. Access token is missing, invalid, audience is incorrect "
        "(https://cognitiveservices.azure.com/ or https://ai.azure.com/), or have expired.",
    }


def test_key_in_bearer_slot_is_accepted_on_v1() -> None:
    """The `/openai/v1/` route accepts the key as a bearer token."""
    reply = ask(AOAI, "/openai/v1/chat/completions", {"Authorization": f"Bearer {d.KEY}"}, {"model": d.CHAT})
    assert reply.status == 200


@pytest.mark.parametrize("aud", ["https://cognitiveservices.azure.com", "https://ai.azure.com/"])
def test_both_audiences_with_or_without_slash_are_accepted(aud: str) -> None:
    """Both data-plane audiences are accepted, with or without a trailing slash."""
    identity = dataclasses.replace(d.ALICE, aud=aud)
    assert ask(AOAI, CHAT_PATH, bearer(identity), {}).status == 200


def test_skew_tolerates_a_just_expired_token() -> None:
    """A token expired a minute ago is still inside the clock skew."""
    identity = dataclasses.replace(d.ALICE, lifetime=-60)
    assert ask(AOAI, CHAT_PATH, bearer(identity), {}).status == 200


def test_not_yet_valid_token_is_refused() -> None:
    """A token whose nbf is an hour ahead is refused."""
    identity = dataclasses.replace(d.ALICE, not_before_offset=3600)
    assert ask(AOAI, CHAT_PATH, bearer(identity), {}).status == 401


def test_expiry_is_checked_before_audience_and_tenant() -> None:
    """An expired guest token with a wrong audience is a 401, not the tenant 400."""
    identity = dataclasses.replace(d.GUEST, lifetime=-7200)
    assert ask(AOAI, CHAT_PATH, bearer(identity, "https://management.azure.com/.default"), {}).status == 401


def test_openai_user_covers_openai_models_on_models_route() -> None:
    """Cognitive Services OpenAI User works for an OpenAI model on /models."""
    assert ask(SERVICES, MODELS_PATH, bearer(d.OPENAI_ONLY), {"model": d.CHAT}).status == 200


def test_project_route_refuses_keys_and_cognitive_audience() -> None:
    """Project routes take only ai.azure.com tokens: keys and cognitiveservices tokens get the 401."""
    path = f"/api/projects/{d.PROJECT}/openai/deployments/{d.CHAT}/chat/completions?api-version=2024-10-21"
    assert ask(SERVICES, path, {"api-key": d.KEY}, {}).status == 401
    cognitive = bearer(d.ALICE, "https://cognitiveservices.azure.com/.default")
    assert ask(SERVICES, path, cognitive, {}).status == 401
    assert ask(SERVICES, path, bearer(d.ALICE), {}).status == 200


def test_project_scoped_role_does_not_reach_the_resource() -> None:
    """A role at project scope does not grant the resource's own routes."""
    assert ask(AOAI, CHAT_PATH, bearer(d.PROJECT_MEMBER), {}).status == 401


def test_stream_reply_ends_with_done() -> None:
    """A streamed chat answer is a list of SSE events ending with [DONE]."""
    reply = ask(SERVICES, MODELS_PATH, {"api-key": d.KEY}, {"model": d.CHAT, "stream": True})
    assert reply.events is not None
    assert all(e.startswith(b"data: ") and e.endswith(b"\n\n") for e in reply.events)
    assert reply.events[-1] == b"data: [DONE]\n\n"
    assert (
        reply.header(
            "content-type",
        )
        == "text/event-stream; charset=utf-8"
    )


def test_model_header_names_the_model_on_models_route() -> None:
    """`x-ms-model-mesh-model-name` stands in for the body's model on /models."""
    reply = ask(SERVICES, MODELS_PATH, {"api-key": d.KEY, "x-ms-model-mesh-model-name": d.CHAT}, {})
    assert reply.status == 200


def test_gateway_challenge_names_the_subscription_key_header() -> None:
    """The gateway 401 carries API Management's WWW-Authenticate challenge."""
    reply = ask(f"{d.GATEWAY}.azure-api.net", CHAT_PATH, {"api-key": d.KEY}, {})
    assert reply.status == 401
    assert 'name="Ocp-Apim-Subscription-Key"' in (reply.header("www-authenticate") or "")


def test_serverless_accepts_key_in_either_slot() -> None:
    """Serverless endpoints accept the key as Bearer or api-key, and serve /info."""
    host = f"{d.SERVERLESS}.{d.REGION}.models.ai.azure.com"
    assert ask(host, "/chat/completions", {"Authorization": f"Bearer {d.SERVERLESS_KEY}"}, {}).status == 200
    info = ask(host, "/info", {"api-key": d.SERVERLESS_KEY}, method="GET")
    assert info.json() == {
        "model_name": d.LLAMA,
        "model_type": "chat-completion",
        "model_provider_name": "Meta",
    }


def test_responses_classic_route_needs_a_recent_api_version() -> None:
    """The classic /openai/responses route answers only from 2025-03-01-preview on."""
    old = ask(AOAI, "/openai/responses?api-version=2024-10-21", {"api-key": d.KEY}, {"model": d.CHAT})
    new = ask(AOAI, "/openai/responses?api-version=2025-03-01-preview", {"api-key": d.KEY}, {"model": d.CHAT})
    assert (old.status, new.status) == (404, 200)


def test_unknown_host_is_not_found() -> None:
    """A host that is no Azure AI host answers 404."""
    assert ask("example.com", "/", {}).status == 404
