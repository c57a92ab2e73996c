"""How the hook is attached: remediation_hooks(), async_remediation_hooks() and instrument()."""

from __future__ import annotations

import inspect
from typing import Any

import httpx
import openai
import pytest

from inference_doctor.openai import async_remediation_hooks, instrument, remediation_hooks


def _user_request_hook(request: Any) -> None:
    pass


def _user_response_hook(response: Any) -> None:
    pass


def test_remediation_hooks_shape() -> None:
    """remediation_hooks() is a dict with one response hook, ready for httpx.Client(event_hooks=...)."""
    hooks = remediation_hooks()
    assert list(hooks) == ["response"]
    assert len(hooks["response"]) == 1
    assert callable(hooks["response"][0])
    assert not inspect.iscoroutinefunction(hooks["response"][0])


def test_async_remediation_hooks_is_coroutine_function() -> None:
    """async_remediation_hooks() gives a coroutine function, as httpx.AsyncClient awaits its hooks."""
    hooks = async_remediation_hooks()
    assert list(hooks) == ["response"]
    assert inspect.iscoroutinefunction(hooks["response"][0])


@pytest.mark.parametrize("factory", [remediation_hooks, async_remediation_hooks])
def test_merge_keeps_user_hooks_first_and_does_not_mutate(factory: Any) -> None:
    """Existing hooks are copied in order, the remediation hook goes last, the input is left as it was."""
    mine = {"request": [_user_request_hook], "response": [_user_response_hook]}
    merged = factory(mine)
    assert merged["request"] == [_user_request_hook]
    assert merged["response"][0] is _user_response_hook
    assert len(merged["response"]) == 2
    assert mine == {"request": [_user_request_hook], "response": [_user_response_hook]}


@pytest.mark.parametrize("factory", [remediation_hooks, async_remediation_hooks])
def test_merge_is_idempotent(factory: Any) -> None:
    """Merging twice never adds a second remediation hook."""
    once = factory()
    twice = factory(factory(once))
    assert twice == once


def test_include_names_is_a_distinct_but_stable_hook() -> None:
    """include_names=True gives another hook object, the same one every time."""
    assert remediation_hooks(include_names=True) == remediation_hooks(include_names=True)
    assert remediation_hooks(include_names=True) != remediation_hooks()


def test_hooks_accepted_by_httpx_clients() -> None:
    """httpx.Client and httpx.AsyncClient accept the dicts as they are."""
    with httpx.Client(event_hooks=remediation_hooks()) as client:
        assert len(client.event_hooks["response"]) == 1
    assert len(httpx.AsyncClient(event_hooks=async_remediation_hooks()).event_hooks["response"]) == 1


@pytest.mark.parametrize("kind", ["AzureOpenAI", "AsyncAzureOpenAI", "OpenAI", "AsyncOpenAI"])
def test_instrument_default_client_is_idempotent(kind: str) -> None:
    """instrument() on a client with its default HTTP client adds one hook, however often it is called."""
    if kind.endswith("AzureOpenAI"):
        client = getattr(openai, kind)(
            azure_endpoint="https://r.openai.azure.com", api_key="k", api_version="v"
        )
    else:
        client = getattr(openai, kind)(base_url="https://r.openai.azure.com/openai/v1/", api_key="k")
    assert instrument(client) is client
    instrument(client)
    instrument(client)
    hooks = [h for h in client._client.event_hooks["response"] if h.__module__.startswith("inference_doctor")]
    assert len(hooks) == 1
    assert inspect.iscoroutinefunction(hooks[0]) is kind.startswith("Async")


@pytest.mark.parametrize("is_async", [False, True])
def test_instrument_keeps_user_hooks(kit: Any, lib: str, is_async: bool) -> None:
    """instrument() never removes or reorders the user's own hooks."""
    wire = kit.Wire(lambda request: kit.Reply.json(200, kit.completion()))
    extra = {"request": [_user_request_hook], "response": [_user_response_hook]}
    client = kit.build_client(
        "AsyncOpenAI" if is_async else "OpenAI", wire, lib=lib, mode="instrument", extra_hooks=extra
    )
    instrument(client)
    hooks = client._client.event_hooks
    assert hooks["request"][-1] is _user_request_hook
    assert hooks["response"][0] is _user_response_hook
    assert len(hooks["response"]) == 2


def test_instrument_after_remediation_hooks_adds_nothing(kit: Any) -> None:
    """A client built with remediation_hooks() is already instrumented."""
    wire = kit.Wire(lambda request: kit.Reply.json(200, kit.completion()))
    client = kit.build_client("AzureOpenAI", wire, mode="hooks")
    instrument(client)
    assert len(client._client.event_hooks["response"]) == 1


def test_instrument_accepts_an_httpx_client() -> None:
    """instrument() also takes the httpx client itself."""
    http = httpx.AsyncClient()
    assert instrument(http) is http
    assert inspect.iscoroutinefunction(http.event_hooks["response"][0])


def test_instrument_rejects_other_objects() -> None:
    """instrument() says what it expects when given something else."""
    with pytest.raises(TypeError, match="openai client"):
        instrument(object())


def test_with_options_copy_shares_the_hook(kit: Any) -> None:
    """Copies from with_options() share the HTTP client, so they are instrumented too."""
    wire = kit.Wire(lambda request: kit.Reply.json(200, kit.completion()))
    client = kit.build_client("AzureOpenAI", wire, mode="instrument")
    assert client.with_options(timeout=5)._client is client._client


def test_the_enrichment_is_installed_once_on_openais_base_client() -> None:
    """Handing out hooks (any number of times) wraps BaseClient._make_status_error_from_response exactly once."""
    from openai._base_client import BaseClient

    remediation_hooks()
    async_remediation_hooks()
    instrument(httpx.Client())
    wrapper = BaseClient.__dict__["_make_status_error_from_response"]
    original = wrapper.__inference_doctor_wraps__
    assert not hasattr(original, "__inference_doctor_wraps__")  # one layer, never a wrapper of a wrapper


def test_an_openai_without_the_method_is_left_alone(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Should a future openai lack the method the enrichment relies on, installing warns and changes nothing."""
    import threading

    from openai._base_client import BaseClient

    from inference_doctor.openai import _hooks

    monkeypatch.setattr(_hooks, "_INSTALLED", threading.Event())
    monkeypatch.delattr(BaseClient, "_make_status_error_from_response")
    with caplog.at_level("WARNING", logger="inference_doctor"):
        hooks = remediation_hooks()
    assert "_make_status_error_from_response" not in BaseClient.__dict__
    assert len(hooks["response"]) == 1
    assert any("left as they are" in r.getMessage() for r in caplog.records)
