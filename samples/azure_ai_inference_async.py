"""azure-ai-inference (async, aiohttp) with inference-doctor's AsyncRemediationPolicy.

Against your own endpoint, set:

    AZURE_AI_ENDPOINT   https://<resource>.services.ai.azure.com/models
    AZURE_AI_MODEL      the deployment name, e.g. gpt-4o-mini
    AZURE_AI_API_KEY    the resource's key; leave it unset to use Microsoft Entra ID through
                        DefaultAzureCredential (pip install azure-identity)

With none of them set, the sample runs against inference-doctor's local emulator: one streamed call that works,
then the same call with the SDK's default token scope, to show what an enriched error looks like.

    python samples/azure_ai_inference_async.py
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from azure.ai.inference.aio import ChatCompletionsClient
from azure.ai.inference.models import ChatRequestMessage, UserMessage
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError

from inference_doctor import RemediationError
from inference_doctor.azure import AsyncRemediationPolicy

PROMPT: list[ChatRequestMessage] = [UserMessage("Say hello in five words.")]


async def ask(client: ChatCompletionsClient, model: str) -> None:
    """One streamed chat completion; an error prints the service's message followed by the cause and the fix."""
    try:
        stream = await client.complete(messages=PROMPT, model=model, stream=True)
        async for update in stream:
            if update.choices and update.choices[0].delta.content:
                print(update.choices[0].delta.content, end="", flush=True)
        print()
    except (
        RemediationError
    ) as error:  # also a ClientAuthenticationError / HttpResponseError / ResourceNotFoundError
        print(error)
        print(f"\n(scenario: {error.diagnosis.scenario})")
    except HttpResponseError as error:  # anything else (429, 500, a content-filter 400) is the SDK's own
        print(f"the service answered {error.status_code}: {error.message}")


async def real_endpoint(endpoint: str) -> int:
    """Call your endpoint, with a key or with Entra ID."""
    credential: Any
    kwargs: dict[str, Any] = {}
    if key := os.environ.get("AZURE_AI_API_KEY"):
        credential = AzureKeyCredential(key)
    else:
        from azure.identity.aio import DefaultAzureCredential

        credential = DefaultAzureCredential()
        kwargs["credential_scopes"] = ["https://ai.azure.com/.default"]  # the SDK's default is ml.azure.com
    async with ChatCompletionsClient(
        endpoint, credential, per_call_policies=[AsyncRemediationPolicy()], **kwargs
    ) as client:
        await ask(client, os.environ.get("AZURE_AI_MODEL", "gpt-4o-mini"))
    return 0


async def emulator() -> int:
    """Call the local emulator: the real SDK and aiohttp transport, with the bytes sent to 127.0.0.1."""
    from inference_doctor.emulator import defaults
    from inference_doctor.emulator.credentials import AsyncEmulatorCredential
    from inference_doctor.emulator.server import Emulator

    endpoint = f"https://{defaults.RESOURCE}.services.ai.azure.com/models"
    async with Emulator() as emu:
        for title, scopes in (
            ("credential_scopes=['https://ai.azure.com/.default']", ["https://ai.azure.com/.default"]),
            ("no credential_scopes (the SDK asks for https://ml.azure.com/.default)", None),
        ):
            print(f"--- {title}")
            kwargs: dict[str, Any] = {"credential_scopes": scopes} if scopes else {}
            async with ChatCompletionsClient(
                endpoint,
                AsyncEmulatorCredential(
                    defaults.ALICE
                ),  # your code: azure.identity.aio.DefaultAzureCredential()
                per_call_policies=[AsyncRemediationPolicy()],
                transport=emu.aiohttp_transport(),  # your code leaves this out
                **kwargs,
            ) as client:
                await ask(client, defaults.CHAT)
            print()
    return 0


def main() -> int:
    endpoint = os.environ.get("AZURE_AI_ENDPOINT")
    return asyncio.run(real_endpoint(endpoint) if endpoint else emulator())


if __name__ == "__main__":
    sys.exit(main())
