"""One fixture per token-acquisition id: the exception a credential raises (its real class) with the message it
carries, as azure-identity, MSAL, the CLIs and openai word them. Each must diagnose to its id and to no other.

The messages are quoted from azure-identity 1.27 (`_credentials/*.py`, `_internal/*.py`), from the Azure CLI's and
azd's output and from openai's token check; AADSTS lines are shaped as Entra sends them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from azure.core.exceptions import ClientAuthenticationError
from azure.identity import CredentialUnavailableError

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
APP = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
TRACE = "Trace ID: 6bad8289-db4a-49da-8609-0848d8d71700 Correlation ID: 63b8bb61-5ca6-4ae3-8224-15a4de11cd87 Timestamp: 2026-02-20 07:21:29Z"
ENDPOINT = "https://contoso.services.ai.azure.com/models"

DAC_HEAD = (
    "DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:"
)
DAC_TAIL = (
    "\nTo mitigate this issue, please refer to the troubleshooting guidelines here at "
    "https://aka.ms/azsdk/python/identity/defaultazurecredential/troubleshoot."
)
ENV_UNAVAILABLE = (
    "\tEnvironmentCredential: EnvironmentCredential authentication unavailable. Environment variables are not fully "
    "configured.\nVisit https://aka.ms/azsdk/python/identity/environmentcredential/troubleshoot to troubleshoot "
    "this issue."
)
WORKLOAD_UNAVAILABLE = (
    "\tWorkloadIdentityCredential: WorkloadIdentityCredential authentication unavailable. The workload options are "
    "not fully configured. See the troubleshooting guide for more information: "
    "https://aka.ms/azsdk/python/identity/workloadidentitycredential/troubleshoot. Missing required arguments: "
    "'tenant_id', 'client_id', 'token_file_path'."
)
MI_UNAVAILABLE = (
    "\tManagedIdentityCredential: ManagedIdentityCredential authentication unavailable, no response from the IMDS "
    "endpoint."
)
CACHE_UNAVAILABLE = (
    "\tSharedTokenCacheCredential: SharedTokenCacheCredential authentication unavailable. No accounts were found "
    "in the cache."
)
CLI_NOT_FOUND = "\tAzureCliCredential: Azure CLI not found on path"
PS_NOT_INSTALLED = "\tAzurePowerShellCredential: PowerShell is not installed"
AZD_NOT_FOUND = (
    "\tAzureDeveloperCliCredential: Azure Developer CLI could not be found. Please visit https://aka.ms/azure-dev "
    "for installation instructions and then,once installed, authenticate to your Azure account using 'azd auth "
    "login'."
)


def chain(*lines: str) -> str:
    return "\n".join((DAC_HEAD, *lines)) + DAC_TAIL


def entra(code: str, description: str) -> str:
    """MSAL's path: `Authentication failed: AADSTS<code>: ...` (ClientSecretCredential and friends)."""
    return f"Authentication failed: AADSTS{code}: {description} {TRACE}"


@dataclass(frozen=True)
class CredentialCase:
    """One credential failure and the id it must diagnose to."""

    expected: str
    make: Callable[[], BaseException]
    scope: str | None = "https://ai.azure.com/.default"
    endpoint: str | None = ENDPOINT
    name: str = ""

    @property
    def id(self) -> str:
        return self.name or self.expected

    @property
    def text(self) -> str:
        return str(self.make())


def unavailable(message: str) -> Callable[[], BaseException]:
    return lambda: CredentialUnavailableError(message=message)


def failed(message: str) -> Callable[[], BaseException]:
    return lambda: ClientAuthenticationError(message=message)


def value_error(message: str) -> Callable[[], BaseException]:
    return lambda: ValueError(message)


CREDENTIAL_CASES: tuple[CredentialCase, ...] = (
    CredentialCase(
        "credential-chain-exhausted",
        failed(
            chain(
                ENV_UNAVAILABLE,
                WORKLOAD_UNAVAILABLE,
                MI_UNAVAILABLE,
                CACHE_UNAVAILABLE,
                CLI_NOT_FOUND,
                PS_NOT_INSTALLED,
                AZD_NOT_FOUND,
            )
        ),
    ),
    CredentialCase(
        "credential-chain-stopped",
        failed(
            chain(
                ENV_UNAVAILABLE,
                '\tManagedIdentityCredential: Unexpected content type "text/html"\nContent: <html><body>Proxy '
                "authentication required</body></html>",
            )
        ),
    ),
    CredentialCase("cli-not-installed", unavailable("Azure CLI not found on path")),
    CredentialCase(
        "cli-not-installed",
        unavailable(
            "Azure Developer CLI could not be found. Please visit https://aka.ms/azure-dev for installation "
            "instructions and then,once installed, authenticate to your Azure account using 'azd auth login'."
        ),
        name="cli-not-installed-azd",
    ),
    CredentialCase("cli-login-required", unavailable("Please run 'az login' to set up an account")),
    CredentialCase(
        "cli-login-required",
        failed(
            chain(
                ENV_UNAVAILABLE,
                MI_UNAVAILABLE,
                "\tAzureCliCredential: Please run 'az login' to set up an account",
                PS_NOT_INSTALLED,
            )
        ),
        name="cli-login-required-in-chain",
    ),
    CredentialCase(
        "signin-expired",
        failed(
            "ERROR: AADSTS700082: The refresh token has expired due to inactivity. The token was issued on "
            f"2025-10-05T11:50:24.4394320Z and was inactive for 90.00:00:00. {TRACE}\nInteractive authentication is "
            "needed. Please run:\naz login --scope https://ai.azure.com/.default"
        ),
    ),
    CredentialCase(
        "mfa-required",
        failed(
            "ERROR: AADSTS50076: Due to a configuration change made by your administrator, or because you moved to "
            f"a new location, you must use multi-factor authentication to access '{APP}'. {TRACE}"
        ),
    ),
    CredentialCase(
        "conditional-access-blocked",
        failed(
            "ERROR: AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not "
            f"allow token issuance. {TRACE}"
        ),
    ),
    CredentialCase(
        "client-secret-invalid",
        failed(
            entra(
                "7000215",
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret "
                f"value, not the client secret ID, for a secret added to app '{APP}'.",
            )
        ),
    ),
    CredentialCase(
        "client-secret-expired",
        failed(
            entra(
                "7000222",
                f"The provided client secret keys for app '{APP}' are expired. Visit the Azure portal to create new "
                "keys for your app.",
            )
        ),
    ),
    CredentialCase(
        "app-not-found",
        failed(
            entra(
                "700016",
                f"Application with identifier '{APP}' was not found in the directory 'Contoso'. This can happen if "
                "the application has not been installed by the administrator of the tenant or consented to by any "
                "user in the tenant. You may have sent your authentication request to the wrong tenant.",
            )
        ),
    ),
    CredentialCase(
        "tenant-not-found",
        failed(
            entra(
                "90002",
                f"Tenant '{TENANT}' not found. Check to make sure you have the correct tenant ID and are signing "
                "into the correct cloud.",
            )
        ),
    ),
    CredentialCase(
        "scope-not-found",
        failed(
            "Microsoft Entra ID error '(invalid_resource) AADSTS500011: The resource principal named "
            f"https://contoso.openai.azure.com was not found in the tenant named {TENANT}. This can happen if the "
            "application has not been installed by the administrator of the tenant or consented to by any user in "
            f"the tenant. You might have sent your authentication request to the wrong tenant. {TRACE}'"
        ),
        scope="https://contoso.openai.azure.com/.default",
    ),
    CredentialCase(
        "scope-malformed",
        failed(
            entra(
                "1002012",
                "The provided value for scope https://cognitiveservices.azure.com is not valid. Client credential "
                "flows must have a scope value with /.default suffixed to the resource identifier (application ID "
                "URI).",
            )
        ),
        scope="https://cognitiveservices.azure.com",
    ),
    CredentialCase(
        "scope-malformed",
        value_error(
            "An invalid scope was provided. Only alphanumeric characters, '.', '-', '_', ':', and '/' are allowed."
        ),
        scope="https://ai.azure.com/.default ",
        name="scope-malformed-cli-value-error",
    ),
    CredentialCase(
        "managed-identity-unavailable",
        unavailable(
            "No managed identity endpoint found. \nThe Target Azure platform could not be determined from "
            "environment variables. \nVisit https://aka.ms/azsdk/python/identity/managedidentitycredential/"
            "troubleshoot to troubleshoot this issue."
        ),
    ),
    CredentialCase(
        "managed-identity-not-assigned",
        unavailable(
            "ManagedIdentityCredential authentication unavailable. No identity has been assigned to this resource. "
            "Error: Unexpected response \"{'error': 'invalid_request', 'error_description': 'Identity not found'}\""
        ),
    ),
    CredentialCase(
        "workload-identity-misconfigured",
        failed(
            "WorkloadIdentityCredential: Microsoft Entra ID error '(invalid_client) AADSTS700213: No matching "
            "federated identity record found for presented assertion subject "
            "'system:serviceaccount:default:inference'. Please check your federated identity credential Subject, "
            f"Audience and Issuer against the presented assertion. {TRACE}'"
        ),
    ),
    CredentialCase(
        "consent-required",
        failed(
            entra(
                "65001",
                f"The user or administrator has not consented to use the application with ID '{APP}' named "
                "'Contoso tool'. Send an interactive authorization request for this user and resource.",
            )
        ),
    ),
    CredentialCase(
        "msi-audience-unsupported",
        failed(
            "ERROR: Audience https://ai.azure.com is not a supported MSI token audience.\nInteractive "
            "authentication is needed. Please run:\naz login --scope https://ai.azure.com/.default"
        ),
    ),
    CredentialCase(
        "token-provider-empty",
        value_error("Expected `azure_ad_token_provider` argument to return a non-empty string."),
        endpoint="https://contoso.openai.azure.com",
    ),
    CredentialCase(
        "unclassified-credential",
        failed("Unexpected response from Microsoft Entra ID: \"{'error': 'server_error'}\""),
    ),
)
