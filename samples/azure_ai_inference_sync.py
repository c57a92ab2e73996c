"""azure-ai-inference (sync) with inference-doctor's RemediationPolicy.

Against your own endpoint, set:

    AZURE_AI_ENDPOINT   https://<resource>.services.ai.azure.com/models
    AZURE_AI_MODEL      the deployment name, e.g. gpt-4o-mini
    AZURE_AI_API_KEY    the resource's key; leave it unset to use Microsoft Entra ID through
                        DefaultAzureCredential (pip install azure-identity)

With none of them set, the sample runs against inference-doctor's local emulator: one call that works, then the
same call with a deployment name that does not exist, to show what an enriched error looks like.

    python samples/azure_ai_inference_sync.py
"""

from __future__ import annotations

import os
import sys
from typing import Any

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import ChatRequestMessage, UserMessage
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError

from inference_doctor import RemediationError
from inference_doctor.azure import RemediationPolicy

PROMPT: list[ChatRequestMessage] = [UserMessage("Say hello in five words.")]


def ask(client: ChatCompletionsClient, model: str) -> None:
    """One chat completion; an error prints the service's message followed by the cause and the fix."""
    try:
        result = client.complete(messages=PROMPT, model=model)
        print(result.choices[0].message.content)
    except (
        RemediationError
    ) as error:  # also a ClientAuthenticationError / HttpResponseError / ResourceNotFoundError
        print(error)
        print(f"\n(scenario: {error.diagnosis.scenario})")
    except HttpResponseError as error:  # anything else (429, 500, a content-filter 400) is the SDK's own
        print(f"the service answered {error.status_code}: {error.message}")


def real_endpoint(endpoint: str) -> int:
    """Call your endpoint, with a key or with Entra ID."""
    credential: Any
    kwargs: dict[str, Any] = {}
    if key := os.environ.get("AZURE_AI_API_KEY"):
        credential = AzureKeyCredential(key)
    else:
        from azure.identity import DefaultAzureCredential

        credential = DefaultAzureCredential()
        kwargs["credential_scopes"] = ["https://ai.azure.com/.default"]  # the SDK's default is ml.azure.com
    with ChatCompletionsClient(
        endpoint, credential, per_call_policies=[RemediationPolicy()], **kwargs
    ) as client:
        ask(client, os.environ.get("AZURE_AI_MODEL", "gpt-4o-mini"))
    return 0


def emulator() -> int:
    """Call the local emulator: the real SDK and transport, with the bytes sent to 127.0.0.1."""
    from inference_doctor.emulator import defaults
    from inference_doctor.emulator.server import Emulator

    with Emulator() as emu:
        endpoint = f"https://{defaults.RESOURCE}.services.ai.azure.com/models"
        with ChatCompletionsClient(
            endpoint,
            AzureKeyCredential(defaults.KEY),
            per_call_policies=[RemediationPolicy()],
            transport=emu.requests_transport(),  # your code leaves this out
        ) as client:
            print(f"--- model={defaults.CHAT!r} (a deployment of the resource)")
            ask(client, defaults.CHAT)
            print(f"\n--- model={defaults.CHAT + '-prod'!r} (no such deployment)")
            ask(client, defaults.CHAT + "-prod")
    return 0


def main() -> int:
    endpoint = os.environ.get("AZURE_AI_ENDPOINT")
    return real_endpoint(endpoint) if endpoint else emulator()


if __name__ == "__main__":
    sys.exit(main())
