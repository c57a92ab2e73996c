"""diagnose_credential_failure(): one fixture per token-acquisition id, with the credentials' real exception classes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from azure.core.exceptions import ClientAuthenticationError
from azure.core.pipeline.transport import HttpRequest
from azure.identity import CredentialUnavailableError
from credential_cases import (
    AZD_NOT_FOUND,
    CLI_NOT_FOUND,
    CREDENTIAL_CASES,
    ENV_UNAVAILABLE,
    MI_UNAVAILABLE,
    PS_NOT_INSTALLED,
    TENANT,
    CredentialCase,
    chain,
)

from inference_doctor import Diagnosis, diagnose_credential_failure, diagnose_text


def run(case: CredentialCase) -> Diagnosis | None:
    return diagnose_credential_failure(case.make(), scope=case.scope, endpoint=case.endpoint)


@pytest.mark.parametrize("case", CREDENTIAL_CASES, ids=lambda c: c.id)
def test_fixture_diagnoses_to_its_id_and_no_other(case: CredentialCase) -> None:
    """Each credential failure yields its id, with high confidence and no alternatives (unclassified: low)."""
    d = run(case)
    assert d is not None
    assert d.scenario == case.expected
    assert d.group == "acquisition"
    if case.expected.startswith("unclassified"):
        assert d.confidence == "low"
    else:
        assert d.confidence == "high", d.alternatives
        assert d.alternatives == ()


@pytest.mark.parametrize("case", CREDENTIAL_CASES, ids=lambda c: c.id)
def test_status_is_zero_there_being_no_response(case: CredentialCase) -> None:
    """A token-acquisition diagnosis has status 0: no request was sent, so there is no HTTP status."""
    d = run(case)
    assert d is not None
    assert d.status == 0
    assert d.to_dict()["status"] == 0


@pytest.mark.parametrize("case", CREDENTIAL_CASES, ids=lambda c: c.id)
def test_the_text_alone_gives_the_same_id(case: CredentialCase) -> None:
    """The exception's message, as a string or pasted into diagnose_text, diagnoses the same."""
    by_text = diagnose_credential_failure(case.text)
    pasted = diagnose_text(case.text)
    assert by_text is not None
    assert by_text.scenario == case.expected
    assert pasted is not None
    assert pasted.scenario == case.expected


@pytest.mark.parametrize("case", CREDENTIAL_CASES, ids=lambda c: c.id)
def test_diagnosis_is_filled_in_and_serialisable(case: CredentialCase) -> None:
    """Title and steps carry no template braces; to_dict() is JSON; the credential's own words (or its chain) are evidence."""
    d = run(case)
    assert d is not None
    assert "{" not in d.title
    assert "<scope>" not in d.title
    assert all("{" not in s for s in d.steps)
    assert json.loads(json.dumps(d.to_dict()))["scenario"] == case.expected
    assert d.evidence.get("message") or d.evidence.get("chain")
    assert "error[" in d.render()


@pytest.mark.parametrize("case", CREDENTIAL_CASES, ids=lambda c: c.id)
def test_fix_names_the_scope_the_endpoint_needs(case: CredentialCase) -> None:
    """With the endpoint known, the evidence and the steps name its scope (ai.azure.com for a Foundry host)."""
    d = run(case)
    assert d is not None
    assert (
        d.evidence["endpoint"] == "contoso.services.ai.azure.com" or case.expected == "token-provider-empty"
    )
    if case.expected not in (
        "client-secret-invalid",
        "client-secret-expired",
        "app-not-found",
        "conditional-access-blocked",
        "managed-identity-not-assigned",
        "workload-identity-misconfigured",
    ):
        assert any("https://ai.azure.com/.default" in s for s in d.steps), d.steps


def test_login_command_carries_the_tenant_when_known() -> None:
    """A tenant named in the failure goes into the exact sign-in command."""
    case = next(c for c in CREDENTIAL_CASES if c.expected == "tenant-not-found")
    d = run(case)
    assert d is not None
    assert d.evidence["tenant"] == TENANT
    scope_case = next(c for c in CREDENTIAL_CASES if c.expected == "scope-not-found")
    s = run(scope_case)
    assert s is not None
    assert f"az login --tenant {TENANT} --scope https://ai.azure.com/.default" in " ".join(s.steps)
    assert s.evidence["resource_named"] == "https://contoso.openai.azure.com"


def test_sovereign_endpoint_gets_its_own_scope() -> None:
    """An endpoint in a sovereign cloud gets that cloud's scope in the fix."""
    d = diagnose_credential_failure(
        CredentialUnavailableError(message="Please run 'az login' to set up an account"),
        endpoint="https://contoso.openai.azure.us",
    )
    assert d is not None
    assert "az login --scope https://ai.azure.us/.default" in d.steps[0]


def test_without_endpoint_the_scope_asked_is_normalised() -> None:
    """With only the scope known, the fix asks for it with /.default (a bare resource is not a scope)."""
    d = diagnose_credential_failure(
        "AADSTS1002012: The provided value for scope https://cognitiveservices.azure.com is not valid.",
        scope="https://cognitiveservices.azure.com/",
    )
    assert d is not None
    assert d.scenario == "scope-malformed"
    assert "https://cognitiveservices.azure.com/.default" in d.title
    assert d.evidence["scope_requested"] == "https://cognitiveservices.azure.com"


# ------------------------------------------------------------------------------------------------ the chain


def test_a_specific_line_wins_and_the_chain_is_evidence() -> None:
    """In a chain, the line that names a cause decides the id; every credential tried is listed."""
    d = diagnose_credential_failure(
        ClientAuthenticationError(
            message=chain(
                ENV_UNAVAILABLE,
                MI_UNAVAILABLE,
                "\tAzureCliCredential: Please run 'az login' to set up an account",
            )
        )
    )
    assert d is not None
    assert d.scenario == "cli-login-required"
    assert d.evidence["credential"] == "AzureCliCredential"
    assert d.evidence["chain"].startswith(
        "DefaultAzureCredential tried EnvironmentCredential: not configured"
    )
    assert "ManagedIdentityCredential: no managed identity endpoint" in d.evidence["chain"]


def test_a_chain_of_absences_is_exhausted_and_says_where_it_ran() -> None:
    """Every credential absent, no CLI and no managed identity: exhausted, outside Azure without the CLI."""
    d = diagnose_credential_failure(
        ClientAuthenticationError(
            message=chain(ENV_UNAVAILABLE, MI_UNAVAILABLE, CLI_NOT_FOUND, PS_NOT_INSTALLED, AZD_NOT_FOUND)
        )
    )
    assert d is not None
    assert d.scenario == "credential-chain-exhausted"
    assert "without the Azure CLI" in d.evidence["looks_like"]
    assert "AzureCliCredential: not installed" in d.evidence["chain"]
    assert d.steps[0].startswith("This looks like a machine outside Azure without the Azure CLI")


def test_a_hard_failure_at_the_end_stops_the_chain() -> None:
    """The last credential failing with an error (not 'unavailable') is named, with the argument that excludes it."""
    d = diagnose_credential_failure(
        ClientAuthenticationError(
            message=chain(
                ENV_UNAVAILABLE,
                "\tSharedTokenCacheCredential: Token acquisition failed for user 'x'. To fix, re-authenticate",
            )
        )
    )
    assert d is not None
    assert d.scenario == "credential-chain-stopped"
    assert d.evidence["credential"] == "SharedTokenCacheCredential"
    assert "exclude_shared_token_cache_credential=True" in " ".join(d.steps)
    assert "SharedTokenCacheCredential: failed, and the chain stopped here" in d.evidence["chain"]


def test_an_aadsts_line_ends_the_chain_with_its_own_id() -> None:
    """EnvironmentCredential with a stale secret (AADSTS7000215) ends the chain: the code's id wins."""
    d = diagnose_credential_failure(
        ClientAuthenticationError(
            message=chain(
                "\tEnvironmentCredential: Authentication failed: AADSTS7000215: Invalid client secret provided. "
                f"Ensure the secret being sent in the request is the client secret value, for a secret added to app '{TENANT}'."
            )
        )
    )
    assert d is not None
    assert d.scenario == "client-secret-invalid"
    assert d.evidence["credential"] == "EnvironmentCredential"
    assert d.evidence["aadsts"] == "AADSTS7000215"


def test_user_names_in_entra_messages_are_left_out() -> None:
    """AADSTS50020 names the signed-in account: its e-mail address never reaches the diagnosis."""
    d = diagnose_credential_failure(
        "AADSTS50020: User account 'alice.smith@contoso.com' from identity provider 'live.com' does not exist in "
        "tenant 'Contoso' and cannot access the application."
    )
    assert d is not None
    assert d.scenario == "tenant-not-found"
    assert "alice" not in json.dumps(d.to_dict()) + d.render()


def test_codes_not_wording_decide() -> None:
    """The AADSTS code decides even when Microsoft rewords the sentence."""
    d = diagnose_credential_failure("AADSTS700016: Some future wording about the app.")
    assert d is not None
    assert d.scenario == "app-not-found"


# ------------------------------------------------------------------------------------------------ not this family


@pytest.mark.parametrize(
    "error",
    [
        ValueError("invalid literal for int() with base 10: 'x'"),
        KeyError("model"),
        RuntimeError("Event loop is closed"),
        "hello",
        "",
        "Error code: 401 - {'statusCode': 401, 'message': 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'}",
    ],
    ids=["value-error", "key-error", "runtime-error", "hello", "empty", "service-401"],
)
def test_what_is_not_a_credential_failure_gives_none(error: BaseException | str) -> None:
    """Exceptions and text that are not a credential's failure give None."""
    assert diagnose_credential_failure(error) is None


def test_a_service_response_is_not_this_family() -> None:
    """A ClientAuthenticationError that carries a service's 401 is a response failure: None (use diagnose)."""

    class Fake:
        request = HttpRequest("POST", "https://contoso.openai.azure.com/openai/v1/chat/completions")
        status_code = 401

    error = ClientAuthenticationError(
        message="(PermissionDenied) Principal does not have access to API/Operation."
    )
    error.response = Fake()  # type: ignore[assignment]
    assert diagnose_credential_failure(error) is None


def test_a_token_endpoint_response_is_this_family() -> None:
    """MSAL's ClientAuthenticationError carries Entra's response: still a token-acquisition failure."""

    class Fake:
        request = HttpRequest("POST", f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token")
        status_code = 401

    error = ClientAuthenticationError(
        message="Authentication failed: AADSTS7000222: The provided client secret keys are expired."
    )
    error.response = Fake()  # type: ignore[assignment]
    d = diagnose_credential_failure(error)
    assert d is not None
    assert d.scenario == "client-secret-expired"


def test_an_unrecognised_credential_exception_is_unclassified() -> None:
    """A credential's own exception with unknown words: unclassified-credential, its message kept."""
    d = diagnose_credential_failure(CredentialUnavailableError(message="Something new went wrong"))
    assert d is not None
    assert d.scenario == "unclassified-credential"
    assert d.evidence["message"] == "Something new went wrong"
    assert d.evidence["exception"] == "CredentialUnavailableError"


def test_never_raises_on_hostile_exceptions() -> None:
    """An exception whose __str__ raises, or an argument that is not an exception, gives None."""

    class Broken(Exception):
        def __str__(self) -> str:
            raise RuntimeError("no")

    assert diagnose_credential_failure(Broken()) is None
    assert diagnose_credential_failure(42) is None  # type: ignore[arg-type]
    assert diagnose_credential_failure(None) is None  # type: ignore[arg-type]
    assert diagnose_credential_failure("x", scope=3, endpoint=[1]) is None  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------ real credentials


@pytest.fixture
def bare_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No tool on PATH and no AZURE_* variable: what a fresh container looks like (nothing is run or probed)."""
    monkeypatch.setenv("PATH", str(tmp_path))
    for name in list(os.environ):
        if name.startswith(("AZURE_", "IDENTITY_", "MSI_", "IMDS_")):
            monkeypatch.delenv(name)


def test_real_cli_credential_without_az(bare_environment: None) -> None:
    """AzureCliCredential with no `az` on PATH raises what the engine calls cli-not-installed."""
    from azure.identity import AzureCliCredential

    with pytest.raises(CredentialUnavailableError) as caught:
        AzureCliCredential().get_token("https://ai.azure.com/.default")
    d = diagnose_credential_failure(caught.value, endpoint="https://contoso.services.ai.azure.com/models")
    assert d is not None
    assert d.scenario == "cli-not-installed"
    assert d.evidence["credential"] == "AzureCliCredential"


def test_real_cli_credential_with_a_malformed_scope(bare_environment: None) -> None:
    """The CLI credentials' ValueError for a scope with a space in it is scope-malformed."""
    from azure.identity import AzureCliCredential

    with pytest.raises(ValueError) as caught:
        AzureCliCredential().get_token("https://ai.azure.com/.default extra")
    d = diagnose_credential_failure(caught.value, scope="https://ai.azure.com/.default extra")
    assert d is not None
    assert d.scenario == "scope-malformed"
    assert d.evidence["exception"] == "ValueError"


def test_real_default_credential_chain_exhausted(bare_environment: None) -> None:
    """DefaultAzureCredential's own chain message, every credential absent, is credential-chain-exhausted."""
    from azure.identity import DefaultAzureCredential

    credential = DefaultAzureCredential(
        exclude_managed_identity_credential=True,  # no IMDS probe from a test
        exclude_shared_token_cache_credential=True,
        exclude_visual_studio_code_credential=True,
        exclude_powershell_credential=True,
    )
    with pytest.raises(ClientAuthenticationError) as caught:
        credential.get_token("https://ai.azure.com/.default")
    d = diagnose_credential_failure(caught.value, endpoint="https://contoso.openai.azure.com")
    assert d is not None
    assert d.scenario == "credential-chain-exhausted"
    assert "EnvironmentCredential: not configured" in d.evidence["chain"]
    assert "AzureCliCredential: not installed" in d.evidence["chain"]


def test_a_service_error_that_mentions_a_credential_stays_a_service_error() -> None:
    """Pasted text with a service's 401 and a credential's name but no credential cause: the 401 is diagnosed."""
    text = (
        "client = ChatCompletionsClient(endpoint, AzureKeyCredential(key)) then the call failed:\n"
        "Error code: 401 - {'error': {'code': '401', 'message': 'Access denied due to invalid subscription key or "
        "wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct "
        "regional API endpoint for your resource.'}}"
    )
    d = diagnose_text(text)
    assert d is not None
    assert d.status == 401
    assert d.group != "acquisition"


@pytest.mark.parametrize(
    "text",
    [
        "Unexpected response \"{'error': 'invalid_request', 'error_description': 'Identity not found'}\"",
        "(ManagedIdentityCredential) No MSI found for specified ClientId/ResourceId.",
        '{"statusCode":400,"message":"Unable to load requested managed identity.","correlationId":"x"}',
    ],
    ids=["imds-identity-not-found", "app-service-no-msi", "app-service-unable-to-load"],
)
def test_each_identity_endpoints_way_of_saying_not_assigned(text: str) -> None:
    """IMDS, App Service and its older endpoint each say 'no such identity' their own way."""
    d = diagnose_credential_failure(CredentialUnavailableError(message=text))
    assert d is not None
    assert d.scenario == "managed-identity-not-assigned"
