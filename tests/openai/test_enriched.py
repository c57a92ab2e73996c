"""The enriched exceptions: the openai class and RemediationError, with openai's own attributes, one request."""

from __future__ import annotations

from typing import Any

import httpx
import openai
import pytest
from doctor_testing import KEY_AUTH_DISABLED, KEY_INVALID

from inference_doctor import RemediationError
from inference_doctor.openai import (
    RemediationAuthenticationError,
    RemediationBadRequestError,
    RemediationNotFoundError,
    RemediationPermissionDeniedError,
    remediation_hooks,
)

DEPLOYMENT_NOT_FOUND = {
    "error": {
        "code": "DeploymentNotFound",
        "message": "The API deployment for this resource does not exist. If you created the deployment within "
        "the last 5 minutes, please wait a moment and try again.",
        "type": "invalid_request_error",
        "param": "model",
    }
}
TENANT_MISMATCH = {
    "error": {
        "code": "Tenant provided in token does not match resource token",
        "message": "Token tenant 72f988bf-86f1-41af-91ab-2d7cd011db47 does not match resource tenant.",
    }
}

CASES = {
    "401-key-invalid": (401, KEY_INVALID, "key", "key-invalid"),
    "403-key-auth-disabled": (403, KEY_AUTH_DISABLED, "key", "key-auth-disabled"),
    "404-deployment-not-found": (404, DEPLOYMENT_NOT_FOUND, "key", "deployment-not-found"),
    "400-tenant-mismatch": (400, TENANT_MISMATCH, "provider", "token-tenant-mismatch"),
}
SDK_CLASS = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    403: openai.PermissionDeniedError,
    404: openai.NotFoundError,
}
OUR_CLASS = {
    400: RemediationBadRequestError,
    401: RemediationAuthenticationError,
    403: RemediationPermissionDeniedError,
    404: RemediationNotFoundError,
}
ATTRIBUTES = ("message", "status_code", "body", "code", "type", "param", "request_id")


@pytest.mark.parametrize("case", list(CASES))
async def test_enriched_exception_matches_the_sdk(
    kit: Any, kind: str, lib: str, mode: str, case: str
) -> None:
    """Both classes, the right id, openai's attributes and text first, Azure request ids, one request."""
    status, payload, auth, scenario = CASES[case]
    if auth == "provider" and not kind.endswith("AzureOpenAI"):
        auth = "token"
    plain = kit.Wire(lambda request: kit.Reply.json(status, payload))
    hooked = kit.Wire(lambda request: kit.Reply.json(status, payload))
    expected = await kit.capture(kit.build_client(kind, plain, lib=lib, mode=None, auth=auth, max_retries=2))
    got = await kit.capture(kit.build_client(kind, hooked, lib=lib, mode=mode, auth=auth, max_retries=2))

    assert type(expected) is SDK_CLASS[status]
    assert type(got) is OUR_CLASS[status]
    assert isinstance(got, SDK_CLASS[status])
    assert isinstance(got, RemediationError)
    assert got.diagnosis.scenario == scenario
    for name in ATTRIBUTES:
        assert getattr(got, name) == getattr(expected, name), name
    assert str(got).startswith(str(expected) + "\n")
    assert got.response.status_code == status
    assert got.response.text == expected.response.text
    assert got.response.json() == payload
    evidence = " ".join(got.diagnosis.evidence.values())
    assert "apim-0001" in evidence
    assert "ms-0001" in evidence
    assert plain.count == hooked.count == 1


@pytest.mark.parametrize("status", [401, 403, 404])
async def test_plain_text_and_empty_bodies(kit: Any, status: int) -> None:
    """Non-JSON and empty error bodies give the same message and body as openai, plus a diagnosis."""
    for body in (b"Resource not found", b""):
        reply = kit.Reply(status, body, {"content-type": "text/plain"})
        plain = kit.Wire(lambda request, reply=reply: reply)
        hooked = kit.Wire(lambda request, reply=reply: reply)
        expected = await kit.capture(kit.build_client("AzureOpenAI", plain, mode=None))
        got = await kit.capture(kit.build_client("AzureOpenAI", hooked))
        assert isinstance(got, RemediationError)
        assert isinstance(got, SDK_CLASS[status])
        assert (got.message, got.body, got.code) == (expected.message, expected.body, expected.code)
        assert hooked.count == 1


async def test_streamed_request_error_is_enriched(kit: Any, kind: str, lib: str) -> None:
    """A stream=True call that fails with 401 raises the enriched exception before any chunk."""
    wire = kit.Wire(lambda request: kit.Reply.json(401, KEY_INVALID))
    got = await kit.capture(kit.build_client(kind, wire, lib=lib), stream=True)
    assert isinstance(got, RemediationAuthenticationError)
    assert got.diagnosis.scenario == "key-invalid"
    assert got.body == KEY_INVALID["error"]
    assert wire.count == 1


async def test_another_hook_read_the_body_first(kit: Any) -> None:
    """When a user's hook already read the body, the diagnosis uses it and reads nothing more."""

    def reader(response: Any) -> None:
        response.read()

    wire = kit.Wire(lambda request: kit.Reply.json(403, KEY_AUTH_DISABLED))
    client = kit.build_client("AzureOpenAI", wire, extra_hooks={"response": [reader]})
    got = await kit.capture(client)
    assert isinstance(got, RemediationPermissionDeniedError)
    assert got.diagnosis.scenario == "key-auth-disabled"


def test_exception_classes_are_both() -> None:
    """Each enriched class subclasses RemediationError and exactly the openai class for its status."""
    for status, cls in OUR_CLASS.items():
        assert issubclass(cls, RemediationError)
        assert issubclass(cls, SDK_CLASS[status])


class _AppResponse(httpx.Response):
    """A response class defined outside httpx (as a wrapper library might)."""


@pytest.mark.parametrize("status", [401, 403, 404, 400, 200])
def test_the_hook_only_marks_and_never_reads_or_raises(status: int) -> None:
    """Whatever the status, the hook returns at once, reads nothing and raises nothing (openai decides)."""
    hook = remediation_hooks()["response"][0]
    url = "https://contoso-ai.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
    request = httpx.Request("POST", url, headers={"api-key": "3f2a9c4e8b7d6a5f1e0d9c8b7a6f5e4d"})
    pulled: list[bytes] = []

    def body() -> Any:
        pulled.append(b"x")
        yield b'{"error": {"code": "DeploymentNotFound", "message": "no"}}'

    response = _AppResponse(
        status, headers={"content-type": "application/json"}, content=body(), request=request
    )
    assert hook(response) is None
    assert pulled == []
    assert response.is_stream_consumed is False


def test_a_response_subclass_defined_elsewhere_is_enriched() -> None:
    """A transport answering with its own Response subclass: the openai error for it is still enriched."""
    import json

    body = json.dumps(DEPLOYMENT_NOT_FOUND).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return _AppResponse(404, headers={"content-type": "application/json"}, content=iter([body]))

    client = openai.AzureOpenAI(
        azure_endpoint="https://contoso-ai.openai.azure.com",
        api_version="2024-10-21",
        api_key="3f2a9c4e8b7d6a5f1e0d9c8b7a6f5e4d",
        http_client=httpx.Client(transport=httpx.MockTransport(handler), event_hooks=remediation_hooks()),
        max_retries=0,
    )
    with pytest.raises(RemediationNotFoundError) as info:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert info.value.diagnosis.scenario == "deployment-not-found"
    assert "does not exist" in info.value.diagnosis.evidence["service_message"]
    assert info.value.body == DEPLOYMENT_NOT_FOUND["error"]
