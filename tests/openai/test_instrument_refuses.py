"""instrument() takes openai's clients and httpx clients only: anything else, anthropic's clients above all, is a
TypeError that says what to use instead."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from inference_doctor.openai import instrument


def _lookalike(module: str, name: str) -> Any:
    """A client shaped like openai's (an httpx client on `_client`) from another package."""
    cls = type(name, (), {"__module__": module})
    client = cls()
    client._client = httpx.Client()
    return client


def test_anthropic_lookalike_is_refused_and_pointed_to_its_integration():
    """A client from the anthropic package gets a TypeError naming inference_doctor.anthropic.instrument."""
    client = _lookalike("anthropic.lib.foundry", "AnthropicFoundry")
    with pytest.raises(TypeError, match=r"inference_doctor\.anthropic\.instrument\(client\)") as info:
        instrument(client)
    assert "AnthropicFoundry" in str(info.value)
    assert client._client.event_hooks["response"] == []  # nothing was attached


def test_other_lookalike_is_refused():
    """Any other object with an httpx client inside is refused too, naming its class."""
    client = _lookalike("somewhere.else", "LooksLikeOpenAI")
    with pytest.raises(TypeError, match=r"expects an openai client .* not somewhere\.else\.LooksLikeOpenAI"):
        instrument(client)
    assert client._client.event_hooks["response"] == []


def test_real_anthropic_foundry_is_refused():
    """The real AnthropicFoundry client (when anthropic is installed) is refused, its hooks left alone."""
    anthropic = pytest.importorskip("anthropic", reason="anthropic is not installed")
    client = anthropic.AnthropicFoundry(resource="contoso-ai", api_key="k" * 32)
    with pytest.raises(TypeError, match=r"inference_doctor\.anthropic\.instrument"):
        instrument(client)
    assert not client._client.event_hooks.get("response")
