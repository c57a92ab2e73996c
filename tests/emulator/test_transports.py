"""Routing transports: interceptors see the real Azure URL while the bytes go to 127.0.0.1."""

from __future__ import annotations

import importlib.util
from typing import Any

import httpx
import pytest
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
from azure.core.credentials import AzureKeyCredential
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import SansIOHTTPPolicy
from openai import AzureOpenAI

from inference_doctor.emulator import Emulator
from inference_doctor.emulator import defaults as d

MODELS = f"https://{d.RESOURCE}.services.ai.azure.com/models"
AOAI = f"https://{d.RESOURCE}.openai.azure.com"
HOST = f"{d.RESOURCE}.services.ai.azure.com"


class Recorder(SansIOHTTPPolicy[Any, Any]):
    """Records the URL and Host the pipeline shows a per-call policy."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.response_urls: list[str] = []

    def on_request(self, request: PipelineRequest[Any]) -> None:
        self.urls.append(request.http_request.url)

    def on_response(self, request: PipelineRequest[Any], response: PipelineResponse[Any, Any]) -> None:
        self.response_urls.append(request.http_request.url)
        self.response_urls.append(response.http_response.request.url)


def test_azure_policy_sees_the_azure_url(emulator: Emulator) -> None:
    """A per-call policy sees https://<res>.services.ai.azure.com/models/... while the emulator got the bytes."""
    recorder = Recorder()
    with ChatCompletionsClient(
        MODELS,
        AzureKeyCredential(d.KEY),
        transport=emulator.requests_transport(),
        per_call_policies=[recorder],
    ) as client:
        client.complete(messages=[{"role": "user", "content": "hi"}], model=d.CHAT)
    expected = f"{MODELS}/chat/completions?api-version=2024-05-01-preview"
    assert recorder.urls == [expected]
    assert recorder.response_urls == [expected, expected]
    assert emulator.count(host=HOST, path="/models/chat/completions") == 1


async def test_async_azure_policy_sees_the_azure_url() -> None:
    """Over aiohttp too, the policy sees the Azure URL and the request reaches the emulator."""
    recorder = Recorder()
    async with (
        Emulator() as emu,
        AsyncChatCompletionsClient(
            MODELS, AzureKeyCredential(d.KEY), transport=emu.aiohttp_transport(), per_call_policies=[recorder]
        ) as client,
    ):
        await client.complete(messages=[{"role": "user", "content": "hi"}], model=d.CHAT)
        assert emu.count(host=HOST) == 1
    assert recorder.urls == [f"{MODELS}/chat/completions?api-version=2024-05-01-preview"]


HTTP_STACKS = ["httpx"] + (
    ["httpx2"] if importlib.util.find_spec("httpx2") else []
)  # httpx2 comes with openai 3.x


@pytest.mark.parametrize("http", HTTP_STACKS)
def test_httpx_hooks_see_the_azure_url(emulator: Emulator, http: str) -> None:
    """httpx (and httpx2) request and response hooks see the Azure URL; the emulator counts the request."""
    seen: list[str] = []
    hooks: dict[str, list[Any]] = {
        "request": [lambda request: seen.append(str(request.url))],
        "response": [lambda response: seen.append(str(response.request.url))],
    }
    http_client = (
        emulator.httpx_client(event_hooks=hooks)
        if http == "httpx"
        else emulator.httpx2_client(event_hooks=hooks)
    )
    with AzureOpenAI(
        azure_endpoint=AOAI, api_key=d.KEY, api_version="2024-10-21", http_client=http_client
    ) as client:
        client.chat.completions.create(model=d.CHAT, messages=[{"role": "user", "content": "hi"}])
    url = f"{AOAI}/openai/deployments/{d.CHAT}/chat/completions?api-version=2024-10-21"
    assert seen == [url, url]
    assert emulator.count(host=f"{d.RESOURCE}.openai.azure.com") == 1


def test_request_leaves_the_transport_unchanged(emulator: Emulator) -> None:
    """After a send, the azure-core request still has its Azure URL and no added Host header."""
    from azure.core.rest import HttpRequest

    request = HttpRequest(
        "POST", f"{MODELS}/chat/completions?api-version=2024-05-01-preview", json={"model": d.CHAT}
    )
    request.headers["api-key"] = d.KEY
    transport = emulator.requests_transport()
    with transport:
        response = transport.send(request)
    assert response.status_code == 200
    assert request.url.startswith("https://")
    assert "Host" not in request.headers


def test_plain_httpx_transport_keeps_the_host(emulator: Emulator) -> None:
    """A plain httpx request through the transport reaches the emulator with the Azure Host."""
    with httpx.Client(transport=emulator.httpx_transport()) as client:
        response = client.get(
            f"https://{d.SERVERLESS}.{d.REGION}.models.ai.azure.com/info",
            headers={"api-key": d.SERVERLESS_KEY},
        )
    assert response.status_code == 200
    assert response.json()["model_name"] == d.LLAMA
    assert str(response.request.url).startswith("https://")


@pytest.mark.skipif("httpx2" not in HTTP_STACKS, reason="httpx2 is installed with openai 3.x only")
def test_httpx2_transport_is_an_httpx2_transport(emulator: Emulator) -> None:
    """The httpx2 transport plugs into an httpx2 client."""
    import httpx2

    with httpx2.Client(transport=emulator.httpx2_transport()) as client:
        response = client.get(
            f"https://{d.SERVERLESS}.{d.REGION}.models.ai.azure.com/info",
            headers={"api-key": d.SERVERLESS_KEY},
        )
    assert response.status_code == 200


def test_counter_counts_per_host_and_path(emulator: Emulator) -> None:
    """`counts()` groups requests by host and path, and `reset_counts()` clears them."""
    with httpx.Client(transport=emulator.httpx_transport()) as client:
        for _ in range(3):
            client.get(f"{AOAI}/nothing-here")
    assert emulator.counts() == {(f"{d.RESOURCE}.openai.azure.com", "/nothing-here"): 3}
    assert [s.status for s in emulator.seen] == [404, 404, 404]
    emulator.reset_counts()
    assert emulator.count() == 0
