"""Every python snippet of the README, run as written (placeholders filled in) with the current release of what it
names, against the emulator standing in for the network."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError
from emulated_network import python_blocks, readme_block, route_everything_to, run, statements

from inference_doctor import RemediationError, find_diagnosis
from inference_doctor.emulator import Emulator, EmulatorCredential, async_token_provider, token_provider
from inference_doctor.emulator import defaults as d

MARKERS = {
    "azure-ai-inference": "from azure.ai.inference import ChatCompletionsClient",
    "azure-ai-projects": "AIProjectClient(",
    "openai clients": "client = AzureOpenAI(",
    "instrument": "client = instrument(client)",
    "anthropic": "AnthropicFoundry(resource=",
    "langchain": "AzureChatOpenAI(",
    "except": "except RemediationError as error:",
    "token provider": "provider = bearer_token_provider(",
}
MESSAGES = [{"role": "user", "content": "Hi"}]


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


@pytest.fixture
def network(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """The emulator as the network, and no Azure or OpenAI settings from the environment."""
    for name in ("AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "OPENAI_API_VERSION", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    route_everything_to(emulator, monkeypatch)
    return emulator


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def capturing_logger() -> tuple[logging.Logger, Records]:
    log = logging.getLogger("readme-snippet")
    log.propagate = False
    log.handlers = [handler := Records()]
    return log, handler


def test_every_python_snippet_has_a_test_here():
    """Each README python block is claimed by exactly one marker below, so a new snippet needs a new test."""
    blocks = python_blocks()
    assert len(blocks) == len(MARKERS)
    for marker in MARKERS.values():
        assert sum(marker in b for b in blocks) == 1, marker


def test_azure_ai_inference_clients_sync_and_async(network: Emulator):
    """Both clients of the azure-ai-inference snippet raise the enriched exception (key auth disabled)."""
    ns: dict[str, Any] = {
        "endpoint": f"https://{d.NO_KEYS_RESOURCE}.services.ai.azure.com/models",
        "credential": AzureKeyCredential(d.NO_KEYS_KEY),
    }
    sync_client, async_client = run(readme_block(MARKERS["azure-ai-inference"]), ns)
    with pytest.raises(HttpResponseError) as sync_error:
        sync_client.complete(messages=MESSAGES, model=d.CHAT)

    async def call() -> None:
        async with async_client:
            await async_client.complete(messages=MESSAGES, model=d.CHAT)

    with pytest.raises(HttpResponseError) as async_error:
        asyncio.run(call())
    for error in (sync_error.value, async_error.value):
        assert isinstance(error, RemediationError)
        assert error.diagnosis.scenario == "key-auth-disabled"


def test_openai_clients_with_a_token_provider(network: Emulator):
    """AzureOpenAI and OpenAI on /openai/v1/, as the snippet builds them: a role-less principal's 401 diagnosed."""
    ns: dict[str, Any] = {"provider": token_provider(d.OWNER, "https://ai.azure.com/.default")}
    clients = run(readme_block(MARKERS["openai clients"]), ns, resource=d.RESOURCE)
    assert [type(c).__name__ for c in clients] == ["AzureOpenAI", "OpenAI"]
    for client in clients:
        with pytest.raises(openai.AuthenticationError) as info:
            client.chat.completions.create(model=d.CHAT, messages=MESSAGES)
        assert isinstance(info.value, RemediationError)
        assert info.value.diagnosis.scenario == "role-missing"


def test_instrument_an_existing_client(network: Emulator):
    """`client = instrument(client)` on a client built with openai's own HTTP client."""
    client = openai.AzureOpenAI(
        azure_endpoint=f"https://{d.NO_KEYS_RESOURCE}.openai.azure.com",
        api_key=d.NO_KEYS_KEY,
        api_version="2024-10-21",
    )
    ns: dict[str, Any] = {"client": client}
    (instrumented,) = run(readme_block(MARKERS["instrument"]), ns)
    assert instrumented is client
    with pytest.raises(openai.PermissionDeniedError) as info:
        client.chat.completions.create(model=d.CHAT, messages=MESSAGES)
    assert isinstance(info.value, RemediationError)
    assert info.value.diagnosis.scenario == "key-auth-disabled"


def test_anthropic_foundry_clients_and_instrument(network: Emulator):
    """The Claude snippet's two clients, and a client it instruments, diagnose a missing deployment."""
    anthropic = pytest.importorskip("anthropic", reason="anthropic is in the anthropic extra")
    ns: dict[str, Any] = {
        "key": d.KEY,
        "provider": async_token_provider(d.ALICE, "https://ai.azure.com/.default"),
        "claude": anthropic.AnthropicFoundry(resource=d.RESOURCE, api_key=d.KEY),
    }
    sync_client, async_client = run(readme_block(MARKERS["anthropic"]), ns, resource=d.RESOURCE)
    assert [type(c).__name__ for c in (sync_client, async_client)] == [
        "AnthropicFoundry",
        "AsyncAnthropicFoundry",
    ]
    call = {"model": "claude-opus-4-6", "max_tokens": 16, "messages": MESSAGES}
    errors = []
    for client in (sync_client, ns["claude"]):
        with pytest.raises(anthropic.NotFoundError) as info:
            client.messages.create(**call)
        errors.append(info.value)

    async def acall() -> None:
        async with async_client:
            await async_client.messages.create(**call)

    with pytest.raises(anthropic.NotFoundError) as async_info:
        asyncio.run(acall())
    for error in (*errors, async_info.value):
        assert isinstance(error, RemediationError)
        assert error.diagnosis.scenario == "anthropic-deployment-not-found"


def test_except_remediation_error_logs_the_diagnosis(network: Emulator):
    """The `except RemediationError` snippet logs the title with the diagnosis as structured data, then re-raises."""
    log, handler = capturing_logger()
    client = openai.AzureOpenAI(
        azure_endpoint=f"https://{d.RESOURCE}.openai.azure.com",
        api_key=d.KEY,
        api_version="2024-10-21",
    )
    ns: dict[str, Any] = {"client": client, "messages": MESSAGES, "log": log}
    for source in statements(readme_block(MARKERS["instrument"])):
        exec(source, ns)
    block = readme_block(MARKERS["except"]).replace('model="gpt-4o-mini"', 'model="gpt-5-nowhere"')
    with pytest.raises(openai.NotFoundError):
        run(block, ns)
    (record,) = handler.records
    assert record.diagnosis["scenario"] == "deployment-not-found"  # type: ignore[attr-defined]
    assert record.getMessage() == record.diagnosis["title"]  # type: ignore[attr-defined]


def test_azure_ai_projects_snippet_works_for_a_member(network: Emulator):
    """With a principal that holds a data role, the azure-ai-projects snippet lists and chats through the emulator."""
    pytest.importorskip("azure.ai.projects", reason="azure-ai-projects is in the frameworks extra")
    ns: dict[str, Any] = {"credential": EmulatorCredential(d.PROJECT_MEMBER)}
    run(readme_block(MARKERS["azure-ai-projects"]), ns, resource=d.RESOURCE, project=d.PROJECT)
    assert ns["names"][:2] == [d.CHAT, d.EMBEDDING]
    assert network.count(path=f"/api/projects/{d.PROJECT}/openai/v1/chat/completions") == 1


def test_azure_ai_projects_snippet_diagnoses_both_clients(network: Emulator):
    """For a principal without a data role, the project's own call and its openai client's call are both diagnosed."""
    pytest.importorskip("azure.ai.projects", reason="azure-ai-projects is in the frameworks extra")
    ns: dict[str, Any] = {"credential": EmulatorCredential(d.OWNER)}
    steps = statements(readme_block(MARKERS["azure-ai-projects"]), resource=d.RESOURCE, project=d.PROJECT)
    listing = next(i for i, s in enumerate(steps) if "deployments.list()" in s)
    for source in steps[:listing]:
        exec(source, ns)
    with pytest.raises(HttpResponseError) as project_error:
        exec(steps[listing], ns)
    for source in steps[listing + 1 : -1]:
        exec(source, ns)
    with pytest.raises(openai.AuthenticationError) as openai_error:
        exec(steps[-1], ns)
    for error in (project_error.value, openai_error.value):
        assert isinstance(error, RemediationError)
        assert error.diagnosis.scenario == "role-missing"


@pytest.fixture
def langchain_env(network: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """What AzureChatOpenAI reads from the environment: a resource whose key authentication is disabled."""
    pytest.importorskip("langchain_openai", reason="langchain-openai is in the frameworks extra")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", f"https://{d.NO_KEYS_RESOURCE}.openai.azure.com")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", d.NO_KEYS_KEY)


def test_langchain_snippet_finds_the_wrapped_diagnosis(langchain_env: None):
    """LangChain re-raises its own exception class; the snippet's find_diagnosis still logs the diagnosis."""
    log, handler = capturing_logger()
    ns: dict[str, Any] = {"log": log}
    with pytest.raises(openai.PermissionDeniedError) as info:
        run(readme_block(MARKERS["langchain"]), ns)
    error = info.value
    assert type(error).__module__.startswith("langchain_openai")  # the framework's class, not ours
    assert not isinstance(error, RemediationError)
    assert isinstance(error.__cause__, RemediationError)
    (record,) = handler.records
    assert "error[key-auth-disabled]" in record.getMessage()
    assert d.NO_KEYS_KEY not in record.getMessage(), "key leaked"


def test_langchain_async_client_from_the_snippet(langchain_env: None):
    """The snippet's http_async_client carries the async hooks: `ainvoke` is diagnosed too."""
    ns: dict[str, Any] = {"log": logging.getLogger("unused")}
    steps = statements(readme_block(MARKERS["langchain"]))
    for source in steps[:-1]:  # everything but the try/except
        exec(source, ns)
    with pytest.raises(openai.PermissionDeniedError) as info:
        asyncio.run(ns["llm"].ainvoke("hello"))
    diagnosis = find_diagnosis(info.value)
    assert diagnosis is not None
    assert diagnosis.scenario == "key-auth-disabled"


def test_bearer_token_provider_snippet_diagnoses_a_signed_out_cli(monkeypatch: pytest.MonkeyPatch):
    """The snippet's provider, its credential a real AzureCliCredential with a signed-out stand-in `az` (never
    DefaultAzureCredential's managed-identity probe): the credential's own class, enriched as cli-login-required."""
    import azure.identity
    from azure.core.exceptions import ClientAuthenticationError

    from inference_doctor.emulator.credential_reproductions import AZ_SIGNED_OUT
    from inference_doctor.emulator.standins import credential_sandbox

    monkeypatch.setattr(azure.identity, "DefaultAzureCredential", azure.identity.AzureCliCredential)
    ns: dict[str, Any] = {}
    with credential_sandbox(clis={"az": AZ_SIGNED_OUT}):
        run(readme_block(MARKERS["token provider"]), ns, resource=d.RESOURCE)
        with pytest.raises(ClientAuthenticationError) as info:
            ns["provider"]()
    assert isinstance(info.value, RemediationError)
    assert str(info.value).startswith("Please run 'az login'")
    assert info.value.diagnosis.scenario == "cli-login-required"
    assert "https://cognitiveservices.azure.com/.default" in info.value.diagnosis.render()
