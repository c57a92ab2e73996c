"""Attaching the middleware: at construction, through instrument() on an existing client, and on copies."""

from __future__ import annotations

from typing import Any

import anthropic
import pytest

from inference_doctor import RemediationError
from inference_doctor.anthropic import RemediationMiddleware, instrument


def _ours(client: Any) -> list[Any]:
    return [m for m in client.middleware if isinstance(m, RemediationMiddleware)]


async def test_instrument_adds_the_middleware_once_and_first(kit: Any, kind: str) -> None:
    """instrument() puts the middleware ahead of the client's own, and a second call adds nothing."""
    mine = _Mine()
    wire = kit.Wire(lambda request: kit.Reply.json(404, kit.DEPLOYMENT_NOT_FOUND))
    client = kit.build_client(kind, wire, mode=None, middleware=[mine])
    assert instrument(client) is client
    instrument(client)
    assert len(_ours(client)) == 1
    assert client.middleware[0] is _ours(client)[0]
    assert client.middleware[1] is mine
    got = await kit.capture(client)
    assert isinstance(got, RemediationError)
    assert wire.count == 1


class _Mine(anthropic.Middleware):
    """A user's own middleware that passes everything on."""

    def handle(self, request: Any, call_next: Any) -> Any:
        return call_next(request)

    async def handle_async(self, request: Any, call_next: Any) -> Any:
        return await call_next(request)


async def test_copies_keep_the_middleware(kit: Any, kind: str, mode: str) -> None:
    """with_options() and with_middleware() copies of an attached client still diagnose."""
    wire = kit.Wire(lambda request: kit.Reply.json(404, kit.DEPLOYMENT_NOT_FOUND))
    client = kit.build_client(kind, wire, mode=mode)
    for copy in (client.with_options(timeout=30), client.with_middleware(RemediationMiddleware())):
        got = await kit.capture(copy)
        assert isinstance(got, RemediationError)
        assert isinstance(got, anthropic.NotFoundError)


def test_instrument_rejects_what_is_not_an_anthropic_client() -> None:
    """instrument() on something else is a clear TypeError, not a silent no-op."""
    with pytest.raises(TypeError, match="expects an anthropic client"):
        instrument(object())


async def test_plain_anthropic_class_on_the_foundry_route(kit: Any) -> None:
    """`Anthropic(base_url=".../anthropic")` with the middleware is diagnosed like AnthropicFoundry."""
    wire = kit.Wire(lambda request: kit.Reply.json(404, kit.DEPLOYMENT_NOT_FOUND))
    http = kit.HTTP.Client(transport=wire.transport(kit.HTTP, is_async=False))
    client = anthropic.Anthropic(
        base_url=kit.BASE.rstrip("/"),
        api_key=kit.FOUNDRY_KEY,
        http_client=http,
        max_retries=0,
        middleware=[RemediationMiddleware()],
    )
    got = await kit.capture(client)
    assert isinstance(got, RemediationError)
    assert isinstance(got, anthropic.NotFoundError)


def test_repr_names_the_option() -> None:
    """The middleware's repr shows its one option."""
    assert repr(RemediationMiddleware(include_names=True)) == "RemediationMiddleware(include_names=True)"
