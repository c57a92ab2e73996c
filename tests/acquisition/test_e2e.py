"""Every token-acquisition reproduction, with the REAL azure-identity credential, through every integration:
``RemediationPolicy`` / ``AsyncRemediationPolicy`` on azure-ai-inference's clients, and
``inference_doctor.identity``'s providers on ``AzureOpenAI``, ``AsyncAzureOpenAI`` and ``OpenAI`` (v1 route).

The same call runs twice, without and with inference-doctor: the enriched exception is an instance of a subclass
of exactly the class raised without it, its message starts with the same text, the cause is the same, the
credential is asked exactly as often, and nothing secret appears anywhere."""

from __future__ import annotations

import asyncio
import logging

import pytest
from acquisition_testing import stable
from azure.core.exceptions import ClientAuthenticationError

from inference_doctor import RemediationError
from inference_doctor.emulator import Emulator
from inference_doctor.emulator.credential_reproductions import (
    CREDENTIAL_REPRODUCTIONS,
    CREDENTIAL_WORKING,
    CredentialReproduction,
    Integration,
    arun_credential,
    run_credential,
)
from inference_doctor.identity import EMPTY_TOKEN_MESSAGE

WAYS: list[tuple[Integration, bool]] = [
    ("azure", False),
    ("azure", True),
    ("openai", False),
    ("openai", True),
    ("openai-v1", False),
]
CHAIN_MESSAGE = "failed to retrieve a token from the included credentials"


def way_id(way: tuple[Integration, bool]) -> str:
    return f"{way[0]}-{'async' if way[1] else 'sync'}"


def attempt(
    rep: CredentialReproduction, emulator: Emulator, way: tuple[Integration, bool], *, remediation: bool
) -> tuple[BaseException | None, int, list[str]]:
    """One call: what it raised (None on success), how many HTTP requests reached the emulator, the CLI runs."""
    integration, asynchronous = way
    before = len(emulator.seen)
    runs: list[str] = []
    try:
        if asynchronous:
            asyncio.run(
                arun_credential(
                    rep, emulator, remediation=remediation, integration=integration, cli_runs=runs
                )
            )
        else:
            run_credential(rep, emulator, remediation=remediation, integration=integration, cli_runs=runs)
    except Exception as error:
        return error, len(emulator.seen) - before, runs
    return None, len(emulator.seen) - before, runs


def no_secret(rep: CredentialReproduction, error: BaseException, caplog: pytest.LogCaptureFixture) -> None:
    texts = [str(error), repr(error), caplog.text, str(error.__cause__ or "")]
    if getattr(error, "diagnosis", None) is not None:
        texts.append(str(error.diagnosis.to_dict()))  # type: ignore[attr-defined]
    for text in texts:
        if rep.setup.secret is not None:
            assert rep.setup.secret not in text, "client secret leaked"
        assert "eyJ" not in text, "a token leaked"


@pytest.mark.parametrize("way", WAYS, ids=way_id)
@pytest.mark.parametrize("rep", CREDENTIAL_REPRODUCTIONS, ids=lambda r: r.id)
def test_credential_failure_is_enriched_in_place(
    rep: CredentialReproduction,
    way: tuple[Integration, bool],
    emulator: Emulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The enriched exception subclasses exactly the credential's own, keeps its text first, and names the id."""
    caplog.set_level(logging.DEBUG)
    plain, plain_requests, plain_runs = attempt(rep, emulator, way, remediation=False)
    chain_logged = caplog.text.count(CHAIN_MESSAGE)
    caplog.clear()
    enriched, requests, runs = attempt(rep, emulator, way, remediation=True)
    assert plain is not None
    assert enriched is not None
    no_secret(rep, enriched, caplog)
    assert runs == plain_runs, "the CLI was run a different number of times"
    if rep.scenario == "token-provider-empty" and way[0] != "azure":
        assert requests == 0  # refused at the provider: openai 2.x would send v1 requests with no credential
    else:
        assert requests == plain_requests, "the credential was asked a different number of times"
    assert caplog.text.count(CHAIN_MESSAGE) == chain_logged, "the chain's message was logged again"
    assert not [
        r for r in caplog.records if r.name.startswith("inference_doctor") and r.levelno > logging.DEBUG
    ]
    if rep.scenario == "token-provider-empty" and way[0] == "azure":
        # an azure-core client sends the empty bearer: the service's 401, diagnosed from the response
        assert isinstance(enriched, ClientAuthenticationError)
        assert isinstance(enriched, RemediationError)
        assert enriched.diagnosis.scenario == "token-missing"
        return
    assert isinstance(enriched, RemediationError)
    assert enriched.diagnosis.scenario == rep.scenario
    assert enriched.diagnosis.status == 0
    if rep.scenario == "token-provider-empty":
        # openai would have refused the empty token after the call (its wording varies by release): the
        # provider refuses it first, with openai 3.x's message
        assert type(enriched).__bases__ == (RemediationError, ValueError)
        assert str(enriched).startswith(EMPTY_TOKEN_MESSAGE)
        return
    assert type(enriched).__bases__ == (RemediationError, type(plain)), type(plain)
    assert (type(enriched).__module__, type(enriched).__qualname__) == (
        type(plain).__module__,
        type(plain).__qualname__,
    )
    head = stable(str(plain))
    assert stable(str(enriched)).startswith(head)
    assert len(str(enriched)) > len(str(plain))
    assert type(getattr(enriched, "response", None)) is type(getattr(plain, "response", None))
    assert type(enriched.__cause__) is type(plain.__cause__)
    assert stable(str(enriched.__cause__)) == stable(str(plain.__cause__))
    assert type(enriched.__context__) is type(plain.__context__)
    assert enriched.__suppress_context__ == plain.__suppress_context__


@pytest.mark.parametrize("way", WAYS, ids=way_id)
@pytest.mark.parametrize("rep", CREDENTIAL_WORKING, ids=lambda r: r.id)
def test_working_credential_is_left_alone(
    rep: CredentialReproduction, way: tuple[Integration, bool], emulator: Emulator
) -> None:
    """A credential that gets its token: the call succeeds with inference-doctor attached, in one request."""
    plain, plain_requests, plain_runs = attempt(rep, emulator, way, remediation=False)
    enriched, requests, runs = attempt(rep, emulator, way, remediation=True)
    assert (plain, enriched) == (None, None)
    assert (requests, runs) == (plain_requests, plain_runs)


def _first(rows: tuple[CredentialReproduction, ...], scenario: str) -> CredentialReproduction:
    return next(r for r in rows if r.scenario == scenario)


def test_fix_names_the_scope_and_endpoint(emulator: Emulator) -> None:
    """Through the policy, the fix knows the endpoint (the request's URL) and the scope the credential was asked."""
    rep = _first(CREDENTIAL_REPRODUCTIONS, "cli-login-required")
    error, _, _ = attempt(rep, emulator, ("azure", False), remediation=True)
    assert isinstance(error, RemediationError)
    text = error.diagnosis.render()
    assert "az login" in text
    assert rep.scope in text


def test_opt_out_per_call_leaves_the_credential_error(emulator: Emulator) -> None:
    """``remediation_enable=False`` on the policy: the credential's exception reaches the caller as it was."""
    from azure.ai.inference import ChatCompletionsClient

    from inference_doctor.azure import RemediationPolicy
    from inference_doctor.emulator.credential_reproductions import (
        MODELS,
        build_credential,
        credential_environment,
    )

    rep = _first(CREDENTIAL_REPRODUCTIONS, "cli-not-installed")
    with credential_environment(rep.setup, emulator, rep.scope):
        client = ChatCompletionsClient(
            endpoint=MODELS,
            credential=build_credential(rep.setup, emulator),
            credential_scopes=[rep.scope],
            transport=emulator.requests_transport(),
            per_call_policies=[RemediationPolicy(remediation_enable=False)],
        )
        with pytest.raises(ClientAuthenticationError) as caught:
            client.complete(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hello"}])
    assert not isinstance(caught.value, RemediationError)


def test_async_provider_returns_the_same_token_as_azure_identity(emulator: Emulator) -> None:
    """On success the async provider returns what azure-identity's provider returns (the same cached token)."""
    from azure.identity.aio import get_bearer_token_provider

    from inference_doctor.emulator.credential_reproductions import (
        build_async_credential,
        credential_environment,
    )
    from inference_doctor.identity import async_bearer_token_provider

    rep = _first(CREDENTIAL_WORKING, "ok")

    async def tokens() -> tuple[str, str]:
        credential = build_async_credential(rep.setup, emulator)
        try:
            ours = async_bearer_token_provider(credential, rep.scope)
            theirs = get_bearer_token_provider(credential, rep.scope)
            return await ours(), await theirs()
        finally:
            await credential.close()

    with credential_environment(rep.setup, emulator, rep.scope):
        ours, theirs = asyncio.run(tokens())
    assert ours.count(".") == 2
    assert ours == theirs or ours.split(".")[1] == theirs.split(".")[1]


def test_sync_provider_caches_like_azure_identity(emulator: Emulator) -> None:
    """Two calls of the provider ask the credential once, as azure-identity's provider does (its policy caches)."""
    from inference_doctor.emulator.credential_reproductions import build_credential, credential_environment
    from inference_doctor.identity import bearer_token_provider

    rep = _first(CREDENTIAL_WORKING, "ok")
    runs: list[str] = []
    with credential_environment(rep.setup, emulator, rep.scope, cli_runs=runs):
        provider = bearer_token_provider(build_credential(rep.setup, emulator), rep.scope)
        first, second = provider(), provider()
    assert first == second
    assert len(runs) == 1
