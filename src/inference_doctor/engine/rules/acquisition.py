"""Token acquisition: which failure a credential's message describes (`CredentialText` -> `Choice`).

Precedence, for one failure:

1. A chain's message (`DefaultAzureCredential failed to retrieve a token ...`): the attempted credentials are read
   from the last to the first, and the first line that names a cause wins (an AADSTS code, a signed-out CLI, a
   managed identity that is not assigned, ...); the chain is evidence. A line that only says its credential is
   absent here (no CLI on PATH, no managed identity endpoint, environment variables not set) names no cause: a
   chain of such lines is `credential-chain-exhausted`. The chain stops at the first error that is not
   "unavailable", so a last line that is neither a cause nor an absence is `credential-chain-stopped`.
2. Any other text: its AADSTS codes first (the first code the catalog knows, in order of appearance: codes, never
   their wording, which Microsoft may change), then the sentences of azure-identity, MSAL, the CLIs and openai's
   token check.
3. A credential failure that matches nothing: `unclassified-credential`. Text that is not a credential failure at
   all: None.
"""

from __future__ import annotations

import re

from ..read.credential import CredentialText
from ..regex import lazy
from .choice import Choice

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    from ..diagnosis import ScenarioId

# The AADSTS codes each id stands for.
AADSTS: dict[str, ScenarioId] = {
    **dict.fromkeys(("70043", "700082", "50173", "70008", "50133", "700084"), "signin-expired"),
    **dict.fromkeys(("50076", "50079", "50074"), "mfa-required"),
    **dict.fromkeys(("53003", "53000", "53001", "530032", "530003"), "conditional-access-blocked"),
    "7000215": "client-secret-invalid",
    "7000222": "client-secret-expired",
    "700016": "app-not-found",
    **dict.fromkeys(("90002", "900023", "90072", "50020"), "tenant-not-found"),
    "500011": "scope-not-found",
    **dict.fromkeys(("70011", "1002012", "700022"), "scope-malformed"),
    **dict.fromkeys(("70021", "700211", "700213", "700024"), "workload-identity-misconfigured"),
    "65001": "consent-required",
}

# The sentences that name a cause, in the order they are tried. The flag marks a sentence that, inside a chain,
# only says "this credential is not available here": an absence, not the cause.
_SENTENCES: tuple[tuple[ScenarioId, bool, re.Pattern[str]], ...] = (
    (
        "msi-audience-unsupported",
        False,
        lazy(
            r"is not a supported MSI token audience|AudienceNotSupported",
            needs=("is not a supported MSI token audience", "AudienceNotSupported"),
        ),
    ),
    (
        "managed-identity-not-assigned",
        False,
        lazy(
            r"No identity has been assigned to this resource|requested identity has not been assigned|"
            r"\bIdentity not found\b|No MSI found for specified ClientId|"
            r"Unable to load (?:the )?requested managed identity",
            re.I,
            needs=(
                "no identity has been assigned",
                "has not been assigned",
                "identity not found",
                "no msi found",
                "requested managed identity",
            ),
        ),
    ),
    (
        "cli-not-installed",
        True,
        lazy(
            r"Azure CLI not found on path|Azure Developer CLI could not be found|'azd?' is not recognized|"
            r"\bazd?: (?:command )?not found|Az\.Accounts? module .{0,40}not installed|NO_AZ_ACCOUNT_MODULE|"
            r"PowerShell is not installed",
            re.I,
            needs=(
                "not found",
                "could not be found",
                "is not recognized",
                "not installed",
                "no_az_account_module",
            ),
        ),
    ),
    (
        "cli-login-required",
        False,
        lazy(
            r"\brun:?\s*[`'\"]?(?:az login|azd auth login)\b|\bnot logged in, run\b|reauthentication required|"
            r"Run Connect-AzAccount|No subscriptions? (?:were )?found",
            re.I,
            needs=(
                "az login",
                "azd auth login",
                "not logged in",
                "reauthentication required",
                "connect-azaccount",
                "no subscription",
            ),
        ),
    ),
    (
        "workload-identity-misconfigured",
        True,
        lazy(
            r"WorkloadIdentityCredential authentication unavailable|AZURE_FEDERATED_TOKEN_FILE",
            re.I,
            needs=("workloadidentitycredential authentication unavailable", "azure_federated_token_file"),
        ),
    ),
    (
        "managed-identity-unavailable",
        True,
        lazy(
            r"No managed identity endpoint found|no response from the IMDS endpoint|"
            r"managed identity configuration not found|ManagedIdentityCredential authentication unavailable\.?\s*$|"
            r"IMDS endpoint (?:is )?unreachable|"
            r"(?:Failed to connect|connecting) to 169\.254\.169\.254|169\.254\.169\.254[^\n]{0,80}?(?:timed out|"
            r"unreachable|refused)",
            re.I,
            needs=(
                "no managed identity endpoint found",
                "imds endpoint",
                "managed identity configuration not found",
                "authentication unavailable",
                "169.254.169.254",
            ),
        ),
    ),
    (
        "tenant-not-found",
        False,
        lazy(
            r"Unable to get authority configuration|Invalid tenant ID provided|\binvalid_tenant\b",
            re.I,
            needs=("unable to get authority configuration", "invalid tenant id provided", "invalid_tenant"),
        ),
    ),
    (
        "scope-malformed",
        False,
        lazy(
            r"An invalid scope was provided|exactly one scope per token request|requires at least one scope|"
            r"\binvalid_scope\b",
            re.I,
            needs=(
                "an invalid scope was provided",
                "exactly one scope per token request",
                "requires at least one scope",
                "invalid_scope",
            ),
        ),
    ),
    (
        "token-provider-empty",
        False,
        lazy(
            r"azure_ad_token_provider` argument to return a (?:non-empty )?string",
            re.I,
            needs=("azure_ad_token_provider` argument to return a",),
        ),
    ),
)

# A chain line that says its credential did not try (a CredentialUnavailableError's message).
_UNAVAILABLE = lazy(
    r"\bunavailable\b|package is required|not found on path|could not be found|is not installed|No accounts? (?:were|was) "
    r"found|No account matching|Shared token cache unavailable|not supported on this platform|"
    r"No managed identity endpoint found|configuration not found in environment|Failed to invoke|"
    r"Failed to execute|Please run|not signed in|not fully configured|Multiple accounts were found|"
    r"Credential unavailable\b|'azure-identity-broker' package",
    re.I,
)
_LINE_CODES = lazy(r"AADSTS(\d{4,8})", needs=("AADSTS",))


def _by_code(codes: tuple[str, ...]) -> ScenarioId | None:
    return next((AADSTS[c] for c in codes if c in AADSTS), None)


def classify(text: str, codes: tuple[str, ...]) -> tuple[ScenarioId, bool] | None:
    """The id one message names, and whether it is only an absence; None when it names none."""
    found = _by_code(codes)
    if found:
        return found, False
    for scenario_id, absence, pattern in _SENTENCES:
        if pattern.search(text):
            return scenario_id, absence
    return None


def line_classify(message: str) -> tuple[ScenarioId, bool] | None:
    return classify(message, tuple(dict.fromkeys(_LINE_CODES.findall(message))))


def chain_choice(read: CredentialText) -> Choice:
    """A chain's message: a line that names a cause wins; else the chain ended exhausted or stopped."""
    attempts = read.attempts
    for attempt in reversed(attempts):
        found = line_classify(attempt.message)
        if found and not found[1]:
            return Choice(found[0], extra={"credential": attempt.credential, "line": attempt.message})
    if not attempts:  # the chain's head without its lines (cut short): nothing says how it ended
        return Choice("credential-chain-exhausted", "medium", ("credential-chain-stopped",))
    last = attempts[-1]
    if _UNAVAILABLE.search(last.message) or line_classify(last.message) is not None:
        return Choice("credential-chain-exhausted")
    return Choice("credential-chain-stopped", extra={"credential": last.credential, "line": last.message})


def acquisition_choice(read: CredentialText) -> Choice | None:
    """The id for a credential failure's text, or None when nothing in it names a cause."""
    if read.chain is not None:
        return chain_choice(read)
    found = classify(read.text, read.codes)
    if found is None:
        return None
    return Choice(found[0], extra={"credential": read.credential} if read.credential else {})
