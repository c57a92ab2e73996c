"""A token provider's failure, which anthropic meets inside the middleware chain before any request is sent: the
credential's own exception enriched (a subclass of exactly its class, its text first), the same attempts as
without the middleware, and anything that is not a credential's failure passed on as it is."""

from __future__ import annotations

from typing import Any

import pytest
from azure.core.credentials import AccessToken
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import get_bearer_token_provider

from inference_doctor import RemediationError

SCOPE = "https://ai.azure.com/.default"
SECRET_FAILURE = (
    "ClientSecretCredential.get_token failed: Authentication failed: AADSTS7000215: Invalid client secret provided. "
    "Ensure the secret being sent in the request is the client secret value, not the client secret ID."
)


class FailingCredential:
    """A TokenCredential whose every get_token fails as azure-identity's ClientSecretCredential does."""

    def __init__(self) -> None:
        self.calls = 0

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.calls += 1
        raise ClientAuthenticationError(SECRET_FAILURE)


class AsyncFailingCredential:
    """The async twin of FailingCredential."""

    def __init__(self) -> None:
        self.calls = 0

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.calls += 1
        raise ClientAuthenticationError(SECRET_FAILURE)


def _provider(kind: str) -> tuple[Any, Any]:
    """(credential, provider): azure-identity's own provider for the sync client, a plain one for the async."""
    if not kind.startswith("Async"):
        credential = FailingCredential()
        return credential, get_bearer_token_provider(credential, SCOPE)
    async_credential = AsyncFailingCredential()

    async def provide() -> str:
        return (await async_credential.get_token(SCOPE)).token

    return async_credential, provide


async def test_credential_failure_is_enriched(kit: Any, kind: str, mode: str) -> None:
    """The credential's ClientAuthenticationError, as a subclass of exactly that class, diagnosed, text first."""
    wire = kit.Wire(lambda request: kit.Reply.json(200, kit.message()))
    plain_credential, plain_provider = _provider(kind)
    expected = await kit.capture(kit.build_client(kind, wire, mode=None, auth=plain_provider, max_retries=2))
    credential, provider = _provider(kind)
    got = await kit.capture(kit.build_client(kind, wire, mode=mode, auth=provider, max_retries=2))
    assert type(expected) is ClientAuthenticationError
    assert type(got).__bases__ == (RemediationError, ClientAuthenticationError)
    assert isinstance(got, RemediationError)
    assert got.diagnosis.scenario == "client-secret-invalid"
    assert str(got).startswith(str(expected) + "\n")
    assert got.message == expected.message
    assert credential.calls == plain_credential.calls
    assert wire.count == 0


async def test_empty_token_is_enriched(kit: Any, kind: str) -> None:
    """anthropic's own refusal of an empty token (a ValueError) comes out diagnosed as token-provider-empty."""
    wire = kit.Wire(lambda request: kit.Reply.json(200, kit.message()))
    if kind.startswith("Async"):

        async def empty() -> str:
            return ""

        provider: Any = empty
    else:
        provider = lambda: ""  # noqa: E731
    expected = await kit.capture(kit.build_client(kind, wire, mode=None, auth=provider))
    got = await kit.capture(kit.build_client(kind, wire, auth=provider))
    assert type(expected) is ValueError
    assert isinstance(got, ValueError)
    assert isinstance(got, RemediationError)
    assert got.diagnosis.scenario == "token-provider-empty"
    assert str(got).startswith(str(expected))
    assert wire.count == 0


@pytest.mark.parametrize("failure", [RuntimeError("my provider broke"), KeyError("AZURE_CLIENT_ID")])
async def test_a_failure_that_is_not_a_credentials_passes_as_it_is(
    kit: Any, kind: str, failure: Exception
) -> None:
    """A provider of one's own failing outside any credential: the very exception, untouched."""

    def broken() -> str:
        raise failure

    async def abroken() -> str:
        raise failure

    wire = kit.Wire(lambda request: kit.Reply.json(200, kit.message()))
    got = await kit.capture(
        kit.build_client(kind, wire, auth=abroken if kind.startswith("Async") else broken)
    )
    assert got is failure
    assert not isinstance(got, RemediationError)
