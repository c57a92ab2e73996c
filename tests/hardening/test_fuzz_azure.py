"""Fuzzing the azure-core policies through real clients: any response, any request, the caller gets the enriched
exception (a `RemediationError` AND the class the SDK alone raises) or exactly what the SDK alone gives.

Each example runs the same request and response twice over the in-memory transports of `hardening_strategies`:
once without the policy (the reference: what the SDK alone does) and once with it, then `compare` checks

- an enriched exception is a `RemediationError` and an instance of the reference's class, for a status in scope,
  whose text starts with the reference's (built from the same whole body, whatever its size or encoding);
- anything else is the reference's exact outcome (same class and same text, or the same value);
- the number of HTTP attempts is the same (retries on, with no back-off);
- no 12-character piece of the key or token (nor the token's user name or e-mail) appears in the diagnosis
  (render, to_dict), in str/repr of the exception beyond the SDK's own text, or in any log record (all loggers at
  DEBUG) that the SDK alone does not write too.

Driven through ``azure.core.PipelineClient`` (sync and async, with the policies and the error handling of
generated SDK code) and through azure-ai-inference's ``ChatCompletionsClient`` (sync and ``.aio``).

Profiles (in hardening_strategies.py): the quick one (``QUICK_EXAMPLES`` per test) runs in the normal suite; the long one
(``LONG_EXAMPLES`` per test) is marked ``slow``::

    .venv/bin/python -m pytest tests/hardening -m slow            # the long profiles only
    .venv/bin/python -m pytest tests/hardening -m "slow or not slow"   # everything
"""

from __future__ import annotations

from typing import Any

import pytest
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
from azure.core import AsyncPipelineClient, PipelineClient
from azure.core.credentials import AzureKeyCredential
from azure.core.pipeline.policies import (
    AsyncRetryPolicy,
    ContentDecodePolicy,
    HeadersPolicy,
    HttpLoggingPolicy,
    RetryPolicy,
)
from azure.core.rest import HttpRequest
from hardening_strategies import (
    FOCUSED_PROFILES,
    PROFILES,
    AsyncStaticTokenCredential,
    AzureFakeAsyncTransport,
    AzureFakeTransport,
    AzureReply,
    Outcome,
    ReplySpec,
    RequestSpec,
    StaticTokenCredential,
    compare,
    focused_reply_specs,
    focused_request_specs,
    label,
    raise_like_generated_code,
    reply_specs,
    request_specs,
    run_async,
    run_sync,
    sdk_text_kept,
)
from hypothesis import event, given, settings
from hypothesis import strategies as st

from inference_doctor import RemediationError
from inference_doctor.azure import AsyncRemediationPolicy, RemediationPolicy

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

MESSAGES = [{"role": "user", "content": "hi"}]


def _url(spec: RequestSpec) -> str:
    query = {"api-version": "2024-05-01-preview", **spec.query, **spec.secret_query()}
    q = "&".join(f"{k}={v.replace(' ', '%20')}" for k, v in query.items())
    return f"{spec.base}/chat/completions?{q}"


def _sync_policies() -> list[Any]:
    return [
        HeadersPolicy(),
        ContentDecodePolicy(),
        RetryPolicy(retry_total=1, retry_backoff_factor=0),
        HttpLoggingPolicy(),
    ]


def _async_policies() -> list[Any]:
    return [
        HeadersPolicy(),
        ContentDecodePolicy(),
        AsyncRetryPolicy(retry_total=1, retry_backoff_factor=0),
        HttpLoggingPolicy(),
    ]


def _request(spec: RequestSpec) -> HttpRequest:
    return HttpRequest(
        "POST",
        _url(spec),
        headers={**spec.headers, **spec.auth_headers()},
        json={"model": spec.model, "messages": MESSAGES},
    )


def pipeline_sync(spec: RequestSpec, reply: ReplySpec, *, policy: bool, stream: bool) -> Outcome:
    """One call through a sync PipelineClient, handled the way generated SDK code handles it."""
    transport = AzureFakeTransport(AzureReply.of(reply))
    client = PipelineClient(
        spec.base,
        transport=transport,
        policies=_sync_policies(),
        per_call_policies=[RemediationPolicy()] if policy else [],
    )

    def call() -> Any:
        response = client.send_request(_request(spec), stream=stream)
        if response.status_code != 200:
            if stream:
                response.read()
            raise_like_generated_code(response)
        return b"".join(response.iter_bytes()) if stream else response.content

    return run_sync(call, lambda: transport.count)


def pipeline_async(spec: RequestSpec, reply: ReplySpec, *, policy: bool, stream: bool) -> Outcome:
    """The same through an AsyncPipelineClient."""
    transport = AzureFakeAsyncTransport(AzureReply.of(reply))
    client = AsyncPipelineClient(
        spec.base,
        transport=transport,
        policies=_async_policies(),
        per_call_policies=[AsyncRemediationPolicy()] if policy else [],
    )

    async def call() -> Any:
        response = await client.send_request(_request(spec), stream=stream)
        if response.status_code != 200:
            if stream:
                await response.read()
            raise_like_generated_code(response)
        if stream:
            return b"".join([chunk async for chunk in response.iter_bytes()])
        return response.content

    return run_async(call, lambda: transport.count)


def _inference_kwargs(spec: RequestSpec, transport: Any, policy: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"transport": transport, "retry_total": 1, "retry_backoff_factor": 0}
    if policy is not None:
        kwargs["per_call_policies"] = [policy]
    return kwargs


def _endpoint(spec: RequestSpec) -> str:
    return f"https://{spec.netloc}{spec.prefix}"  # a token credential needs https


def inference_sync(spec: RequestSpec, reply: ReplySpec, *, policy: bool, stream: bool) -> Outcome:
    """One chat completion through azure-ai-inference's ChatCompletionsClient."""
    transport = AzureFakeTransport(AzureReply.of(reply))
    credential: Any = (
        AzureKeyCredential(spec.secret.value)
        if spec.secret.kind == "key"
        else StaticTokenCredential(spec.secret.value)
    )
    client = ChatCompletionsClient(
        _endpoint(spec),
        credential,
        **_inference_kwargs(spec, transport, RemediationPolicy() if policy else None),
    )

    def call() -> Any:
        result = client.complete(
            messages=MESSAGES,
            model=spec.model,
            stream=stream,
            headers=dict(spec.headers),
            params={**spec.query, **spec.secret_query()},
        )
        return [repr(update) for update in result] if stream else result

    return run_sync(call, lambda: transport.count)


def inference_async(spec: RequestSpec, reply: ReplySpec, *, policy: bool, stream: bool) -> Outcome:
    """The same through the ``.aio`` ChatCompletionsClient."""
    transport = AzureFakeAsyncTransport(AzureReply.of(reply))
    credential: Any = (
        AzureKeyCredential(spec.secret.value)
        if spec.secret.kind == "key"
        else AsyncStaticTokenCredential(spec.secret.value)
    )
    client = AsyncChatCompletionsClient(
        _endpoint(spec),
        credential,
        **_inference_kwargs(spec, transport, AsyncRemediationPolicy() if policy else None),
    )

    async def call() -> Any:
        result = await client.complete(
            messages=MESSAGES,
            model=spec.model,
            stream=stream,
            headers=dict(spec.headers),
            params={**spec.query, **spec.secret_query()},
        )
        if stream:
            return [repr(update) async for update in result]
        return result

    return run_async(call, lambda: transport.count)


DRIVERS = {
    "pipeline-sync": pipeline_sync,
    "pipeline-async": pipeline_async,
    "inference-sync": inference_sync,
    "inference-async": inference_async,
}


def check(driver: str, spec: RequestSpec, reply: ReplySpec, stream: bool) -> None:
    """Run one example with and without the policy and compare."""
    run = DRIVERS[driver]
    reference = run(spec, reply, policy=False, stream=stream)
    got = run(spec, reply, policy=True, stream=stream)
    event(label(got))
    compare(reference, got, spec.secret)
    if isinstance(got.error, RemediationError):
        kept = sdk_text_kept(reference, got)
        assert kept is True, "str(exc) does not start with the SDK's own text for this response"


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("driver", list(DRIVERS))
def test_any_response_gives_the_sdk_outcome_or_the_enriched_one(profile: settings, driver: str) -> None:
    """Random and near-valid bodies, odd URLs and almost-JWTs: enriched SDK class or the SDK's exact outcome."""

    @profile
    @given(spec=request_specs, reply=reply_specs, stream=st.booleans())
    def prop(spec: RequestSpec, reply: ReplySpec, stream: bool) -> None:
        check(driver, spec, reply, stream)

    prop()


@pytest.mark.parametrize("profile", FOCUSED_PROFILES)
@pytest.mark.parametrize("driver", list(DRIVERS))
def test_no_piece_of_the_secret_in_any_output(profile: settings, driver: str) -> None:
    """Catalogued error bodies and credentials the engine reads: no piece of a key or token anywhere in the output."""

    @profile
    @given(spec=focused_request_specs, reply=focused_reply_specs, stream=st.booleans())
    def prop(spec: RequestSpec, reply: ReplySpec, stream: bool) -> None:
        check(driver, spec, reply, stream)

    prop()
