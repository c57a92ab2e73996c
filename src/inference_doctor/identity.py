"""Token providers for the openai (and anthropic) clients that say why a token could not be had.

openai's ``AzureOpenAI(azure_ad_token_provider=...)`` / ``OpenAI(api_key=<callable>)`` (and anthropic's
``AnthropicFoundry(azure_ad_token_provider=...)``) call the token provider before any HTTP request exists: when
the credential fails, its exception reaches the caller raw, outside the SDK's own error handling, and no httpx
hook ever sees it. So the place to explain it is the provider itself::

    from azure.identity import DefaultAzureCredential
    from inference_doctor.identity import bearer_token_provider

    client = AzureOpenAI(
        azure_endpoint="https://contoso.openai.azure.com",
        azure_ad_token_provider=bearer_token_provider(
            DefaultAzureCredential(),
            "https://cognitiveservices.azure.com/.default",
            endpoint="https://contoso.openai.azure.com",  # optional: lets the fix name the scope it needs
        ),
        api_version="2024-10-21",
    )

`bearer_token_provider` and `async_bearer_token_provider` are drop-in replacements for azure-identity's
``get_bearer_token_provider`` and ``azure.identity.aio.get_bearer_token_provider``: they build azure-identity's own
provider and call it, so a token is fetched, cached and refreshed exactly as azure-identity does it (on each call
its ``BearerTokenCredentialPolicy`` asks the credential when the cached token is missing or due for refresh). On
success they return what azure-identity's provider returns. On failure they raise the credential's exception
enriched: an instance of a subclass of exactly its class (``except ClientAuthenticationError`` still catches it),
its own message first, then the cause and the fix, ``.diagnosis`` holding the `Diagnosis`.

An empty token: openai refuses it after the call (``ValueError: Expected `azure_ad_token_provider` argument to
return a non-empty string.`` in openai 3.x; 2.x words it differently, and ``OpenAI(api_key=<callable>)`` sends no
credential at all). These providers never hand an empty token on: they raise that ``ValueError``, with that
message first and the ``token-provider-empty`` diagnosis, at the call.

Nothing here calls the credential again, retries, or logs the credential's message (azure-identity logs it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from azure.core.credentials import TokenProvider
from azure.core.credentials_async import AsyncTokenProvider

try:
    from azure.identity import get_bearer_token_provider as _get_provider
    from azure.identity.aio import get_bearer_token_provider as _get_async_provider
except ImportError as exc:  # pragma: no cover - the identity extra is not installed
    raise ImportError(
        'inference_doctor.identity needs azure-identity: pip install "inference-doctor[identity]"'
    ) from exc

from ._token_failure import credential_failure, raise_enriched

__all__ = ["EMPTY_TOKEN_MESSAGE", "async_bearer_token_provider", "bearer_token_provider"]

_LOGGER = logging.getLogger("inference_doctor.identity")

EMPTY_TOKEN_MESSAGE = "Expected `azure_ad_token_provider` argument to return a non-empty string."
"""The message of the ``ValueError`` raised for an empty token: openai 3.x's own words for the same check."""


def _scope_text(scopes: tuple[str, ...]) -> str | None:
    return " ".join(scopes) if scopes else None


def _diagnosed(error: Exception, scope: str | None, endpoint: str | None) -> None:
    """Raise the enriched copy of `error` (from the ``except`` block that caught it), or return."""
    enriched = credential_failure(error, scope=scope, endpoint=endpoint, logger=_LOGGER)
    if enriched is not None:
        raise_enriched(enriched, error)


def _empty(scope: str | None, endpoint: str | None) -> ValueError:
    """The ``ValueError`` for an empty token, enriched when the engine diagnoses it."""
    error = ValueError(EMPTY_TOKEN_MESSAGE)
    enriched = credential_failure(error, scope=scope, endpoint=endpoint, logger=_LOGGER)
    return enriched if isinstance(enriched, ValueError) else error


def bearer_token_provider(
    credential: TokenProvider, *scopes: str, endpoint: str | None = None
) -> Callable[[], str]:
    """azure-identity's ``get_bearer_token_provider(credential, *scopes)``, diagnosing a failure.

    :param credential: any azure-core token credential (``DefaultAzureCredential()``, ...).
    :param scopes: the scope(s) to ask for, usually one: ``https://cognitiveservices.azure.com/.default`` or
        ``https://ai.azure.com/.default``.
    :keyword endpoint: the endpoint the token is for (``https://<resource>.openai.azure.com``), used only in the
        diagnosis; optional.
    :return: a callable returning a bearer token, for ``azure_ad_token_provider=`` or ``api_key=``.
    """
    provider = _get_provider(credential, *scopes)
    scope = _scope_text(scopes)

    def wrapper() -> str:
        try:
            token = provider()
        except Exception as error:
            _diagnosed(error, scope, endpoint)
            raise
        if not token:
            raise _empty(scope, endpoint)
        return token

    return wrapper


def async_bearer_token_provider(
    credential: AsyncTokenProvider, *scopes: str, endpoint: str | None = None
) -> Callable[[], Coroutine[Any, Any, str]]:
    """``azure.identity.aio.get_bearer_token_provider(credential, *scopes)``, diagnosing a failure (for
    ``AsyncAzureOpenAI`` / ``AsyncOpenAI`` with an ``azure.identity.aio`` credential)."""
    provider = _get_async_provider(credential, *scopes)
    scope = _scope_text(scopes)

    async def wrapper() -> str:
        try:
            token = await provider()
        except Exception as error:
            _diagnosed(error, scope, endpoint)
            raise
        if not token:
            raise _empty(scope, endpoint)
        return token

    return wrapper
