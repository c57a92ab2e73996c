"""Claude on Foundry with AnthropicFoundry (sync) and inference-doctor's remediation middleware.

Against your own resource, set:

    ANTHROPIC_FOUNDRY_BASE_URL  https://<resource>.services.ai.azure.com/anthropic/
    CLAUDE_DEPLOYMENT           the Claude deployment's name, e.g. claude-sonnet-4-6
    ANTHROPIC_FOUNDRY_API_KEY   the resource's key; leave it unset to use Microsoft Entra ID through
                                DefaultAzureCredential (pip install azure-identity)

With none of them set, the sample runs against inference-doctor's local emulator: one call that works, then the
same call with the portal's full endpoint (.../anthropic/v1/messages) as the base URL, to show what an enriched
error looks like.

    python samples/claude_foundry_sync.py
"""

from __future__ import annotations

import os
import sys
from typing import Any

import anthropic
from anthropic import AnthropicFoundry

from inference_doctor import RemediationError
from inference_doctor.anthropic import RemediationMiddleware

SCOPE = "https://ai.azure.com/.default"


def ask(client: AnthropicFoundry, deployment: str) -> None:
    """One message; an error prints the service's message followed by the cause and the fix."""
    try:
        message = client.messages.create(
            model=deployment,
            max_tokens=64,
            messages=[{"role": "user", "content": "Say hello in five words."}],
        )
        print(message.content[0].text if message.content[0].type == "text" else message.content[0])
    except RemediationError as error:  # also an anthropic.AuthenticationError / NotFoundError / ...
        print(error)
        print(f"\n(scenario: {error.diagnosis.scenario})")
    except anthropic.APIStatusError as error:  # anything else (429, 529, a validation 400) is anthropic's own
        print(f"the service answered {error.status_code}: {error.message}")


def real_endpoint(base_url: str) -> int:
    """Call your resource, with a key or with Entra ID."""
    auth: dict[str, Any]
    if key := os.environ.get("ANTHROPIC_FOUNDRY_API_KEY"):
        auth = {"api_key": key}
    else:
        from azure.identity import DefaultAzureCredential, get_bearer_token_provider

        auth = {"azure_ad_token_provider": get_bearer_token_provider(DefaultAzureCredential(), SCOPE)}
    with AnthropicFoundry(base_url=base_url, middleware=[RemediationMiddleware()], **auth) as client:
        ask(client, os.environ.get("CLAUDE_DEPLOYMENT", "claude-sonnet-4-6"))
    return 0


def emulator() -> int:
    """Call the local emulator: the real SDK, with the bytes sent to 127.0.0.1 and the middleware seeing the Azure URL."""
    from inference_doctor.emulator import Emulator, defaults

    base_url = f"https://{defaults.RESOURCE}.services.ai.azure.com/anthropic/"
    with Emulator() as emu:
        print(f"--- base_url={base_url!r}")
        with AnthropicFoundry(
            base_url=base_url,
            api_key=defaults.KEY,  # os.environ["ANTHROPIC_FOUNDRY_API_KEY"]
            middleware=[RemediationMiddleware()],
            http_client=emu.anthropic_http_client(),  # leave it out against Azure
        ) as client:
            ask(client, defaults.CLAUDE_SONNET)
        print(f"\n--- base_url={base_url + 'v1/messages'!r} (the portal's full endpoint)")
        with AnthropicFoundry(
            base_url=base_url + "v1/messages",
            api_key=defaults.KEY,
            middleware=[RemediationMiddleware()],
            http_client=emu.anthropic_http_client(),
        ) as client:
            ask(client, defaults.CLAUDE_SONNET)
    return 0


def main() -> int:
    base_url = os.environ.get("ANTHROPIC_FOUNDRY_BASE_URL")
    return real_endpoint(base_url) if base_url else emulator()


if __name__ == "__main__":
    sys.exit(main())
