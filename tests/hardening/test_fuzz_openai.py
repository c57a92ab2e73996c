"""Fuzzing the httpx hooks through real openai clients: any response, any request, the caller gets the enriched
exception (a `RemediationError` AND the openai class the SDK alone raises) or exactly what the SDK alone gives.

Each example runs the same request and response twice through a real ``openai.AzureOpenAI`` / ``openai.OpenAI``
(and their async twins) over ``httpx.MockTransport``, ``max_retries=0``: once with a plain ``httpx.Client`` (the
reference) and once with ``event_hooks=remediation_hooks()`` (``async_remediation_hooks()``), then `compare`
checks

- an enriched exception is a `RemediationError` and an instance of the reference's class, for a status in scope,
  whose text starts with the reference's (openai read the same whole body, whatever its size or encoding);
- anything else is the reference's exact outcome (same class and same text, or the same value);
- one HTTP attempt each way;
- no 12-character piece of the key or token (nor the token's user name or e-mail) appears in the diagnosis
  (render, to_dict), in str/repr of the exception beyond openai's own text, or in any log record (all loggers
  at DEBUG) that the SDK alone does not write too.

Profiles (in hardening_strategies.py): the quick one (``QUICK_EXAMPLES`` per test) runs in the normal suite; the long one
(``LONG_EXAMPLES`` per test) is marked ``slow``::

    .venv/bin/python -m pytest tests/hardening -m slow            # the long profiles only
    .venv/bin/python -m pytest tests/hardening -m "slow or not slow"   # everything
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import openai
import pytest
from hardening_strategies import (
    FOCUSED_PROFILES,
    PROFILES,
    Outcome,
    ReplySpec,
    RequestSpec,
    compare,
    focused_reply_specs,
    focused_request_specs,
    label,
    reply_specs,
    request_specs,
    run_async,
    run_sync,
    sdk_text_kept,
)
from hypothesis import event, given, settings
from hypothesis import strategies as st

from inference_doctor import RemediationError
from inference_doctor.openai import async_remediation_hooks, remediation_hooks

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

KINDS = ["AzureOpenAI", "OpenAI", "AsyncAzureOpenAI", "AsyncOpenAI"]
MESSAGES = [{"role": "user", "content": "hi"}]
OPENAI_CLASS = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    403: openai.PermissionDeniedError,
    404: openai.NotFoundError,
}


class Counter:
    """Counts the requests that reach the mock service."""

    def __init__(self) -> None:
        self.count = 0


def _handler(reply: ReplySpec, counter: Counter, *, is_async: bool) -> Any:
    headers = reply.wire_headers()

    def content() -> Any:
        if reply.length:
            return reply.wire_body
        if not is_async:
            return reply.chunks()

        async def chunks() -> AsyncIterator[bytes]:
            for chunk in reply.chunks():
                yield chunk

        return chunks()

    if is_async:

        async def handle_async(request: httpx.Request) -> httpx.Response:
            counter.count += 1
            await request.aread()
            return httpx.Response(reply.status, headers=headers, content=content())

        return handle_async

    def handle(request: httpx.Request) -> httpx.Response:
        counter.count += 1
        request.read()
        return httpx.Response(reply.status, headers=headers, content=content())

    return handle


def build(kind: str, spec: RequestSpec, reply: ReplySpec, counter: Counter, *, hooked: bool) -> Any:
    """A real openai client of `kind` over a MockTransport answering `reply`, the hook attached or not."""
    is_async = kind.startswith("Async")
    transport = httpx.MockTransport(_handler(reply, counter, is_async=is_async))
    hooks = (async_remediation_hooks() if is_async else remediation_hooks()) if hooked else None
    http = (httpx.AsyncClient if is_async else httpx.Client)(transport=transport, event_hooks=hooks)
    headers = dict(spec.headers)
    if spec.placement == "ocp":
        headers["Ocp-Apim-Subscription-Key"] = spec.secret.value
    kwargs: dict[str, Any] = {
        "http_client": http,
        "max_retries": 0,
        "default_headers": headers,
        "default_query": {**spec.query, **spec.secret_query()},
    }
    if kind.endswith("AzureOpenAI"):
        kwargs.update(azure_endpoint=spec.base, api_version="2024-10-21")
        if spec.secret.kind == "key":
            kwargs["api_key"] = spec.secret.value
        else:
            kwargs["azure_ad_token"] = spec.secret.value
    else:
        kwargs.update(base_url=f"{spec.base}/openai/v1/", api_key=spec.secret.value)
    return getattr(openai, kind)(**kwargs)


def run(kind: str, spec: RequestSpec, reply: ReplySpec, *, hooked: bool, stream: bool) -> Outcome:
    """One chat completion (a stream is consumed) with or without the hook."""
    counter = Counter()
    try:
        client = build(kind, spec, reply, counter, hooked=hooked)
    except Exception as exc:  # a URL httpx refuses: the same with and without the hook
        return Outcome(error=exc)
    if kind.startswith("Async"):

        async def acall() -> Any:
            result = await client.chat.completions.create(model=spec.model, messages=MESSAGES, stream=stream)
            if stream:
                return [repr(chunk) async for chunk in result]
            return result

        return run_async(acall, lambda: counter.count)

    def call() -> Any:
        result = client.chat.completions.create(model=spec.model, messages=MESSAGES, stream=stream)
        return [repr(chunk) for chunk in result] if stream else result

    return run_sync(call, lambda: counter.count)


def check(kind: str, spec: RequestSpec, reply: ReplySpec, stream: bool) -> None:
    """Run one example with and without the hook and compare."""
    reference = run(kind, spec, reply, hooked=False, stream=stream)
    got = run(kind, spec, reply, hooked=True, stream=stream)
    event(label(got))
    compare(reference, got, spec.secret)
    if isinstance(got.error, RemediationError):
        kept = sdk_text_kept(reference, got)
        assert kept is True, "str(exc) does not start with openai's own text for this response"


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", KINDS)
def test_any_response_gives_the_sdk_outcome_or_the_enriched_one(profile: settings, kind: str) -> None:
    """Random and near-valid bodies, odd URLs and almost-JWTs: enriched openai class or the SDK's exact outcome."""

    @profile
    @given(spec=request_specs, reply=reply_specs, stream=st.booleans())
    def prop(spec: RequestSpec, reply: ReplySpec, stream: bool) -> None:
        check(kind, spec, reply, stream)

    prop()


@pytest.mark.parametrize("profile", FOCUSED_PROFILES)
@pytest.mark.parametrize("kind", KINDS)
def test_no_piece_of_the_secret_in_any_output(profile: settings, kind: str) -> None:
    """Catalogued error bodies and credentials the engine reads: no piece of a key or token anywhere in the output."""

    @profile
    @given(spec=focused_request_specs, reply=focused_reply_specs, stream=st.booleans())
    def prop(spec: RequestSpec, reply: ReplySpec, stream: bool) -> None:
        check(kind, spec, reply, stream)

    prop()
