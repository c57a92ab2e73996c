"""Every reproducible catalog scenario as data: the client a user built (with the mistake), the call, and what the
service answers. `drive` turns a row into a real SDK client over the emulator and performs the call.

`REPRODUCTIONS` holds one or more rows per scenario id (`reproductions_for(id)`); `WORKING_CALLS` holds correctly
configured calls (scenario `"ok"`, status 200) against the same default world.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Literal

from . import defaults as d
from .tokens import Identity, mint_token

__all__ = [
    "NOT_REPRODUCIBLE",
    "REPRODUCIBLE_IDS",
    "REPRODUCTIONS",
    "WORKING_CALLS",
    "CallName",
    "ClientName",
    "Credential",
    "CredentialKind",
    "Reproduction",
    "reproductions_for",
]

SDK = Literal["azure", "openai", "anthropic"]
ClientName = Literal[
    "ChatCompletionsClient",
    "EmbeddingsClient",
    "ImageEmbeddingsClient",
    "AzureOpenAI",
    "OpenAI",
    "AnthropicFoundry",
]
CallName = Literal[
    "chat",
    "chat-stream",
    "embeddings",
    "image-embeddings",
    "model-info",
    "responses",
    "messages",
    "messages-stream",
]
CredentialKind = Literal[
    "key",
    "token-credential",
    "token-provider",
    "fixed-token",
    "token-as-key",
    "empty-token",
    "key-as-token-provider",
]
EndpointParam = Literal["endpoint", "azure_endpoint", "base_url"]

AI_SCOPE = "https://ai.azure.com/.default"
COGNITIVE_SCOPE = "https://cognitiveservices.azure.com/.default"


@dataclass(frozen=True, slots=True)
class Credential:
    """How the user authenticates.

    - `key`: `AzureKeyCredential(key)` (azure) / `api_key=key` (openai);
    - `token-credential`: a `TokenCredential` for `identity` (azure); `scope` is `credential_scopes`, `None` the
      SDK's default (`https://ml.azure.com/.default` for azure-ai-inference);
    - `token-provider`: `azure_ad_token_provider=` (AzureOpenAI, AnthropicFoundry) or `api_key=<provider>` (OpenAI);
    - `fixed-token`: a token string fixed at construction (`azure_ad_token=` / `api_key=`);
    - `token-as-key`: a token passed where a key belongs (`api_key=`);
    - `empty-token`: a credential that returns an empty token;
    - `key-as-token-provider`: the resource's key returned by `azure_ad_token_provider=` (so sent as a bearer token).
    `mangle="quoted"` wraps a fixed token in quotes, as when it is read from a file or a variable by hand.
    """

    kind: CredentialKind
    key: str | None = field(default=None, repr=False)
    identity: Identity | None = None
    scope: str | None = None
    mangle: Literal["none", "quoted"] = "none"
    description: str = ""

    def token(self) -> str:
        """A token for the identity and scope, mangled as described (minted afresh on each call)."""
        if self.identity is None:
            raise ValueError("this credential has no identity")
        token = mint_token(self.identity, self.scope)
        return f'"{token}"' if self.mangle == "quoted" else token


@dataclass(frozen=True, slots=True)
class Reproduction:
    """One concrete way a real client reaches a scenario (or, with scenario `"ok"`, a working call)."""

    scenario: str
    variant: str
    sdk: SDK
    client: ClientName
    endpoint: str
    credential: Credential
    call: CallName
    model: str | None
    api_version: str | None
    status: int
    code: str | None
    message: str
    headers: tuple[tuple[str, str], ...] = ()
    endpoint_param: EndpointParam | None = None
    note: str = ""

    @property
    def id(self) -> str:
        """`<scenario>/<variant>`, unique in the table (handy as a pytest id)."""
        return f"{self.scenario}/{self.variant}"

    @property
    def endpoint_keyword(self) -> EndpointParam:
        """The constructor keyword the endpoint goes in."""
        if self.endpoint_param is not None:
            return self.endpoint_param
        keywords = {"AzureOpenAI": "azure_endpoint", "OpenAI": "base_url", "AnthropicFoundry": "base_url"}
        return keywords.get(self.client, "endpoint")  # type: ignore[return-value]

    @property
    def snippet(self) -> str:
        """The user's client construction and call, as they would have written it (no secret values)."""
        from ._snippets import snippet

        return snippet(self)


def _key(key: str, description: str = "the resource's key") -> Credential:
    return Credential("key", key=key, description=description)


def _token(kind: CredentialKind, identity: Identity, scope: str | None, description: str) -> Credential:
    return Credential(kind, identity=identity, scope=scope, description=description)


RES = d.RESOURCE
SERVICES = f"https://{RES}.services.ai.azure.com"
MODELS = f"{SERVICES}/models"
AOAI = f"https://{RES}.openai.azure.com"
V1 = f"{AOAI}/openai/v1/"
ANTHROPIC = f"{SERVICES}/anthropic/"
GA = "2024-10-21"
EXPIRED_ALICE = dataclasses.replace(d.ALICE, lifetime=-7200)

KEY = _key(d.KEY)
ALICE_AI = _token(
    "token-credential", d.ALICE, AI_SCOPE, "DefaultAzureCredential, signed in as a Cognitive Services User"
)
ALICE_PROVIDER = _token(
    "token-provider", d.ALICE, COGNITIVE_SCOPE, "get_bearer_token_provider(DefaultAzureCredential(), ...)"
)

RESOURCE_NOT_FOUND = "Resource not found"
API_NOT_SUPPORTED = "Requested API is currently not supported"
DEPLOYMENT_NOT_FOUND = "The API deployment for this resource does not exist."
TOKEN_401 = "Unauthorized. Access token is missing, invalid, audience is incorrect"
KEY_401 = "Access denied due to invalid subscription key or wrong API endpoint"

_R = Reproduction

REPRODUCTIONS: tuple[Reproduction, ...] = (
    # -- identity and role ---------------------------------------------------------------------------------
    _R("role-missing", "openai-user-on-non-openai-model", "azure", "ChatCompletionsClient", MODELS,
       _token("token-credential", d.OPENAI_ONLY, AI_SCOPE, "a principal holding only Cognitive Services OpenAI User"),
       "chat", d.MISTRAL, None, 401, "PermissionDenied", "Principal does not have access to API/Operation."),
    _R("role-missing", "owner-on-classic-route", "openai", "AzureOpenAI", AOAI,
       _token("token-provider", d.OWNER, COGNITIVE_SCOPE, "a principal holding Owner and Contributor only"),
       "chat", d.CHAT, GA, 401, "PermissionDenied",
       "lacks the required data action `Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/"
       "action` to perform `POST /openai/deployments/{deployment-id}/chat/completions` operation"),
    _R("role-missing", "owner-on-v1-route", "openai", "OpenAI", V1,
       _token("token-provider", d.OWNER, AI_SCOPE, "a principal holding Owner and Contributor only"),
       "chat", d.CHAT, None, 401, "PermissionDenied", "lacks the required data action"),
    # -- token and key -------------------------------------------------------------------------------------
    _R("token-missing", "empty-token", "azure", "ChatCompletionsClient", MODELS,
       _token("empty-token", d.ALICE, AI_SCOPE, "a credential that returns an empty token"),
       "chat", d.CHAT, None, 401, None, TOKEN_401),
    _R("token-wrong-audience", "management-scope", "openai", "AzureOpenAI", AOAI,
       _token("token-provider", d.ALICE, "https://management.azure.com/.default", "a token for Azure Resource Manager"),
       "chat", d.CHAT, GA, 401, None, TOKEN_401),
    _R("token-wrong-audience", "graph-scope", "azure", "ChatCompletionsClient", MODELS,
       _token("token-credential", d.ALICE, "https://graph.microsoft.com/.default", "a token for Microsoft Graph"),
       "chat", d.CHAT, None, 401, None, TOKEN_401),
    _R("inference-sdk-default-scope", "models-route", "azure", "ChatCompletionsClient", MODELS,
       _token("token-credential", d.ALICE, None, "DefaultAzureCredential, no credential_scopes"),
       "chat", d.CHAT, None, 401, None, TOKEN_401),
    _R("inference-sdk-default-scope", "openai-deployment-endpoint", "azure", "ChatCompletionsClient",
       f"{AOAI}/openai/deployments/{d.CHAT}",
       _token("token-credential", d.ALICE, None, "DefaultAzureCredential, no credential_scopes"),
       "chat", None, None, 401, None, TOKEN_401),
    _R("token-expired", "fixed-azure-ad-token", "openai", "AzureOpenAI", AOAI,
       _token("fixed-token", EXPIRED_ALICE, COGNITIVE_SCOPE, "a token fetched once, two hours ago"),
       "chat", d.CHAT, GA, 401, None, TOKEN_401),
    _R("token-expired", "fixed-token-as-v1-api-key", "openai", "OpenAI", V1,
       _token("fixed-token", EXPIRED_ALICE, AI_SCOPE, "a token fetched once, two hours ago"),
       "chat", d.CHAT, None, 401, None, TOKEN_401),
    _R("token-malformed", "quoted", "openai", "AzureOpenAI", AOAI,
       Credential("fixed-token", identity=d.ALICE, scope=COGNITIVE_SCOPE, mangle="quoted",
                  description="a token read from a file with its quotes"),
       "chat", d.CHAT, GA, 401, None, TOKEN_401),
    _R("key-sent-as-bearer", "openai-class-on-classic-route", "openai", "OpenAI", f"{AOAI}/openai/deployments/{d.CHAT}",
       _key(d.KEY, "the resource's key, which the OpenAI class sends as a bearer token"),
       "chat", d.CHAT, GA, 401, None, TOKEN_401),
    _R("key-sent-as-bearer", "openai-class-on-models-route", "openai", "OpenAI", MODELS,
       _key(d.KEY, "the resource's key, which the OpenAI class sends as a bearer token"),
       "chat", d.CHAT, "2024-05-01-preview", 401, None, TOKEN_401),
    _R("token-sent-as-key", "token-as-api-key", "openai", "AzureOpenAI", AOAI,
       _token("token-as-key", d.ALICE, COGNITIVE_SCOPE, "an Entra token passed as api_key"),
       "chat", d.CHAT, GA, 401, "401", KEY_401),
    _R("entra-on-key-only-endpoint", "serverless", "azure", "ChatCompletionsClient",
       f"https://{d.SERVERLESS}.{d.REGION}.models.ai.azure.com", ALICE_AI,
       "chat", None, None, 401, None, "Unauthorized. Access token is missing, invalid"),
    _R("token-tenant-mismatch", "guest-tenant", "openai", "AzureOpenAI", AOAI,
       _token("token-provider", d.GUEST, COGNITIVE_SCOPE, "signed in to another tenant"),
       "chat", d.CHAT, GA, 400, "Tenant provided in token does not match resource token",
       f"Token tenant {d.OTHER_TENANT} does not match resource tenant."),
    _R("custom-subdomain-required", "regional-host", "openai", "AzureOpenAI",
       f"https://{d.LEGACY_REGION}.api.cognitive.microsoft.com", ALICE_PROVIDER,
       "chat", d.CHAT, GA, 400, "BadRequest", "Please provide a custom subdomain for token authentication"),
    _R("key-invalid", "key-of-another-resource", "openai", "AzureOpenAI", AOAI,
       _key(d.OTHER_KEY, "a key from another resource"), "chat", d.CHAT, GA, 401, "401", KEY_401),
    _R("key-invalid", "inference-key-of-another-resource", "azure", "ChatCompletionsClient", MODELS,
       _key(d.OTHER_KEY, "a key from another resource"), "chat", d.CHAT, None, 401, "401", KEY_401),
    _R("openai-key-on-azure", "sk-key", "openai", "AzureOpenAI", AOAI,
       _key(d.OPENAI_COM_KEY, "an OpenAI.com key"), "chat", d.CHAT, GA, 401, "401", KEY_401),
    _R("key-auth-disabled", "azure-openai", "openai", "AzureOpenAI", f"https://{d.NO_KEYS_RESOURCE}.openai.azure.com",
       _key(d.NO_KEYS_KEY, "a key left in an environment variable"), "chat", d.CHAT, GA, 403,
       "AuthenticationTypeDisabled", "Key based authentication is disabled for this resource."),
    _R("key-auth-disabled", "inference", "azure", "ChatCompletionsClient",
       f"https://{d.NO_KEYS_RESOURCE}.services.ai.azure.com/models",
       _key(d.NO_KEYS_KEY, "a key left in an environment variable"), "chat", d.CHAT, None, 403,
       "AuthenticationTypeDisabled", "Key based authentication is disabled for this resource."),
    _R("gateway-auth", "apim-without-subscription-key", "openai", "AzureOpenAI", f"https://{d.GATEWAY}.azure-api.net",
       _key(d.KEY, "the backend resource's key instead of the gateway's subscription key"),
       "chat", d.CHAT, GA, 401, None, "Access denied due to missing subscription key"),
    _R("anthropic-model-on-openai-route", "classic", "openai", "AzureOpenAI", AOAI, KEY,
       "chat", d.CLAUDE, GA, 401, "401", KEY_401),
    _R("anthropic-model-on-openai-route", "v1", "openai", "OpenAI", V1, KEY,
       "chat", d.CLAUDE, None, 401, "401", KEY_401),
    # -- routing -------------------------------------------------------------------------------------------
    _R("models-path-missing", "services-host", "azure", "ChatCompletionsClient", SERVICES, KEY,
       "chat", d.CHAT, None, 404, "404", RESOURCE_NOT_FOUND),
    _R("models-path-missing", "cognitiveservices-host", "azure", "ChatCompletionsClient",
       f"https://{RES}.cognitiveservices.azure.com", KEY, "chat", d.CHAT, None, 404, "404", RESOURCE_NOT_FOUND),
    _R("inference-sdk-on-openai-host", "origin-only", "azure", "ChatCompletionsClient", AOAI, KEY,
       "chat", d.CHAT, None, 404, "404", RESOURCE_NOT_FOUND),
    _R("openai-path-on-models-endpoint", "azure-endpoint-with-models", "openai", "AzureOpenAI", MODELS, KEY,
       "chat", d.CHAT, GA, 404, "404", RESOURCE_NOT_FOUND),
    _R("v1-path-missing", "origin-as-base-url", "openai", "OpenAI", AOAI, KEY,
       "chat", d.CHAT, None, 404, "404", RESOURCE_NOT_FOUND),
    _R("path-doubled", "azure-endpoint-with-openai", "openai", "AzureOpenAI", f"{AOAI}/openai", KEY,
       "chat", d.CHAT, GA, 404, "404", RESOURCE_NOT_FOUND),
    _R("path-doubled", "v1-twice", "openai", "OpenAI", f"{V1}openai/v1/", KEY,
       "chat", d.CHAT, None, 404, "404", RESOURCE_NOT_FOUND),
    _R("openai-prefix-missing", "base-url-for-azure-endpoint", "openai", "AzureOpenAI", AOAI, KEY,
       "chat", d.CHAT, GA, 404, None, RESOURCE_NOT_FOUND, endpoint_param="base_url"),
    _R("project-endpoint-for-inference", "project-as-models-endpoint", "azure", "ChatCompletionsClient",
       f"{SERVICES}/api/projects/{d.PROJECT}", ALICE_AI, "chat", d.CHAT, None, 404, "404", RESOURCE_NOT_FOUND),
    _R("model-info-not-supported", "foundry-models", "azure", "ChatCompletionsClient", MODELS, KEY,
       "model-info", None, None, 404, "404", RESOURCE_NOT_FOUND),
    _R("model-info-not-supported", "openai-deployment", "azure", "ChatCompletionsClient",
       f"{AOAI}/openai/deployments/{d.CHAT}", KEY, "model-info", None, None, 404, "404", RESOURCE_NOT_FOUND),
    _R("deployment-not-found", "model-name-for-deployment", "openai", "AzureOpenAI", AOAI, KEY,
       "chat", "gpt-4o", GA, 404, "DeploymentNotFound", "The API deployment for this resource does not exist."),
    _R("deployment-not-found", "provider-prefix-on-v1", "openai", "OpenAI", V1, KEY,
       "chat", f"azure/{d.CHAT}", None, 404, "DeploymentNotFound", "The API deployment for this resource does not exist."),
    _R("deployment-not-found", "inference-typo-in-path", "azure", "ChatCompletionsClient",
       f"{AOAI}/openai/deployments/gpt4o-mini", KEY, "chat", None, None, 404, "DeploymentNotFound",
       "The API deployment for this resource does not exist."),
    _R("unknown-model", "base-model-name", "azure", "ChatCompletionsClient", MODELS, KEY,
       "chat", "gpt-4o", None, 404, "unknown_model", "Unknown model: gpt-4o"),
    _R("no-model-name", "model-omitted", "azure", "ChatCompletionsClient", MODELS, KEY,
       "chat", None, None, 400, "no_model_name", "No model specified in request."),
    _R("api-version-missing", "openai-class-on-classic-route", "openai", "OpenAI",
       f"{AOAI}/openai/deployments/{d.CHAT}", KEY, "chat", d.CHAT, None, 404, "404", RESOURCE_NOT_FOUND),
    _R("api-version-unsupported", "model-version-as-api-version", "openai", "AzureOpenAI", AOAI, KEY,
       "chat", d.CHAT, "2024-05-13", 404, "404", RESOURCE_NOT_FOUND),
    _R("api-version-unsupported", "openai-version-on-models", "azure", "ChatCompletionsClient", MODELS, KEY,
       "chat", d.CHAT, GA, 404, "404", RESOURCE_NOT_FOUND),
    _R("subdomain-not-mapped", "typo", "openai", "AzureOpenAI", f"https://{RES}i.openai.azure.com", KEY,
       "chat", d.CHAT, GA, 404, "404", "Subdomain does not map to a resource"),
    _R("subdomain-not-mapped", "inference-wrong-name", "azure", "ChatCompletionsClient",
       "https://contoso.services.ai.azure.com/models", KEY, "chat", d.CHAT, None, 404, "404",
       "Subdomain does not map to a resource"),
    _R("serverless-endpoint-not-found", "deleted-endpoint", "azure", "ChatCompletionsClient",
       f"https://{d.SERVERLESS}-old.{d.REGION}.models.ai.azure.com", _key(d.SERVERLESS_KEY, "the endpoint's key"),
       "chat", None, None, 404, None, "Serverless endpoint not found"),
    _R("online-endpoint-no-traffic", "no-traffic", "azure", "ChatCompletionsClient",
       f"https://{d.ONLINE}.{d.REGION}.inference.ml.azure.com", _key(d.ONLINE_KEY, "the endpoint's key"),
       "chat", None, None, 404, None, "No valid deployments to route to"),
    _R("operation-not-supported", "embeddings-on-chat-deployment", "openai", "AzureOpenAI", AOAI, KEY,
       "embeddings", d.CHAT, GA, 400, "OperationNotSupported",
       f"The embeddings operation does not work with the specified model, {d.CHAT}."),
    _R("operation-not-supported", "chat-on-embeddings-deployment", "openai", "AzureOpenAI", AOAI, KEY,
       "chat", d.EMBEDDING, GA, 400, "OperationNotSupported",
       f"The chatCompletion operation does not work with the specified model, {d.EMBEDDING}."),
    _R("operation-not-supported", "inference-embeddings-on-chat-model", "azure", "EmbeddingsClient", MODELS, KEY,
       "embeddings", d.CHAT, None, 400, "OperationNotSupported", "The embeddings operation does not work"),
    _R("operation-not-supported", "responses-on-mistral", "openai", "OpenAI", V1, KEY,
       "responses", d.MISTRAL, None, 400, "OperationNotSupported", "The responses operation does not work"),
    # -- the anthropic route (Claude on Foundry) -------------------------------------------------------------
    _R("anthropic-key-header", "key-as-token-provider", "anthropic", "AnthropicFoundry", ANTHROPIC,
       Credential("key-as-token-provider", key=d.KEY, description="the resource's key returned by a token provider"),
       "messages", d.CLAUDE_SONNET, None, 401, None, TOKEN_401),
    _R("anthropic-path-doubled", "portal-endpoint-as-base-url", "anthropic", "AnthropicFoundry",
       f"{ANTHROPIC}v1/messages", KEY, "messages", d.CLAUDE_SONNET, None, 404, "api_not_supported", API_NOT_SUPPORTED),
    _R("anthropic-path-doubled", "portal-endpoint-streamed", "anthropic", "AnthropicFoundry",
       f"{ANTHROPIC}v1/messages", KEY, "messages-stream", d.CLAUDE_HAIKU, None, 404, "api_not_supported",
       API_NOT_SUPPORTED),
    _R("anthropic-prefix-missing", "origin-as-base-url", "anthropic", "AnthropicFoundry", SERVICES, KEY,
       "messages", d.CLAUDE_SONNET, None, 404, "404", RESOURCE_NOT_FOUND),
    _R("claude-on-models-route", "inference-sdk-entra", "azure", "ChatCompletionsClient", MODELS, ALICE_AI,
       "chat", d.CLAUDE_SONNET, None, 404, "api_not_supported", API_NOT_SUPPORTED),
    _R("claude-on-models-route", "inference-sdk-key", "azure", "ChatCompletionsClient", MODELS, KEY,
       "chat", d.CLAUDE_HAIKU, None, 401, "401", KEY_401),
    _R("anthropic-deployment-not-found", "model-id-for-deployment-name", "anthropic", "AnthropicFoundry", ANTHROPIC,
       KEY, "messages", "claude-opus-4-6", None, 404, "DeploymentNotFound", DEPLOYMENT_NOT_FOUND),
    _R("anthropic-deployment-not-found", "entra-streamed", "anthropic", "AnthropicFoundry", ANTHROPIC,
       _token("token-provider", d.ALICE, AI_SCOPE, "get_bearer_token_provider(DefaultAzureCredential(), ...)"),
       "messages-stream", "claude-sonnet", None, 404, "DeploymentNotFound", DEPLOYMENT_NOT_FOUND),
    # the existing scenarios, reached through AnthropicFoundry on the anthropic route
    _R("role-missing", "anthropic-openai-user", "anthropic", "AnthropicFoundry", ANTHROPIC,
       _token("token-provider", d.OPENAI_ONLY, AI_SCOPE, "a principal holding only Cognitive Services OpenAI User"),
       "messages", d.CLAUDE_SONNET, None, 401, "PermissionDenied", "Principal does not have access to API/Operation."),
    _R("token-wrong-audience", "anthropic-management-scope", "anthropic", "AnthropicFoundry", ANTHROPIC,
       _token("token-provider", d.ALICE, "https://management.azure.com/.default", "a token for Azure Resource Manager"),
       "messages", d.CLAUDE_SONNET, None, 401, None, TOKEN_401),
    _R("key-auth-disabled", "anthropic", "anthropic", "AnthropicFoundry",
       f"https://{d.NO_KEYS_RESOURCE}.services.ai.azure.com/anthropic/",
       _key(d.NO_KEYS_KEY, "a key left in an environment variable"), "messages", d.CLAUDE_SONNET, None, 403,
       "AuthenticationTypeDisabled", "Key based authentication is disabled for this resource."),
    # -- network -------------------------------------------------------------------------------------------
    _R("public-access-disabled", "public-internet", "openai", "AzureOpenAI",
       f"https://{d.CLOSED_RESOURCE}.openai.azure.com", _key(d.CLOSED_KEY), "chat", d.CHAT, GA, 403, "403",
       "Public access is disabled. Please configure private endpoint."),
    _R("private-endpoint-required", "unapproved-path", "openai", "AzureOpenAI",
       f"https://{d.PRIVATE_RESOURCE}.openai.azure.com", _key(d.PRIVATE_KEY), "chat", d.CHAT, GA, 403, "403",
       "Traffic is not from an approved private endpoint."),
    _R("firewall-denied", "ip-not-allowed", "openai", "AzureOpenAI",
       f"https://{d.FIREWALL_RESOURCE}.openai.azure.com", _key(d.FIREWALL_KEY), "chat", d.CHAT, GA, 403, "403",
       "Access denied due to Virtual Network/Firewall rules."),
    _R("firewall-denied", "inference-ip-not-allowed", "azure", "ChatCompletionsClient",
       f"https://{d.FIREWALL_RESOURCE}.services.ai.azure.com/models", _key(d.FIREWALL_KEY), "chat", d.CHAT, None,
       403, "403", "Access denied due to Virtual Network/Firewall rules."),
    _R("vnet-wrong-endpoint", "regional-host", "openai", "AzureOpenAI",
       f"https://{d.REGION}.api.cognitive.microsoft.com", _key(d.VNET_KEY), "chat", d.CHAT, GA, 403, "403",
       "A Virtual Network is configured for this resource. Please use the correct endpoint"),
    _R("firewall-denied", "anthropic-ip-not-allowed", "anthropic", "AnthropicFoundry",
       f"https://{d.FIREWALL_RESOURCE}.services.ai.azure.com/anthropic/", _key(d.FIREWALL_KEY), "messages",
       d.CLAUDE_SONNET, None, 403, "403", "Access denied due to Virtual Network/Firewall rules."),
    _R("resource-suspended", "abuse-block", "openai", "AzureOpenAI",
       f"https://{d.BLOCKED_RESOURCE}.openai.azure.com", _key(d.BLOCKED_KEY), "chat", d.CHAT, GA, 403, "Forbidden",
       "resource has been temporarily blocked"),
)  # fmt: skip

WORKING_CALLS: tuple[Reproduction, ...] = (
    _R("ok", "inference-chat-key", "azure", "ChatCompletionsClient", MODELS, KEY, "chat", d.CHAT, None, 200, None, ""),
    _R("ok", "inference-chat-stream-key", "azure", "ChatCompletionsClient", MODELS, KEY,
       "chat-stream", d.CHAT, None, 200, None, ""),
    _R("ok", "inference-chat-token", "azure", "ChatCompletionsClient", MODELS, ALICE_AI,
       "chat", d.MISTRAL, None, 200, None, ""),
    _R("ok", "inference-embeddings", "azure", "EmbeddingsClient", MODELS, KEY,
       "embeddings", d.EMBEDDING, None, 200, None, ""),
    _R("ok", "inference-image-embeddings", "azure", "ImageEmbeddingsClient", MODELS, KEY,
       "image-embeddings", d.COHERE_EMBED, None, 200, None, ""),
    _R("ok", "inference-openai-deployment", "azure", "ChatCompletionsClient", f"{AOAI}/openai/deployments/{d.CHAT}",
       KEY, "chat", None, None, 200, None, ""),
    _R("ok", "serverless-model-info", "azure", "ChatCompletionsClient",
       f"https://{d.SERVERLESS}.{d.REGION}.models.ai.azure.com", _key(d.SERVERLESS_KEY, "the endpoint's key"),
       "model-info", None, None, 200, None, ""),
    _R("ok", "azure-openai-key", "openai", "AzureOpenAI", AOAI, KEY, "chat", d.CHAT, GA, 200, None, ""),
    _R("ok", "azure-openai-stream-token", "openai", "AzureOpenAI", AOAI, ALICE_PROVIDER,
       "chat-stream", d.CHAT, GA, 200, None, ""),
    _R("ok", "azure-openai-embeddings", "openai", "AzureOpenAI", AOAI, KEY, "embeddings", d.EMBEDDING, GA, 200, None, ""),
    _R("ok", "v1-key", "openai", "OpenAI", V1, KEY, "chat", d.CHAT, None, 200, None, ""),
    _R("ok", "v1-responses-token", "openai", "OpenAI", V1,
       _token("token-provider", d.APP, AI_SCOPE, "a managed identity holding Azure AI User"),
       "responses", d.CHAT, None, 200, None, ""),
    _R("ok", "project-openai-route", "openai", "AzureOpenAI", f"{SERVICES}/api/projects/{d.PROJECT}",
       _token("token-provider", d.PROJECT_MEMBER, AI_SCOPE, "Azure AI User on the project"),
       "chat", d.CHAT, GA, 200, None, ""),
    _R("ok", "regional-key", "openai", "AzureOpenAI", f"https://{d.LEGACY_REGION}.api.cognitive.microsoft.com",
       _key(d.LEGACY_KEY), "chat", d.CHAT, GA, 200, None, ""),
    _R("ok", "gateway-subscription-key", "openai", "AzureOpenAI", f"https://{d.GATEWAY}.azure-api.net",
       _key(d.KEY), "chat", d.CHAT, GA, 200, None, "",
       headers=(("Ocp-Apim-Subscription-Key", d.GATEWAY_KEY),)),
    _R("ok", "anthropic-key", "anthropic", "AnthropicFoundry", ANTHROPIC, KEY, "messages", d.CLAUDE_SONNET, None,
       200, None, ""),
    _R("ok", "anthropic-stream-token", "anthropic", "AnthropicFoundry", ANTHROPIC,
       _token("token-provider", d.ALICE, AI_SCOPE, "get_bearer_token_provider(DefaultAzureCredential(), ...)"),
       "messages-stream", d.CLAUDE_HAIKU, None, 200, None, ""),
)  # fmt: skip

NOT_REPRODUCIBLE: dict[str, str] = {
    "unclassified-401": "the catch-all for a 401 nothing specific matches; no service answer is meant to reach it",
    "unclassified-403": "the catch-all for a 403 nothing specific matches; no service answer is meant to reach it",
    "unclassified-404": "the catch-all for a 404 nothing specific matches; no service answer is meant to reach it",
}
"""Catalog ids with no reproduction, and why."""

REPRODUCIBLE_IDS: tuple[str, ...] = tuple(dict.fromkeys(r.scenario for r in REPRODUCTIONS))
"""Every catalog id the table reproduces, in table order."""


def reproductions_for(scenario: str) -> tuple[Reproduction, ...]:
    """The rows for one scenario id (empty when it has none)."""
    return tuple(r for r in REPRODUCTIONS if r.scenario == scenario)
