"""The scenario catalog as data: every failure inference-doctor recognises, with its cause, fix and docs.

Literals only. Steps and headlines are `str.format` templates whose fields the engine fills from the evidence
(see `_match._fill`); a field the evidence does not know renders as `<field>`, and a step whose only content is a
field that came out empty is dropped. The ids are a public contract: never rename or reuse one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from ._diagnosis import Group, ScenarioId

_LEARN = "https://learn.microsoft.com/azure"
D_ENTRA = f"{_LEARN}/ai-foundry/foundry-models/how-to/configure-entra-id"
D_RBAC = f"{_LEARN}/ai-foundry/openai/how-to/role-based-access-control"
D_MI = f"{_LEARN}/ai-foundry/openai/how-to/managed-identity"
D_AUTH = f"{_LEARN}/ai-services/authentication"
D_LOCAL_AUTH = f"{_LEARN}/ai-services/disable-local-auth"
D_SUBDOMAIN = f"{_LEARN}/ai-services/cognitive-services-custom-subdomains"
D_VNET = f"{_LEARN}/ai-services/cognitive-services-virtual-networks"
D_ENDPOINTS = f"{_LEARN}/ai-foundry/foundry-models/concepts/endpoints"
D_API_VERSION = f"{_LEARN}/ai-foundry/openai/api-version-lifecycle"
D_DEPLOY = f"{_LEARN}/ai-foundry/openai/how-to/create-resource"
D_INFERENCE_SDK = "https://learn.microsoft.com/python/api/overview/azure/ai-inference-readme"
D_SERVERLESS = f"{_LEARN}/ai-foundry/how-to/deploy-models-serverless"
D_ONLINE = f"{_LEARN}/machine-learning/how-to-troubleshoot-online-endpoints"
D_APIM = f"{_LEARN}/api-management/api-management-subscriptions"
D_CLAUDE = f"{_LEARN}/ai-foundry/foundry-models/how-to/use-foundry-models-claude"
D_RBAC_TROUBLE = f"{_LEARN}/role-based-access-control/troubleshooting"
D_TENANT = "https://learn.microsoft.com/cli/azure/authenticate-azure-cli-interactively"
D_PROJECT = f"{_LEARN}/ai-foundry/how-to/develop/sdk-overview"
D_ABUSE = f"{_LEARN}/ai-foundry/openai/concepts/abuse-monitoring"
D_MODELS = f"{_LEARN}/ai-foundry/openai/concepts/models"
D_TOKEN_PROVIDER = "https://learn.microsoft.com/python/api/azure-identity/azure.identity#azure-identity-get-bearer-token-provider"

_ROLE_CMD = 'az role assignment create --assignee {oid} --role "{role}" --scope {scope_id}'
_DEPLOYMENTS_CMD = "az cognitiveservices account deployment list -g <resource-group> -n {resource} -o table"


@dataclass(frozen=True, slots=True)
class Scenario:
    """One catalog entry."""

    id: ScenarioId
    group: Group
    statuses: tuple[int, ...]
    title: str
    """One line that stands alone, with no placeholder: used when the headline's evidence is missing."""
    headline: str
    """The title with the evidence in it (template)."""
    cause: str
    signals: str
    """What identifies it, for the long form."""
    steps: tuple[str, ...]
    docs: tuple[str, ...]
    bad: str
    """A call that fails this way."""
    good: str
    """The same call, fixed."""


SCENARIOS: tuple[Scenario, ...] = (
    # ---------------------------------------------------------------------------------- identity and role
    Scenario(
        id="role-missing",
        group="identity",
        statuses=(401, 403),
        title="The caller's identity has no data-plane role that allows this operation on the resource",
        headline="Principal {oid} has no role with the data action this call needs on resource '{resource}'",
        cause=(
            "The token was accepted, but the principal in it (its oid) holds no role assignment with the data "
            "action this request needs on this resource. Either no such role was assigned, the assignment is "
            "less than 5 minutes old, or the credential chain (DefaultAzureCredential) picked up another identity "
            "than intended: environment variables, a managed identity, a stale `az login`."
        ),
        signals=(
            "401 (sometimes 403) with code `PermissionDenied` and `Principal does not have access to "
            "API/Operation.` or `The principal <oid> lacks the required data action <action> ...`."
        ),
        steps=(
            "Assign {role} to {principal} at the resource scope: " + _ROLE_CMD,
            "{role_note}",
            "Owner, Contributor, Cognitive Services Contributor and Reader grant no data access: a key working "
            "while Entra fails is their signature.",
            "Wait 5 minutes after assigning: role assignments take that long to apply.",
            "Portal: the resource > Access control (IAM) > Check access > the principal {oid}: the role must be "
            "listed.",
            "If {oid} is not the identity you expected, fix the credential chain: check AZURE_CLIENT_ID / "
            "AZURE_TENANT_ID / AZURE_CLIENT_SECRET, `az account show`, or use the specific credential class.",
        ),
        docs=(D_RBAC, D_ENTRA, D_RBAC_TROUBLE),
        bad='client = ChatCompletionsClient(endpoint, DefaultAzureCredential(), credential_scopes=[...])  # identity has only "Contributor"',
        good='az role assignment create --assignee <oid> --role "Cognitive Services User" --scope <resource id>',
    ),
    # ---------------------------------------------------------------------------------- token and key
    Scenario(
        id="token-missing",
        group="credential",
        statuses=(401,),
        title="The request carried no credential: no Authorization token and no api-key",
        headline="The request to {host} carried no credential: no Authorization token and no api-key",
        cause=(
            "Neither an `Authorization: Bearer <token>` nor an `api-key` header reached the service, or the "
            "bearer value was empty: the credential is not wired into the client, or a token provider returned "
            "nothing."
        ),
        signals="401 token message; the request has no `Authorization` and no `api-key`, or `Bearer` with no value.",
        steps=(
            "azure-core clients (azure-ai-inference): pass `credential=` (a TokenCredential such as "
            'DefaultAzureCredential, with credential_scopes=["https://ai.azure.com/.default"]) or an AzureKeyCredential.',
            "AzureOpenAI: pass `azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "
            '"https://ai.azure.com/.default")` or `api_key=`.',
            'OpenAI on /openai/v1/: pass the token provider as `api_key=get_bearer_token_provider(cred, "https://ai.azure.com/.default")`.',
            "If you use a token provider of your own, check that it returns a non-empty token string.",
        ),
        docs=(D_ENTRA, D_TOKEN_PROVIDER),
        bad='client = AzureOpenAI(azure_endpoint="https://<res>.openai.azure.com", api_version="2024-10-21", api_key="")',
        good=(
            'client = AzureOpenAI(azure_endpoint="https://<res>.openai.azure.com", api_version="2024-10-21",\n'
            '    azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "https://ai.azure.com/.default"))'
        ),
    ),
    Scenario(
        id="token-wrong-audience",
        group="credential",
        statuses=(401,),
        title="The access token was issued for an audience this endpoint does not accept",
        headline="The access token was issued for {aud}, which {host} does not accept",
        cause=(
            "The token was requested for the wrong scope: a management (https://management.azure.com), Graph, "
            "Azure Machine Learning (https://ml.azure.com) or other-cloud token was sent to the Azure AI data plane."
        ),
        signals="401 token message; a Bearer JWT whose `aud` is not one of the audiences the endpoint accepts.",
        steps=(
            "Request the token for the scope {scope} (the endpoint accepts: {accepted}); the token seen was for {aud}.",
            "Check from a shell: `az account get-access-token --resource https://ai.azure.com --query expiresOn` succeeds "
            "for the identity you use.",
            'azure-core clients: credential_scopes=["{scope}"]; openai: get_bearer_token_provider(cred, "{scope}").',
        ),
        docs=(D_ENTRA, D_MI),
        bad='token = cred.get_token("https://management.azure.com/.default").token',
        good='provider = get_bearer_token_provider(DefaultAzureCredential(), "https://ai.azure.com/.default")',
    ),
    Scenario(
        id="inference-sdk-default-scope",
        group="credential",
        statuses=(401,),
        title="azure-ai-inference asked for a token for https://ml.azure.com, which this endpoint does not accept",
        headline="azure-ai-inference requested its default scope https://ml.azure.com/.default, which {host} does not accept",
        cause=(
            "azure-ai-inference requests a token for https://ml.azure.com/.default unless `credential_scopes` is "
            "passed. That audience is for Azure Machine Learning endpoints; Foundry, AI Services and Azure OpenAI "
            "hosts reject it."
        ),
        signals=(
            "401 token message; User-Agent azsdk-python-ai-inference; token `aud` https://ml.azure.com; host "
            "*.services.ai.azure.com, *.openai.azure.com or *.cognitiveservices.azure.com."
        ),
        steps=(
            'Pass credential_scopes=["https://ai.azure.com/.default"] when constructing the client: '
            'ChatCompletionsClient(endpoint="{endpoint}", credential=cred, credential_scopes=["https://ai.azure.com/.default"]).',
            "azure-ai-inference is deprecated in favour of the openai SDK: "
            'OpenAI(base_url="https://{resource}.openai.azure.com/openai/v1/", api_key=get_bearer_token_provider(cred, '
            '"https://ai.azure.com/.default")).',
        ),
        docs=(D_ENTRA, D_INFERENCE_SDK),
        bad='client = ChatCompletionsClient("https://<res>.services.ai.azure.com/models", DefaultAzureCredential())',
        good=(
            'client = ChatCompletionsClient("https://<res>.services.ai.azure.com/models", DefaultAzureCredential(),\n'
            '    credential_scopes=["https://ai.azure.com/.default"])'
        ),
    ),
    Scenario(
        id="token-expired",
        group="credential",
        statuses=(401,),
        title="The access token had expired (or was not yet valid) when the request was sent",
        headline="The access token expired at {exp} ({expired_ago} before the request)",
        cause=(
            "A fixed token string (azure_ad_token=, AZURE_OPENAI_AD_TOKEN, a token fetched once at start-up) "
            "outlived its lifetime, typically an hour. Fixed tokens are not refreshed."
        ),
        signals="401 token message; the Bearer JWT's `exp` is in the past (beyond a few minutes' skew) or `nbf` in the future.",
        steps=(
            "Use a token provider so every request gets a fresh token: AzureOpenAI(azure_ad_token_provider="
            'get_bearer_token_provider(DefaultAzureCredential(), "https://ai.azure.com/.default")) instead of azure_ad_token=.',
            "azure-core clients: pass the credential object itself (credential=DefaultAzureCredential()), never a "
            "token string wrapped once.",
            "Unset AZURE_OPENAI_AD_TOKEN if it holds a token captured earlier.",
        ),
        docs=(D_TOKEN_PROVIDER, D_MI),
        bad='client = AzureOpenAI(..., azure_ad_token=cred.get_token("https://ai.azure.com/.default").token)',
        good='client = AzureOpenAI(..., azure_ad_token_provider=get_bearer_token_provider(cred, "https://ai.azure.com/.default"))',
    ),
    Scenario(
        id="token-malformed",
        group="credential",
        statuses=(401,),
        title="The bearer token looks like a JWT but does not decode",
        headline="The bearer token sent to {host} looks like a JWT but does not decode ({token_defect})",
        cause=(
            "The token was copied by hand or read from a file or variable with extra characters: truncated, "
            "wrapped in quotes, or with whitespace or a newline inside."
        ),
        signals="401 token message; a Bearer value starting `eyJ` or with dots that is not three decodable base64url parts.",
        steps=(
            "Strip quotes and whitespace from the token (e.g. token.strip().strip('\"')) or, better, do not handle "
            "token strings at all: use a token provider or the credential object.",
            "Re-acquire the token: `az account get-access-token --resource https://ai.azure.com --query accessToken -o tsv`.",
        ),
        docs=(D_ENTRA,),
        bad='client = AzureOpenAI(..., azure_ad_token=open("token.txt").read())  # ends with a newline',
        good='client = AzureOpenAI(..., azure_ad_token_provider=get_bearer_token_provider(cred, "https://ai.azure.com/.default"))',
    ),
    Scenario(
        id="key-sent-as-bearer",
        group="credential",
        statuses=(401,),
        title="An API key was sent in the Authorization: Bearer slot, where this route expects a token",
        headline="An API key was sent as 'Authorization: Bearer' to {route} on {host}, which expects it in 'api-key'",
        cause=(
            "A generic OpenAI client, an old azure-ai-inference (1.0.0b4 or earlier) or an integration put the API "
            "key in the bearer slot. Classic Azure OpenAI routes and /models read keys from the `api-key` header "
            "and treat a bearer value as an Entra token."
        ),
        signals="401 token message; `Authorization: Bearer <value that is not a JWT>` and no `api-key` header.",
        steps=(
            'AzureOpenAI(azure_endpoint="https://{resource}.openai.azure.com", api_key=..., api_version=...) sends the key as api-key.',
            'Or use the v1 route, which takes the key as given: OpenAI(base_url="https://{resource}.openai.azure.com/openai/v1/", api_key=...).',
            "azure-ai-inference: upgrade (pip install -U azure-ai-inference) and pass AzureKeyCredential(key).",
            "{project_note}",
        ),
        docs=(D_AUTH, D_ENDPOINTS),
        bad='requests.post(url, headers={"Authorization": f"Bearer {key}"})',
        good='requests.post(url, headers={"api-key": key})',
    ),
    Scenario(
        id="token-sent-as-key",
        group="credential",
        statuses=(401,),
        title="An Entra access token was sent in the api-key header",
        headline="An Entra access token (a JWT) was sent in the api-key header to {host}",
        cause="An Entra token was passed as `api_key` to AzureOpenAI or another client; the service reads api-key as a resource key.",
        signals="401; the `api-key` header holds a JWT (`eyJ...`).",
        steps=(
            'AzureOpenAI: pass azure_ad_token_provider=get_bearer_token_provider(cred, "https://ai.azure.com/.default") '
            "instead of api_key=.",
            "azure-core clients: pass the TokenCredential as credential=, not AzureKeyCredential(token).",
            "OpenAI on /openai/v1/ is the one place a token goes in api_key= (it is sent as a bearer token).",
        ),
        docs=(D_ENTRA, D_TOKEN_PROVIDER),
        bad="client = AzureOpenAI(azure_endpoint=..., api_version=..., api_key=token)",
        good="client = AzureOpenAI(azure_endpoint=..., api_version=..., azure_ad_token_provider=provider)",
    ),
    Scenario(
        id="entra-on-key-only-endpoint",
        group="credential",
        statuses=(401,),
        title="An Entra token was sent to a serverless endpoint, which accepts keys only",
        headline="An Entra token was sent to the serverless endpoint {host}, which accepts keys only",
        cause="Serverless API endpoints (*.models.ai.azure.com) authenticate with their own key; they do not accept Entra tokens.",
        signals="401; a Bearer JWT sent to a `<name>.<region>.models.ai.azure.com` host.",
        steps=(
            'Use the endpoint\'s key: ChatCompletionsClient("https://{host}", AzureKeyCredential(key)).',
            "Or deploy the model to a Foundry resource and call https://<resource>.services.ai.azure.com/models "
            "(or /openai/v1/) with Entra.",
        ),
        docs=(D_SERVERLESS,),
        bad='ChatCompletionsClient("https://<name>.<region>.models.ai.azure.com", DefaultAzureCredential())',
        good='ChatCompletionsClient("https://<name>.<region>.models.ai.azure.com", AzureKeyCredential(key))',
    ),
    Scenario(
        id="token-tenant-mismatch",
        group="credential",
        statuses=(400, 401),
        title="The access token was issued by another Microsoft Entra tenant than the resource's",
        headline="The access token comes from tenant {tid}, not the tenant that owns {host}",
        cause=(
            "The token was issued by another directory than the resource's: the CLI is signed into another "
            "tenant, a guest account, or a multi-tenant app authenticating against the wrong authority."
        ),
        signals="400 `Token tenant <tid> does not match resource tenant.` (code `Tenant provided in token does not match resource token`).",
        steps=(
            "Sign in to the resource's tenant: `az login --tenant <resource tenant id>`.",
            "Or pin the credential to it: AZURE_TENANT_ID=<resource tenant id>, or DefaultAzureCredential("
            "additionally_allowed_tenants=[...]) / ClientSecretCredential(tenant_id=...).",
            "The token seen was issued by tenant {tid}; the resource's tenant is shown by "
            "`az cognitiveservices account show -n {resource} -g <resource-group> --query identity.tenantId`, "
            "or in the portal's resource JSON view.",
        ),
        docs=(D_TENANT, D_ENTRA),
        bad="az login  # default tenant is not the resource's",
        good="az login --tenant <resource tenant id>",
    ),
    Scenario(
        id="custom-subdomain-required",
        group="credential",
        statuses=(400,),
        title="Entra token authentication needs the resource's own endpoint; this host is a shared regional one",
        headline="Entra tokens are not accepted on the regional host {host}: it needs the resource's custom-subdomain endpoint",
        cause=(
            "Tokens work only against a resource that has a custom subdomain, through its own endpoint "
            "(https://<resource>.openai.azure.com or .cognitiveservices.azure.com). Shared regional hosts accept keys only."
        ),
        signals="400 code `BadRequest`, `Please provide a custom subdomain for token authentication, otherwise API key is required.`",
        steps=(
            "Use the resource's own endpoint, e.g. https://<resource>.openai.azure.com (Keys and Endpoint blade).",
            "If the resource has no custom subdomain yet, set one (it cannot be changed later): "
            "`az cognitiveservices account update -n <resource> -g <resource-group> --custom-domain <resource>`.",
            "Or authenticate with the resource's key on the regional host.",
        ),
        docs=(D_SUBDOMAIN,),
        bad='AzureOpenAI(azure_endpoint="https://eastus.api.cognitive.microsoft.com", azure_ad_token_provider=provider, ...)',
        good='AzureOpenAI(azure_endpoint="https://<res>.openai.azure.com", azure_ad_token_provider=provider, ...)',
    ),
    Scenario(
        id="key-invalid",
        group="credential",
        statuses=(401,),
        title="The API key was rejected: it does not belong to the resource behind this endpoint",
        headline="The API key sent to {host} does not belong to that resource",
        cause=(
            "The key comes from another resource, is a rotated key still cached in a secret store or CI "
            "variable, or the key and the endpoint were taken from different resources."
        ),
        signals="401 `Access denied due to invalid subscription key or wrong API endpoint...` (code `401`) with an Azure-shaped key.",
        steps=(
            "Copy Key 1 and the endpoint from the same resource (portal: {resource} > Keys and Endpoint), or "
            "`az cognitiveservices account keys list -n {resource} -g <resource-group>`.",
            "After a key rotation, refresh every copy: secret stores, CI variables, .env files, app settings.",
            "Prefer Entra ID (a token provider with https://ai.azure.com/.default) over keys.",
        ),
        docs=(D_AUTH,),
        bad='AzureOpenAI(azure_endpoint="https://res-a.openai.azure.com", api_key=key_of_res_b, ...)',
        good='AzureOpenAI(azure_endpoint="https://res-a.openai.azure.com", api_key=key_of_res_a, ...)',
    ),
    Scenario(
        id="openai-key-on-azure",
        group="credential",
        statuses=(401,),
        title="An OpenAI.com API key (sk-...) was sent to an Azure endpoint",
        headline="An OpenAI.com key (sk-...) was sent to the Azure endpoint {host}",
        cause="OpenAI.com keys do not work on Azure; Azure resources have their own keys (or use Entra).",
        signals="401 invalid-key message; the key starts with `sk-`.",
        steps=(
            "Use the Azure resource's key (portal: {resource} > Keys and Endpoint), e.g. from AZURE_OPENAI_API_KEY, "
            "not OPENAI_API_KEY.",
            'Or use Entra: azure_ad_token_provider=get_bearer_token_provider(cred, "https://ai.azure.com/.default").',
        ),
        docs=(D_AUTH,),
        bad='AzureOpenAI(azure_endpoint=..., api_key=os.environ["OPENAI_API_KEY"], ...)',
        good='AzureOpenAI(azure_endpoint=..., api_key=os.environ["AZURE_OPENAI_API_KEY"], ...)',
    ),
    Scenario(
        id="key-auth-disabled",
        group="credential",
        statuses=(403,),
        title="The resource has key authentication disabled and the request used a key",
        headline="Resource '{resource}' has key (local) authentication disabled, and the request sent a key",
        cause=(
            "The resource accepts only Entra ID (disableLocalAuth is true) and the client sent a key, sometimes a "
            "leftover environment variable such as AZURE_OPENAI_API_KEY that takes precedence."
        ),
        signals="403 code `AuthenticationTypeDisabled`, `Key based authentication is disabled for this resource.`",
        steps=(
            'Switch to Entra: a token provider or credential with the scope "https://ai.azure.com/.default".',
            "Give the identity a data-plane role on the resource (Cognitive Services User, or Cognitive Services "
            "OpenAI User for OpenAI models only).",
            "Find and remove the stale key: AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY / OPENAI_API_KEY in the "
            "environment, .env files and app settings.",
        ),
        docs=(D_LOCAL_AUTH, D_ENTRA),
        bad='AzureOpenAI(azure_endpoint=..., api_key=os.environ["AZURE_OPENAI_API_KEY"], ...)',
        good='AzureOpenAI(azure_endpoint=..., azure_ad_token_provider=get_bearer_token_provider(cred, "https://ai.azure.com/.default"), ...)',
    ),
    Scenario(
        id="gateway-auth",
        group="credential",
        statuses=(401,),
        title="An API Management gateway in front of the model rejected the call before Azure AI saw it",
        headline="The API Management gateway {host} rejected the call before it reached Azure AI",
        cause=(
            "The endpoint is an API Management gateway (*.azure-api.net or a custom domain) that wants its own "
            "subscription key or token; Azure AI fixes do not apply here."
        ),
        signals="401 on an `*.azure-api.net` host, or `Access denied due to missing subscription key...`.",
        steps=(
            "Send the gateway's subscription key in the header its owner configured (by default "
            'Ocp-Apim-Subscription-Key): AzureOpenAI(..., default_headers={{"Ocp-Apim-Subscription-Key": key}}).',
            "Ask the gateway's owner which key or token it expects; role assignments on the Azure AI resource do not help.",
        ),
        docs=(D_APIM,),
        bad='AzureOpenAI(azure_endpoint="https://<apim>.azure-api.net", api_key=azure_openai_key, ...)',
        good='AzureOpenAI(azure_endpoint="https://<apim>.azure-api.net", api_key=..., default_headers={"Ocp-Apim-Subscription-Key": apim_key})',
    ),
    Scenario(
        id="anthropic-model-on-openai-route",
        group="credential",
        statuses=(401,),
        title="A Claude deployment was called on the OpenAI route; Claude models are served on the Anthropic route",
        headline="Deployment '{deployment}' is a Claude model, served on the Anthropic route, not the OpenAI one",
        cause="Claude deployments on Foundry answer on /anthropic/v1/messages; the OpenAI route rejects the call as if the key were wrong.",
        signals="401 invalid-key message while the deployment or model name is a Claude model.",
        steps=(
            "Call https://{resource}.services.ai.azure.com/anthropic/v1/messages with an Anthropic client "
            '(anthropic.AnthropicFoundry(api_key=..., base_url="https://{resource}.services.ai.azure.com/anthropic")).',
        ),
        docs=(D_CLAUDE,),
        bad='OpenAI(base_url="https://<res>.openai.azure.com/openai/v1/", api_key=key).chat.completions.create(model="claude-sonnet-4-5", ...)',
        good='AnthropicFoundry(base_url="https://<res>.services.ai.azure.com/anthropic", api_key=key).messages.create(model="claude-sonnet-4-5", ...)',
    ),
    # ---------------------------------------------------------------------------------- routing
    Scenario(
        id="models-path-missing",
        group="routing",
        statuses=(404, 401),
        title="The model inference endpoint is missing its /models route",
        headline="The endpoint {origin} is missing its /models route (the request went to {path})",
        cause="The endpoint was given without `/models` (or as `/model`): azure-ai-inference needs https://<resource>.services.ai.azure.com/models.",
        signals="404 from azure-ai-inference on a *.services.ai.azure.com or *.cognitiveservices.azure.com host, path without /models.",
        steps=(
            'Use the endpoint https://{host}/models: ChatCompletionsClient(endpoint="https://{host}/models", ...) and model="<deployment>" in the call.',
        ),
        docs=(D_ENDPOINTS, D_INFERENCE_SDK),
        bad='ChatCompletionsClient("https://<res>.services.ai.azure.com/model", cred)',
        good='ChatCompletionsClient("https://<res>.services.ai.azure.com/models", cred)',
    ),
    Scenario(
        id="inference-sdk-on-openai-host",
        group="routing",
        statuses=(404,),
        title="azure-ai-inference was pointed at an Azure OpenAI host without a deployment route",
        headline="azure-ai-inference was pointed at {host} without an /openai/deployments/<name> route",
        cause="The Azure OpenAI host serves deployments under /openai/deployments/<name>; azure-ai-inference needs either that or the /models endpoint.",
        signals="404; azure-ai-inference client on *.openai.azure.com, path without /openai/deployments/<name>.",
        steps=(
            'Use https://{resource}.services.ai.azure.com/models with model="<deployment>" in each call, or',
            'https://{host}/openai/deployments/<deployment> with api_version="2024-10-21".',
        ),
        docs=(D_ENDPOINTS, D_INFERENCE_SDK),
        bad='ChatCompletionsClient("https://<res>.openai.azure.com", cred)',
        good='ChatCompletionsClient("https://<res>.services.ai.azure.com/models", cred)  # model="<deployment>" per call',
    ),
    Scenario(
        id="openai-path-on-models-endpoint",
        group="routing",
        statuses=(404,),
        title="AzureOpenAI was given the /models endpoint as azure_endpoint",
        headline="AzureOpenAI's azure_endpoint was set to the /models URL (the request went to {path})",
        cause="AzureOpenAI appends /openai/deployments/<name>/... to azure_endpoint; the /models URL belongs to azure-ai-inference.",
        signals="404; the path contains /models/openai/.",
        steps=(
            'AzureOpenAI(azure_endpoint="https://{host}") with the origin only, or',
            'OpenAI(base_url="https://{resource}.openai.azure.com/openai/v1/").',
        ),
        docs=(D_ENDPOINTS,),
        bad='AzureOpenAI(azure_endpoint="https://<res>.services.ai.azure.com/models", ...)',
        good='AzureOpenAI(azure_endpoint="https://<res>.services.ai.azure.com", ...)',
    ),
    Scenario(
        id="v1-path-missing",
        group="routing",
        statuses=(404,),
        title="The OpenAI client's base_url is missing its /openai/v1/ suffix",
        headline="The OpenAI client's base_url on {host} is missing /openai/v1/ (the request went to {path})",
        cause="On Azure the OpenAI class works on the v1 route only: base_url must end with /openai/v1/.",
        signals="404; the openai `OpenAI` class (no api-version) on an Azure host, path without /openai/v1/.",
        steps=('OpenAI(base_url="https://{host}/openai/v1/", api_key=...).',),
        docs=(D_API_VERSION,),
        bad='OpenAI(base_url="https://<res>.openai.azure.com/", api_key=key)',
        good='OpenAI(base_url="https://<res>.openai.azure.com/openai/v1/", api_key=key)',
    ),
    Scenario(
        id="path-doubled",
        group="routing",
        statuses=(404,),
        title="The request path repeats part of the route: a full URL was given where the SDK wanted the origin",
        headline="The request path {path} repeats part of the route ({doubled})",
        cause="A full URL (with /openai, /deployments/<name> or ?api-version) was given where the SDK builds the path itself.",
        signals="404; `/openai/openai/`, `/openai/v1/openai/`, `/deployments/<x>/openai/deployments/`, `//`, or api-version inside the base URL.",
        steps=(
            'Give the origin only: AzureOpenAI(azure_endpoint="https://{host}", api_version=..., ...).',
            "Pass the api-version as api_version=, never inside the URL.",
        ),
        docs=(D_ENDPOINTS,),
        bad='AzureOpenAI(azure_endpoint="https://<res>.openai.azure.com/openai/deployments/gpt-4o", ...)',
        good='AzureOpenAI(azure_endpoint="https://<res>.openai.azure.com", ...)',
    ),
    Scenario(
        id="openai-prefix-missing",
        group="routing",
        statuses=(404,),
        title="The Azure OpenAI route is missing its /openai prefix",
        headline="The request to {host} went to {path}, without the /openai prefix",
        cause="A base_url was given where azure_endpoint belongs, or a client built the path without /openai.",
        signals="404 on an Azure OpenAI host with a path starting /deployments/<name>/.",
        steps=(
            'AzureOpenAI(azure_endpoint="https://{host}", api_version=...), or',
            'OpenAI(base_url="https://{host}/openai/v1/").',
        ),
        docs=(D_ENDPOINTS,),
        bad='OpenAI(base_url="https://<res>.openai.azure.com/deployments/gpt-4o", ...)',
        good='AzureOpenAI(azure_endpoint="https://<res>.openai.azure.com", api_version="2024-10-21", ...)',
    ),
    Scenario(
        id="project-endpoint-for-inference",
        group="routing",
        statuses=(404, 401),
        title="A Foundry project endpoint was used as a plain inference endpoint",
        headline="The Foundry project endpoint {origin}/api/projects/{project} was used as an inference endpoint",
        cause="The project endpoint serves agents, connections and its own /openai routes, not /chat/completions, /models or /deployments.",
        signals="404; path /api/projects/<p>/ followed by /chat/completions, /models/... or /deployments/....",
        steps=(
            "Get an OpenAI client from the project: AIProjectClient(endpoint, credential).get_openai_client(), or",
            'use the resource\'s v1 route: OpenAI(base_url="https://{resource}.openai.azure.com/openai/v1/", ...).',
        ),
        docs=(D_PROJECT,),
        bad='ChatCompletionsClient("https://<res>.services.ai.azure.com/api/projects/<project>", cred)',
        good='AIProjectClient("https://<res>.services.ai.azure.com/api/projects/<project>", cred).get_openai_client()',
    ),
    Scenario(
        id="model-info-not-supported",
        group="routing",
        statuses=(404,),
        title="This endpoint does not serve the model-info route",
        headline="{host} does not serve the model-info route ({path})",
        cause="Azure OpenAI deployments and Foundry /models endpoints do not implement GET /info, which load_client and get_model_info call.",
        signals="404 for a GET on .../info.",
        steps=(
            "Construct the client directly (ChatCompletionsClient(...)) instead of load_client(...).",
            "Do not call get_model_info() on this endpoint.",
        ),
        docs=(D_INFERENCE_SDK,),
        bad='client = load_client("https://<res>.openai.azure.com/openai/deployments/gpt-4o", cred)',
        good='client = ChatCompletionsClient("https://<res>.services.ai.azure.com/models", cred)',
    ),
    Scenario(
        id="deployment-not-found",
        group="routing",
        statuses=(404,),
        title="The deployment named in the request does not exist on this resource",
        headline="Deployment '{deployment}' does not exist on resource '{resource}'",
        cause=(
            "The name in the path (classic) or in `model` (v1) is not a deployment of this resource: the model name "
            "used instead of the deployment name, a provider prefix such as azure/, the resource name, a typo or "
            "case difference, a deployment younger than 5 minutes, or a deleted one."
        ),
        signals="404 code `DeploymentNotFound`.",
        steps=(
            "{deployment_hint}",
            "List the deployments: " + _DEPLOYMENTS_CMD + " and use the Name column (not the Model column).",
            "A deployment created in the last 5 minutes may not be routable yet: wait and retry.",
        ),
        docs=(D_DEPLOY,),
        bad='client.chat.completions.create(model="gpt-4o-2024-08-06", ...)  # the model id, not the deployment name',
        good='client.chat.completions.create(model="my-gpt4o", ...)  # the Name column of the deployment list',
    ),
    Scenario(
        id="unknown-model",
        group="routing",
        statuses=(404, 400),
        title="The model= of the request names no deployment on this resource",
        headline="model='{model}' names no deployment on {host}",
        cause="On /models (and /openai/v1/) `model=` must be the name of a deployment of this resource.",
        signals="404 (or 400) code `unknown_model`, `Unknown model: <name>`.",
        steps=(
            'Set model= to a deployment name of the resource (the request used "{model}").',
            "List them: " + _DEPLOYMENTS_CMD + ".",
        ),
        docs=(D_ENDPOINTS, D_DEPLOY),
        bad='client.complete(model="gpt-4o-2024-08-06", messages=...)',
        good='client.complete(model="<your deployment name>", messages=...)',
    ),
    Scenario(
        id="no-model-name",
        group="routing",
        statuses=(400,),
        title="The request to /models named no model",
        headline="The request to {host}{path} named no model",
        cause="The /models endpoint serves many deployments; each request must say which one in `model`.",
        signals="400 code `no_model_name`.",
        steps=(
            'Pass model="<deployment>" in the call (client.complete(model=..., ...)) or as the client\'s default model=.',
        ),
        docs=(D_ENDPOINTS,),
        bad="client.complete(messages=[...])",
        good='client.complete(model="<deployment>", messages=[...])',
    ),
    Scenario(
        id="api-version-missing",
        group="routing",
        statuses=(404, 400),
        title="A classic route was called without an api-version",
        headline="The classic route {path} on {host} was called without an api-version",
        cause="/openai/deployments/... and /models/... need ?api-version=; only /openai/v1/ works without one.",
        signals="404 for a classic route whose query has no api-version.",
        steps=(
            'Add a GA api-version: AzureOpenAI(..., api_version="{suggested_version}"), or',
            'move to the v1 route, which needs none: OpenAI(base_url="https://{host}/openai/v1/").',
        ),
        docs=(D_API_VERSION,),
        bad='requests.post("https://<res>.openai.azure.com/openai/deployments/gpt-4o/chat/completions", ...)',
        good='requests.post("https://<res>.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", ...)',
    ),
    Scenario(
        id="api-version-unsupported",
        group="routing",
        statuses=(404, 400),
        title="The api-version sent is not one this route serves",
        headline="api-version={api_version} is not a version {route} serves",
        cause=(
            "The api-version is malformed, unknown, shaped like a model version (2024-05-13, 0613), or too old "
            "for the operation (the Responses API needs 2025-03-01-preview or later)."
        ),
        signals="404 (sometimes 400) `Resource not found` with an api-version present, or `Invalid URL (POST /v1/...)`.",
        steps=(
            'Send a current version: api_version="{suggested_version}" (the request sent "{api_version}").',
            'Or use the v1 route, which needs no api-version: OpenAI(base_url="https://{host}/openai/v1/").',
        ),
        docs=(D_API_VERSION,),
        bad='AzureOpenAI(..., api_version="2024-05-13")  # the model version, not an API version',
        good='AzureOpenAI(..., api_version="2024-10-21")',
    ),
    Scenario(
        id="subdomain-not-mapped",
        group="routing",
        statuses=(404,),
        title="The host names no Azure AI resource",
        headline="The host {host} names no Azure AI resource",
        cause="A typo in the resource name, a deleted resource, or the wrong cloud's domain.",
        signals="404 `Subdomain does not map to a resource`.",
        steps=(
            "Copy the endpoint from the portal (the resource > Keys and Endpoint) instead of typing it.",
            "Check the resource exists: `az cognitiveservices account show -n {resource} -g <resource-group> --query properties.endpoint`.",
        ),
        docs=(D_SUBDOMAIN,),
        bad='AzureOpenAI(azure_endpoint="https://contso.openai.azure.com", ...)',
        good='AzureOpenAI(azure_endpoint="https://contoso.openai.azure.com", ...)',
    ),
    Scenario(
        id="serverless-endpoint-not-found",
        group="routing",
        statuses=(404,),
        title="The serverless endpoint does not exist (wrong host, or the deployment is gone)",
        headline="The serverless endpoint {host} does not exist",
        cause="The serverless host is mistyped or its deployment was deleted.",
        signals='404 `{"status":"Serverless endpoint not found"}` on a *.models.ai.azure.com host.',
        steps=(
            "Copy the per-deployment endpoint from the deployment's page in the Foundry portal.",
            "For models deployed to a Foundry resource, use https://<resource>.services.ai.azure.com/models or /openai/v1/.",
        ),
        docs=(D_SERVERLESS,),
        bad='ChatCompletionsClient("https://old-deployment.eastus2.models.ai.azure.com", AzureKeyCredential(key))',
        good='ChatCompletionsClient("https://<res>.services.ai.azure.com/models", AzureKeyCredential(key))',
    ),
    Scenario(
        id="online-endpoint-no-traffic",
        group="routing",
        statuses=(404,),
        title="The managed online endpoint has no deployment that receives traffic",
        headline="The managed online endpoint {host} has no deployment that receives traffic",
        cause="No deployment of the endpoint has a positive traffic weight, and the request named none.",
        signals="404 `No valid deployments to route to...` on a *.inference.ml.azure.com host.",
        steps=(
            'Give a deployment traffic: `az ml online-endpoint update -n <endpoint> --traffic "<deployment>=100"`, or',
            "send the azureml-model-deployment: <deployment> header with each request.",
        ),
        docs=(D_ONLINE,),
        bad='requests.post("https://<ep>.<region>.inference.ml.azure.com/score", ...)',
        good='requests.post(..., headers={"azureml-model-deployment": "<deployment>", ...})',
    ),
    Scenario(
        id="operation-not-supported",
        group="routing",
        statuses=(400,),
        title="The deployment's model cannot perform the operation requested",
        headline="The model behind this deployment cannot perform {operation}",
        cause="The deployment exists, but its model does not support the operation: chat on an embedding model, Responses on a model without it.",
        signals="400 code `OperationNotSupported`, `The <op> operation does not work with the specified model...`.",
        steps=(
            "Call a deployment whose model supports {operation}, or call the operation this model supports "
            "(embeddings for an embedding model).",
            "List the deployments and their models: " + _DEPLOYMENTS_CMD + ".",
        ),
        docs=(D_MODELS,),
        bad='client.chat.completions.create(model="text-embedding-3-small", ...)',
        good='client.embeddings.create(model="text-embedding-3-small", input=[...])',
    ),
    # ---------------------------------------------------------------------------------- network
    Scenario(
        id="public-access-disabled",
        group="network",
        statuses=(403,),
        title="The resource accepts only private-endpoint traffic and the call came over the public internet",
        headline="Resource '{resource}' has public network access disabled and the call came over the public internet",
        cause="The resource only accepts traffic through a private endpoint; the caller reached it over the public path, often because DNS resolved to the public IP.",
        signals="403 `Public access is disabled. Please configure private endpoint.`",
        steps=(
            "Call from inside the virtual network (or a peered one) that has the private endpoint.",
            "Make {host} resolve to the private endpoint's IP: link the privatelink.openai.azure.com / "
            "privatelink.cognitiveservices.azure.com DNS zone to the network; check with `nslookup {host}`.",
        ),
        docs=(D_VNET,),
        bad="# calling from a laptop outside the VNet",
        good="# calling from a VM in the VNet whose DNS resolves the privatelink zone",
    ),
    Scenario(
        id="private-endpoint-required",
        group="network",
        statuses=(403,),
        title="The traffic did not come through an approved private endpoint",
        headline="The call to {host} did not come through an approved private endpoint",
        cause="The private endpoint connection is pending or rejected, in another region, or traffic took the public path.",
        signals="403 `Traffic is not from an approved private endpoint.`",
        steps=(
            "Approve the private endpoint connection: the resource > Networking > Private endpoint connections.",
            "Check DNS: {host} must resolve to the private endpoint's IP from the caller (nslookup {host}).",
        ),
        docs=(D_VNET,),
        bad="# private endpoint connection still 'Pending'",
        good="# private endpoint connection 'Approved', DNS resolving to its IP",
    ),
    Scenario(
        id="firewall-denied",
        group="network",
        statuses=(403,),
        title="The caller's IP address or subnet is not allowed by the resource's network rules",
        headline="The resource's network rules do not allow this caller's IP address or subnet",
        cause="The resource's firewall allows selected networks only, and the caller's address is not among them.",
        signals="403 `Access denied due to Virtual Network/Firewall rules.`, header policy-id: ThrowExceptionDueToTrafficDenied.",
        steps=(
            "Add the client's public IP: `az cognitiveservices account network-rule add -n {resource} -g <resource-group> --ip-address <your IP>`.",
            "Or add the caller's subnet (with the Microsoft.CognitiveServices service endpoint), or allow trusted Azure services.",
        ),
        docs=(D_VNET,),
        bad="# calling from an IP address outside the resource's allowed list",
        good="az cognitiveservices account network-rule add -n <res> -g <rg> --ip-address <your IP>",
    ),
    Scenario(
        id="vnet-wrong-endpoint",
        group="network",
        statuses=(403,),
        title="A network-restricted resource was called through a regional or otherwise wrong host",
        headline="The network-restricted resource was called through {host} instead of its own endpoint",
        cause="A resource with virtual network rules can only be reached through its custom-subdomain endpoint.",
        signals="403 `A Virtual Network is configured for this resource. Please use the correct endpoint...`.",
        steps=(
            "Use the resource's own endpoint, https://<resource>.openai.azure.com or https://<resource>.cognitiveservices.azure.com.",
        ),
        docs=(D_VNET, D_SUBDOMAIN),
        bad='AzureOpenAI(azure_endpoint="https://eastus.api.cognitive.microsoft.com", ...)',
        good='AzureOpenAI(azure_endpoint="https://<res>.openai.azure.com", ...)',
    ),
    Scenario(
        id="resource-suspended",
        group="network",
        statuses=(403,),
        title="The resource has been temporarily blocked by the service",
        headline="Resource '{resource}' has been temporarily blocked by the service",
        cause="Abuse monitoring suspended the resource; no client-side change fixes it.",
        signals="403 with a message containing `resource has been temporarily blocked`.",
        steps=(
            "Open a support request in the Azure portal (Help + support) and quote the request id {request_id}.",
            "Review the resource's content and usage against the product terms.",
        ),
        docs=(D_ABUSE,),
        bad="# any call to a suspended resource",
        good="# none: open a support request",
    ),
    # ---------------------------------------------------------------------------------- nothing specific
    Scenario(
        id="unclassified-401",
        group="unclassified",
        statuses=(401,),
        title="Authentication failed for a reason the catalog does not recognise",
        headline="{host} refused the request's credential ({auth_kind}) for a reason the catalog does not recognise",
        cause="The 401 matched no known scenario. The checklist below covers the common causes.",
        signals="Any 401 that matches no other scenario.",
        steps=(
            "Check access: the resource > Access control (IAM) > Check access > your identity: it needs "
            "Cognitive Services User (any model) or Cognitive Services OpenAI User (OpenAI models only). Owner and "
            "Contributor grant no data access.",
            'Request tokens for the scope "https://ai.azure.com/.default" (or https://cognitiveservices.azure.com/.default).',
            "Wait 5 minutes after assigning a role.",
            "For a key: copy the key and the endpoint from the same resource (Keys and Endpoint).",
            "Upgrade the SDK: authentication bugs get fixed in newer versions.",
        ),
        docs=(D_ENTRA, D_RBAC),
        bad="",
        good="",
    ),
    Scenario(
        id="unclassified-403",
        group="unclassified",
        statuses=(403,),
        title="Access was forbidden for a reason the catalog does not recognise",
        headline="{host} forbade the request for a reason the catalog does not recognise",
        cause="The 403 matched no known scenario. The checklist below covers the common causes.",
        signals="Any 403 that matches no other scenario.",
        steps=(
            "Network: the resource > Networking: is public access allowed from your IP or subnet, or must the call "
            "come through a private endpoint?",
            "Key authentication: is it disabled on the resource (disableLocalAuth)? Then use Entra.",
            "Role: the identity needs a data-plane role (Cognitive Services User / Cognitive Services OpenAI User).",
        ),
        docs=(D_VNET, D_LOCAL_AUTH),
        bad="",
        good="",
    ),
    Scenario(
        id="unclassified-404",
        group="unclassified",
        statuses=(404,),
        title="The resource, route or deployment was not found for a reason the catalog does not recognise",
        headline="{host} answered 404 for {path} for a reason the catalog does not recognise",
        cause="The 404 matched no known scenario. The checklist below covers the common causes.",
        signals="Any 404 that matches no other scenario.",
        steps=(
            "Endpoint shape for the client: azure-ai-inference https://<resource>.services.ai.azure.com/models; "
            "AzureOpenAI azure_endpoint=https://<resource>.openai.azure.com (origin only); OpenAI "
            "base_url=https://<resource>.openai.azure.com/openai/v1/.",
            "Deployment name: the Name column of " + _DEPLOYMENTS_CMD + ", not the model id.",
            "api-version: a current GA version on classic routes (e.g. 2024-10-21); none on /openai/v1/.",
        ),
        docs=(D_ENDPOINTS, D_API_VERSION),
        bad="",
        good="",
    ),
)

_BY_ID: dict[str, Scenario] = {s.id: s for s in SCENARIOS}
SCENARIO_IDS: tuple[ScenarioId, ...] = get_args(ScenarioId)


def get_scenario(scenario_id: str) -> Scenario | None:
    """The catalog entry for an id, or None for an unknown id."""
    return _BY_ID.get(scenario_id)


def scenario(scenario_id: ScenarioId) -> Scenario:
    """The catalog entry for a known id (KeyError for an id the catalog does not have)."""
    return _BY_ID[scenario_id]
