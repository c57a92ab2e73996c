"""instrument(): add inference-doctor to an openai client you did not construct.

Frameworks and helper libraries often build the AzureOpenAI client for you. `instrument(client)` adds the
remediation hook to that client's HTTP client (sync or async, httpx or httpx2), keeps any hooks already there, and
does nothing the second time. It returns the client, so it can wrap the call that produced it.

Against your own resource, set what AzureOpenAI reads from the environment by itself:

    AZURE_OPENAI_ENDPOINT     https://<resource>.openai.azure.com
    AZURE_OPENAI_API_KEY      the resource's key
    OPENAI_API_VERSION        e.g. 2024-10-21
    AZURE_OPENAI_DEPLOYMENT   the deployment name, e.g. gpt-4o-mini

With none of them set, the sample runs against inference-doctor's local emulator, with a key for a resource whose
key authentication is disabled, to show what an enriched error looks like.

    python samples/openai_instrument.py
"""

from __future__ import annotations

import os
import sys
from typing import Any

import openai
from openai import AzureOpenAI

from inference_doctor import RemediationError
from inference_doctor.openai import instrument


def client_from_a_framework(**overrides: Any) -> AzureOpenAI:
    """Stands in for code you do not control: it builds the client from the environment."""
    return AzureOpenAI(**overrides)


def ask(client: AzureOpenAI, deployment: str) -> None:
    """One chat completion; an error prints the service's message followed by the cause and the fix."""
    try:
        result = client.chat.completions.create(
            model=deployment, messages=[{"role": "user", "content": "Say hello in five words."}]
        )
        print(result.choices[0].message.content)
    except RemediationError as error:  # also an openai.PermissionDeniedError / AuthenticationError / ...
        print(error)
        print(f"\n(scenario: {error.diagnosis.scenario})")
    except openai.APIStatusError as error:
        print(f"the service answered {error.status_code}: {error.message}")


def real_endpoint() -> int:
    """Instrument the client the framework built from your environment, then call your resource."""
    client = instrument(client_from_a_framework())
    instrument(client)  # harmless: the hook is added once
    with client:
        ask(client, os.environ.get("AZURE_OPENAI_DEPLOYMENT", "gpt-4o-mini"))
    return 0


def emulator() -> int:
    """Call the local emulator: the real SDK, with the bytes sent to 127.0.0.1 and the hook seeing the Azure URL."""
    from inference_doctor.emulator import Emulator, defaults

    with Emulator() as emu:
        client = client_from_a_framework(
            azure_endpoint=f"https://{defaults.NO_KEYS_RESOURCE}.openai.azure.com",
            api_key=defaults.NO_KEYS_KEY,  # a key left in an environment variable
            api_version="2024-10-21",
            http_client=emu.httpx_client(),  # the framework's own HTTP client: no hooks of ours
        )
        client = instrument(client)
        with client:
            print(f"--- key for {defaults.NO_KEYS_RESOURCE}, whose key authentication is disabled")
            ask(client, defaults.CHAT)
    return 0


def main() -> int:
    return real_endpoint() if os.environ.get("AZURE_OPENAI_ENDPOINT") else emulator()


if __name__ == "__main__":
    sys.exit(main())
