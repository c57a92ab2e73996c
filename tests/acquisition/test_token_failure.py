"""The enriched copy of a credential's exception (`inference_doctor._token_failure`) and how the azure policy tells
a token-acquisition failure from everything else that passes through it."""

from __future__ import annotations

import copy
import logging
import pickle
import sys
import traceback
from pathlib import Path
from typing import Any

import pytest
from azure.core.credentials import AccessToken, AzureKeyCredential
from azure.core.exceptions import ClientAuthenticationError, ServiceRequestError
from azure.identity import AzureCliCredential, ChainedTokenCredential, CredentialUnavailableError

import inference_doctor
from inference_doctor import RemediationError, diagnose_credential_failure
from inference_doctor._token_failure import credential_failure, enrich, raise_enriched
from inference_doctor.azure import RemediationPolicy
from inference_doctor.emulator.standins import credential_sandbox

sys.path.insert(0, str(Path(__file__).parent.parent / "azure"))
from azure_fakes import CHAT_URL, FakeTransport, Reply

SCOPE = "https://ai.azure.com/.default"
MESSAGES = [{"role": "user", "content": "Hello"}]


def cli_failure() -> CredentialUnavailableError:
    """The real AzureCliCredential's exception when no az is installed."""
    with credential_sandbox():
        try:
            AzureCliCredential().get_token(SCOPE)
        except CredentialUnavailableError as error:
            return error
    raise AssertionError("the credential did not fail")


def diagnosis_of(error: BaseException) -> Any:
    diagnosis = diagnose_credential_failure(error, scope=SCOPE)
    assert diagnosis is not None
    return diagnosis


def test_enriched_copy_is_exactly_a_subclass_with_the_same_state() -> None:
    """Same args, attributes and text first; a subclass of exactly the credential's class, presenting its name."""
    error = cli_failure()
    enriched = enrich(error, diagnosis_of(error))
    assert type(enriched).__bases__ == (RemediationError, CredentialUnavailableError)
    assert isinstance(enriched, CredentialUnavailableError)
    names = ("__module__", "__qualname__", "__name__")
    assert [getattr(type(enriched), n) for n in names] == [
        getattr(CredentialUnavailableError, n) for n in names
    ]
    assert enriched.args == error.args
    assert enriched.message == error.message  # type: ignore[attr-defined]
    assert str(enriched).startswith(str(error) + "\n")
    assert "cli-not-installed" in str(enriched)
    assert type(enrich(error, diagnosis_of(error))) is type(enriched)  # one class per credential class


class _Raising:
    """A credential that raises what it is given."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.calls = 0

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.calls += 1
        raise self.error


class _Working:
    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken("a-token-for-the-chain-test", 2_000_000_000)


def test_a_chain_still_moves_on_past_an_enriched_unavailable_credential() -> None:
    """ChainedTokenCredential continues past an enriched CredentialUnavailableError, as past the plain one."""
    error = cli_failure()
    chain = ChainedTokenCredential(_Raising(enrich(error, diagnosis_of(error))), _Working())
    assert chain.get_token(SCOPE).token == "a-token-for-the-chain-test"


def test_a_chain_still_stops_at_an_enriched_authentication_error() -> None:
    """ChainedTokenCredential stops at an enriched ClientAuthenticationError, as at the plain one."""
    error = ClientAuthenticationError("Authentication failed: AADSTS7000215: Invalid client secret provided.")
    first, second = _Raising(enrich(error, diagnosis_of(error))), _Raising(cli_failure())
    with pytest.raises(ClientAuthenticationError):
        ChainedTokenCredential(first, second).get_token(SCOPE)
    assert (first.calls, second.calls) == (1, 0)


def test_enriched_copy_survives_pickle_and_copy() -> None:
    """pickle, copy and deepcopy give the same class, text and diagnosis (no lookup by the presented name)."""
    error = cli_failure()
    enriched = enrich(error, diagnosis_of(error))
    for clone in (pickle.loads(pickle.dumps(enriched)), copy.copy(enriched), copy.deepcopy(enriched)):
        assert type(clone) is type(enriched)
        assert str(clone) == str(enriched)
        assert clone.diagnosis == enriched.diagnosis  # type: ignore[attr-defined]


def _credential_call() -> None:
    try:
        raise KeyError("what the credential was handling")
    except KeyError:
        raise ClientAuthenticationError("Authentication failed: AADSTS50076: MFA") from OSError("the cause")


def _policy_like() -> None:
    try:
        _credential_call()
    except ClientAuthenticationError as error:
        raise_enriched(enrich(error, diagnosis_of(error)), error)


def test_raised_in_place_keeps_cause_context_and_traceback() -> None:
    """Raised from the except block that caught it, even inside a caller's own except block: the cause and context
    stay the credential's, and the traceback goes on down to where the credential raised."""
    try:
        raise RuntimeError("the caller's own exception being handled")
    except RuntimeError:
        with pytest.raises(ClientAuthenticationError) as caught:
            _policy_like()
    error = caught.value
    assert isinstance(error, RemediationError)
    assert isinstance(error.__cause__, OSError)
    assert isinstance(error.__context__, KeyError)
    assert error.__suppress_context__ is True
    frames = [f.name for f in traceback.extract_tb(error.__traceback__)]
    assert frames[-1] == "_credential_call"
    assert frames.count("_policy_like") == 1


def test_library_failure_leaves_the_credential_error(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """When the engine fails, nothing is enriched and only the failure's type and place are logged."""
    caplog.set_level(logging.DEBUG)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("engine broke while reading s3cr3t-value")

    monkeypatch.setattr(inference_doctor, "diagnose_credential_failure", broken)
    assert credential_failure(cli_failure(), scope=SCOPE, endpoint=None) is None
    assert "RuntimeError" in caplog.text
    assert "s3cr3t-value" not in caplog.text, "the failure's message was logged"


class _Sealed(ClientAuthenticationError):
    """A credential exception class that refuses subclasses."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        raise TypeError("sealed")


def _client(credential: Any, transport: FakeTransport, *, policy: bool = True) -> Any:
    from azure.ai.inference import ChatCompletionsClient

    return ChatCompletionsClient(
        endpoint="https://contoso.services.ai.azure.com/models",
        credential=credential,
        credential_scopes=[SCOPE],
        transport=transport,
        retry_total=0,
        per_call_policies=[RemediationPolicy()] if policy else [],
    )


def test_unenrichable_credential_error_reaches_the_caller_as_it_was() -> None:
    """A class that cannot be subclassed: the caller gets the very exception object the credential raised."""
    raised = _Sealed("Authentication failed: AADSTS7000215: Invalid client secret provided.")
    with pytest.raises(_Sealed) as caught:
        _client(_Raising(raised), FakeTransport(Reply.json(200, {}))).complete(model="m", messages=MESSAGES)
    assert caught.value is raised


def test_transport_failure_is_not_a_credential_failure() -> None:
    """A connection error on the way to the service passes through untouched, even with AADSTS-like text."""

    class Refusing(FakeTransport):
        def send(self, request: Any, **kwargs: Any) -> Any:
            raise ServiceRequestError("Connection refused (AADSTS50076 in a proxy's page)")

    with pytest.raises(ServiceRequestError) as caught:
        _client(AzureKeyCredential("0" * 32), Refusing()).complete(model="m", messages=MESSAGES)
    assert not isinstance(caught.value, RemediationError)


class _StepUpRefused:
    """Gets a token; refuses the claims challenge a CAE-enabled service sends back (MFA step-up)."""

    def get_token(self, *scopes: str, claims: str | None = None, **kwargs: Any) -> AccessToken:
        if claims:
            raise ClientAuthenticationError("Authentication failed: AADSTS50076: multi-factor authentication")
        return AccessToken("first-token", 2_000_000_000)


def test_claims_challenge_failure_is_a_response_failure() -> None:
    """The CAE path (a 401 challenge, then the credential fails) is raised from this request's response: never
    enriched as a token-acquisition failure. azure-core 1.31's base policy does not answer challenges: the 401
    itself is the failure there, which the response path diagnoses."""
    challenge = 'Bearer realm="", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="'
    reply = Reply.json(
        401, {"error": {"code": "401", "message": "claims"}}, headers={"WWW-Authenticate": challenge}
    )
    caught: list[BaseException] = []
    for policy in (False, True):
        transport = FakeTransport(reply)
        with pytest.raises(ClientAuthenticationError) as raised:
            _client(_StepUpRefused(), transport, policy=policy).complete(model="m", messages=MESSAGES)
        caught.append(raised.value)
        assert transport.count == 1
        assert CHAT_URL.split("?")[0] in transport.sent[0][1]
    plain, with_policy = caught
    diagnosis = getattr(with_policy, "diagnosis", None)
    assert diagnosis is None or diagnosis.group != "acquisition"
    if plain.__cause__ is not None:  # the challenge was answered: the credential's error, from the 401
        assert plain.__cause__.response is not None  # type: ignore[attr-defined]
        assert type(with_policy) is ClientAuthenticationError
