"""The openai integration: httpx event hooks, `instrument()`, and the enriched openai exceptions.

Three ways to attach, for `AzureOpenAI` / `AsyncAzureOpenAI`, and `OpenAI` / `AsyncOpenAI` on the Azure
`/openai/v1/` route::

    AzureOpenAI(..., http_client=httpx.Client(event_hooks=remediation_hooks()))
    AsyncAzureOpenAI(..., http_client=httpx.AsyncClient(event_hooks=async_remediation_hooks()))
    client = instrument(client)  # a client that already exists, sync or async

Requires ``openai>=2.31`` (``pip install "inference-doctor[openai]"``).
"""

from __future__ import annotations

from ._exceptions import (
    RemediationAuthenticationError,
    RemediationBadRequestError,
    RemediationNotFoundError,
    RemediationPermissionDeniedError,
)
from ._hooks import async_remediation_hooks, instrument, remediation_hooks

__all__ = [
    "RemediationAuthenticationError",
    "RemediationBadRequestError",
    "RemediationNotFoundError",
    "RemediationPermissionDeniedError",
    "async_remediation_hooks",
    "instrument",
    "remediation_hooks",
]
