"""Fuzzing the anthropic middleware through real AnthropicFoundry clients: any response, any request, the caller
gets the enriched exception (a `RemediationError` AND the anthropic class the SDK alone raises) or exactly what the
SDK alone gives.

Each example runs the same request and response twice through a real ``anthropic.AnthropicFoundry`` (and its
async twin) over a MockTransport of the HTTP library the installed anthropic runs on, ``max_retries=0``: once
without middleware (the reference) and once with ``middleware=[RemediationMiddleware()]``; `compare` (shared with
the other interceptors' fuzz tests) checks the enriched-or-identical outcome, one attempt each way, and that no
piece of the key or token reaches the diagnosis, the exception beyond anthropic's own text, or any log record.
The harness is shared with the openai fuzz tests (sdk_fuzz.py); this module says how anthropic clients are built
and called. anthropic reads an error body whole for its exception; the middleware reads it in the same place, so no body is
cut and anthropic's text always comes first.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import anthropic
import anthropic._base_client
import pytest
from hardening_strategies import Outcome, RequestSpec
from sdk_fuzz import MESSAGES, HttpxSdk, fuzz_tests

from inference_doctor.anthropic import RemediationMiddleware

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr", "ignore::DeprecationWarning")

HTTP: Any = importlib.import_module("httpx2" if hasattr(anthropic._base_client, "httpx2") else "httpx")
KINDS = ["AnthropicFoundry", "AsyncAnthropicFoundry"]


def build(kind: str, spec: RequestSpec, transport: Any, attached: bool) -> Any:
    """A real AnthropicFoundry of `kind` over `transport`, the middleware attached or not."""
    is_async = kind.startswith("Async")
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


def create(client: Any, spec: RequestSpec, stream: bool) -> Any:
    """One message."""
    return client.messages.create(model=spec.model, max_tokens=16, messages=MESSAGES, stream=stream)


# anthropic's own DEBUG record of a request's options holds the key (with or without inference-doctor), a fresh
# idempotency key per call, and, whenever any middleware is attached, the raw-response mode anthropic switches to.
# Without those two it is the reference's record, word for word.
_PER_CALL = re.compile(
    r"'X-Stainless-Raw-Response': 'raw', |,? ?'X-Stainless-Raw-Response': 'raw'|stainless-python-retry-[0-9a-f-]+"
)


def same_call(outcome: Outcome) -> None:
    """Drop from the logs what differs per call only."""
    outcome.logs = [_PER_CALL.sub("", text) for text in outcome.logs]


ANTHROPIC = HttpxSdk("anthropic", HTTP, build, create, same_call)
test_any_response_gives_the_sdk_outcome_or_the_enriched_one, test_no_piece_of_the_secret_in_any_output = (
    fuzz_tests(ANTHROPIC, KINDS)
)
