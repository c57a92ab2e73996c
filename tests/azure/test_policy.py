"""The sync RemediationPolicy over azure-core's own PipelineClient and an in-memory transport."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from azure.core import PipelineClient
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
    AzureKeyCredentialPolicy,
    HeadersPolicy,
    RetryPolicy,
    UserAgentPolicy,
)
from azure.core.rest import HttpRequest, HttpResponse
from azure_fakes import (
    CHAT_URL,
    CHUNK,
    FAKE_KEY,
    INFO_URL,
    MODELS_URL,
    NO_MODEL_NAME,
    FakeTransport,
    Reply,
)
from doctor_testing import CONTENT_FILTER, DEPLOYMENT_NOT_FOUND, KEY_AUTH_DISABLED, KEY_INVALID, engine_calls

import inference_doctor._intercept as intercept
import inference_doctor.azure._base as base
from inference_doctor import RemediationError
from inference_doctor.azure import (
    RemediationClientAuthenticationError,
    RemediationHttpResponseError,
    RemediationPolicy,
    RemediationResourceNotFoundError,
)

# azure-ai-inference's error map (its _operations code): map_error, then HttpResponseError(response=...).
SDK_ERROR_MAP = {
    401: ClientAuthenticationError,
    404: ResourceNotFoundError,
    409: ResourceExistsError,
    304: ResourceNotModifiedError,
}


def make_client(
    transport: FakeTransport, *, policy: Any = None, retry: bool = False, **kwargs: Any
) -> PipelineClient:
    """A PipelineClient laid out like azure-ai-inference's: the key policy sits after retries."""
    policies: list[Any] = [HeadersPolicy(), UserAgentPolicy(sdk_moniker="ai-inference/1.0.0b9")]
    if retry:
        policies.append(RetryPolicy(retry_backoff_factor=0))
    policies.append(AzureKeyCredentialPolicy(AzureKeyCredential(FAKE_KEY), "api-key"))
    if policy is not None:
        kwargs.setdefault("per_call_policies", [policy])
    return PipelineClient(MODELS_URL, policies=policies, transport=transport, **kwargs)


def call(client: PipelineClient, method: str = "POST", url: str = CHAT_URL, **kwargs: Any) -> HttpResponse:
    """One call the way a generated SDK makes it: run, then raise the SDK's exception on a non-200."""
    request = HttpRequest(method, url, json={"messages": []} if method == "POST" else None)
    response = client.send_request(request, **kwargs)
    if response.status_code != 200:
        if kwargs.get("stream"):
            response.read()
        map_error(status_code=response.status_code, response=response, error_map=SDK_ERROR_MAP)
        raise HttpResponseError(response=response)
    return response


def sdk_error(reply: Reply, **kwargs: Any) -> HttpResponseError:
    """The exception the same call raises without the policy."""
    with pytest.raises(HttpResponseError) as info:
        call(make_client(FakeTransport(reply)), **kwargs)
    return info.value


def enriched(reply: Reply, **kwargs: Any) -> RemediationHttpResponseError:
    """The exception the call raises with the policy."""
    with pytest.raises(RemediationError) as info:
        call(make_client(FakeTransport(reply), policy=RemediationPolicy()), **kwargs)
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
def test_enriched_exception_is_the_sdk_class_with_the_sdk_attributes(
    status: int, payload: object, sdk_class: type, own_class: type, scenario: str, stream: bool
) -> None:
    """A diagnosed error raises the SDK's class and RemediationError, with the SDK's status, error, message and text first."""
    reply = Reply.json(status, payload)
    plain, error = sdk_error(reply, stream=stream), enriched(reply, stream=stream)
    assert type(plain) is sdk_class
    assert type(error) is own_class
    assert isinstance(error, sdk_class)
    assert isinstance(error, RemediationError)
    assert error.diagnosis.scenario == scenario
    assert (error.status_code, error.reason, error.message) == (
        plain.status_code,
        plain.reason,
        plain.message,
    )
    assert error.error is not None
    assert plain.error is not None
    assert (error.error.code, error.error.message) == (plain.error.code, plain.error.message)
    assert error.response is not None
    assert error.response.text() == plain.response.text()
    text = str(error)
    assert text.startswith(str(plain) + "\n")
    assert f"[{scenario}]" in text


def test_a_403_is_not_an_authentication_error() -> None:
    """A 403 raises a plain HttpResponseError subclass, as azure-ai-inference does (its map has no 403)."""
    error = enriched(Reply.json(403, KEY_AUTH_DISABLED))
    assert not isinstance(error, (ClientAuthenticationError, ResourceNotFoundError))


def test_gateway_shaped_body_keeps_the_sdk_code_none() -> None:
    """A gateway-style body keeps the SDK's 'Code: None' OData text before the remediation."""
    reply = Reply(
        401,
        b'{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is '
        b'incorrect (https://cognitiveservices.azure.com), or have expired."}',
    )
    plain, error = sdk_error(reply), enriched(reply)
    assert error.error is not None
    assert plain.error is not None
    assert (error.error.code, error.message) == (None, plain.message)
    assert str(error).startswith(str(plain) + "\n")


def test_plain_text_body_keeps_the_sdk_content_line() -> None:
    """A body that is not JSON keeps the SDK's 'Content:' line before the remediation."""
    reply = Reply(404, b"Resource not found", {"Content-Type": "text/plain"})
    plain, error = sdk_error(reply), enriched(reply)
    assert error.error is None
    assert error.message == plain.message
    assert "Content: Resource not found" in str(plain)
    assert str(error).startswith(str(plain) + "\n")


@pytest.mark.parametrize(
    "reply",
    [
        Reply.json(429, {"error": {"code": "429", "message": "Rate limit is exceeded."}}),
        Reply.json(500, {"error": {"code": "InternalServerError", "message": "Backend failure."}}),
        Reply.json(400, CONTENT_FILTER),
        Reply(409, b"conflict"),
    ],
    ids=["429", "500", "unmatched-400", "409"],
)
@pytest.mark.parametrize("stream", [False, True])
def test_other_responses_pass_through_untouched(reply: Reply, stream: bool) -> None:
    """429, 500, 409 and an unmatched 400 raise the SDK's own exception with the same text as without the policy."""
    plain, error = sdk_error(reply, stream=stream), None
    with pytest.raises(HttpResponseError) as info:
        call(make_client(FakeTransport(reply), policy=RemediationPolicy()), stream=stream)
    error = info.value
    assert type(error) is type(plain)
    assert not isinstance(error, RemediationError)
    assert str(error) == str(plain)


@pytest.mark.parametrize("status", [200, 429, 500, 409])
def test_out_of_scope_streamed_responses_are_never_read(status: int) -> None:
    """A streamed response outside 400/401/403/404 reaches the caller unread: no byte pulled, stream not consumed."""
    transport = FakeTransport(Reply(status, b"data: {}\n\n" * 1000))
    client = make_client(transport, policy=RemediationPolicy())
    response = client.send_request(HttpRequest("POST", CHAT_URL, json={}), stream=True)
    assert (response.status_code, response.is_stream_consumed, transport.bytes_served) == (status, False, 0)
    assert len(response.read()) == 10000


def test_unmatched_streamed_400_is_left_readable() -> None:
    """An unmatched streamed 400 is read (to look), and the SDK can still read it as before."""
    transport = FakeTransport(Reply.json(400, CONTENT_FILTER, chunked=True))
    response = make_client(transport, policy=RemediationPolicy()).send_request(
        HttpRequest("POST", CHAT_URL, json={}), stream=True
    )
    assert response.read() == Reply.json(400, CONTENT_FILTER).body
    assert response.json()["error"]["code"] == "content_filter"


def test_headers_are_read_from_the_request_as_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    """The signals include the auth and User-Agent headers set by policies further down the pipeline."""
    calls = engine_calls(monkeypatch, base)
    enriched(Reply.json(401, KEY_INVALID))
    headers = {k.lower(): v for k, v in calls[-1]["request_headers"].items()}
    assert (headers.get("api-key") == FAKE_KEY) is True
    assert "ai-inference/1.0.0b9" in headers["user-agent"]
    assert (calls[-1]["method"], calls[-1]["url"]) == ("POST", CHAT_URL)
    assert calls[-1]["response_headers"]["apim-request-id"] == "req-0001"
    assert calls[-1]["include_names"] is False


def test_include_names_is_passed_to_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """include_names=True reaches examine."""
    calls = engine_calls(monkeypatch, base)
    with pytest.raises(RemediationError):
        call(
            make_client(
                FakeTransport(Reply.json(401, KEY_INVALID)), policy=RemediationPolicy(include_names=True)
            )
        )
    assert calls[-1]["include_names"] is True


def test_per_call_switch_turns_it_off_and_never_reaches_the_transport() -> None:
    """remediation_enable=False on a call gives the SDK's own exception; the option is removed before the transport."""
    transport = FakeTransport(Reply.json(401, KEY_INVALID))
    client = make_client(transport, policy=RemediationPolicy())
    with pytest.raises(ClientAuthenticationError) as info:
        call(client, remediation_enable=False)
    assert not isinstance(info.value, RemediationError)
    assert "remediation_enable" not in transport.options[0]
    with pytest.raises(RemediationError):
        call(client)
    assert "remediation_enable" not in transport.options[1]


def test_constructor_switch_and_per_call_override() -> None:
    """RemediationPolicy(remediation_enable=False) stands aside unless a call asks for it."""
    client = make_client(
        FakeTransport(Reply.json(404, DEPLOYMENT_NOT_FOUND)),
        policy=RemediationPolicy(remediation_enable=False),
    )
    with pytest.raises(ResourceNotFoundError) as info:
        call(client)
    assert not isinstance(info.value, RemediationError)
    with pytest.raises(RemediationResourceNotFoundError):
        call(client, remediation_enable=True)


def test_unknown_keyword_arguments_are_ignored() -> None:
    """Like azure-core policies, the constructor accepts and ignores a client's shared kwargs."""
    policy = RemediationPolicy(logging_enable=True, retry_total=3, api_version="2024-05-01-preview")
    assert policy.remediation_enable is True


@pytest.mark.parametrize("target", ["engine", "exception"])
def test_engine_failure_gives_the_sdk_exception_and_a_debug_record(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, target: str
) -> None:
    """When the engine or the exception building fails, the SDK's own exception is raised and DEBUG says why."""

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("engine exploded")

    if target == "engine":
        import inference_doctor.engine.match as match

        monkeypatch.setattr(match, "diagnose_signals", boom)
    else:
        monkeypatch.setattr(base, "enriched_error", boom)
    caplog.set_level(logging.DEBUG, logger="inference_doctor")
    reply = Reply.json(401, KEY_INVALID)
    plain = sdk_error(reply)
    with pytest.raises(ClientAuthenticationError) as info:
        call(make_client(FakeTransport(reply), policy=RemediationPolicy()))
    assert type(info.value) is ClientAuthenticationError
    assert str(info.value) == str(plain)
    assert any(
        "RuntimeError" in r.getMessage() or "ZeroDivisionError" in r.getMessage()
        for r in caplog.records
        if r.name.startswith("inference_doctor") and r.levelno == logging.DEBUG
    )


def test_a_custom_logger_gets_the_failure(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The logger= option receives the fail-safe DEBUG record."""
    monkeypatch.setattr(base, "enriched_error", lambda *a, **k: 1 / 0)
    caplog.set_level(logging.DEBUG, logger="my.app")
    with pytest.raises(ClientAuthenticationError):
        call(
            make_client(
                FakeTransport(Reply.json(401, KEY_INVALID)),
                policy=RemediationPolicy(logger=logging.getLogger("my.app")),
            )
        )
    assert [r.name for r in caplog.records if r.levelno == logging.DEBUG] == ["my.app"]


def test_a_body_read_that_fails_raises_what_the_sdk_alone_raises() -> None:
    """A body whose stream breaks while the policy reads it: the caller gets the read's own error, as without.

    The SDK reads that body next and would meet the same error; enriching from a body never got would hide it.
    """

    def broken(request: Any) -> Reply:
        return Reply(401, b"x", chunked=True, chunk_size=0)  # range(step=0) raises ValueError while reading

    with pytest.raises(ValueError, match="must not be zero") as alone:
        call(make_client(FakeTransport(broken)), stream=True)
    with pytest.raises(ValueError, match="must not be zero") as info:
        call(make_client(FakeTransport(broken), policy=RemediationPolicy()), stream=True)
    assert type(info.value) is type(alone.value)
    assert not isinstance(info.value, RemediationError)


def test_a_failure_planning_the_read_is_logged_and_the_body_left_out(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's own failure before any I/O: diagnosed without the body, with a DEBUG record."""
    caplog.set_level(logging.DEBUG, logger="inference_doctor")

    def broken_plan(*args: Any) -> Any:
        raise RuntimeError("planning failed")

    monkeypatch.setattr(RemediationPolicy, "read_plan", staticmethod(broken_plan))
    with pytest.raises(RemediationClientAuthenticationError) as info:
        call(
            make_client(
                FakeTransport(lambda request: Reply.json(401, KEY_INVALID)), policy=RemediationPolicy()
            )
        )
    assert info.value.diagnosis.status == 401
    assert any("could not read" in r.getMessage() for r in caplog.records)


def test_no_secret_in_message_repr_dict_or_log(no_secret_anywhere: Callable[..., bool]) -> None:
    """Neither the key nor any long piece of it appears in str, repr, to_dict or any log record at DEBUG."""
    error = enriched(Reply.json(401, KEY_INVALID))
    texts = (str(error), repr(error), repr(error.diagnosis), str(error.diagnosis.to_dict()), error.message)
    assert no_secret_anywhere(FAKE_KEY, *texts)
    assert no_secret_anywhere(FAKE_KEY[:12], *texts)


def test_oversized_loaded_body_is_cut_at_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 5 MiB body the transport already holds is handed to the engine cut at BODY_CAP."""
    calls = engine_calls(monkeypatch, base)
    error = enriched(Reply(404, b"x" * (5 << 20)))
    assert [len(c["body"] or b"") for c in calls] == [intercept.BODY_CAP]
    assert error.diagnosis.status == 404


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_oversized_streamed_error_is_read_whole_as_the_sdk_reads_it(
    monkeypatch: pytest.MonkeyPatch, chunked: bool
) -> None:
    """A streamed 5 MiB 404 is read to its end (the SDK's own read before raising), the engine gets the cap."""
    calls = engine_calls(monkeypatch, base)
    body = b'{"error":{"code":"DeploymentNotFound","message":"' + b"x" * (5 << 20) + b'"}}'
    transport = FakeTransport(Reply(404, body, chunked=chunked))
    with pytest.raises(RemediationResourceNotFoundError) as info:
        make_client(transport, policy=RemediationPolicy()).send_request(
            HttpRequest("GET", INFO_URL), stream=True
        )
    assert transport.bytes_served == len(body)
    assert [len(c["body"] or b"") for c in calls] == [intercept.BODY_CAP]
    assert info.value.error is not None
    assert info.value.error.code == "DeploymentNotFound"
    assert info.value.response.text() == body.decode()  # type: ignore[union-attr]
    assert info.value.response.is_closed  # type: ignore[union-attr]


def test_unmatched_streamed_400_over_the_cap_is_read_only_to_the_cap() -> None:
    """A streamed chunked 5 MiB 400 that matches nothing: the policy pulls the cap (plus a chunk) and hands it back."""
    body = b'{"error":{"code":"content_filter","message":"' + b"x" * (5 << 20) + b'"}}'
    transport = FakeTransport(Reply(400, body, chunked=True))
    response = make_client(transport, policy=RemediationPolicy()).send_request(
        HttpRequest("POST", CHAT_URL), stream=True
    )
    assert response.status_code == 400
    assert intercept.BODY_CAP < transport.bytes_served <= intercept.BODY_CAP + CHUNK
    assert response.read() == body  # the rest streams on, behind what the policy read


def test_streamed_error_within_the_cap_is_read_once_and_kept() -> None:
    """A streamed chunked error body within the cap is read once, and e.response still has it for the caller."""
    reply = Reply.json(401, KEY_INVALID, chunked=True, chunk_size=16)
    transport = FakeTransport(reply)
    with pytest.raises(RemediationClientAuthenticationError) as info:
        make_client(transport, policy=RemediationPolicy()).send_request(
            HttpRequest("POST", CHAT_URL), stream=True
        )
    assert transport.bytes_served == len(reply.body)
    assert info.value.response.text() == reply.body.decode()  # type: ignore[union-attr]
    assert info.value.error is not None
    assert info.value.error.code == "401"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("placement", ["per_call", "per_retry"])
def test_placement_never_adds_attempts(method: str, placement: str, caplog: pytest.LogCaptureFixture) -> None:
    """One request per call in either placement; in per_retry_policies the policy stands aside and warns."""
    transport = FakeTransport(Reply.json(404, DEPLOYMENT_NOT_FOUND))
    client = make_client(transport, retry=True, **{f"{placement}_policies": [RemediationPolicy()]})
    with pytest.raises(ResourceNotFoundError) as info:
        call(client, method, INFO_URL if method == "GET" else CHAT_URL)
    assert transport.count == 1
    assert isinstance(info.value, RemediationError) is (placement == "per_call")
    warned = any(
        "per_call_policies" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING
    )
    assert warned is (placement == "per_retry")


def test_raising_from_inside_the_retry_loop_would_retry_a_get() -> None:
    """The pitfall the placement check avoids: any HttpResponseError raised inside retries re-sends a GET."""

    class RaisingPolicy(RemediationPolicy[Any, Any]):
        def stands_aside(self, watch: Any) -> bool:
            return False

    transport = FakeTransport(Reply.json(404, DEPLOYMENT_NOT_FOUND))
    client = make_client(transport, retry=True, per_retry_policies=[RaisingPolicy()])
    with pytest.raises(RemediationError):
        call(client, "GET", INFO_URL)
    assert transport.count == 4


def test_threads_each_get_their_own_diagnosis() -> None:
    """One policy shared by 64 threads: every call's exception carries the diagnosis of its own response."""
    replies = {
        "/models/a": Reply.json(401, KEY_INVALID),
        "/models/b": Reply.json(403, KEY_AUTH_DISABLED),
        "/models/c": Reply.json(404, DEPLOYMENT_NOT_FOUND),
        "/models/d": Reply.json(200, {"ok": True}),
    }
    expected = {
        "/models/a": "key-invalid",
        "/models/b": "key-auth-disabled",
        "/models/c": "deployment-not-found",
    }
    transport = FakeTransport(lambda request: replies["/" + request.url.split("/", 3)[3].split("?")[0]])
    client = make_client(transport, policy=RemediationPolicy())
    lock = threading.Lock()
    outcomes: list[bool] = []

    def one(i: int) -> None:
        path = "/models/" + "abcd"[i % 4]
        try:
            call(client, url=f"https://contoso.services.ai.azure.com{path}")
            ok = path == "/models/d"
        except RemediationError as error:
            ok = error.diagnosis.scenario == expected[path] and error.response.request.url.endswith(path)  # type: ignore[attr-defined]
        with lock:
            outcomes.append(ok)

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(one, range(64)))
    assert outcomes == [True] * 64


def test_a_failing_placement_check_acts_as_before(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """If reading the call stack fails (a runtime without frames), the policy acts, and logs the failure at DEBUG."""

    def broken(policy: object) -> str | None:
        raise RuntimeError("no frames here")

    monkeypatch.setattr(base, "policy_before", broken)
    with (
        caplog.at_level(logging.DEBUG, logger="inference_doctor"),
        pytest.raises(RemediationResourceNotFoundError),
    ):
        call(make_client(FakeTransport(Reply.json(404, DEPLOYMENT_NOT_FOUND)), policy=RemediationPolicy()))
    assert any("could not check what runs before the policy" in r.getMessage() for r in caplog.records)
