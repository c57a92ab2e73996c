"""The token-acquisition scenarios: the credential could not get a token, so no request was sent.

These entries have no HTTP status (`statuses=()`), and a `Diagnosis` of this family has `status == 0`. Their
templates are filled by `engine.evidence.acquisition_fields`: `credential`, `chain`, `login` (the exact
`az login --tenant <tid> --scope <scope>`), `scope` (the scope the endpoint needs), `tid`, `exclude`,
`looks_like`, `looks_like_step`, `application`, `resource_named`, `scope_requested`, `audience`, `aadsts`.
"""

from __future__ import annotations

from .entry import Scenario
from .links import D_ENTRA, D_TOKEN_PROVIDER

_LEARN = "https://learn.microsoft.com"
D_CHAINS = f"{_LEARN}/azure/developer/python/sdk/authentication/credential-chains"
D_IDENTITY = f"{_LEARN}/python/api/overview/azure/identity-readme"
D_AADSTS = f"{_LEARN}/entra/identity-platform/reference-error-codes"
D_CLI_LOGIN = f"{_LEARN}/cli/azure/authenticate-azure-cli-interactively"
D_CLI_INSTALL = f"{_LEARN}/cli/azure/install-azure-cli"
D_AZD = f"{_LEARN}/azure/developer/azure-developer-cli/reference"
D_REFRESH = f"{_LEARN}/entra/identity-platform/refresh-tokens"
D_MFA = f"{_LEARN}/entra/identity/authentication/concept-mfa-howitworks"
D_CA = f"{_LEARN}/entra/identity/conditional-access/troubleshoot-conditional-access"
D_SECRETS = f"{_LEARN}/entra/identity-platform/how-to-add-credentials"
D_APPS = f"{_LEARN}/entra/identity-platform/app-objects-and-service-principals"
D_FIND_TENANT = f"{_LEARN}/entra/fundamentals/how-to-find-tenant"
D_SCOPES = f"{_LEARN}/entra/identity-platform/scopes-oidc"
D_MANAGED_IDENTITY = f"{_LEARN}/entra/identity/managed-identities-azure-resources/overview"
D_WORKLOAD = f"{_LEARN}/entra/workload-id/workload-identity-federation"
D_AKS_WORKLOAD = f"{_LEARN}/azure/aks/workload-identity-overview"
D_CONSENT = f"{_LEARN}/entra/identity/enterprise-apps/grant-admin-consent"
D_CLOUD_SHELL = f"{_LEARN}/azure/cloud-shell/troubleshooting"

ACQUISITION: tuple[Scenario, ...] = (
    Scenario(
        id="credential-chain-exhausted",
        group="acquisition",
        statuses=(),
        title="No credential in the DefaultAzureCredential chain could get a token in this environment",
        headline="No credential in the {chain} chain could get a token here ({looks_like})",
        cause=(
            "DefaultAzureCredential tries a fixed list of credentials and moves on while each says it is "
            "unavailable: no service principal in the environment variables, no managed identity endpoint, no "
            "signed-in developer tool. Every one of them was unavailable, so no token was requested at all."
        ),
        signals=(
            "`DefaultAzureCredential failed to retrieve a token from the included credentials.` where every "
            "attempted credential's line says it is unavailable (not configured, not installed, no endpoint)."
        ),
        steps=(
            "{looks_like_step}",
            "On a developer machine: sign in with `{login}` (or `azd auth login --scope {scope}`).",
            "In Azure (App Service, Functions, Container Apps, a VM, AKS): enable a managed identity on the host "
            "and give it a data-plane role on the resource (Cognitive Services User).",
            "In CI: set the service principal's AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET (or use "
            "federated credentials, e.g. azure/login with OIDC).",
            "Pin the choice so the chain cannot pick something else: AZURE_TOKEN_CREDENTIALS=dev (developer "
            "tools only) or prod (environment, workload and managed identity only), or construct the one "
            "credential you mean (AzureCliCredential(), ManagedIdentityCredential(), ...).",
        ),
        docs=(D_CHAINS, D_CLI_LOGIN, D_MANAGED_IDENTITY),
        bad="credential = DefaultAzureCredential()   # nothing signed in, no managed identity, no env vars",
        good="az login --scope https://ai.azure.com/.default   # then the same code finds AzureCliCredential",
    ),
    Scenario(
        id="credential-chain-stopped",
        group="acquisition",
        statuses=(),
        title="A credential in the DefaultAzureCredential chain failed with an error and ended the chain",
        headline="{credential} failed with an error and ended the {chain} chain",
        cause=(
            "DefaultAzureCredential moves on only past credentials that say they are unavailable; the first "
            "one that fails with any other error ends the chain, so the credential you meant (often a later "
            "one) was never tried. Stale AZURE_CLIENT_* environment variables (EnvironmentCredential) and a "
            "stale shared token cache are the usual culprits."
        ),
        signals=(
            "The chain message whose last attempted credential failed with an error rather than 'unavailable', "
            "and no more specific id matches that line."
        ),
        steps=(
            "Read {credential}'s own message above: fix what it says, or take it out of the chain.",
            "Exclude it: DefaultAzureCredential({exclude}), or set AZURE_TOKEN_CREDENTIALS to the one "
            "credential you mean (for example AZURE_TOKEN_CREDENTIALS=AzureCliCredential).",
            "If it is EnvironmentCredential: check or unset AZURE_CLIENT_ID, AZURE_TENANT_ID, "
            "AZURE_CLIENT_SECRET / AZURE_CLIENT_CERTIFICATE_PATH left over in the environment.",
            "Or construct the intended credential directly (AzureCliCredential(), ManagedIdentityCredential()) "
            "and ask it for {scope}.",
        ),
        docs=(D_CHAINS, D_IDENTITY),
        bad="credential = DefaultAzureCredential()   # EnvironmentCredential picks up stale AZURE_CLIENT_SECRET",
        good="credential = DefaultAzureCredential(exclude_environment_credential=True)",
    ),
    Scenario(
        id="cli-not-installed",
        group="acquisition",
        statuses=(),
        title="The credential shells out to a command-line tool that is not installed or not on PATH",
        headline="{credential} could not run its command-line tool: it is not installed or not on this process's PATH",
        cause=(
            "AzureCliCredential runs `az`, AzureDeveloperCliCredential runs `azd` and AzurePowerShellCredential "
            "runs PowerShell with Az.Accounts. The tool is not installed, or not on the PATH of this process "
            "(an IDE, a service or a container often has a different PATH than your shell)."
        ),
        signals=(
            "`Azure CLI not found on path`, `Azure Developer CLI could not be found`, `PowerShell is not "
            "installed`, `Az.Account module >= 2.2.0 is not installed`."
        ),
        steps=(
            "Install the tool (Azure CLI: https://aka.ms/installazurecli), open a new shell, then sign in: `{login}`.",
            "If it is installed, start this process from a shell where `az --version` works (the PATH differs "
            "in IDEs, services and containers).",
            "In a container or an Azure service, do not install a CLI: use a managed identity "
            "(ManagedIdentityCredential) instead.",
        ),
        docs=(D_CLI_INSTALL, D_CHAINS),
        bad="credential = AzureCliCredential()   # in a container image without az",
        good="credential = ManagedIdentityCredential()   # or install az and run `az login`",
    ),
    Scenario(
        id="cli-login-required",
        group="acquisition",
        statuses=(),
        title="The command-line tool the credential uses is installed but not signed in",
        headline="{credential} found its command-line tool signed out: sign in first",
        cause=(
            "AzureCliCredential and AzureDeveloperCliCredential ask `az` / `azd` for a token; the tool is "
            "installed but has no signed-in account (never signed in, signed out, or its cache was cleared)."
        ),
        signals=(
            "`Please run 'az login'`, `Please run 'azd auth login'`, azd's `reauthentication required` (with the "
            "`azd auth login` to run), `Run Connect-AzAccount to login`, `No subscription found`."
        ),
        steps=(
            "Sign in: `{login}`.",
            "With the Azure Developer CLI: `azd auth login --scope {scope}`; with Azure PowerShell: `Connect-AzAccount`.",
            "Check which account and tenant are active: `az account show`.",
        ),
        docs=(D_CLI_LOGIN, D_AZD),
        bad="credential = AzureCliCredential()   # az installed, never signed in",
        good="az login --tenant <tenant-id> --scope https://ai.azure.com/.default",
    ),
    Scenario(
        id="signin-expired",
        group="acquisition",
        statuses=(),
        title="The cached sign-in has expired: Entra refused to renew it",
        headline="The cached sign-in has expired ({aadsts}): sign in again",
        cause=(
            "The refresh token behind the cached sign-in (Azure CLI, azd, the shared token cache) is no longer "
            "valid: a sign-in frequency policy, 90 days of inactivity, a password change or a revoked session."
        ),
        signals="AADSTS70043, 700082, 50173, 70008, 50133, 700084.",
        steps=(
            "Sign in again: `{login}` (or `azd auth login`).",
            "If the SharedTokenCacheCredential holds a stale account, exclude it "
            "(DefaultAzureCredential(exclude_shared_token_cache_credential=True)) or sign in again in the tool "
            "that wrote it.",
            "A long-running service should not depend on a person's sign-in: use a managed identity or a "
            "service principal.",
        ),
        docs=(D_REFRESH, D_AADSTS, D_CLI_LOGIN),
        bad="credential = AzureCliCredential()   # last `az login` months ago",
        good="az login --scope https://ai.azure.com/.default",
    ),
    Scenario(
        id="mfa-required",
        group="acquisition",
        statuses=(),
        title="The tenant requires multi-factor authentication and the cached sign-in does not have it",
        headline="Multi-factor authentication is required ({aadsts}) and the cached sign-in lacks it",
        cause=(
            "A policy (or a change of location) requires multi-factor authentication for this resource; the "
            "cached sign-in was made without it, and a non-interactive credential cannot prompt for it."
        ),
        signals="AADSTS50076, 50079, 50074.",
        steps=(
            "Sign out and sign in interactively for this scope: `az logout` then `{login}`.",
            "A workload that cannot prompt should use a managed identity or a service principal, which "
            "user MFA policies do not apply to.",
        ),
        docs=(D_MFA, D_AADSTS, D_CLI_LOGIN),
        bad="credential = AzureCliCredential()   # signed in before MFA was required",
        good="az logout && az login --scope https://ai.azure.com/.default",
    ),
    Scenario(
        id="conditional-access-blocked",
        group="acquisition",
        statuses=(),
        title="A Conditional Access policy blocked the token",
        headline="A Conditional Access policy blocked the token ({aadsts})",
        cause=(
            "The tenant's Conditional Access policies refused to issue the token for this sign-in: the device "
            "is not compliant or managed, the location or network is not allowed, or the sign-in risk is too "
            "high. Nothing in the code can change that."
        ),
        signals="AADSTS53003, 53000, 53001, 530032, 530003.",
        steps=(
            "Ask the tenant's administrator: the sign-in logs (Entra admin center > Sign-in logs, filtered by "
            "the trace id below) name the policy that blocked it.",
            "Sign in from a device and network the policy allows (a managed, compliant device).",
            "For workloads, use a managed identity or a service principal: user Conditional Access policies "
            "usually do not apply to them.",
        ),
        docs=(D_CA, D_AADSTS),
        bad="credential = AzureCliCredential()   # signed in from an unmanaged device",
        good="credential = ManagedIdentityCredential()   # the workload's own identity",
    ),
    Scenario(
        id="client-secret-invalid",
        group="acquisition",
        statuses=(),
        title="The client secret is wrong: Entra rejected it",
        headline="Entra rejected the client secret of application {application} ({aadsts})",
        cause=(
            "The secret sent for the application does not match any of its secrets. Most often the secret's "
            "ID was copied instead of its value, the secret was mistyped or truncated, or it belongs to "
            "another application."
        ),
        signals="AADSTS7000215.",
        steps=(
            "Create a new secret (Entra admin center > App registrations > the app > Certificates & secrets, or "
            "`az ad app credential reset --id {application} --append`) and copy its Value, not its Secret ID.",
            "Set it where the credential reads it: AZURE_CLIENT_SECRET (EnvironmentCredential) or "
            "ClientSecretCredential(tenant_id, client_id, client_secret).",
            "Better: move to a managed identity or federated credentials, which have no secret to leak or expire.",
        ),
        docs=(D_SECRETS, D_AADSTS),
        bad="ClientSecretCredential(tenant_id, client_id, client_secret=<the secret's ID>)",
        good="ClientSecretCredential(tenant_id, client_id, client_secret=<the secret's Value>)",
    ),
    Scenario(
        id="client-secret-expired",
        group="acquisition",
        statuses=(),
        title="The client secret has expired",
        headline="The client secret of application {application} has expired ({aadsts})",
        cause="Client secrets have an expiry date; the one the credential sends has passed it.",
        signals="AADSTS7000222.",
        steps=(
            "Create a new secret (`az ad app credential reset --id {application} --append`) and update "
            "AZURE_CLIENT_SECRET or the secret store the application reads.",
            "Move to certificates, federated credentials or a managed identity, and track expiry dates.",
        ),
        docs=(D_SECRETS, D_AADSTS),
        bad="AZURE_CLIENT_SECRET=<a secret created two years ago>",
        good="az ad app credential reset --id <client-id> --append   # then update AZURE_CLIENT_SECRET",
    ),
    Scenario(
        id="app-not-found",
        group="acquisition",
        statuses=(),
        title="The client id names no application in this tenant",
        headline="Application {application} was not found in the tenant the token was requested from ({aadsts})",
        cause=(
            "The client (application) id is wrong, is still a placeholder, or names an application registered "
            "in another tenant; a multi-tenant application also needs to be consented to in the resource's "
            "tenant."
        ),
        signals="AADSTS700016.",
        steps=(
            "Check AZURE_CLIENT_ID (or client_id=): it is the Application (client) ID on the app registration's "
            "Overview page.",
            "Check AZURE_TENANT_ID (or tenant_id=): it must be the tenant where the application is registered.",
            "A multi-tenant application needs consent (a service principal) in the resource's tenant.",
        ),
        docs=(D_APPS, D_AADSTS),
        bad='ClientSecretCredential(tenant_id="<other tenant>", client_id="<app id>", client_secret=...)',
        good='ClientSecretCredential(tenant_id="<the app\'s tenant>", client_id="<app id>", client_secret=...)',
    ),
    Scenario(
        id="tenant-not-found",
        group="acquisition",
        statuses=(),
        title="The tenant id or domain is wrong, or the account does not belong to that tenant",
        headline="Tenant {tid} was not found, or the account does not belong to it",
        cause=(
            "The tenant (directory) the token was requested from does not exist in this cloud, is mistyped, or "
            "the signed-in account is not a member or guest of it."
        ),
        signals="AADSTS90002, 900023, 90072, 50020; `Unable to get authority configuration`, `Invalid tenant ID provided`.",
        steps=(
            "Use the resource's tenant id: `az account show --query tenantId -o tsv` (signed in to the right "
            "account), or the portal's Microsoft Entra ID > Overview.",
            "Pass it as AZURE_TENANT_ID / tenant_id=, or `az login --tenant <tenant-id> --scope {scope}`.",
            "Check the cloud: public Azure tenants sign in at login.microsoftonline.com; sovereign clouds have "
            "their own authority (AzureAuthorityHosts).",
        ),
        docs=(D_FIND_TENANT, D_AADSTS),
        bad='ClientSecretCredential(tenant_id="contoso.onmicrosoft.con", ...)',
        good='ClientSecretCredential(tenant_id="<directory (tenant) id>", ...)',
    ),
    Scenario(
        id="scope-not-found",
        group="acquisition",
        statuses=(),
        title="The scope names no service in this tenant",
        headline="The scope {resource_named} names no service in this tenant ({aadsts})",
        cause=(
            "The token was requested for a resource Entra does not know in this tenant: a typo, an endpoint "
            "host instead of the service's resource id, an api:// application that is not registered here, or "
            "a scope of another cloud."
        ),
        signals="AADSTS500011 (`The resource principal named ... was not found in the tenant`).",
        steps=(
            "Request the data plane's scope: {scope} (https://cognitiveservices.azure.com/.default is also "
            "accepted), not the endpoint's host.",
            "For the Azure CLI: `{login}`.",
            "In a sovereign cloud use its suffix (https://ai.azure.us/.default, https://ai.azure.cn/.default).",
        ),
        docs=(D_SCOPES, D_ENTRA, D_AADSTS),
        bad='get_bearer_token_provider(credential, "https://<res>.openai.azure.com/.default")',
        good='get_bearer_token_provider(credential, "https://ai.azure.com/.default")',
    ),
    Scenario(
        id="scope-malformed",
        group="acquisition",
        statuses=(),
        title="The scope string is malformed",
        headline="The scope {scope_requested} is malformed: ask for {scope}",
        cause=(
            "A scope is one resource followed by `/.default`. Without `/.default` the CLI and managed "
            "identity still work (they turn it into a resource), but client-credential flows (service "
            'principals, CI) refuse it: "works locally, fails in CI". A trailing slash, two resources in one '
            "request or characters outside [A-Za-z0-9.-_:/] are refused too."
        ),
        signals=(
            "AADSTS70011, 1002012, 700022; ValueError `An invalid scope was provided` or `This credential "
            "requires exactly one scope per token request`."
        ),
        steps=(
            "Request exactly one scope, with /.default: {scope}.",
            'AzureOpenAI: azure_ad_token_provider=get_bearer_token_provider(credential, "{scope}"); '
            'azure-ai-inference: credential_scopes=["{scope}"].',
        ),
        docs=(D_SCOPES, D_TOKEN_PROVIDER, D_AADSTS),
        bad='get_bearer_token_provider(credential, "https://cognitiveservices.azure.com")',
        good='get_bearer_token_provider(credential, "https://cognitiveservices.azure.com/.default")',
    ),
    Scenario(
        id="managed-identity-unavailable",
        group="acquisition",
        statuses=(),
        title="No managed identity endpoint is available where this code runs",
        headline="No managed identity endpoint answered: this code is not running on an Azure host with a managed identity",
        cause=(
            "ManagedIdentityCredential asks the host's identity endpoint (IMDS on VMs and AKS, IDENTITY_ENDPOINT "
            "on App Service, Functions and Container Apps). Nothing answered: the code runs outside Azure, or "
            "on a host without a managed identity, or the endpoint is blocked (a proxy, a firewall, Docker)."
        ),
        signals=(
            "`No managed identity endpoint found`, `no response from the IMDS endpoint`, "
            "`App Service managed identity configuration not found in environment`, the IMDS address "
            "(169.254.169.254) timing out, refused or unreachable."
        ),
        steps=(
            "In Azure: enable a managed identity on the host (Identity blade: System assigned > On) and give it "
            "a data-plane role on the resource.",
            "Outside Azure: use a developer credential instead (`{login}` and AzureCliCredential) or a service "
            "principal.",
            "If the host has an identity, check that 169.254.169.254 is reachable without a proxy (NO_PROXY).",
        ),
        docs=(D_MANAGED_IDENTITY, D_CHAINS),
        bad="credential = ManagedIdentityCredential()   # on a laptop",
        good="credential = AzureCliCredential()   # locally; ManagedIdentityCredential() in Azure",
    ),
    Scenario(
        id="managed-identity-not-assigned",
        group="acquisition",
        statuses=(),
        title="The host has no managed identity, or not the one that was asked for",
        headline="The host's identity endpoint answered, but no identity (or not the one asked for) is assigned to it",
        cause=(
            "The managed identity endpoint is there but has no identity to give: no system-assigned identity "
            "is enabled, or the user-assigned identity whose client id was asked for (client_id=, "
            "AZURE_CLIENT_ID, managed_identity_client_id=) is not assigned to this host."
        ),
        signals=(
            "`No identity has been assigned to this resource`, `The requested identity has not been assigned "
            "to this resource`, IMDS 400 `Identity not found`, App Service's `Unable to load requested managed "
            "identity`."
        ),
        steps=(
            "Assign the identity to the host (Identity blade: System assigned > On, or User assigned > Add).",
            "Pass the right client id: ManagedIdentityCredential(client_id=...) or "
            "DefaultAzureCredential(managed_identity_client_id=...), and check AZURE_CLIENT_ID.",
            "Then give that identity a data-plane role on the resource (Cognitive Services User).",
        ),
        docs=(D_MANAGED_IDENTITY,),
        bad='ManagedIdentityCredential(client_id="<an identity not assigned to this VM>")',
        good='ManagedIdentityCredential(client_id="<the user-assigned identity on this host>")',
    ),
    Scenario(
        id="workload-identity-misconfigured",
        group="acquisition",
        statuses=(),
        title="Workload identity federation does not match: the federated credential or its settings are wrong",
        headline="The federated credential does not match the token this workload presents ({aadsts})",
        cause=(
            "WorkloadIdentityCredential exchanges the pod's (or pipeline's) token for an Entra token. Entra "
            "found no federated credential whose issuer, subject and audience match the token presented, or "
            "the settings the webhook injects (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE) "
            "are missing."
        ),
        signals=(
            "`WorkloadIdentityCredential authentication unavailable` (settings missing), AADSTS70021, 700211, "
            "700213, 700024."
        ),
        steps=(
            "Compare the federated credential (on the app registration or user-assigned identity) with the "
            "token presented: issuer (the cluster's OIDC issuer URL), subject "
            "(system:serviceaccount:<namespace>:<name>, or the pipeline's subject) and audience "
            "(api://AzureADTokenExchange); matching is case-sensitive.",
            "On AKS: the service account's azure.workload.identity/client-id annotation and the pod label "
            'azure.workload.identity/use: "true", so the webhook injects the environment variables.',
        ),
        docs=(D_WORKLOAD, D_AKS_WORKLOAD, D_AADSTS),
        bad="subject: system:serviceaccount:default:workload-identity-sa   # pod runs as another account",
        good="az identity federated-credential create --subject system:serviceaccount:<ns>:<sa> ...",
    ),
    Scenario(
        id="consent-required",
        group="acquisition",
        statuses=(),
        title="The application has not been granted consent for this resource",
        headline="The application has not been granted consent for this resource ({aadsts})",
        cause=(
            "The user or administrator has not consented to the application using this resource, so Entra will "
            "not issue a token for it without an interactive consent."
        ),
        signals="AADSTS65001.",
        steps=(
            "Have an administrator grant admin consent to the application (Entra admin center > Enterprise "
            "applications > the app > Permissions > Grant admin consent).",
            "Or use a client that already has consent for the data plane (the Azure CLI's, via `{login}`).",
        ),
        docs=(D_CONSENT, D_AADSTS),
        bad="InteractiveBrowserCredential(client_id=<an app without consent>)",
        good="Grant admin consent for the app, or use AzureCliCredential",
    ),
    Scenario(
        id="msi-audience-unsupported",
        group="acquisition",
        statuses=(),
        title="This environment's managed identity cannot mint a token for this audience",
        headline="This environment's managed identity cannot mint a token for {audience}",
        cause=(
            "Some environments' identity endpoints serve only a fixed list of audiences: Azure Cloud Shell's "
            "managed identity refuses many data-plane audiences (`AudienceNotSupported`)."
        ),
        signals="`is not a supported MSI token audience`, Cloud Shell `AudienceNotSupported`.",
        steps=(
            "Sign in interactively for this scope: `{login}`.",
            "Or request the other accepted audience: https://cognitiveservices.azure.com/.default.",
            "Or run the code on your own machine or an Azure host with its own managed identity.",
        ),
        docs=(D_CLOUD_SHELL, D_ENTRA),
        bad="az account get-access-token --resource https://ai.azure.com   # in Cloud Shell",
        good="az login --scope https://ai.azure.com/.default",
    ),
    Scenario(
        id="token-provider-empty",
        group="acquisition",
        statuses=(),
        title="The token provider returned an empty token",
        headline="The token provider returned an empty token instead of a bearer token",
        cause=(
            "openai checks the value azure_ad_token_provider (or a callable api_key) returns before each "
            "request; an empty string or None is refused: the provider is not the one "
            "get_bearer_token_provider builds, or it swallowed an error."
        ),
        signals="ValueError ``Expected `azure_ad_token_provider` argument to return a non-empty string``.",
        steps=(
            'Use azure_ad_token_provider=get_bearer_token_provider(credential, "{scope}"), which returns the '
            "token string.",
            "In a provider of your own, return credential.get_token(scope).token, and let its exceptions "
            "propagate instead of returning an empty value.",
        ),
        docs=(D_TOKEN_PROVIDER, D_ENTRA),
        bad='AzureOpenAI(azure_ad_token_provider=lambda: os.environ.get("TOKEN", ""), ...)',
        good='AzureOpenAI(azure_ad_token_provider=get_bearer_token_provider(credential, "https://ai.azure.com/.default"), ...)',
    ),
    Scenario(
        id="unclassified-credential",
        group="acquisition",
        statuses=(),
        title="The credential could not get a token (no more specific cause recognised)",
        headline="{credential} could not get a token (no more specific cause recognised)",
        cause=(
            "The credential failed before any request was sent, with a message inference-doctor does not "
            "recognise; the credential's own words are in the evidence."
        ),
        signals="Any other credential failure.",
        steps=(
            "Read the credential's own message (in the evidence): it usually names the step that failed.",
            "The scope the endpoint needs: {scope}; sign in for it with `{login}`.",
            "Check which account and tenant are active: `az account show`.",
            "The identity also needs a data-plane role on the resource (Cognitive Services User).",
            "Troubleshooting guide: https://aka.ms/azsdk/python/identity/troubleshoot",
        ),
        docs=(D_IDENTITY, D_CHAINS, D_AADSTS),
        bad="",
        good="",
    ),
)
