"""The engine on Foundry's anthropic route: its own five scenarios, and the existing token, role, network and
gateway scenarios applying there as they are."""

from __future__ import annotations

import json
from typing import Any

import pytest
from doctor_testing import DEPLOYMENT_NOT_FOUND, KEY_AUTH_DISABLED, KEY_INVALID, NOW, mint

import inference_doctor

HOST = "https://contoso.services.ai.azure.com"
MESSAGES = f"{HOST}/anthropic/v1/messages"
KEY = "0123456789abcdef0123456789abcdef"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
TOKEN = mint(
    aud="https://ai.azure.com", tid=TENANT, oid="9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", exp=NOW + 3600
)
FOUNDRY = {
    "User-Agent": "AnthropicFoundry/Python 2.14.0",
    "X-Stainless-Lang": "python",
    "X-Stainless-Package-Version": "2.14.0",
    "anthropic-version": "2023-06-01",
}
TOKEN_401 = {
    "statusCode": 401,
    "message": "Unauthorized. Access token is missing, invalid, audience is incorrect "
    "(https://cognitiveservices.azure.com/ or https://ai.azure.com/), or have expired.",
}
API_NOT_SUPPORTED = {
    "error": {"code": "api_not_supported", "message": "Requested API is currently not supported"}
}
NOT_FOUND = {"error": {"code": "404", "message": "Resource not found"}}
CLAUDE = json.dumps({"model": "claude-sonnet-4-6", "max_tokens": 16, "messages": []})


def _diagnose(status: int, body: Any, url: str = MESSAGES, **headers: str) -> Any:
    return inference_doctor.diagnose(
        status,
        body=json.dumps(body),
        url=url,
        method="POST",
        request_headers={**FOUNDRY, **{k.replace("_", "-"): v for k, v in headers.items()}},
        request_body=CLAUDE,
        now=NOW,
    )


# (name, status, body, url, headers, expected)
CASES: list[tuple[str, int, Any, str, dict[str, str], str]] = [
    ("key in api-key alone", 401, KEY_INVALID, MESSAGES, {"api-key": KEY}, "anthropic-key-header"),
    ("key as a bearer token", 401, TOKEN_401, MESSAGES, {"Authorization": f"Bearer {KEY}"}, "anthropic-key-header"),
    ("wrong key in x-api-key", 401, KEY_INVALID, MESSAGES, {"x-api-key": KEY, "api-key": KEY}, "key-invalid"),
    ("doubled /v1/messages", 404, API_NOT_SUPPORTED, MESSAGES + "/v1/messages", {"x-api-key": KEY}, "anthropic-path-doubled"),
    ("/anthropic twice", 404, API_NOT_SUPPORTED, f"{HOST}/anthropic/anthropic/v1/messages", {"x-api-key": KEY}, "anthropic-path-doubled"),
    ("no /anthropic prefix", 404, NOT_FOUND, f"{HOST}/v1/messages", {"x-api-key": KEY}, "anthropic-prefix-missing"),
    ("base URL of /models", 404, NOT_FOUND, f"{HOST}/models/v1/messages", {"x-api-key": KEY}, "anthropic-prefix-missing"),
    ("base URL of /openai", 404, NOT_FOUND, f"{HOST}/openai/v1/messages", {"x-api-key": KEY}, "anthropic-prefix-missing"),
    ("model inference API", 404, API_NOT_SUPPORTED, f"{HOST}/models/chat/completions?api-version=2024-05-01-preview", {"Authorization": f"Bearer {TOKEN}"}, "claude-on-models-route"),
    ("unknown deployment", 404, DEPLOYMENT_NOT_FOUND, MESSAGES, {"x-api-key": KEY}, "anthropic-deployment-not-found"),
    # the existing scenarios, on this route as they are
    ("no credential", 401, TOKEN_401, MESSAGES, {}, "token-missing"),
    ("expired token", 401, TOKEN_401, MESSAGES, {"Authorization": f"Bearer {mint(aud='https://ai.azure.com', tid=TENANT, exp=NOW - 7200)}"}, "token-expired"),
    ("wrong audience", 401, TOKEN_401, MESSAGES, {"Authorization": f"Bearer {mint(aud='https://management.azure.com/', tid=TENANT, exp=NOW + 3600)}"}, "token-wrong-audience"),
    ("token in api-key", 401, KEY_INVALID, MESSAGES, {"api-key": TOKEN}, "token-sent-as-key"),
    ("role", 401, {"error": {"code": "PermissionDenied", "message": "Principal does not have access to API/Operation."}}, MESSAGES, {"Authorization": f"Bearer {TOKEN}"}, "role-missing"),
    ("tenant", 400, {"error": {"code": "Tenant provided in token does not match resource token", "message": "Token tenant f8cdef31-a31e-4b4a-93e4-5f571e91255a does not match resource tenant."}}, MESSAGES, {"Authorization": f"Bearer {TOKEN}"}, "token-tenant-mismatch"),
    ("key auth disabled", 403, KEY_AUTH_DISABLED, MESSAGES, {"x-api-key": KEY}, "key-auth-disabled"),
    ("firewall", 403, {"error": {"code": "403", "message": "Access denied due to Virtual Network/Firewall rules."}}, MESSAGES, {"x-api-key": KEY}, "firewall-denied"),
    ("gateway", 401, {"statusCode": 401, "message": "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API."}, "https://contoso-apim.azure-api.net/anthropic/v1/messages", {"x-api-key": KEY}, "gateway-auth"),
    ("subdomain", 404, {"error": {"code": "404", "message": "Subdomain does not map to a resource"}}, MESSAGES, {"x-api-key": KEY}, "subdomain-not-mapped"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "status", "body", "url", "headers", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_route_diagnoses(
    name: str, status: int, body: Any, url: str, headers: dict[str, str], expected: str
) -> None:
    """Each failure on the anthropic route gets its own id, with no secret in what the diagnosis shows."""
    diagnosis = _diagnose(status, body, url, **headers)
    assert diagnosis is not None
    assert diagnosis.scenario == expected
    text = json.dumps(diagnosis.to_dict()) + diagnosis.render()
    assert KEY not in text, "secret leaked"
    assert TOKEN.split(".")[1] not in text, "secret leaked"


def test_the_anthropic_client_is_recognised() -> None:
    """AnthropicFoundry's User-Agent, and anthropic's X-Stainless set without it, name the anthropic SDK."""
    with_ua = _diagnose(404, DEPLOYMENT_NOT_FOUND, x_api_key=KEY)
    assert with_ua.evidence["client"] == "anthropic 2.14.0"
    stainless_only = inference_doctor.diagnose(
        404,
        body=json.dumps(DEPLOYMENT_NOT_FOUND),
        url=MESSAGES,
        request_headers={k: v for k, v in FOUNDRY.items() if k != "User-Agent"},
    )
    assert stainless_only.evidence["client"] == "anthropic 2.14.0"


def test_x_api_key_is_an_auth_header() -> None:
    """x-api-key is read as a key (its shape in the evidence, never its value) and counts as a credential sent."""
    diagnosis = _diagnose(401, KEY_INVALID, x_api_key=KEY)
    assert diagnosis.evidence["auth"] == "x-api-key (Azure-shaped, 32 characters)"
    assert KEY not in json.dumps(diagnosis.to_dict()), "secret leaked"
    assert diagnosis.scenario != "token-missing"


def test_foundry_request_id_is_evidence() -> None:
    """Foundry's apim-request-id (anthropic's request_id stays None) is in the evidence for a support ticket."""
    diagnosis = inference_doctor.diagnose(
        404,
        body=json.dumps(DEPLOYMENT_NOT_FOUND),
        url=MESSAGES,
        response_headers={"apim-request-id": "0d3c6a8e-7f21-4b5a-9c4e-1a2b3c4d5e6f"},
        request_headers=FOUNDRY,
    )
    assert diagnosis.evidence["apim-request-id"] == "0d3c6a8e-7f21-4b5a-9c4e-1a2b3c4d5e6f"
    assert diagnosis.evidence["route"].startswith("/anthropic")


def test_anthropics_own_api_is_out_of_scope() -> None:
    """A 401 from api.anthropic.com is not an Azure AI failure: no diagnosis, anthropic's exception stands."""
    body = {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}
    got = inference_doctor.diagnose(
        401, body=json.dumps(body), url="https://api.anthropic.com/v1/messages", request_headers=FOUNDRY
    )
    assert got is None


def test_claude_on_the_openai_route_keeps_its_own_id() -> None:
    """The same mistake on /openai/v1/ (api_not_supported for a Claude model) stays anthropic-model-on-openai-route."""
    diagnosis = _diagnose(
        404, API_NOT_SUPPORTED, f"{HOST}/openai/v1/chat/completions", Authorization=f"Bearer {TOKEN}"
    )
    assert diagnosis.scenario == "anthropic-model-on-openai-route"
