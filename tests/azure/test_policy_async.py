"""The AsyncRemediationPolicy over azure-core's own AsyncPipelineClient and an in-memory transport (mirrors test_policy)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import pytest
from azure.core import AsyncPipelineClient
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ResourceExistsError,
    ResourceNotFoundError,
    ResourceNotModifiedError,
    map_error,
)
from azure.core.pipeline.policies import (
    AsyncRetryPolicy,
    AzureKeyCredentialPolicy,
    HeadersPolicy,
    UserAgentPolicy,
)
from azure.core.rest import AsyncHttpResponse, HttpRequest
from azure_fakes import (
    CHAT_URL,
    CHUNK,
    FAKE_KEY,
    INFO_URL,
    MODELS_URL,
    NO_MODEL_NAME,
    FakeAsyncTransport,
    Reply,
)
from doctor_testing import CONTENT_FILTER, DEPLOYMENT_NOT_FOUND, KEY_AUTH_DISABLED, KEY_INVALID, engine_calls

import inference_doctor._intercept as intercept
import inference_doctor.azure._base as base
from inference_doctor import RemediationError
from inference_doctor.azure import (
    AsyncRemediationPolicy,
    RemediationClientAuthenticationError,
    RemediationHttpResponseError,
    RemediationResourceNotFoundError,
)

SDK_ERROR_MAP = {
    401: ClientAuthenticationError,
    404: ResourceNotFoundError,
    409: ResourceExistsError,
    304: ResourceNotModifiedError,
}


def make_client(
    transport: FakeAsyncTransport, *, policy: Any = None, retry: bool = False, **kwargs: Any
) -> AsyncPipelineClient[Any, Any]:
    """An AsyncPipelineClient laid out like azure-ai-inference's: the key policy sits after retries."""
    policies: list[Any] = [HeadersPolicy(), UserAgentPolicy(sdk_moniker="ai-inference/1.0.0b9")]
    if retry:
        policies.append(AsyncRetryPolicy(retry_backoff_factor=0))
    policies.append(AzureKeyCredentialPolicy(AzureKeyCredential(FAKE_KEY), "api-key"))
    if policy is not None:
        kwargs.setdefault("per_call_policies", [policy])
    return AsyncPipelineClient(MODELS_URL, policies=policies, transport=transport, **kwargs)


async def call(
    client: AsyncPipelineClient[Any, Any], method: str = "POST", url: str = CHAT_URL, **kwargs: Any
) -> AsyncHttpResponse:
    """One call the way a generated SDK makes it: run, then raise the SDK's exception on a non-200."""
    request = HttpRequest(method, url, json={"messages": []} if method == "POST" else None)
    response = await client.send_request(request, **kwargs)
    if response.status_code != 200:
        if kwargs.get("stream"):
            await response.read()
        map_error(status_code=response.status_code, response=response, error_map=SDK_ERROR_MAP)
        raise HttpResponseError(response=response)
    return response


async def sdk_error(reply: Reply, **kwargs: Any) -> HttpResponseError:
    """The exception the same call raises without the policy."""
    with pytest.raises(HttpResponseError) as info:
        await call(make_client(FakeAsyncTransport(reply)), **kwargs)
    return info.value


async def enriched(reply: Reply, **kwargs: Any) -> RemediationHttpResponseError:
    """The exception the call raises with the policy."""
    with pytest.raises(RemediationError) as info:
        await call(make_client(FakeAsyncTransport(reply), policy=AsyncRemediationPolicy()), **kwargs)
    assert isinstance(info.value, RemediationHttpResponseError)
    return info.value


@pytest.mark.parametrize(
    ("status", "payload", "sdk_class", "own_class", "scenario"),
    [
        (401, KEY_INVALID, ClientAuthenticationError, RemediationClientAuthenticationError, "key-invalid"),
        (403, KEY_AUTH_DISABLED, HttpResponseError, RemediationHttpResponseError, "key-auth-disabled"),
        (
            404,
            DEPLOYMENT_NOT_FOUND,
            ResourceNotFoundError,
            RemediationResourceNotFoundError,
            "deployment-not-found",
        ),
        (400, NO_MODEL_NAME, HttpResponseError, RemediationHttpResponseError, "no-model-name"),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
async def test_enriched_exception_is_the_sdk_class_with_the_sdk_attributes(
    status: int, payload: object, sdk_class: type, own_class: type, scenario: str, stream: bool
) -> None:
    """A diagnosed error raises the SDK's class and RemediationError, with the SDK's status, error, message and text first."""
    reply = Reply.json(status, payload)
    plain, error = await sdk_error(reply, stream=stream), await enriched(reply, stream=stream)
    assert type(plain) is sdk_class
    assert type(error) is own_class
    assert isinstance(error, sdk_class)
    assert error.diagnosis.scenario == scenario
    assert (error.status_code, error.reason, error.message) == (
        plain.status_code,
        plain.reason,
        plain.message,
    )
    assert error.error is not None
    assert plain.error is not None
    assert (error.error.code, error.error.message) == (plain.error.code, plain.error.message)
    assert str(error).startswith(str(plain) + "\n")


@pytest.mark.parametrize(
    "reply",
    [
        Reply.json(429, {"error": {"code": "429", "message": "Rate limit is exceeded."}}),
        Reply.json(500, {"error": {"code": "InternalServerError", "message": "Backend failure."}}),
        Reply.json(400, CONTENT_FILTER),
        Reply.json(400, CONTENT_FILTER, chunked=True),
    ],
    ids=["429", "500", "unmatched-400", "unmatched-400-chunked"],
)
@pytest.mark.parametrize("stream", [False, True])
async def test_other_responses_pass_through_untouched(reply: Reply, stream: bool) -> None:
    """429, 500 and an unmatched 400 raise the SDK's own exception with the same text as without the policy."""
    plain = await sdk_error(reply, stream=stream)
    with pytest.raises(HttpResponseError) as info:
        await call(make_client(FakeAsyncTransport(reply), policy=AsyncRemediationPolicy()), stream=stream)
    assert type(info.value) is type(plain)
    assert not isinstance(info.value, RemediationError)
    assert str(info.value) == str(plain)


@pytest.mark.parametrize("status", [200, 429, 500])
async def test_out_of_scope_streamed_responses_are_never_read(status: int) -> None:
    """A streamed response outside 400/401/403/404 reaches the caller unread."""
    transport = FakeAsyncTransport(Reply(status, b"data: {}\n\n" * 1000))
    client = make_client(transport, policy=AsyncRemediationPolicy())
    response = await client.send_request(HttpRequest("POST", CHAT_URL, json={}), stream=True)
    assert (response.status_code, response.is_stream_consumed, transport.bytes_served) == (status, False, 0)
    assert len(await response.read()) == 10000


async def test_per_call_switch_turns_it_off_and_never_reaches_the_transport() -> None:
    """remediation_enable=False on a call gives the SDK's own exception; the option never reaches the transport."""
    transport = FakeAsyncTransport(Reply.json(401, KEY_INVALID))
    client = make_client(transport, policy=AsyncRemediationPolicy())
    with pytest.raises(ClientAuthenticationError) as info:
        await call(client, remediation_enable=False)
    assert not isinstance(info.value, RemediationError)
    assert "remediation_enable" not in transport.options[0]


async def test_headers_are_read_from_the_request_as_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    """The signals include the auth and User-Agent headers set by policies further down the pipeline."""
    calls = engine_calls(monkeypatch, base)
    await enriched(Reply.json(401, KEY_INVALID))
    headers = {k.lower(): v for k, v in calls[-1]["request_headers"].items()}
    assert (headers.get("api-key") == FAKE_KEY) is True
    assert "ai-inference/1.0.0b9" in headers["user-agent"]


async def test_engine_failure_gives_the_sdk_exception_and_a_debug_record(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """When the engine raises, the SDK's own exception is raised and DEBUG says why."""
    import inference_doctor.engine.match as match

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(match, "diagnose_signals", boom)
    caplog.set_level(logging.DEBUG, logger="inference_doctor")
    reply = Reply.json(404, DEPLOYMENT_NOT_FOUND)
    plain = await sdk_error(reply)
    with pytest.raises(ResourceNotFoundError) as info:
        await call(make_client(FakeAsyncTransport(reply), policy=AsyncRemediationPolicy()))
    assert type(info.value) is ResourceNotFoundError
    assert str(info.value) == str(plain)
    assert any(
        "RuntimeError" in r.getMessage() for r in caplog.records if r.name.startswith("inference_doctor")
    )


async def test_no_secret_in_message_repr_dict_or_log(no_secret_anywhere: Callable[..., bool]) -> None:
    """Neither the key nor a long piece of it appears in str, repr, to_dict or any log record at DEBUG."""
    error = await enriched(Reply.json(401, KEY_INVALID))
    texts = (str(error), repr(error), str(error.diagnosis.to_dict()), error.message)
    assert no_secret_anywhere(FAKE_KEY, *texts)
    assert no_secret_anywhere(FAKE_KEY[:12], *texts)


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_oversized_streamed_error_is_read_whole_as_the_sdk_reads_it(
    monkeypatch: pytest.MonkeyPatch, chunked: bool
) -> None:
    """A streamed 5 MiB 404 is read to its end (the SDK's own read before raising), the engine gets the cap."""
    calls = engine_calls(monkeypatch, base)
    body = b'{"error":{"code":"DeploymentNotFound","message":"' + b"x" * (5 << 20) + b'"}}'
    transport = FakeAsyncTransport(Reply(404, body, chunked=chunked))
    with pytest.raises(RemediationResourceNotFoundError) as info:
        await make_client(transport, policy=AsyncRemediationPolicy()).send_request(
            HttpRequest("GET", INFO_URL), stream=True
        )
    assert transport.bytes_served == len(body)
    assert [len(c["body"] or b"") for c in calls] == [intercept.BODY_CAP]
    assert info.value.error is not None
    assert info.value.error.code == "DeploymentNotFound"
    assert info.value.response.text() == body.decode()  # type: ignore[union-attr]
    assert info.value.response.is_closed  # type: ignore[union-attr]


async def test_unmatched_streamed_400_over_the_cap_is_read_only_to_the_cap() -> None:
    """A streamed chunked 5 MiB 400 that matches nothing: the policy pulls the cap (plus a chunk) and hands it back."""
    body = b'{"error":{"code":"content_filter","message":"' + b"x" * (5 << 20) + b'"}}'
    transport = FakeAsyncTransport(Reply(400, body, chunked=True))
    response = await make_client(transport, policy=AsyncRemediationPolicy()).send_request(
        HttpRequest("POST", CHAT_URL), stream=True
    )
    assert response.status_code == 400
    assert intercept.BODY_CAP < transport.bytes_served <= intercept.BODY_CAP + CHUNK
    assert await response.read() == body  # the rest streams on, behind what the policy read


async def test_streamed_error_within_the_cap_is_read_once_and_kept() -> None:
    """A streamed chunked error body within the cap is read once, and e.response still has it for the caller."""
    reply = Reply.json(401, KEY_INVALID, chunked=True, chunk_size=16)
    transport = FakeAsyncTransport(reply)
    with pytest.raises(RemediationClientAuthenticationError) as info:
        await make_client(transport, policy=AsyncRemediationPolicy()).send_request(
            HttpRequest("POST", CHAT_URL), stream=True
        )
    assert transport.bytes_served == len(reply.body)
    assert info.value.response.text() == reply.body.decode()  # type: ignore[union-attr]


@pytest.mark.parametrize("placement", ["per_call", "per_retry"])
async def test_placement_never_adds_attempts(placement: str) -> None:
    """One request per GET in either placement; in per_retry_policies the policy stands aside."""
    transport = FakeAsyncTransport(Reply.json(403, KEY_AUTH_DISABLED))
    client = make_client(transport, retry=True, **{f"{placement}_policies": [AsyncRemediationPolicy()]})
    with pytest.raises(HttpResponseError) as info:
        await call(client, "GET", INFO_URL)
    assert transport.count == 1
    assert isinstance(info.value, RemediationError) is (placement == "per_call")


async def test_concurrent_calls_each_get_their_own_diagnosis() -> None:
    """200 concurrent calls through one policy, mixed outcomes: each exception carries its own response's diagnosis."""
    replies = {
        "a": Reply.json(401, KEY_INVALID, headers={"apim-request-id": "id-a"}),
        "b": Reply.json(403, KEY_AUTH_DISABLED, chunked=True, chunk_size=8),
        "c": Reply.json(404, DEPLOYMENT_NOT_FOUND),
        "d": Reply.json(200, {"ok": True}),
        "e": Reply.json(500, {"error": {"code": "x", "message": "y"}}),
    }
    expected = {"a": "key-invalid", "b": "key-auth-disabled", "c": "deployment-not-found"}
    transport = FakeAsyncTransport(lambda request: replies[request.url.rsplit("/", 1)[1][0]])
    client = make_client(transport, policy=AsyncRemediationPolicy())

    async def one(i: int) -> bool:
        kind = "abcde"[i % 5]
        url = f"{MODELS_URL}/{kind}{i}"
        try:
            await call(client, url=url, stream=bool(i % 2))
        except RemediationError as error:
            return error.diagnosis.scenario == expected[kind] and error.response.request.url == url  # type: ignore[attr-defined]
        except HttpResponseError as error:
            return kind == "e" and error.status_code == 500
        return kind == "d"

    assert await asyncio.gather(*(one(i) for i in range(200))) == [True] * 200
