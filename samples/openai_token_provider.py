"""AzureOpenAI with Microsoft Entra ID, through inference-doctor's token provider.

openai calls the token provider before it sends anything, so when the credential cannot get a token (signed out
of the Azure CLI, a wrong client secret, no managed identity) its exception reaches you raw, and no httpx hook
sees it. `inference_doctor.identity.bearer_token_provider` is azure-identity's `get_bearer_token_provider` that
says why: the same exception class (`except ClientAuthenticationError` still works), its own message first, then
the cause and the fix.

Against your own resource, set:

    AZURE_OPENAI_ENDPOINT     https://<resource>.openai.azure.com
    AZURE_OPENAI_DEPLOYMENT   the deployment name, e.g. gpt-4o-mini
    OPENAI_API_VERSION        optional, default 2024-10-21

(the token comes from DefaultAzureCredential: pip install "inference-doctor[identity]").

With none of them set, the sample runs against inference-doctor's local emulator with the real
AzureCliCredential and a stand-in `az` (never the real one): one call signed in, which works, then one signed out.

    python samples/openai_token_provider.py
"""

from __future__ import annotations

import logging
import os
import sys

import httpx
import openai
from azure.core.exceptions import ClientAuthenticationError
from openai import AzureOpenAI

from inference_doctor import RemediationError
from inference_doctor.identity import bearer_token_provider
from inference_doctor.openai import remediation_hooks

SCOPE = "https://cognitiveservices.azure.com/.default"


def ask(client: AzureOpenAI, deployment: str) -> None:
    """One chat completion; a failure prints the original message followed by the cause and the fix."""
    try:
        result = client.chat.completions.create(
            model=deployment, messages=[{"role": "user", "content": "Say hello in five words."}]
        )
        print(result.choices[0].message.content)
    except RemediationError as error:  # the credential's own class (or openai's status error), explained
        print(error)
        print(f"\n(scenario: {error.diagnosis.scenario})")
    except ClientAuthenticationError as error:  # a credential failure inference-doctor did not recognise
        print(f"the credential failed: {error.message}")
    except openai.APIStatusError as error:
        print(f"the service answered {error.status_code}: {error.message}")


def real_endpoint(endpoint: str) -> int:
    """Call your resource with DefaultAzureCredential's token."""
    from azure.identity import DefaultAzureCredential

    client = AzureOpenAI(
        azure_endpoint=endpoint,
        api_version=os.environ.get("OPENAI_API_VERSION", "2024-10-21"),
        # instead of get_bearer_token_provider(DefaultAzureCredential(), SCOPE):
        azure_ad_token_provider=bearer_token_provider(DefaultAzureCredential(), SCOPE, endpoint=endpoint),
        http_client=httpx.Client(event_hooks=remediation_hooks()),  # the service's 401/403/404 explained too
    )
    with client:
        ask(client, os.environ.get("AZURE_OPENAI_DEPLOYMENT", "gpt-4o-mini"))
    return 0


def emulator() -> int:
    """The real AzureCliCredential against a stand-in `az` (signed in, then signed out), the call to 127.0.0.1."""
    from azure.identity import AzureCliCredential

    from inference_doctor.emulator import Emulator, defaults
    from inference_doctor.emulator.credential_reproductions import AZ_SIGNED_OUT, az_token
    from inference_doctor.emulator.standins import credential_sandbox

    # azure-identity also logs each failed attempt at WARNING (to stderr, with no logging configured); the walkthrough
    # shows the exception, which carries the same text
    logging.getLogger("azure.identity").setLevel(logging.ERROR)
    endpoint = f"https://{defaults.RESOURCE}.openai.azure.com"
    situations = (
        ("signed in to the Azure CLI", az_token(defaults.ALICE, SCOPE)),
        ("signed out of the Azure CLI", AZ_SIGNED_OUT),
    )
    with Emulator() as emu:
        for situation, az in situations:
            print(f"--- {situation}")
            with credential_sandbox(clis={"az": az}):  # PATH holds only the stand-in `az`
                client = AzureOpenAI(
                    azure_endpoint=endpoint,
                    api_version="2024-10-21",
                    azure_ad_token_provider=bearer_token_provider(
                        AzureCliCredential(), SCOPE, endpoint=endpoint
                    ),
                    http_client=emu.httpx_client(
                        event_hooks=remediation_hooks()
                    ),  # httpx.Client(event_hooks=...)
                )
                with client:
                    ask(client, defaults.CHAT)
            print()
    return 0


def main() -> int:
    endpoint = os.environ.get("AZURE_OPENAI_ENDPOINT")
    return real_endpoint(endpoint) if endpoint else emulator()


if __name__ == "__main__":
    sys.exit(main())
