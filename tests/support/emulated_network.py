"""The emulator as the whole network, for code that builds its own HTTP clients (the README's snippets, LangChain,
azure-ai-projects' `get_openai_client()`): the lowest transports of httpx, httpx2, requests and aiohttp (azure-core)
send every request for an Azure host to the emulator, with the Azure URL kept for hooks and policies."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest

from inference_doctor.emulator import Emulator

README = Path(__file__).resolve().parents[2] / "README.md"


def route_everything_to(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """Patch the bottom transports so that whatever client code builds reaches `emu` (undone by monkeypatch)."""
    from azure.core.pipeline.transport import AioHttpTransport, RequestsTransport

    from inference_doctor.emulator import _azure_transports, _httpx_transports

    port = emu.port
    stacks = [(_httpx_transports._routed, "httpx")]
    if importlib.util.find_spec("httpx2") is not None:
        from inference_doctor.emulator import _httpx2_transports

        stacks.append((_httpx2_transports._routed, "httpx2"))
    for routed, name in stacks:
        module = importlib.import_module(name)
        sync_send = module.HTTPTransport.handle_request
        async_send = module.AsyncHTTPTransport.handle_async_request

        def handle(self: Any, request: Any, _send: Any = sync_send, _routed: Any = routed) -> Any:
            return _send(self, _routed(request, port))

        async def ahandle(self: Any, request: Any, _send: Any = async_send, _routed: Any = routed) -> Any:
            return await _send(self, _routed(request, port))

        monkeypatch.setattr(module.HTTPTransport, "handle_request", handle)
        monkeypatch.setattr(module.AsyncHTTPTransport, "handle_async_request", ahandle)

    requests_send, aiohttp_send = RequestsTransport.send, AioHttpTransport.send

    def send(self: Any, request: Any, **kwargs: Any) -> Any:
        with _azure_transports._rerouted(request, port):
            return requests_send(self, request, **kwargs)

    async def asend(self: Any, request: Any, **kwargs: Any) -> Any:
        with _azure_transports._rerouted(request, port):
            return await aiohttp_send(self, request, **kwargs)

    monkeypatch.setattr(RequestsTransport, "send", send)
    monkeypatch.setattr(AioHttpTransport, "send", asend)


def python_blocks() -> list[str]:
    """The README's ```python blocks, in order."""
    return re.findall(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), re.DOTALL | re.MULTILINE)


def readme_block(marker: str) -> str:
    """The one README python block that contains `marker`."""
    (block,) = [b for b in python_blocks() if marker in b]
    return block


def statements(block: str, **placeholders: str) -> list[str]:
    """The block's top-level statements as source, with `<name>` placeholders filled in."""
    for name, value in placeholders.items():
        block = block.replace(f"<{name}>", value)
    tree = ast.parse(block)
    lines = block.splitlines()
    return ["\n".join(lines[node.lineno - 1 : node.end_lineno]) for node in tree.body]


def run(block: str, namespace: dict[str, Any], **placeholders: str) -> list[Any]:
    """Execute a README block statement by statement; return every value assigned to `client` on the way."""
    clients = []
    for source in statements(block, **placeholders):
        exec(compile(source, "README.md", "exec"), namespace)
        if source.startswith("client = "):
            clients.append(namespace["client"])
    return clients
