"""Calls a test runs in a child process (importable by name, as a spawned ``ProcessPoolExecutor`` worker needs)."""

from __future__ import annotations

from typing import Any

MODELS = "https://contoso-ai.services.ai.azure.com/models"


def complete_over_the_emulator(port: int, key: str, policy: bool) -> Any:
    """One chat completion through azure-ai-inference's ChatCompletionsClient, over the requests transport to the
    emulator listening on `port`, with or without RemediationPolicy. The exception it raises goes back to the
    parent pickled, as any worker's does."""
    from azure.ai.inference import ChatCompletionsClient
    from azure.core.credentials import AzureKeyCredential

    from inference_doctor.azure import RemediationPolicy
    from inference_doctor.emulator._azure_transports import RoutingRequestsTransport

    client = ChatCompletionsClient(
        MODELS,
        AzureKeyCredential(key),
        transport=RoutingRequestsTransport(port),
        per_call_policies=[RemediationPolicy()] if policy else [],
    )
    with client:
        return client.complete(messages=[{"role": "user", "content": "hi"}], model="gpt-4o")
