"""Claude on Foundry with AsyncAnthropicFoundry, a streamed answer, and inference-doctor attached by instrument().

Against your own resource, set:

    ANTHROPIC_FOUNDRY_BASE_URL  https://<resource>.services.ai.azure.com/anthropic/
    CLAUDE_DEPLOYMENT           the Claude deployment's name, e.g. claude-sonnet-4-6
    (Microsoft Entra ID through DefaultAzureCredential: pip install azure-identity; the principal needs
    Cognitive Services User on the resource)

With neither set, the sample runs against inference-doctor's local emulator: a streamed answer, then a call whose
model= names the model instead of a deployment of the resource.

    python samples/claude_foundry_async.py
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable

import anthropic
from anthropic import AsyncAnthropicFoundry

from inference_doctor import RemediationError
from inference_doctor.anthropic import instrument

SCOPE = "https://ai.azure.com/.default"


async def ask(client: AsyncAnthropicFoundry, deployment: str) -> None:
    """One streamed message; an error prints the service's message followed by the cause and the fix."""
    try:
        async with client.messages.stream(
            model=deployment,
            max_tokens=64,
            messages=[{"role": "user", "content": "Say hello in five words."}],
        ) as stream:
            async for text in stream.text_stream:
                print(text, end="", flush=True)
        print()
    except RemediationError as error:  # also an anthropic.NotFoundError / AuthenticationError / ...
        print(error)
        print(f"\n(scenario: {error.diagnosis.scenario})")
    except anthropic.APIStatusError as error:
        print(f"the service answered {error.status_code}: {error.message}")


async def real_endpoint(base_url: str) -> int:
    """Call your resource with Entra ID."""
    from azure.identity.aio import DefaultAzureCredential, get_bearer_token_provider

    async with DefaultAzureCredential() as credential:
        client = instrument(
            AsyncAnthropicFoundry(
                base_url=base_url, azure_ad_token_provider=get_bearer_token_provider(credential, SCOPE)
            )
        )
        async with client:
            await ask(client, os.environ.get("CLAUDE_DEPLOYMENT", "claude-sonnet-4-6"))
    return 0


async def emulator() -> int:
    """Call the local emulator: the real SDK, with the bytes sent to 127.0.0.1."""
    from inference_doctor.emulator import Emulator, async_token_provider, defaults

    provider: Callable[[], Awaitable[str]] = async_token_provider(
        defaults.ALICE, SCOPE
    )  # get_bearer_token_provider
    async with Emulator() as emu:
        client = instrument(  # a client that already exists, e.g. one a framework built
            AsyncAnthropicFoundry(
                base_url=f"https://{defaults.RESOURCE}.services.ai.azure.com/anthropic/",
                azure_ad_token_provider=provider,
                http_client=emu.async_anthropic_http_client(),  # leave it out against Azure
            )
        )
        async with client:
            print(f"--- model={defaults.CLAUDE_HAIKU!r} (a deployment of the resource)")
            await ask(client, defaults.CLAUDE_HAIKU)
            print("\n--- model='claude-opus-4-6' (a model this resource has no deployment of)")
            await ask(client, "claude-opus-4-6")
    return 0


def main() -> int:
    base_url = os.environ.get("ANTHROPIC_FOUNDRY_BASE_URL")
    return asyncio.run(real_endpoint(base_url) if base_url else emulator())


if __name__ == "__main__":
    sys.exit(main())
