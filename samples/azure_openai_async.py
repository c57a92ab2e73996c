"""AsyncAzureOpenAI with inference-doctor's async remediation hook.

Against your own resource, set:

    AZURE_OPENAI_ENDPOINT     https://<resource>.openai.azure.com
    AZURE_OPENAI_DEPLOYMENT   the deployment name, e.g. gpt-4o-mini
    OPENAI_API_VERSION        optional, default 2024-10-21

It authenticates with Microsoft Entra ID through azure-identity's async DefaultAzureCredential
(pip install azure-identity aiohttp), asking for https://ai.azure.com/.default.

With none of them set, the sample runs against inference-doctor's local emulator: one streamed call that works,
then the same call as a principal that holds only Owner on the resource (no data-plane role), to show what an
enriched error looks like.

    python samples/azure_openai_async.py
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable

import httpx
import openai
from openai import AsyncAzureOpenAI

from inference_doctor import RemediationError
from inference_doctor.openai import async_remediation_hooks

SCOPE = "https://ai.azure.com/.default"


async def ask(client: AsyncAzureOpenAI, deployment: str) -> None:
    """One streamed chat completion; an error prints the service's message followed by the cause and the fix."""
    try:
        stream = await client.chat.completions.create(
            model=deployment, messages=[{"role": "user", "content": "Say hello in five words."}], stream=True
        )
        async for chunk in stream:  # chunks arrive as the service sends them: the hook never reads a success
            if chunk.choices and chunk.choices[0].delta.content:
                print(chunk.choices[0].delta.content, end="", flush=True)
        print()
    except RemediationError as error:  # also an openai.AuthenticationError / PermissionDeniedError / ...
        print(error)
        print(f"\n(scenario: {error.diagnosis.scenario})")
    except openai.APIStatusError as error:
        print(f"the service answered {error.status_code}: {error.message}")


def client_for(
    endpoint: str, provider: Callable[[], Awaitable[str]], http_client: httpx.AsyncClient
) -> AsyncAzureOpenAI:
    """The client as you would build it: the async hook goes on the httpx.AsyncClient."""
    return AsyncAzureOpenAI(
        azure_endpoint=endpoint,
        api_version=os.environ.get("OPENAI_API_VERSION", "2024-10-21"),
        azure_ad_token_provider=provider,
        http_client=http_client,
    )


async def real_endpoint(endpoint: str) -> int:
    """Call your resource with Entra ID."""
    from azure.identity.aio import DefaultAzureCredential, get_bearer_token_provider

    async with DefaultAzureCredential() as credential:
        provider = get_bearer_token_provider(credential, SCOPE)
        http = httpx.AsyncClient(event_hooks=async_remediation_hooks())
        async with client_for(endpoint, provider, http) as client:
            await ask(client, os.environ.get("AZURE_OPENAI_DEPLOYMENT", "gpt-4o-mini"))
    return 0


async def emulator() -> int:
    """Call the local emulator: the real SDK, with the bytes sent to 127.0.0.1 and the hook seeing the Azure URL."""
    from inference_doctor.emulator import Emulator, async_token_provider, defaults

    endpoint = f"https://{defaults.RESOURCE}.openai.azure.com"
    async with Emulator(stream_delay=0.02) as emu:
        print(f"--- as a Cognitive Services User, model={defaults.CHAT!r}")
        http = emu.async_httpx_client(event_hooks=async_remediation_hooks())
        async with client_for(endpoint, async_token_provider(defaults.ALICE, SCOPE), http) as client:
            await ask(client, defaults.CHAT)
        print("\n--- as a principal holding only Owner and Contributor on the resource")
        http = emu.async_httpx_client(event_hooks=async_remediation_hooks())
        async with client_for(endpoint, async_token_provider(defaults.OWNER, SCOPE), http) as client:
            await ask(client, defaults.CHAT)
    return 0


def main() -> int:
    endpoint = os.environ.get("AZURE_OPENAI_ENDPOINT")
    return asyncio.run(real_endpoint(endpoint) if endpoint else emulator())


if __name__ == "__main__":
    sys.exit(main())
