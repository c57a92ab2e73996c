"""The OpenAI class on Azure's /openai/v1/ route, with Entra ID and inference-doctor's remediation hook.

On the v1 route the deployment name goes in `model=`, no api_version is needed, and a token provider is passed
as `api_key` (openai calls it before every request, so tokens never go stale).

Against your own resource, set:

    AZURE_OPENAI_ENDPOINT     https://<resource>.openai.azure.com
    AZURE_OPENAI_DEPLOYMENT   the deployment name, e.g. gpt-4o-mini

It authenticates with DefaultAzureCredential (pip install azure-identity) and the scope
https://ai.azure.com/.default.

With none of them set, the sample runs against inference-doctor's local emulator: one call that works, then the
same call with a token from another Microsoft Entra tenant, to show what an enriched error looks like.

    python samples/openai_v1_route.py
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import httpx
import openai
from openai import OpenAI

from inference_doctor import RemediationError
from inference_doctor.openai import remediation_hooks

SCOPE = "https://ai.azure.com/.default"


def ask(client: OpenAI, deployment: str) -> None:
    """One chat completion; an error prints the service's message followed by the cause and the fix."""
    try:
        result = client.chat.completions.create(
            model=deployment, messages=[{"role": "user", "content": "Say hello in five words."}]
        )
        print(result.choices[0].message.content)
    except RemediationError as error:  # also an openai.BadRequestError / AuthenticationError / ...
        print(error)
        print(f"\n(scenario: {error.diagnosis.scenario})")
    except openai.APIStatusError as error:
        print(f"the service answered {error.status_code}: {error.message}")


def client_for(endpoint: str, provider: Callable[[], str], http_client: httpx.Client) -> OpenAI:
    """The client as you would build it: base_url ends in /openai/v1/, the token provider is the api_key."""
    return OpenAI(base_url=f"{endpoint.rstrip('/')}/openai/v1/", api_key=provider, http_client=http_client)


def real_endpoint(endpoint: str) -> int:
    """Call your resource with Entra ID."""
    from azure.identity import DefaultAzureCredential, get_bearer_token_provider

    provider = get_bearer_token_provider(DefaultAzureCredential(), SCOPE)
    with client_for(endpoint, provider, httpx.Client(event_hooks=remediation_hooks())) as client:
        ask(client, os.environ.get("AZURE_OPENAI_DEPLOYMENT", "gpt-4o-mini"))
    return 0


def emulator() -> int:
    """Call the local emulator: the real SDK, with the bytes sent to 127.0.0.1 and the hook seeing the Azure URL."""
    from inference_doctor.emulator import Emulator, defaults, token_provider

    endpoint = f"https://{defaults.RESOURCE}.openai.azure.com"
    with Emulator() as emu:
        print(f"--- signed in to the resource's tenant, model={defaults.CHAT!r}")
        http = emu.httpx_client(event_hooks=remediation_hooks())  # httpx.Client(event_hooks=...)
        with client_for(endpoint, token_provider(defaults.ALICE, SCOPE), http) as client:
            ask(client, defaults.CHAT)
        print("\n--- signed in to another tenant (a guest account, or az login into the wrong directory)")
        http = emu.httpx_client(event_hooks=remediation_hooks())
        with client_for(endpoint, token_provider(defaults.GUEST, SCOPE), http) as client:
            ask(client, defaults.CHAT)
    return 0


def main() -> int:
    endpoint = os.environ.get("AZURE_OPENAI_ENDPOINT")
    return real_endpoint(endpoint) if endpoint else emulator()


if __name__ == "__main__":
    sys.exit(main())
