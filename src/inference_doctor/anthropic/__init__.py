"""The anthropic integration: `RemediationMiddleware`, `instrument()`, and the enriched anthropic exceptions.

For Claude on Foundry through `AnthropicFoundry` / `AsyncAnthropicFoundry`::

    AnthropicFoundry(resource="contoso-ai", api_key=key, middleware=[RemediationMiddleware()])
    AsyncAnthropicFoundry(resource="contoso-ai", azure_ad_token_provider=provider,
                          middleware=[RemediationMiddleware()])
    client = instrument(client)  # a client that already exists, sync or async

Requires ``anthropic>=0.108`` (``pip install "inference-doctor[anthropic]"``), the first release with both
`AnthropicFoundry` and the ``middleware=`` API.
"""

from __future__ import annotations

from ._exceptions import (
    RemediationAuthenticationError,
    RemediationBadRequestError,
    RemediationNotFoundError,
    RemediationPermissionDeniedError,
    enriched_class,
)
from ._middleware import RemediationMiddleware, instrument

__all__ = [
    "RemediationAuthenticationError",
    "RemediationBadRequestError",
    "RemediationMiddleware",
    "RemediationNotFoundError",
    "RemediationPermissionDeniedError",
    "enriched_class",
    "instrument",
]
