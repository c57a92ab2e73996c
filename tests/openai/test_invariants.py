"""The invariants, through real openai clients over mock transports: untouched, unread, fail-safe, no secrets,
same request counts, bounded, concurrency-safe."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import openai
import pytest
from doctor_testing import engine_calls

from inference_doctor import RemediationError
from inference_doctor._intercept import BODY_CAP
from inference_doctor.openai import _hooks

CONTENT_FILTER = {
    "error": {
        "message": "The response was filtered due to the prompt triggering Azure OpenAI's content management "
        "policy.",
        "type": None,
        "param": "prompt",
        "code": "content_filter",
        "status": 400,
    }
}
TOKEN_401 = {
    "statusCode": 401,
    "message": "Unauthorized. Access token is missing, invalid, audience is incorrect "
    "(https://cognitiveservices.azure.com), or have expired.",
}
UNTOUCHED = {
    "429": (
        429,
        {
            "error": {
                "code": "429",
                "message": "Requests to the ChatCompletions_Create Operation have exceeded call rate limit.",
            }
        },
    ),
    "500": (500, {"error": {"code": "InternalServerError", "message": "The server had an error."}}),
    "503": (503, {"error": {"code": "ServiceUnavailable", "message": "Service Unavailable"}}),
    "422": (422, {"error": {"code": "invalid", "message": "Unprocessable."}}),
    "400-unmatched": (400, CONTENT_FILTER),
    "400-validation": (
        400,
        {
            "error": {
                "message": "'messages' must contain the word 'json'",
                "type": "invalid_request_error",
                "param": "messages",
                "code": None,
            }
        },
    ),
}


@pytest.mark.parametrize("case", list(UNTOUCHED))
async def test_other_statuses_untouched(kit: Any, kind: str, mode: str, case: str) -> None:
    """429/5xx/422 and unmatched 400s: the same exception class, text, body and request count as without."""
    status, payload = UNTOUCHED[case]
    plain = kit.Wire(lambda request: kit.Reply.json(status, payload, retry_after_ms="1"))
    hooked = kit.Wire(lambda request: kit.Reply.json(status, payload, retry_after_ms="1"))
    expected = await kit.capture(kit.build_client(kind, plain, mode=None, max_retries=2))
    got = await kit.capture(kit.build_client(kind, hooked, mode=mode, max_retries=2))
    assert type(got) is type(expected)
    assert not isinstance(got, RemediationError)
    assert str(got) == str(expected)
    assert got.body == expected.body
    assert hooked.count == plain.count
    assert plain.count == (3 if status in (429, 500, 503) else 1)


async def test_should_retry_header_keeps_openai_retrying(kit: Any, kind: str) -> None:
    """A 401 the service marks x-should-retry: true is left to openai's retries: same attempts as without, and
    only the last one, which openai raises for, is enriched."""
    payload = {"error": {"code": "401", "message": "Access denied due to invalid subscription key."}}
    plain = kit.Wire(lambda request: kit.Reply.json(401, payload, x_should_retry="true", retry_after_ms="1"))
    hooked = kit.Wire(lambda request: kit.Reply.json(401, payload, x_should_retry="true", retry_after_ms="1"))
    expected = await kit.capture(kit.build_client(kind, plain, mode=None, max_retries=2))
    got = await kit.capture(kit.build_client(kind, hooked, max_retries=2))
    assert type(expected) is openai.AuthenticationError
    assert isinstance(got, openai.AuthenticationError)
    assert isinstance(got, RemediationError)
    assert str(got).startswith(str(expected) + "\n")
    assert got.body == expected.body
    assert hooked.count == plain.count == 3


@pytest.mark.parametrize("is_async", [False, True])
async def test_streamed_200_arrives_chunk_by_chunk(kit: Any, lib: str, is_async: bool) -> None:
    """A streamed completion is not buffered: chunk 2 is produced only after the caller has seen chunk 1."""
    chunk = {
        "id": "c",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4o",
        "choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": None}],
    }
    sse = f"data: {json.dumps(chunk)}\n\n".encode()
    log: list[str] = []  # what happened, in order: no clock
    waited: list[bool] = []
    sync_seen = threading.Event()
    async_seen = asyncio.Event()

    def gen() -> Iterator[bytes]:
        log.append("produced")
        yield sse
        waited.append(sync_seen.wait(timeout=10))
        log.append("produced")
        yield sse + b"data: [DONE]\n\n"

    async def agen() -> AsyncIterator[bytes]:
        log.append("produced")
        yield sse
        try:
            await asyncio.wait_for(async_seen.wait(), timeout=10)
            waited.append(True)
        except asyncio.TimeoutError:
            waited.append(False)
        log.append("produced")
        yield sse + b"data: [DONE]\n\n"

    headers = {"content-type": "text/event-stream"}
    wire = kit.Wire(lambda request: kit.Reply(200, agen() if is_async else gen(), headers))
    client = kit.build_client("AsyncAzureOpenAI" if is_async else "AzureOpenAI", wire, lib=lib)
    messages = [{"role": "user", "content": "hi"}]
    if is_async:
        stream = await client.chat.completions.create(model="gpt-4o", messages=messages, stream=True)
        async for _ in stream:
            log.append("arrived")
            async_seen.set()
    else:
        stream = client.chat.completions.create(model="gpt-4o", messages=messages, stream=True)
        for _ in stream:
            log.append("arrived")
            sync_seen.set()
    assert waited == [True]
    assert log == ["produced", "arrived", "produced", "arrived"]


async def test_success_is_never_read_by_the_hook(kit: Any, lib: str) -> None:
    """On a 200 the hook returns without touching the body: a hook after it still sees an unread response."""
    seen: list[bool] = []

    def after(response: Any) -> None:
        seen.append(response.is_stream_consumed)

    wire = kit.Wire(
        lambda request: kit.Reply(
            200, iter([json.dumps(kit.completion()).encode()]), {"content-type": "application/json"}
        )
    )
    client = kit.build_client("AzureOpenAI", wire, lib=lib)
    client._client.event_hooks["response"].append(after)
    await kit.call(client)
    assert seen == [False]


async def test_engine_failure_gives_the_sdk_exception(
    kit: Any, kind: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """When the engine raises, the caller gets openai's own exception and a DEBUG record explains."""
    import inference_doctor.engine.match as match

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("engine broke")

    monkeypatch.setattr(match, "diagnose_signals", broken)
    plain = kit.Wire(lambda request: kit.Reply.json(401, TOKEN_401))
    hooked = kit.Wire(lambda request: kit.Reply.json(401, TOKEN_401))
    expected = await kit.capture(kit.build_client(kind, plain, mode=None, auth="token"))
    with caplog.at_level(logging.DEBUG, logger="inference_doctor"):
        got = await kit.capture(kit.build_client(kind, hooked, auth="token"))
    assert type(got) is openai.AuthenticationError
    assert str(got) == str(expected)
    assert got.body == expected.body
    assert hooked.count == 1
    assert any(r.levelno == logging.DEBUG and r.name.startswith("inference_doctor") for r in caplog.records)


@pytest.mark.parametrize("target", ["examine", "enrich", "headers_to_dict"])
async def test_hook_failure_gives_the_sdk_exception(
    kit: Any, kind: str, target: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Any failure inside the hook itself also falls back to openai's exception, logged at DEBUG."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("hook broke")

    monkeypatch.setattr(_hooks, target, broken)
    plain = kit.Wire(
        lambda request: kit.Reply.json(404, {"error": {"code": "DeploymentNotFound", "message": "x"}})
    )
    hooked = kit.Wire(
        lambda request: kit.Reply.json(404, {"error": {"code": "DeploymentNotFound", "message": "x"}})
    )
    expected = await kit.capture(kit.build_client(kind, plain, mode=None))
    with caplog.at_level(logging.DEBUG, logger="inference_doctor"):
        got = await kit.capture(kit.build_client(kind, hooked))
    assert type(got) is openai.NotFoundError
    assert str(got) == str(expected)
    assert got.body == expected.body
    assert hooked.count == 1
    assert any("could not enrich" in r.getMessage() for r in caplog.records)


SECRET_CASES = {
    "key-invalid": (
        401,
        {
            "error": {
                "code": "401",
                "message": "Access denied due to invalid subscription key or wrong API endpoint.",
            }
        },
        "key",
    ),
    "token-401": (401, TOKEN_401, "token"),
    "provider-401": (401, TOKEN_401, "provider"),
    "403": (
        403,
        {
            "error": {
                "code": "PermissionDenied",
                "message": "Principal does not have access to API/Operation.",
            }
        },
        "token",
    ),
    "404": (404, {"error": {"code": "DeploymentNotFound", "message": "no"}}, "key"),
    "400-unmatched": (400, CONTENT_FILTER, "token"),
}


@pytest.mark.parametrize("case", list(SECRET_CASES))
@pytest.mark.parametrize("engine", ["working", "broken"])
async def test_no_secret_in_any_output(
    kit: Any,
    kind: str,
    case: str,
    engine: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No piece of the key or token (nor the user's e-mail) in str, repr, to_dict or any log record."""
    status, payload, auth = SECRET_CASES[case]
    if auth == "provider" and not kind.endswith("AzureOpenAI"):
        auth = "token"
    if engine == "broken":
        import inference_doctor.engine.match as match

        def broken(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("engine broke")

        monkeypatch.setattr(match, "diagnose_signals", broken)
    token = kit.make_jwt()
    wire = kit.Wire(lambda request: kit.Reply.json(status, payload))
    with caplog.at_level(logging.DEBUG):
        got = await kit.capture(kit.build_client(kind, wire, auth=auth))
    assert got is not None
    texts = [str(got), repr(got)]
    if isinstance(got, RemediationError):
        texts.append(json.dumps(got.diagnosis.to_dict()))
        texts.append(got.diagnosis.render())
    for record in caplog.records:
        texts.append(record.getMessage())
        if record.exc_info:
            texts.append(logging.Formatter().formatException(record.exc_info))
    output = "\n".join(texts)
    leaked = kit.leaks(output, kit.AZURE_KEY, token, kit.SECRET_SIGNATURE)
    assert leaked is False
    assert ("someone@example.com" in output) is False


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "chunked"])
async def test_body_over_the_cap_is_openais_and_the_engine_gets_the_cap(
    kit: Any, length: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 401 body over the cap: openai reads it whole as without the hook (same e.body, e.code, content), and
    the engine is handed at most BODY_CAP bytes of it."""
    calls = engine_calls(monkeypatch, _hooks)
    body = json.dumps(
        {"error": {"code": "401", "message": "Access denied. " + "x" * (2 * BODY_CAP)}}
    ).encode()

    def reply(request: Any) -> Any:
        chunks = iter([body[i : i + 65536] for i in range(0, len(body), 65536)])
        return kit.Reply(401, chunks, {"content-length": str(len(body))} if length else {})

    expected = await kit.capture(kit.build_client("AzureOpenAI", kit.Wire(reply), mode=None))
    got = await kit.capture(kit.build_client("AzureOpenAI", kit.Wire(reply)))
    assert isinstance(got, RemediationError)
    assert isinstance(got, openai.AuthenticationError)
    assert (got.body, got.code, got.message) == (expected.body, expected.code, expected.message)
    assert got.response.content == expected.response.content == body
    assert [len(c["body"]) for c in calls] == [BODY_CAP]


async def test_gzip_body_is_streamed_and_kept(kit: Any, lib: str) -> None:
    """A compressed error body is decoded under the cap and stays readable on the exception."""
    payload = {
        "error": {
            "code": "DeploymentNotFound",
            "message": "The API deployment for this resource does not exist.",
        }
    }
    raw = gzip.compress(json.dumps(payload).encode())
    headers = {
        "content-encoding": "gzip",
        "content-type": "application/json",
        "content-length": str(len(raw)),
    }
    plain = kit.Wire(lambda request: kit.Reply(404, raw, headers))
    hooked = kit.Wire(lambda request: kit.Reply(404, raw, headers))
    expected = await kit.capture(kit.build_client("AzureOpenAI", plain, lib=lib, mode=None))
    got = await kit.capture(kit.build_client("AzureOpenAI", hooked, lib=lib))
    assert isinstance(got, RemediationError)
    assert got.diagnosis.scenario == "deployment-not-found"
    assert (got.message, got.body) == (expected.message, expected.body)
    assert got.response.json() == payload


async def test_chunked_unmatched_400_reaches_the_caller_as_before(kit: Any, lib: str) -> None:
    """An unmatched 400 streamed without a length is read by the hook, yet openai still builds its own error."""

    def body() -> Iterator[bytes]:
        text = json.dumps(CONTENT_FILTER).encode()
        yield text[:20]
        yield text[20:]

    plain = kit.Wire(lambda request: kit.Reply(400, body(), {"content-type": "application/json"}))
    hooked = kit.Wire(lambda request: kit.Reply(400, body(), {"content-type": "application/json"}))
    expected = await kit.capture(kit.build_client("AzureOpenAI", plain, lib=lib, mode=None))
    got = await kit.capture(kit.build_client("AzureOpenAI", hooked, lib=lib))
    assert type(got) is openai.BadRequestError
    assert (str(got), got.body, got.code) == (str(expected), expected.body, expected.code)


async def test_concurrent_async_calls_each_get_their_own_diagnosis(kit: Any, lib: str) -> None:
    """200 concurrent calls with mixed outcomes: every exception carries its own request's diagnosis."""
    outcomes = ["ok", "missing", "disabled", "invalid", "throttled"]

    def respond(request: Any) -> Any:
        deployment = request.url.path.split("/")[3]
        outcome, number = deployment.split("-")
        rid = {"apim-request-id": f"req-{number}"}
        if outcome == "ok":
            return kit.Reply.json(200, kit.completion(deployment), **rid)
        if outcome == "missing":
            return kit.Reply.json(
                404, {"error": {"code": "DeploymentNotFound", "message": "not there"}}, **rid
            )
        if outcome == "disabled":
            return kit.Reply.json(
                403,
                {
                    "error": {
                        "code": "AuthenticationTypeDisabled",
                        "message": "Key based authentication is disabled for this resource.",
                    }
                },
                **rid,
            )
        if outcome == "invalid":
            return kit.Reply.json(
                401,
                {
                    "error": {
                        "code": "401",
                        "message": "Access denied due to invalid subscription key or wrong API endpoint.",
                    }
                },
                **rid,
            )
        return kit.Reply.json(429, {"error": {"code": "429", "message": "slow down"}}, **rid)

    wire = kit.Wire(respond)
    client = kit.build_client("AsyncAzureOpenAI", wire, lib=lib)
    names = [f"{outcomes[i % len(outcomes)]}-{i}" for i in range(200)]
    results = await asyncio.gather(*(kit.capture(client, model=name) for name in names))
    expected = {"missing": "deployment-not-found", "disabled": "key-auth-disabled", "invalid": "key-invalid"}
    for name, result in zip(names, results, strict=True):
        outcome, number = name.split("-")
        if outcome == "ok":
            assert result is None
        elif outcome == "throttled":
            assert type(result) is openai.RateLimitError
        else:
            assert isinstance(result, RemediationError)
            assert result.diagnosis.scenario == expected[outcome]
            assert result.response.headers["apim-request-id"] == f"req-{number}"
            assert f"req-{number}" in result.diagnosis.evidence.values()
            assert f"/deployments/{name}/" in str(result.response.request.url)
    assert wire.count == 200
