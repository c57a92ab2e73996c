"""The credential's scenarios: a token or a key that is missing, expired, malformed, meant for another
audience or tenant, in the wrong slot, invalid or not accepted here.
"""

from __future__ import annotations

from .entry import Scenario
from .links import (
    D_APIM,
    D_AUTH,
    D_CLAUDE,
    D_ENDPOINTS,
    D_ENTRA,
    D_INFERENCE_SDK,
    D_LOCAL_AUTH,
    D_MI,
    D_SERVERLESS,
    D_SUBDOMAIN,
    D_TENANT,
    D_TOKEN_PROVIDER,
)

CREDENTIAL: tuple[Scenario, ...] = (
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
)
