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

The harness is shared with the anthropic fuzz tests (sdk_fuzz.py); this module says how openai clients are
built and called. Profiles (in hardening_strategies.py): the quick one (``QUICK_EXAMPLES`` per test) runs in the normal suite; the long one
(``LONG_EXAMPLES`` per test) is marked ``slow``::

    .venv/bin/python -m pytest tests/hardening -m slow            # the long profiles only
    .venv/bin/python -m pytest tests/hardening -m "slow or not slow"   # everything
"""

from __future__ import annotations

from typing import Any

import httpx
import openai
import pytest
from hardening_strategies import RequestSpec
from sdk_fuzz import MESSAGES, HttpxSdk, fuzz_tests

from inference_doctor.openai import async_remediation_hooks, remediation_hooks

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

KINDS = ["AzureOpenAI", "OpenAI", "AsyncAzureOpenAI", "AsyncOpenAI"]


def build(kind: str, spec: RequestSpec, transport: Any, hooked: bool) -> Any:
    """A real openai client of `kind` over `transport`, the hooks attached to its httpx client or not."""
    is_async = kind.startswith("Async")
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


def create(client: Any, spec: RequestSpec, stream: bool) -> Any:
    """One chat completion."""
    return client.chat.completions.create(model=spec.model, messages=MESSAGES, stream=stream)


OPENAI = HttpxSdk("openai", httpx, build, create)
test_any_response_gives_the_sdk_outcome_or_the_enriched_one, test_no_piece_of_the_secret_in_any_output = (
    fuzz_tests(OPENAI, KINDS)
)
