"""AzureOpenAI (sync) with inference-doctor's remediation hook.

Against your own resource, set:

    AZURE_OPENAI_ENDPOINT     https://<resource>.openai.azure.com
    AZURE_OPENAI_DEPLOYMENT   the deployment name, e.g. gpt-4o-mini
    OPENAI_API_VERSION        optional, default 2024-10-21
    AZURE_OPENAI_API_KEY      the resource's key; leave it unset to use Microsoft Entra ID through
                              DefaultAzureCredential (pip install azure-identity)

With none of them set, the sample runs against inference-doctor's local emulator: one call that works, then the
same call with the model's name where the deployment's name belongs, to show what an enriched error looks like.

    python samples/azure_openai_sync.py
"""

from __future__ import annotations

import os
import sys
from typing import Any

import httpx
import openai
from openai import AzureOpenAI

from inference_doctor import RemediationError
from inference_doctor.openai import remediation_hooks

SCOPE = "https://ai.azure.com/.default"


def ask(client: AzureOpenAI, deployment: str) -> None:
    """One chat completion; an error prints the service's message followed by the cause and the fix."""
    try:
        result = client.chat.completions.create(
            model=deployment, messages=[{"role": "user", "content": "Say hello in five words."}]
        )
        print(result.choices[0].message.content)
    except RemediationError as error:  # also an openai.AuthenticationError / NotFoundError / ...
        print(error)
        print(f"\n(scenario: {error.diagnosis.scenario})")
    except openai.APIStatusError as error:  # anything else (429, 500, a content-filter 400) is openai's own
        print(f"the service answered {error.status_code}: {error.message}")


def real_endpoint(endpoint: str) -> int:
    """Call your resource, with a key or with Entra ID."""
    auth: dict[str, Any]
    if key := os.environ.get("AZURE_OPENAI_API_KEY"):
        auth = {"api_key": key}
    else:
        from azure.identity import DefaultAzureCredential, get_bearer_token_provider

        auth = {"azure_ad_token_provider": get_bearer_token_provider(DefaultAzureCredential(), SCOPE)}
    client = AzureOpenAI(
        azure_endpoint=endpoint,
        api_version=os.environ.get("OPENAI_API_VERSION", "2024-10-21"),
        http_client=httpx.Client(event_hooks=remediation_hooks()),
        **auth,
    )
    with client:
        ask(client, os.environ.get("AZURE_OPENAI_DEPLOYMENT", "gpt-4o-mini"))
    return 0


def emulator() -> int:
    """Call the local emulator: the real SDK, with the bytes sent to 127.0.0.1 and the hook seeing the Azure URL."""
    from inference_doctor.emulator import Emulator, defaults, token_provider

    with Emulator() as emu:
        client = AzureOpenAI(
            azure_endpoint=f"https://{defaults.RESOURCE}.openai.azure.com",
            api_version="2024-10-21",
            azure_ad_token_provider=token_provider(defaults.ALICE, SCOPE),  # get_bearer_token_provider(...)
            http_client=emu.httpx_client(event_hooks=remediation_hooks()),  # httpx.Client(event_hooks=...)
        )
        with client:
            print(f"--- model={defaults.CHAT!r} (a deployment of the resource)")
            ask(client, defaults.CHAT)
            print("\n--- model='gpt-4o' (a model name, not a deployment of this resource)")
            ask(client, "gpt-4o")
    return 0


def main() -> int:
    endpoint = os.environ.get("AZURE_OPENAI_ENDPOINT")
    return real_endpoint(endpoint) if endpoint else emulator()


if __name__ == "__main__":
    sys.exit(main())
