"""Ordinary credentials over minted tokens: azure-core `TokenCredential`s (sync and async) and openai-style token
providers (zero-argument callables returning the token string).

They implement `get_token` only (not `get_token_info`): azure-core uses it on every supported version, back to
1.30, which has no `AccessTokenInfo`."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any

from azure.core.credentials import AccessToken

from .tokens import Identity, mint_token

__all__ = ["AsyncEmulatorCredential", "EmulatorCredential", "async_token_provider", "token_provider"]


def _expires_on(identity: Identity) -> int:
    return int(time.time()) + identity.lifetime


def _token(identity: Identity, scopes: tuple[str, ...], empty: bool) -> str:
    return "" if empty else mint_token(identity, scopes[0] if scopes else None)


class EmulatorCredential:
    """A sync `TokenCredential` that mints a token for `identity` on every call, `aud` from the scope asked for.

    `empty=True` returns an empty token string (a credential chain that produced nothing).
    """

    def __init__(self, identity: Identity, *, empty: bool = False) -> None:
        self.identity = identity
        self._empty = empty

    def get_token(
        self,
        *scopes: str,
        claims: str | None = None,
        tenant_id: str | None = None,
        enable_cae: bool = False,
        **kwargs: Any,
    ) -> AccessToken:
        """A fresh token for the first scope."""
        return AccessToken(_token(self.identity, scopes, self._empty), _expires_on(self.identity))

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> EmulatorCredential:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncEmulatorCredential:
    """The async twin of `EmulatorCredential` (an azure-core `AsyncTokenCredential`)."""

    def __init__(self, identity: Identity, *, empty: bool = False) -> None:
        self.identity = identity
        self._empty = empty

    async def get_token(
        self,
        *scopes: str,
        claims: str | None = None,
        tenant_id: str | None = None,
        enable_cae: bool = False,
        **kwargs: Any,
    ) -> AccessToken:
        """A fresh token for the first scope."""
        return AccessToken(_token(self.identity, scopes, self._empty), _expires_on(self.identity))

    async def close(self) -> None:
        """Nothing to release."""

    async def __aenter__(self) -> AsyncEmulatorCredential:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


def token_provider(identity: Identity, scope: str) -> Callable[[], str]:
    """Like azure-identity's `get_bearer_token_provider(credential, scope)`: a fresh token on every call."""

    def provide() -> str:
        return mint_token(identity, scope)

    return provide


def async_token_provider(identity: Identity, scope: str) -> Callable[[], Awaitable[str]]:
    """The async twin of `token_provider` (for `AsyncAzureOpenAI(azure_ad_token_provider=...)`)."""

    async def provide() -> str:
        return mint_token(identity, scope)

    return provide
