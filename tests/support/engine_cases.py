"""One fixture (or more) per catalog id: a real service body, the request URL, the request headers with a
minted token or a fake key where the scenario needs one. Each must diagnose to its id and to no other.

Service bodies are quoted as Azure sends them (from scenarios.md and public bug reports).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from doctor_testing import NOW, mint

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OID = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"
APPID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
AZURE_KEY = "0123456789abcdef0123456789abcdef"
AZURE_KEY_84 = "A" * 20 + "b3C4d5E6f7G8h9J0kLmNpQrStUvWxYz1234567890abcdefghijklmnopqrs"[:64]
OPENAI_KEY = "sk-proj-" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0EdCbA" * 2

GOOD_TOKEN = mint(
    aud="https://cognitiveservices.azure.com", tid=TENANT, oid=OID, appid=APPID, idtyp="app", exp=NOW + 3600
)
AI_TOKEN = mint(aud="https://ai.azure.com", tid=TENANT, oid=OID, idtyp="user", exp=NOW + 3600)
ML_TOKEN = mint(aud="https://ml.azure.com", tid=TENANT, oid=OID, idtyp="app", exp=NOW + 3600)
MGMT_TOKEN = mint(aud="https://management.azure.com/", tid=TENANT, oid=OID, idtyp="user", exp=NOW + 3600)
EXPIRED_TOKEN = mint(
    aud="https://cognitiveservices.azure.com", tid=TENANT, oid=OID, idtyp="app", exp=NOW - 7200
)

TOKEN_401 = {
    "statusCode": 401,
    "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com/ or https://ai.azure.com/), or have expired.",
}
TOKEN_401_SPACED = (
    '{ "statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect '
    '(https://cognitiveservices.azure.com), or have expired." }'
)
KEY_401 = {
    "error": {
        "code": "401",
        "message": "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
    }
}
RESOURCE_NOT_FOUND = {"error": {"code": "404", "message": "Resource not found"}}
DEPLOYMENT_NOT_FOUND = {
    "error": {
        "code": "DeploymentNotFound",
        "message": "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
    }
}

INFERENCE_UA = "azsdk-python-ai-inference/1.0.0b9 Python/3.11.7 (Linux-6.1-x86_64-with-glibc2.36)"
AZURE_OPENAI_UA = "AzureOpenAI/Python 2.31.0"
OPENAI_UA = "OpenAI/Python 2.31.0"
STAINLESS = {"X-Stainless-Lang": "python", "X-Stainless-Package-Version": "2.31.0"}

MODELS = "https://contoso.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview"
CLASSIC = (
    "https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21"
)
V1 = "https://contoso.openai.azure.com/openai/v1/chat/completions"
ANTHROPIC = "https://contoso.services.ai.azure.com/anthropic/v1/messages"
ANTHROPIC_UA = "AnthropicFoundry/Python 2.14.0"
ANTHROPIC_STAINLESS = {
    "X-Stainless-Lang": "python",
    "X-Stainless-Package-Version": "2.14.0",
    "anthropic-version": "2023-06-01",
}
API_NOT_SUPPORTED = {
    "error": {"code": "api_not_supported", "message": "Requested API is currently not supported"}
}
CLAUDE_BODY = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 1024,
    "messages": [{"role": "user", "content": "Hi"}],
}


@dataclass(frozen=True)
class Case:
    """One captured failure and the id it must diagnose to."""

    expected: str
    status: int
    body: Any = None
    url: str | None = None
    method: str | None = "POST"
    request_headers: dict[str, str] | None = None
    response_headers: dict[str, str] = field(
        default_factory=lambda: {"apim-request-id": "5d8c0b7e-1f2a-4b3c-9d4e-6f7a8b9c0d1e"}
    )
    name: str = ""
    request_body: Any = None

    @property
    def body_text(self) -> str | None:
        return self.body if isinstance(self.body, str) or self.body is None else json.dumps(self.body)

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "body": self.body_text,
            "response_headers": self.response_headers,
            "method": self.method,
            "url": self.url,
            "request_headers": self.request_headers,
            "request_body": self.request_body,
            "now": NOW,
        }

    @property
    def id(self) -> str:
        return self.name or self.expected


def inference(auth: dict[str, str]) -> dict[str, str]:
    return {"User-Agent": INFERENCE_UA, **auth}


def azure_openai(auth: dict[str, str]) -> dict[str, str]:
    return {"User-Agent": AZURE_OPENAI_UA, **STAINLESS, **auth}


def openai_v1(auth: dict[str, str]) -> dict[str, str]:
    return {"User-Agent": OPENAI_UA, **STAINLESS, **auth}


def anthropic_foundry(auth: dict[str, str]) -> dict[str, str]:
    """AnthropicFoundry's headers: its User-Agent, the X-Stainless set and anthropic-version."""
    return {"User-Agent": ANTHROPIC_UA, **ANTHROPIC_STAINLESS, **auth}


def x_api_key(value: str) -> dict[str, str]:
    """AnthropicFoundry with api_key= sends the key in x-api-key and, for older gateways, in api-key too."""
    return {"x-api-key": value, "api-key": value}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def key(value: str) -> dict[str, str]:
    return {"api-key": value}


def inference_key(value: str) -> dict[str, str]:
    """azure-ai-inference with AzureKeyCredential sends the key twice."""
    return {"Authorization": f"Bearer {value}", "api-key": value}


CASES: tuple[Case, ...] = (
    # identity and role
    Case(
        "role-missing",
        401,
        {
            "error": {
                "code": "PermissionDenied",
                "message": "Principal does not have access to API/Operation.",
            }
        },
        MODELS,
        request_headers=inference(bearer(AI_TOKEN)),
    ),
    Case(
        "role-missing",
        401,
        {
            "error": {
                "code": "PermissionDenied",
                "message": f"The principal `{OID}` lacks the required data action `Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action` to perform `POST /openai/deployments/{{deployment-id}}/chat/completions` operation.",
            }
        },
        CLASSIC,
        request_headers=azure_openai(bearer(GOOD_TOKEN)),
        name="role-missing-data-action",
    ),
    Case(
        "role-missing",
        403,
        '{"error":{"code":"PermissionDenied","message":"Principal does not have access to API/Operation."}}',
        V1,
        request_headers=openai_v1(bearer(AI_TOKEN)),
        name="role-missing-403",
    ),
    # token and key
    Case("token-missing", 401, TOKEN_401, MODELS, request_headers={"User-Agent": INFERENCE_UA}),
    Case(
        "token-missing",
        401,
        TOKEN_401,
        CLASSIC,
        request_headers=azure_openai(bearer("")),
        name="token-missing-empty-bearer",
    ),
    Case("token-wrong-audience", 401, TOKEN_401, CLASSIC, request_headers=azure_openai(bearer(MGMT_TOKEN))),
    Case(
        "token-wrong-audience",
        401,
        TOKEN_401_SPACED,
        V1,
        request_headers=openai_v1(bearer(AI_TOKEN)),
        name="token-wrong-audience-listed",
    ),
    Case("inference-sdk-default-scope", 401, TOKEN_401, MODELS, request_headers=inference(bearer(ML_TOKEN))),
    Case("token-expired", 401, TOKEN_401, CLASSIC, request_headers=azure_openai(bearer(EXPIRED_TOKEN))),
    Case(
        "token-malformed",
        401,
        TOKEN_401,
        CLASSIC,
        request_headers=azure_openai(bearer(GOOD_TOKEN[:-40] + "\n" + GOOD_TOKEN[-40:])),
    ),
    Case(
        "token-malformed",
        401,
        TOKEN_401,
        CLASSIC,
        request_headers=azure_openai(bearer(GOOD_TOKEN.split(".")[0] + "." + GOOD_TOKEN.split(".")[1][:30])),
        name="token-malformed-truncated",
    ),
    Case(
        "key-sent-as-bearer",
        401,
        TOKEN_401,
        CLASSIC,
        request_headers={"User-Agent": "python-requests/2.32.3", **bearer(AZURE_KEY)},
    ),
    Case(
        "key-sent-as-bearer",
        401,
        TOKEN_401,
        "https://contoso.services.ai.azure.com/api/projects/proj1/openai/v1/responses",
        request_headers=openai_v1(bearer(AZURE_KEY_84)),
        name="key-sent-as-bearer-project",
    ),
    Case("token-sent-as-key", 401, KEY_401, CLASSIC, request_headers=azure_openai(key(GOOD_TOKEN))),
    Case(
        "entra-on-key-only-endpoint",
        401,
        TOKEN_401,
        "https://mistral-large-xyz.eastus2.models.ai.azure.com/chat/completions",
        request_headers=inference(bearer(AI_TOKEN)),
    ),
    Case(
        "entra-on-key-only-endpoint",
        401,
        {
            "statusCode": 401,
            "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://ml.azure.com), or have expired.",
        },
        "https://llama-demo.eastus2.models.ai.azure.com/chat/completions?api-version=2024-05-01-preview",
        request_headers=inference(bearer(AI_TOKEN)),
        name="entra-on-key-only-endpoint-ml-listed",
    ),
    Case(
        "token-tenant-mismatch",
        400,
        {
            "error": {
                "code": "Tenant provided in token does not match resource token",
                "message": "Token tenant 11111111-2222-3333-4444-555555555555 does not match resource tenant.",
            }
        },
        CLASSIC,
        request_headers=azure_openai(bearer(GOOD_TOKEN)),
    ),
    Case(
        "custom-subdomain-required",
        400,
        {
            "error": {
                "code": "BadRequest",
                "message": "Please provide a custom subdomain for token authentication, otherwise API key is required.",
            }
        },
        "https://eastus.api.cognitive.microsoft.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        request_headers=azure_openai(bearer(GOOD_TOKEN)),
    ),
    Case("key-invalid", 401, KEY_401, CLASSIC, request_headers=azure_openai(key(AZURE_KEY))),
    Case(
        "key-invalid",
        401,
        KEY_401,
        MODELS,
        request_headers=inference(inference_key(AZURE_KEY_84)),
        name="key-invalid-inference",
    ),
    Case("openai-key-on-azure", 401, KEY_401, CLASSIC, request_headers=azure_openai(key(OPENAI_KEY))),
    Case(
        "key-auth-disabled",
        403,
        {
            "error": {
                "code": "AuthenticationTypeDisabled",
                "message": "Key based authentication is disabled for this resource.",
            }
        },
        CLASSIC,
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    Case(
        "gateway-auth",
        401,
        '{ "statusCode": 401, "message": "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API." }',
        "https://contoso-apim.azure-api.net/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    Case(
        "anthropic-model-on-openai-route",
        401,
        KEY_401,
        "https://contoso.openai.azure.com/openai/deployments/claude-sonnet-4-5/chat/completions?api-version=2024-10-21",
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    Case(
        "anthropic-model-on-openai-route",
        401,
        KEY_401,
        V1,
        request_headers=openai_v1(bearer(AZURE_KEY)),
        request_body={"model": "claude-sonnet-4-5", "messages": [{"role": "user", "content": "Hi"}]},
        name="anthropic-model-on-openai-route-v1",
    ),
    # routing
    Case(
        "models-path-missing",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.services.ai.azure.com/model/chat/completions?api-version=2024-05-01-preview",
        request_headers=inference(inference_key(AZURE_KEY)),
    ),
    Case(
        "models-path-missing",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.services.ai.azure.com/chat/completions?api-version=2024-05-01-preview",
        request_headers=inference(inference_key(AZURE_KEY)),
        name="models-path-missing-bare",
    ),
    Case(
        "inference-sdk-on-openai-host",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.openai.azure.com/chat/completions?api-version=2024-05-01-preview",
        request_headers=inference(inference_key(AZURE_KEY)),
    ),
    Case(
        "openai-path-on-models-endpoint",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.services.ai.azure.com/models/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    Case(
        "v1-path-missing",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.openai.azure.com/chat/completions",
        request_headers=openai_v1(bearer(AZURE_KEY)),
    ),
    Case(
        "path-doubled",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.openai.azure.com/openai/deployments/gpt-4o/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    Case(
        "path-doubled",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.openai.azure.com/openai/v1/openai/v1/chat/completions",
        request_headers=openai_v1(bearer(AZURE_KEY)),
        name="path-doubled-v1",
    ),
    Case(
        "openai-prefix-missing",
        404,
        '{"statusCode": 404, "message": "Resource not found"}',
        "https://contoso.openai.azure.com/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        request_headers=openai_v1(bearer(AZURE_KEY)),
    ),
    Case(
        "project-endpoint-for-inference",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.services.ai.azure.com/api/projects/proj1/chat/completions?api-version=2024-05-01-preview",
        request_headers=inference(bearer(AI_TOKEN)),
    ),
    Case(
        "model-info-not-supported",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.openai.azure.com/openai/deployments/gpt-4o/info?api-version=2024-05-01-preview",
        method="GET",
        request_headers=inference(inference_key(AZURE_KEY)),
    ),
    Case(
        "deployment-not-found",
        404,
        DEPLOYMENT_NOT_FOUND,
        CLASSIC,
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    Case(
        "deployment-not-found",
        404,
        {
            "error": {
                "message": "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
                "type": "invalid_request_error",
                "param": None,
                "code": "DeploymentNotFound",
            }
        },
        V1,
        request_headers=openai_v1(bearer(AI_TOKEN)),
        name="deployment-not-found-v1",
    ),
    Case(
        "unknown-model",
        404,
        {
            "error": {
                "code": "unknown_model",
                "message": "Unknown model: gpt-4o-mini-2024-07-18",
                "details": "Unknown model: gpt-4o-mini-2024-07-18",
            }
        },
        MODELS,
        request_headers=inference(inference_key(AZURE_KEY)),
    ),
    Case(
        "no-model-name",
        400,
        {
            "error": {
                "code": "no_model_name",
                "message": "No model specified in request. Please provide a model name in the request body or as a x-ms-model-mesh-model-name header.",
            }
        },
        MODELS,
        request_headers=inference(inference_key(AZURE_KEY)),
    ),
    Case(
        "api-version-missing",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions",
        request_headers={"User-Agent": "python-requests/2.32.3", **key(AZURE_KEY)},
    ),
    Case(
        "api-version-unsupported",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-05-13",
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    Case(
        "api-version-unsupported",
        400,
        {"error": {"code": "BadRequest", "message": "Invalid URL (POST /v1/responses)"}},
        "https://contoso.openai.azure.com/openai/responses?api-version=2024-10-21",
        request_headers=azure_openai(key(AZURE_KEY)),
        name="api-version-unsupported-responses",
    ),
    Case(
        "api-version-unsupported",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.services.ai.azure.com/models/chat/completions?api-version=2024-10-21",
        request_headers=inference(inference_key(AZURE_KEY)),
        name="api-version-unsupported-openai-ga-on-models",
    ),
    Case(
        "subdomain-not-mapped",
        404,
        {"error": {"code": "404", "message": "Subdomain does not map to a resource."}},
        "https://contso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    Case(
        "serverless-endpoint-not-found",
        404,
        {"status": "Serverless endpoint not found"},
        "https://llama-abc.eastus2.models.ai.azure.com/chat/completions",
        request_headers=inference(inference_key(AZURE_KEY)),
    ),
    Case(
        "online-endpoint-no-traffic",
        404,
        {
            "message": "No valid deployments to route to. Please check that the endpoint has at least one deployment with positive weight values or use a deployment specific header to route."
        },
        "https://my-endpoint.eastus.inference.ml.azure.com/score",
        request_headers=bearer(AZURE_KEY),
    ),
    Case(
        "operation-not-supported",
        400,
        {
            "error": {
                "code": "OperationNotSupported",
                "message": "The chatCompletion operation does not work with the specified model, text-embedding-3-small. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.",
            }
        },
        "https://contoso.openai.azure.com/openai/deployments/text-embedding-3-small/chat/completions?api-version=2024-10-21",
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    # network
    Case(
        "public-access-disabled",
        403,
        {
            "error": {
                "code": "403",
                "message": "Public access is disabled. Please configure private endpoint.",
            }
        },
        CLASSIC,
        request_headers=azure_openai(bearer(GOOD_TOKEN)),
    ),
    Case(
        "private-endpoint-required",
        403,
        {"error": {"code": "403", "message": "Traffic is not from an approved private endpoint."}},
        CLASSIC,
        request_headers=azure_openai(bearer(GOOD_TOKEN)),
    ),
    Case(
        "firewall-denied",
        403,
        {"error": {"code": "403", "message": "Access denied due to Virtual Network/Firewall rules."}},
        CLASSIC,
        request_headers=azure_openai(key(AZURE_KEY)),
        response_headers={"policy-id": "ThrowExceptionDueToTrafficDenied", "apim-request-id": "a1"},
    ),
    Case(
        "vnet-wrong-endpoint",
        403,
        {
            "error": {
                "code": "403",
                "message": "A Virtual Network is configured for this resource. Please use the correct endpoint for making requests. Check https://aka.ms/cogsvc-vnet for more details.",
            }
        },
        "https://eastus.api.cognitive.microsoft.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    Case(
        "resource-suspended",
        403,
        {
            "error": {
                "code": "403",
                "message": "Your resource has been temporarily blocked because we detected behavior that may violate our content policy.",
            }
        },
        CLASSIC,
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    # Claude on Foundry: the anthropic route
    Case(
        "anthropic-key-header",
        401,
        KEY_401,
        ANTHROPIC,
        request_headers={"User-Agent": "Anthropic/Python 0.104.1", "api-key": AZURE_KEY},
        request_body=CLAUDE_BODY,
    ),
    Case(
        "anthropic-key-header",
        401,
        TOKEN_401,
        ANTHROPIC,
        request_headers=anthropic_foundry(bearer(AZURE_KEY)),
        request_body=CLAUDE_BODY,
        name="anthropic-key-header-as-bearer",
    ),
    Case(
        "anthropic-path-doubled",
        404,
        API_NOT_SUPPORTED,
        ANTHROPIC + "/v1/messages",
        request_headers=anthropic_foundry(x_api_key(AZURE_KEY)),
        request_body=CLAUDE_BODY,
    ),
    Case(
        "anthropic-prefix-missing",
        404,
        RESOURCE_NOT_FOUND,
        "https://contoso.services.ai.azure.com/v1/messages",
        request_headers=anthropic_foundry(x_api_key(AZURE_KEY)),
        request_body=CLAUDE_BODY,
    ),
    Case(
        "claude-on-models-route",
        404,
        API_NOT_SUPPORTED,
        "https://contoso.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview",
        request_headers=inference(bearer(AI_TOKEN)),
        request_body={"model": "claude-sonnet-4-6", "messages": [{"role": "user", "content": "Hi"}]},
    ),
    Case(
        "claude-on-models-route",
        401,
        KEY_401,
        "https://contoso.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview",
        request_headers=inference(inference_key(AZURE_KEY)),
        request_body={"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "Hi"}]},
        name="claude-on-models-route-with-key",
    ),
    Case(
        "anthropic-deployment-not-found",
        404,
        DEPLOYMENT_NOT_FOUND,
        ANTHROPIC,
        request_headers=anthropic_foundry(x_api_key(AZURE_KEY)),
        request_body={**CLAUDE_BODY, "model": "claude-opus-4-6"},
    ),
    # nothing specific
    Case(
        "unclassified-401",
        401,
        {"error": {"code": "SomethingNew", "message": "A new kind of refusal."}},
        CLASSIC,
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    Case(
        "unclassified-403",
        403,
        {"error": {"code": "Forbidden", "message": "Forbidden."}},
        CLASSIC,
        request_headers=azure_openai(key(AZURE_KEY)),
    ),
    Case("unclassified-404", 404, RESOURCE_NOT_FOUND, CLASSIC, request_headers=azure_openai(key(AZURE_KEY))),
)
