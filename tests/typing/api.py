"""Type-only checks of the public API: mypy (strict) checks this file in CI; pytest never runs it."""

from __future__ import annotations

import logging
from typing import Any, cast

import anthropic
import httpx
from anthropic import AnthropicFoundry, AsyncAnthropicFoundry
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
from azure.core.credentials import AzureKeyCredential
from azure.identity import DefaultAzureCredential
from azure.identity.aio import DefaultAzureCredential as AsyncDefaultAzureCredential
from openai import AsyncAzureOpenAI, AzureOpenAI

import inference_doctor
from inference_doctor import (
    Diagnosis,
    RemediationError,
    ScenarioId,
    diagnose,
    diagnose_credential_failure,
    diagnose_text,
    find_diagnosis,
    get_scenario,
)
from inference_doctor.anthropic import RemediationAuthenticationError, RemediationMiddleware, enriched_class
from inference_doctor.anthropic import instrument as instrument_anthropic
from inference_doctor.azure import AsyncRemediationPolicy, RemediationPolicy
from inference_doctor.identity import async_bearer_token_provider, bearer_token_provider
from inference_doctor.openai import async_remediation_hooks, instrument, remediation_hooks

d: Diagnosis | None = diagnose(
    401,
    body=b'{"error":{"code":"401","message":"x"}}',
    response_headers={"apim-request-id": "1"},
    method="POST",
    url="https://contoso.openai.azure.com/openai/deployments/x/chat/completions?api-version=2024-10-21",
    request_headers={"api-key": "k"},
    now=0.0,
)
if d is not None:
    scenario: ScenarioId = d.scenario
    steps: tuple[str, ...] = d.steps
    data: dict[str, object] = d.to_dict()
    text: str = d.render()
t: Diagnosis | None = diagnose_text("Error code: 401 - {}")
c: Diagnosis | None = diagnose_credential_failure(
    ValueError("An invalid scope was provided."),
    scope="https://ai.azure.com/.default",
    endpoint="https://x.services.ai.azure.com/models",
    now=0.0,
)
c_text: Diagnosis | None = diagnose_credential_failure("Azure CLI not found on path")
if c is not None:
    no_status: int = c.status  # 0: no request was sent
found: Diagnosis | None = find_diagnosis(ValueError("wrapped"))
nothing: Diagnosis | None = find_diagnosis(None)
version: str = inference_doctor.__version__
entry = get_scenario("role-missing")
title: str | None = entry.title if entry else None

# The policies are generic over azure-core's request/response types, as azure-core's own are: used inline (the
# documented way) the types are inferred from the client.
client = ChatCompletionsClient(
    "https://x.services.ai.azure.com/models",
    AzureKeyCredential("k"),
    per_call_policies=[
        RemediationPolicy(include_names=False, logger=logging.getLogger("x"), unknown_option=1)
    ],
)
async_client = AsyncChatCompletionsClient(
    "https://x.services.ai.azure.com/models",
    AzureKeyCredential("k"),
    per_call_policies=[AsyncRemediationPolicy()],
)

sync_openai = AzureOpenAI(
    azure_endpoint="https://x.openai.azure.com",
    api_key="k",
    api_version="2024-10-21",
    http_client=cast(
        Any, httpx.Client(event_hooks=remediation_hooks())
    ),  # openai 3.x's hints name httpx2 clients
)
async_openai = AsyncAzureOpenAI(
    azure_endpoint="https://x.openai.azure.com",
    api_key="k",
    api_version="2024-10-21",
    http_client=cast(Any, httpx.AsyncClient(event_hooks=async_remediation_hooks())),
)
same: AzureOpenAI = instrument(sync_openai)
same_async: AsyncAzureOpenAI = instrument(async_openai)

try:
    pass
except RemediationError as error:
    diagnosis: Diagnosis = error.diagnosis

# inference_doctor.identity: drop-ins for azure-identity's get_bearer_token_provider (sync and async)
provider = bearer_token_provider(
    DefaultAzureCredential(),
    "https://cognitiveservices.azure.com/.default",
    endpoint="https://x.openai.azure.com",
)
token_text: str = provider()
with_provider = AzureOpenAI(
    azure_endpoint="https://x.openai.azure.com", azure_ad_token_provider=provider, api_version="2024-10-21"
)
async_provider = async_bearer_token_provider(AsyncDefaultAzureCredential(), "https://ai.azure.com/.default")
with_async_provider = AsyncAzureOpenAI(
    azure_endpoint="https://x.openai.azure.com",
    azure_ad_token_provider=async_provider,
    api_version="2024-10-21",
)

# anthropic: the middleware at construction (sync and async share one instance), instrument() keeps the type, and
# the enriched classes are anthropic's own and RemediationError.
middleware = RemediationMiddleware(include_names=False)
foundry = AnthropicFoundry(resource="x", api_key="k", middleware=[middleware])
async_foundry = AsyncAnthropicFoundry(resource="x", api_key="k", middleware=[middleware])
same_foundry: AnthropicFoundry = instrument_anthropic(foundry)
same_async_foundry: AsyncAnthropicFoundry = instrument_anthropic(async_foundry, include_names=True)
enriched_not_found: type[anthropic.NotFoundError] = enriched_class(anthropic.NotFoundError)

try:
    pass
except RemediationAuthenticationError as claude_error:
    status_401: int = claude_error.status_code
    claude_diagnosis: Diagnosis = claude_error.diagnosis
    whole_body: object = claude_error.body
