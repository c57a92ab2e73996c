"""Token-acquisition failures, reproduced with the REAL azure-identity credentials over loopback, and run through
the real clients.

Each `CredentialReproduction` is one way a credential fails in the field, set up so that it fails the same way
here with no Azure: a stand-in ``az`` / ``azd`` printing the real tool's output (`standins`), the managed identity
endpoints (`msi`) and Entra ID's token endpoint (`entra`) answered by the emulator, and the process environment
(``PATH``, ``HOME``, ``AZURE_*``, ``IDENTITY_*``) controlled by `standins.credential_sandbox`. No real CLI, IMDS
or network address other than ``127.0.0.1`` is ever reached: ``PATH`` holds only the stand-ins, and every
credential that sends HTTP gets the emulator's routing transport (``transport=``), which delivers any host,
the real IMDS address included, to the emulator.

`run_credential` / `arun_credential` build the credential and a client over the emulator and make one call, with or
without inference-doctor attached: the azure-core client (``ChatCompletionsClient``) with ``RemediationPolicy``,
the openai clients (``AzureOpenAI``, ``OpenAI`` on ``/openai/v1/``) with ``inference_doctor.identity``'s
``bearer_token_provider`` instead of azure-identity's ``get_bearer_token_provider``.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from . import defaults as d
from . import entra
from .standins import CliOutput, credential_sandbox
from .tokens import Identity, mint_token

__all__ = [
    "CREDENTIAL_REPRODUCTIONS",
    "CREDENTIAL_WORKING",
    "CredentialReproduction",
    "CredentialSetup",
    "arun_credential",
    "build_async_credential",
    "build_credential",
    "credential_environment",
    "credential_reproductions_for",
    "run_credential",
]

CredentialName = Literal[
    "AzureCliCredential",
    "AzureDeveloperCliCredential",
    "ManagedIdentityCredential",
    "ClientSecretCredential",
    "WorkloadIdentityCredential",
    "DefaultAzureCredential",
]
Integration = Literal["azure", "openai", "openai-v1"]
"""Where the credential is used: an azure-core client (``ChatCompletionsClient``), ``AzureOpenAI``, or
``OpenAI`` on the ``/openai/v1/`` route."""

AI_SCOPE = "https://ai.azure.com/.default"
COGNITIVE_SCOPE = "https://cognitiveservices.azure.com/.default"
MODELS = f"https://{d.RESOURCE}.services.ai.azure.com/models"
AOAI = f"https://{d.RESOURCE}.openai.azure.com"
V1 = f"{AOAI}/openai/v1/"
GA = "2024-10-21"
ENDPOINTS: dict[Integration, str] = {"azure": MODELS, "openai": AOAI, "openai-v1": V1}
UNKNOWN_TENANT = "0c2a7b8e-5d4f-4e3a-9b1c-7d8e9f0a1b2c"
UNKNOWN_CLIENT = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
UNASSIGNED_IDENTITY = "3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b"
_TRACE = "Trace ID: 0e7f6a2b-9c1d-4e8f-a3b2-5c6d7e8f9a01 Correlation ID: 5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d Timestamp: 2025-06-03 09:01:12Z"


# ------------------------------------------------------------------------------------------------ what the CLIs print


def _az_relogin(scope: str) -> str:
    """az 2.6x's advice after an AADSTS refusal, as it prints it."""
    return (
        "Run the command below to authenticate interactively; additional arguments may be added as needed:\n"
        f'az logout\naz login --scope "{scope}"\n'
    )


def az_refusal(code: int, text: str, scope: str) -> CliOutput:
    """``az account get-access-token`` refused by Entra ID with an AADSTS code (stderr, exit 1)."""
    return CliOutput(stderr=f"ERROR: AADSTS{code}: {text} {_TRACE}\n{_az_relogin(scope)}")


AZ_SIGNED_OUT = CliOutput(stderr="ERROR: Please run 'az login' to setup account.\n")
AZ_CACHE_UNREADABLE = CliOutput(
    stderr=(
        "ERROR: The command failed with an unexpected error. Here is the traceback:\n"
        "ERROR: [Errno 13] Permission denied: '/home/dev/.azure/msal_token_cache.json'\n"
        "To check existing issues, please visit: https://github.com/Azure/azure-cli/issues\n"
    )
)
AZD_SIGNED_OUT = CliOutput(
    stderr=json.dumps(
        {
            "type": "consoleMessage",
            "timestamp": "2025-06-03T09:01:12.123456789Z",
            "data": {"message": "\nERROR: fetching token: not logged in, run `azd auth login` to login\n"},
        }
    )
    + "\n"
)


def azd_cloud_shell(scope: str) -> CliOutput:
    """azd in Cloud Shell asked for an audience Cloud Shell's identity does not serve (its JSON console line,
    on stderr, where azd writes its errors)."""
    resource = scope.removesuffix("/.default")
    content = json.dumps(
        {
            "error": {
                "code": "AudienceNotSupported",
                "message": f"Audience {resource} is not a supported MSI token audience. Supported audiences: "
                "https://management.core.windows.net/,https://management.azure.com/,https://graph.windows.net/",
            }
        }
    )
    message = (
        f"\nERROR: fetching token: invalid CloudShell token API response code: 400, content: {content}\n"
    )
    line = {
        "type": "consoleMessage",
        "timestamp": "2025-06-03T09:01:12.123456789Z",
        "data": {"message": message},
    }
    return CliOutput(stderr=json.dumps(line) + "\n")


def az_token(identity: Identity, scope: str, *, empty: bool = False) -> CliOutput:
    """``az account get-access-token`` signed in: the JSON it prints (a token minted for `identity`)."""
    expires = int(time.time()) + 3600
    payload = {
        "accessToken": "" if empty else mint_token(identity, scope),
        "expiresOn": datetime.fromtimestamp(expires).strftime("%Y-%m-%d %H:%M:%S.%f"),
        "expires_on": expires,
        "subscription": "6f1a2b3c-4d5e-4f60-8172-93a4b5c6d7e8",
        "tenant": identity.tenant_id,
        "tokenType": "Bearer",
    }
    return CliOutput(stdout=json.dumps(payload, indent=2) + "\n", exit_code=0)


# ------------------------------------------------------------------------------------------------ the table


@dataclass(frozen=True, slots=True)
class CredentialSetup:
    """A credential and the environment it runs in.

    `clis` are the stand-ins on ``PATH`` (``"az"`` / ``"azd"``, a callable of the scope giving their output;
    a tool not named is not installed). `environment` values may hold ``{emulator}`` (the emulator's
    ``http://127.0.0.1:<port>``) and ``{dir}`` (the sandbox's directory, where `files` are written).
    `keywords` are the constructor's keywords as the user wrote them. `routed` gives the credential the
    emulator's routing transport (Entra ID, IMDS); `quick` turns the credential's own retries off and reads with
    a `timeout` (default 1 s) so a slow endpoint fails fast.
    """

    credential: CredentialName
    situation: str
    clis: tuple[tuple[str, Any], ...] = ()
    environment: tuple[tuple[str, str], ...] = ()
    files: tuple[tuple[str, str], ...] = ()
    keywords: tuple[tuple[str, str], ...] = ()
    secret: str | None = field(default=None, repr=False)
    routed: bool = False
    quick: bool = False
    timeout: float = 1.0


@dataclass(frozen=True, slots=True)
class CredentialReproduction:
    """One token-acquisition failure: the credential set up to fail, the scope asked for, and where it is used
    in the demo (`integration`; the tests run every row through every integration)."""

    scenario: str
    variant: str
    setup: CredentialSetup
    scope: str = AI_SCOPE
    integration: Integration = "azure"
    note: str = ""
    shows: str = ""
    """Text the credential's own message holds on every supported azure-identity release (1.15 to today)."""

    @property
    def id(self) -> str:
        """`<scenario>/<variant>`, unique in the table."""
        return f"{self.scenario}/{self.variant}"

    @property
    def sdk(self) -> Literal["azure", "openai"]:
        """The SDK of the demo's client."""
        return "azure" if self.integration == "azure" else "openai"

    @property
    def client(self) -> str:
        """The demo's client class."""
        return {"azure": "ChatCompletionsClient", "openai": "AzureOpenAI", "openai-v1": "OpenAI"}[
            self.integration
        ]

    @property
    def snippet(self) -> str:
        """The user's code, as they would write it (never a secret)."""
        return credential_snippet(self)


def _cli(name: str, output: Any) -> tuple[str, Any]:
    return (name, output)


def _secret_env(app_client_id: str, tenant: str, secret: str) -> tuple[tuple[str, str], ...]:
    return (("AZURE_CLIENT_ID", app_client_id), ("AZURE_TENANT_ID", tenant), ("AZURE_CLIENT_SECRET", secret))


def _federated_token(subject: str) -> str:
    issuer = "https://token.actions.githubusercontent.com"
    identity = Identity(
        oid="", tenant_id=d.TENANT, aud=entra.EXCHANGE_AUDIENCE, extra={"iss": issuer, "sub": subject}
    )
    return mint_token(identity)


CI_TENANT = entra.CI_APP.tenant_id
CI_CLIENT = entra.CI_APP.client_id
CI_SECRET = entra.CI_APP.secrets[0]
WRONG_SECRET = entra.fake_secret("a secret that was never created")


def _service_principal(
    situation: str, *, tenant: str = CI_TENANT, client: str = CI_CLIENT, secret: str = CI_SECRET
) -> CredentialSetup:
    """A ClientSecretCredential against the loopback Entra ID (the CI pipeline's application by default)."""
    return CredentialSetup(
        "ClientSecretCredential",
        situation,
        keywords=(("tenant_id", tenant), ("client_id", client)),
        secret=secret,
        routed=True,
    )


_CS = CredentialSetup
_R = CredentialReproduction

CREDENTIAL_REPRODUCTIONS: tuple[CredentialReproduction, ...] = (
    # -- chains ---------------------------------------------------------------------------------------------
    _R("credential-chain-exhausted", "laptop-signed-out-everywhere",
       _CS("DefaultAzureCredential", "a laptop: no CLI installed, no variables, not in Azure", routed=True),
       shows='DefaultAzureCredential failed to retrieve a token'),
    _R("credential-chain-exhausted", "openai-laptop",
       _CS("DefaultAzureCredential", "a laptop: no CLI installed, no variables, not in Azure", routed=True),
       scope=COGNITIVE_SCOPE, integration="openai",
       shows='DefaultAzureCredential failed to retrieve a token'),
    _R("credential-chain-stopped", "stale-service-principal-variables",
       _CS("DefaultAzureCredential", "signed in to the Azure CLI, but AZURE_CLIENT_ID and friends left over "
           "from an old job name a disabled application", clis=(_cli("az", lambda s: az_token(d.ALICE, s)),),
           environment=_secret_env(entra.DISABLED_APP.client_id, d.TENANT, entra.DISABLED_APP.secrets[0]),
           routed=True),
       shows='AADSTS7000112'),
    _R("credential-chain-stopped", "app-service-identity-endpoint-slow",
       _CS("DefaultAzureCredential", "in App Service, whose identity endpoint does not answer in time",
           environment=(("IDENTITY_ENDPOINT", "{emulator}/app-service/slow/msi/token"),
                        ("IDENTITY_HEADER", "emulator-identity-header")),
           routed=True, quick=True, timeout=0.3),
       shows='ManagedIdentityCredential: '),
    # -- the CLIs -------------------------------------------------------------------------------------------
    _R("cli-not-installed", "az-missing",
       _CS("AzureCliCredential", "the Azure CLI is not installed in this container"),
       shows='Azure CLI not found on path'),
    _R("cli-not-installed", "azd-missing",
       _CS("AzureDeveloperCliCredential", "the Azure Developer CLI is not installed"),
       scope=COGNITIVE_SCOPE, integration="openai",
       shows='Azure Developer CLI could not be found'),
    _R("cli-login-required", "az-signed-out",
       _CS("AzureCliCredential", "the Azure CLI is installed but signed out",
           clis=(_cli("az", lambda s: AZ_SIGNED_OUT),)),
       shows="Please run 'az login'"),
    _R("cli-login-required", "azd-signed-out",
       _CS("AzureDeveloperCliCredential", "azd is installed but signed out",
           clis=(_cli("azd", lambda s: AZD_SIGNED_OUT),)),
       scope=COGNITIVE_SCOPE, integration="openai",
       shows='azd auth login'),
    _R("signin-expired", "sign-in-frequency",
       _CS("AzureCliCredential", "the Azure CLI's sign-in is past the tenant's sign-in frequency",
           clis=(_cli("az", lambda s: az_refusal(70043, "The refresh token has expired or is invalid due to "
                      "sign-in frequency checks by conditional access. The token was issued on "
                      "2025-06-02T08:14:51.5538123Z and the maximum allowed lifetime for this request is 43200.",
                      s)),)),
       shows='AADSTS70043'),
    _R("mfa-required", "new-location",
       _CS("AzureCliCredential", "signed in to the Azure CLI without multi-factor authentication",
           clis=(_cli("az", lambda s: az_refusal(50076, "Due to a configuration change made by your "
                      "administrator, or because you moved to a new location, you must use multi-factor "
                      "authentication to access '7d312290-28c8-473c-a0ed-8e53749b6d6d'.", s)),)),
       scope=COGNITIVE_SCOPE, integration="openai",
       shows='AADSTS50076'),
    _R("conditional-access-blocked", "device-not-compliant",
       _CS("AzureCliCredential", "a Conditional Access policy blocks this device",
           clis=(_cli("az", lambda s: az_refusal(53003, "Access has been blocked by Conditional Access "
                      "policies. The access policy does not allow token issuance.", s)),)),
       shows='AADSTS53003'),
    _R("consent-required", "cli-not-consented",
       _CS("AzureCliCredential", "the tenant has not consented to the Azure CLI for this resource",
           clis=(_cli("az", lambda s: az_refusal(65001, "The user or administrator has not consented to use "
                      "the application with ID '04b07795-8ddb-461a-bbee-02f9e1bf7b46' named 'Microsoft Azure "
                      "CLI'. Send an interactive authorization request for this user and resource.", s)),)),
       shows='AADSTS65001'),
    _R("scope-malformed", "quoted-scope-cli",
       _CS("AzureCliCredential", "the scope read from a .env file with its quotes",
           clis=(_cli("az", lambda s: az_token(d.ALICE, s)),)),
       scope=f'"{AI_SCOPE}"',
       shows='An invalid scope was provided'),
    _R("unclassified-credential", "az-cache-unreadable",
       _CS("AzureCliCredential", "the Azure CLI cannot read its token cache",
           clis=(_cli("az", lambda s: AZ_CACHE_UNREADABLE),)),
       shows='Permission denied'),
    # -- service principals against Entra ID -------------------------------------------------------------------
    _R("client-secret-invalid", "secret-id-for-value",
       _service_principal("the secret's ID pasted where its value belongs", secret=WRONG_SECRET),
       shows='AADSTS7000215'),
    _R("client-secret-expired", "old-secret",
       _service_principal("a client secret past its end date", secret=entra.CI_APP.expired_secrets[0]),
       scope=COGNITIVE_SCOPE, integration="openai",
       shows='AADSTS7000222'),
    _R("app-not-found", "client-id-of-another-tenant",
       _service_principal("a client id no application in this tenant has", client=UNKNOWN_CLIENT),
       shows='AADSTS700016'),
    _R("tenant-not-found", "unknown-tenant-id",
       _service_principal("a tenant id that names no directory", tenant=UNKNOWN_TENANT),
       shows='Unable to get authority configuration'),
    _R("scope-not-found", "api-uri-typo",
       _service_principal("a scope for an application ID URI that does not exist"),
       scope="api://contoso-ai/.default",
       shows='AADSTS500011'),
    _R("scope-malformed", "missing-default-suffix",
       _service_principal("a scope without /.default (fine for the CLI, refused for a service principal)"),
       scope="https://ai.azure.com", integration="openai-v1",
       shows='AADSTS1002012'),
    _R("workload-identity-misconfigured", "pull-request-subject",
       _CS("WorkloadIdentityCredential", "a GitHub Actions pull request run; the federated credential trusts "
           "the production environment only",
           environment=(("AZURE_TENANT_ID", CI_TENANT), ("AZURE_CLIENT_ID", CI_CLIENT),
                        ("AZURE_FEDERATED_TOKEN_FILE", "{dir}/federated-token")),
           files=(("federated-token", _federated_token("repo:contoso/chat-app:pull_request")),), routed=True),
       shows='AADSTS700213'),
    # -- managed identity ---------------------------------------------------------------------------------------
    _R("managed-identity-unavailable", "not-in-azure",
       _CS("ManagedIdentityCredential", "running outside Azure: nothing answers at the IMDS address",
           routed=True, quick=True),
       shows='no response from the IMDS endpoint'),
    _R("managed-identity-not-assigned", "app-service-user-assigned",
       _CS("ManagedIdentityCredential", "an App Service whose identity is not the client id asked for",
           environment=(("IDENTITY_ENDPOINT", "{emulator}/app-service/system/msi/token"),
                        ("IDENTITY_HEADER", "emulator-identity-header")),
           keywords=(("client_id", UNASSIGNED_IDENTITY),), quick=True),
       shows='No MSI found for specified ClientId/ResourceId'),
    _R("managed-identity-not-assigned", "vm-without-identity",
       _CS("ManagedIdentityCredential", "a VM with no managed identity enabled",
           environment=(("AZURE_POD_IDENTITY_AUTHORITY_HOST", "{emulator}/imds/no-identity"),), quick=True),
       scope=COGNITIVE_SCOPE, integration="openai",
       shows='Identity not found'),
    _R("msi-audience-unsupported", "cloud-shell",
       _CS("ManagedIdentityCredential", "Azure Cloud Shell, whose identity does not serve this audience",
           environment=(("MSI_ENDPOINT", "{emulator}/cloud-shell/oauth2/token"),), quick=True),
       shows='is not a supported MSI token audience'),
    _R("msi-audience-unsupported", "azd-in-cloud-shell",
       _CS("AzureDeveloperCliCredential", "azd in Azure Cloud Shell",
           clis=(_cli("azd", azd_cloud_shell),)),
       scope=COGNITIVE_SCOPE, integration="openai",
       shows='is not a supported MSI token audience'),
    # -- the token provider ---------------------------------------------------------------------------------------
    _R("token-provider-empty", "empty-access-token",
       _CS("AzureCliCredential", "a credential that hands back an empty token",
           clis=(_cli("az", lambda s: az_token(d.ALICE, s, empty=True)),)),
       scope=COGNITIVE_SCOPE, integration="openai",
       note="openai only: an azure-core client sends the empty bearer and the service's 401 says token-missing",
       shows='azure_ad_token_provider'),
)  # fmt: skip

CREDENTIAL_WORKING: tuple[CredentialReproduction, ...] = (
    _R("ok", "az-signed-in",
       _CS("AzureCliCredential", "signed in to the Azure CLI as a Cognitive Services User",
           clis=(_cli("az", lambda s: az_token(d.ALICE, s)),))),
    _R("ok", "service-principal",
       _service_principal("a service principal holding Azure AI User")),
    _R("ok", "app-service-identity",
       _CS("ManagedIdentityCredential", "an App Service with its system-assigned identity",
           environment=(("IDENTITY_ENDPOINT", "{emulator}/app-service/system/msi/token"),
                        ("IDENTITY_HEADER", "emulator-identity-header")), quick=True),
       scope=COGNITIVE_SCOPE),
    _R("ok", "chain-reaches-the-cli",
       _CS("DefaultAzureCredential", "a laptop signed in to the Azure CLI",
           clis=(_cli("az", lambda s: az_token(d.ALICE, s)),), routed=True)),
)  # fmt: skip


def credential_reproductions_for(scenario: str) -> tuple[CredentialReproduction, ...]:
    """The rows for one scenario id (empty when it has none)."""
    return tuple(r for r in CREDENTIAL_REPRODUCTIONS if r.scenario == scenario)


# ------------------------------------------------------------------------------------------------ the snippet


def credential_snippet(rep: CredentialReproduction) -> str:
    """The credential and client construction and the call, as source text."""
    setup = rep.setup
    args = [f'{k}="{v}"' for k, v in setup.keywords]
    if setup.secret is not None:
        args.append('client_secret=os.environ["AZURE_CLIENT_SECRET"]')
    lines = [f"credential = {setup.credential}({', '.join(args)})  # {setup.situation}"]
    endpoint = ENDPOINTS[rep.integration]
    provider = f'get_bearer_token_provider(credential, "{rep.scope}")'
    if rep.integration == "azure":
        lines.append(
            f'client = ChatCompletionsClient(endpoint="{endpoint}", credential=credential, '
            f"credential_scopes=[{json.dumps(rep.scope)}])"
        )
        lines.append(f'client.complete(model="{d.CHAT}", messages=[{{"role": "user", "content": "Hello"}}])')
    else:
        if rep.integration == "openai":
            lines.append(
                f'client = AzureOpenAI(azure_endpoint="{endpoint}", azure_ad_token_provider={provider}, '
                f'api_version="{GA}")'
            )
        else:
            lines.append(f'client = OpenAI(base_url="{endpoint}", api_key={provider})')
        lines.append(
            f'client.chat.completions.create(model="{d.CHAT}", messages=[{{"role": "user", "content": "Hello"}}])'
        )
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ the driver


@contextmanager
def credential_environment(
    setup: CredentialSetup, emulator: Any, scope: str, *, cli_runs: list[str] | None = None
) -> Iterator[None]:
    """The process environment `setup` describes (stand-ins on ``PATH``, variables), for the duration.

    `cli_runs`, when given, receives one entry per run of a stand-in CLI (``"az account get-access-token ..."``).
    """
    clis = {name: make(scope) for name, make in setup.clis}
    environment = {k: v.replace("{emulator}", emulator.address) for k, v in setup.environment}
    with credential_sandbox(clis=clis, environment=environment, files=dict(setup.files)) as root:
        try:
            yield
        finally:
            if cli_runs is not None:
                for log in sorted((root / "bin").glob("*.calls")):
                    name = log.name.removesuffix(".calls")
                    cli_runs += [f"{name} {line}" for line in log.read_text(encoding="utf-8").splitlines()]


def _credential_keywords(setup: CredentialSetup, transport: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = dict(setup.keywords)
    if setup.secret is not None:
        kwargs["client_secret"] = setup.secret
    if setup.routed:
        kwargs["transport"] = transport
    if setup.quick:
        kwargs.update(retry_total=0, read_timeout=setup.timeout)
    return kwargs


def _transport_keywords(setup: CredentialSetup) -> dict[str, Any]:
    return {"read_timeout": setup.timeout} if setup.quick else {}


def build_credential(setup: CredentialSetup, emulator: Any) -> Any:
    """The real sync azure-identity credential (call inside `credential_environment`)."""
    import azure.identity

    cls = getattr(azure.identity, setup.credential)
    transport = emulator.requests_transport(**_transport_keywords(setup)) if setup.routed else None
    return cls(**_credential_keywords(setup, transport))


def build_async_credential(setup: CredentialSetup, emulator: Any) -> Any:
    """The real ``azure.identity.aio`` credential (inside `credential_environment` and a running event loop)."""
    import azure.identity.aio

    cls = getattr(azure.identity.aio, setup.credential)
    transport = emulator.aiohttp_transport(**_transport_keywords(setup)) if setup.routed else None
    return cls(**_credential_keywords(setup, transport))


_MESSAGES = [{"role": "user", "content": "Hello"}]


def _provider(credential: Any, scope: str, endpoint: str, remediation: bool, asynchronous: bool) -> Any:
    if remediation:
        from .. import identity

        make = identity.async_bearer_token_provider if asynchronous else identity.bearer_token_provider
        return make(credential, scope, endpoint=endpoint)
    if asynchronous:
        from azure.identity.aio import get_bearer_token_provider as get_async_provider

        return get_async_provider(credential, scope)
    from azure.identity import get_bearer_token_provider

    return get_bearer_token_provider(credential, scope)


def _openai_kwargs(integration: Integration, provider: Any, http_client: Any) -> dict[str, Any]:
    if integration == "openai":
        return {"azure_endpoint": AOAI, "api_version": GA, "azure_ad_token_provider": provider,
                "http_client": http_client, "max_retries": 0}  # fmt: skip
    return {"base_url": V1, "api_key": provider, "http_client": http_client, "max_retries": 0}


def _azure_kwargs(rep: CredentialReproduction, transport: Any, policy: Any) -> dict[str, Any]:
    """azure-ai-inference's constructor keywords: the row's scope, the emulator's transport, no retries."""
    return {"endpoint": MODELS, "credential_scopes": [rep.scope], "transport": transport, "retry_total": 0,
            "per_call_policies": [policy] if policy is not None else []}  # fmt: skip


def run_credential(
    rep: CredentialReproduction,
    emulator: Any,
    *,
    remediation: bool,
    integration: Integration | None = None,
    cli_runs: list[str] | None = None,
) -> Any:
    """Set the row's environment up, build its credential and a client, make one call; exceptions propagate as
    the client raised them. `remediation` attaches inference-doctor; `integration` overrides the row's;
    `cli_runs` receives one entry per run of a stand-in CLI."""
    where = integration or rep.integration
    with credential_environment(rep.setup, emulator, rep.scope, cli_runs=cli_runs):
        credential = build_credential(rep.setup, emulator)
        try:
            if where == "azure":
                from azure.ai.inference import ChatCompletionsClient

                from ..azure import RemediationPolicy

                policy: Any = RemediationPolicy() if remediation else None
                kwargs = _azure_kwargs(rep, emulator.requests_transport(), policy)
                with ChatCompletionsClient(credential=credential, **kwargs) as client:
                    return client.complete(model=d.CHAT, messages=_MESSAGES)
            import openai

            provider = _provider(credential, rep.scope, ENDPOINTS[where], remediation, asynchronous=False)
            cls = openai.AzureOpenAI if where == "openai" else openai.OpenAI
            with cls(**_openai_kwargs(where, provider, emulator.httpx_client())) as oclient:
                return oclient.chat.completions.create(model=d.CHAT, messages=_MESSAGES)  # type: ignore[arg-type]
        finally:
            credential.close()


@asynccontextmanager
async def _closing(credential: Any) -> AsyncIterator[Any]:
    try:
        yield credential
    finally:
        await credential.close()


async def arun_credential(
    rep: CredentialReproduction,
    emulator: Any,
    *,
    remediation: bool,
    integration: Integration | None = None,
    cli_runs: list[str] | None = None,
) -> Any:
    """The async twin of `run_credential` (``azure.identity.aio`` credentials, the ``.aio`` / ``Async*`` clients)."""
    where = integration or rep.integration
    with credential_environment(rep.setup, emulator, rep.scope, cli_runs=cli_runs):
        async with _closing(build_async_credential(rep.setup, emulator)) as credential:
            if where == "azure":
                from azure.ai.inference.aio import ChatCompletionsClient

                from ..azure import AsyncRemediationPolicy

                apolicy: Any = AsyncRemediationPolicy() if remediation else None
                akwargs = _azure_kwargs(rep, emulator.aiohttp_transport(), apolicy)
                async with ChatCompletionsClient(credential=credential, **akwargs) as client:
                    return await client.complete(model=d.CHAT, messages=_MESSAGES)  # type: ignore[arg-type]
            import openai

            provider = _provider(credential, rep.scope, ENDPOINTS[where], remediation, asynchronous=True)
            acls = openai.AsyncAzureOpenAI if where == "openai" else openai.AsyncOpenAI
            async with acls(**_openai_kwargs(where, provider, emulator.async_httpx_client())) as oclient:
                return await oclient.chat.completions.create(model=d.CHAT, messages=_MESSAGES)  # type: ignore[arg-type]
