"""Fuzzing the anthropic middleware through real AnthropicFoundry clients: any response, any request, the caller
gets the enriched exception (a `RemediationError` AND the anthropic class the SDK alone raises) or exactly what the
SDK alone gives.

Each example runs the same request and response twice through a real ``anthropic.AnthropicFoundry`` (and its
async twin) over a MockTransport of the HTTP library the installed anthropic runs on, ``max_retries=0``: once
without middleware (the reference) and once with ``middleware=[RemediationMiddleware()]``; `compare` (shared with
the other interceptors' fuzz tests) checks the enriched-or-identical outcome, one attempt each way, and that no
piece of the key or token reaches the diagnosis, the exception beyond anthropic's own text, or any log record.
anthropic reads an error body whole for its exception; the middleware reads it in the same place, so no body is
cut and anthropic's text always comes first.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import AsyncIterator
from typing import Any

import anthropic
import anthropic._base_client
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
from inference_doctor.anthropic import RemediationMiddleware

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr", "ignore::DeprecationWarning")

HTTP: Any = importlib.import_module("httpx2" if hasattr(anthropic._base_client, "httpx2") else "httpx")
KINDS = ["AnthropicFoundry", "AsyncAnthropicFoundry"]
MESSAGES = [{"role": "user", "content": "hi"}]


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

        async def handle_async(request: Any) -> Any:
            counter.count += 1
            await request.aread()
            return HTTP.Response(reply.status, headers=headers, content=content())

        return handle_async

    def handle(request: Any) -> Any:
        counter.count += 1
        request.read()
        return HTTP.Response(reply.status, headers=headers, content=content())

    return handle


def build(kind: str, spec: RequestSpec, reply: ReplySpec, counter: Counter, *, attached: bool) -> Any:
    """A real AnthropicFoundry of `kind` over a MockTransport answering `reply`, the middleware attached or not."""
    is_async = kind.startswith("Async")
    transport = HTTP.MockTransport(_handler(reply, counter, is_async=is_async))
    http = (HTTP.AsyncClient if is_async else HTTP.Client)(transport=transport)
    headers = dict(spec.headers)
    if spec.placement == "ocp":
        headers["Ocp-Apim-Subscription-Key"] = spec.secret.value
    secret = spec.secret.value
    auth: dict[str, Any] = (
        {"api_key": secret} if spec.secret.kind == "key" else {"azure_ad_token_provider": lambda: secret}
    )
    if is_async and "azure_ad_token_provider" in auth:

        async def provide() -> str:
            return secret

        auth["azure_ad_token_provider"] = provide
    return getattr(anthropic, kind)(
        base_url=f"{spec.base}/anthropic/",
        http_client=http,
        max_retries=0,
        default_headers=headers,
        default_query={**spec.query, **spec.secret_query()},
        middleware=[RemediationMiddleware()] if attached else None,
        **auth,
    )


def run(kind: str, spec: RequestSpec, reply: ReplySpec, *, attached: bool, stream: bool) -> Outcome:
    """One message (a stream is consumed) with or without the middleware."""
    counter = Counter()
    params: dict[str, Any] = {"model": spec.model, "max_tokens": 16, "messages": MESSAGES, "stream": stream}
    try:
        client = build(kind, spec, reply, counter, attached=attached)
    except Exception as exc:  # a URL or header the HTTP library refuses: the same with and without
        return Outcome(error=exc)
    if kind.startswith("Async"):

        async def acall() -> Any:
            result = await client.messages.create(**params)
            return [repr(event) async for event in result] if stream else result

        return run_async(acall, lambda: counter.count)

    def call() -> Any:
        result = client.messages.create(**params)
        return [repr(event) for event in result] if stream else result

    return run_sync(call, lambda: counter.count)


# anthropic's own DEBUG record of a request's options holds the key (with or without inference-doctor), a fresh
# idempotency key per call, and, whenever any middleware is attached, the raw-response mode anthropic switches to.
# Without those two it is the reference's record, word for word.
_PER_CALL = re.compile(
    r"'X-Stainless-Raw-Response': 'raw', |,? ?'X-Stainless-Raw-Response': 'raw'|stainless-python-retry-[0-9a-f-]+"
)


def _same_call(outcome: Outcome) -> None:
    outcome.logs = [_PER_CALL.sub("", text) for text in outcome.logs]


def check(kind: str, spec: RequestSpec, reply: ReplySpec, stream: bool) -> None:
    """Run one example with and without the middleware and compare."""
    reference = run(kind, spec, reply, attached=False, stream=stream)
    got = run(kind, spec, reply, attached=True, stream=stream)
    _same_call(reference)
    _same_call(got)
    event(label(got))
    compare(reference, got, spec.secret)
    if isinstance(got.error, RemediationError):
        kept = sdk_text_kept(reference, got)
        assert kept is True, "str(exc) does not start with anthropic's own text for this response"


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", KINDS)
def test_any_response_gives_the_sdk_outcome_or_the_enriched_one(profile: settings, kind: str) -> None:
    """Random and near-valid bodies, odd URLs and almost-JWTs: enriched anthropic class or the SDK's exact outcome."""

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
