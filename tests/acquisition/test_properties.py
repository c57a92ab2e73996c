"""Properties of the token-acquisition wiring, for any credential failure (hypothesis): the caller gets the
credential's own exception or its enriched copy, never anything else, and the part inference-doctor adds never
holds a token or a client secret."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from azure.core.exceptions import ClientAuthenticationError, ServiceRequestError
from azure.identity import CredentialUnavailableError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from inference_doctor import RemediationError
from inference_doctor.azure import RemediationPolicy
from inference_doctor.identity import bearer_token_provider

sys.path.insert(0, str(Path(__file__).parent.parent / "azure"))
from azure_fakes import FakeTransport, Reply

SCOPE = "https://ai.azure.com/.default"
FRAGMENTS = [
    "DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:\n\t",
    "EnvironmentCredential: EnvironmentCredential authentication unavailable. ",
    "AzureCliCredential: Azure CLI not found on path\n\t",
    "ManagedIdentityCredential: ManagedIdentityCredential authentication unavailable, no response from the IMDS endpoint.",
    "Authentication failed: AADSTS7000215: Invalid client secret provided. ",
    "ERROR: AADSTS70043: The refresh token has expired ",
    "Microsoft Entra ID error '(invalid_client) AADSTS700213: No matching federated identity record ",
    "Please run 'az login' to set up an account",
    "No MSI found for specified ClientId/ResourceId.",
    "An invalid scope was provided.",
    "Trace ID: 0e7f6a2b-9c1d-4e8f-a3b2-5c6d7e8f9a01 ",
]
CLASSES = [
    ClientAuthenticationError,
    CredentialUnavailableError,
    ValueError,
    ServiceRequestError,
    KeyError,
    RuntimeError,
]
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def secrets_for(seed: int) -> tuple[str, str]:
    """A client-secret-shaped and a JWT-shaped value, derived from a seed (never from hypothesis text)."""
    digest = hashlib.sha256(f"acquisition-property/{seed}".encode()).hexdigest()
    secret = f"{digest[:3]}8Q~{digest[3:40]}"
    jwt = f"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ{digest[:40]}.{digest[20:60]}"
    return secret, jwt


messages = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=6).map("".join)


class _Raising:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        raise self.error


def check(raised: BaseException, caught: BaseException, secrets: tuple[str, ...]) -> None:
    if caught is raised:
        return
    assert type(caught).__bases__ == (RemediationError, type(raised))
    assert caught.args == raised.args
    original = str(raised)
    text = str(caught)
    assert text.startswith(original)
    added = text[len(original) :] + str(caught.diagnosis.to_dict())  # type: ignore[attr-defined]
    for secret in secrets:
        assert secret not in added, "a secret in what inference-doctor added"
        assert not any(secret[i : i + 16] in added for i in range(len(secret) - 15)), "a piece of a secret"


def build(cls: type[BaseException], message: str) -> BaseException:
    return cls(message=message) if issubclass(cls, ClientAuthenticationError) else cls(message)


@SETTINGS
@given(cls=st.sampled_from(CLASSES), message=messages, seed=st.integers(0, 2**32), with_secrets=st.booleans())
def test_policy_gives_the_credential_exception_or_its_copy(
    cls: type[BaseException], message: str, seed: int, with_secrets: bool
) -> None:
    """Through RemediationPolicy: the same object, or an exact-subclass copy with the text first and no secret
    in what was added; never a different exception, and the service is never called."""
    from azure.ai.inference import ChatCompletionsClient

    secrets = secrets_for(seed) if with_secrets else ()
    raised = build(cls, message + " ".join(secrets))
    transport = FakeTransport(Reply.json(200, {}))
    client = ChatCompletionsClient(
        endpoint="https://contoso.services.ai.azure.com/models",
        credential=_Raising(raised),
        credential_scopes=[SCOPE],
        transport=transport,
        retry_total=0,
        per_call_policies=[RemediationPolicy()],
    )
    with pytest.raises(BaseException) as caught:
        client.complete(model="m", messages=[{"role": "user", "content": "Hello"}])
    check(raised, caught.value, secrets)
    assert transport.count == 0


@SETTINGS
@given(cls=st.sampled_from(CLASSES), message=messages, seed=st.integers(0, 2**32))
@example(  # found by this test: the diagnosis cut the message at 400 characters, then scrubbed it; a token cut in
    # half no longer looked like one and its head stayed
    cls=ClientAuthenticationError,
    message=FRAGMENTS[0] * 2 + FRAGMENTS[3],
    seed=0,
)
def test_provider_gives_the_credential_exception_or_its_copy(
    cls: type[BaseException], message: str, seed: int
) -> None:
    """Through bearer_token_provider: the same object or its exact-subclass copy, no secret in what was added."""
    secrets = secrets_for(seed)
    raised = build(cls, message + " ".join(secrets))
    provider = bearer_token_provider(_Raising(raised), SCOPE, endpoint="https://contoso.openai.azure.com")
    with pytest.raises(BaseException) as caught:
        provider()
    check(raised, caught.value, secrets)
