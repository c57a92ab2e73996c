"""End to end (issue 11): real openai clients, the hooks attached, through a gateway that echoes what the caller
sent (tests/support/echo_gateway.py) in front of the emulator. A credential sent in the query string, in a header
the SDK does not know, or echoed only in part never reaches the diagnosis, its rendering, the enriched
exception's own text or a log record.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import openai
import pytest
from doctor_testing import leaked, own_log_text
from echo_gateway import SeenRequest, echo_gateway

from inference_doctor import RemediationError
from inference_doctor.emulator import AsyncHttpxRoutingTransport, Emulator, HttpxRoutingTransport
from inference_doctor.emulator import defaults as world
from inference_doctor.openai import async_remediation_hooks, remediation_hooks

FUNCTIONS_KEY = "W8s9BPkB4hNuk6lMyQh0qZ2G-fXvTTI9kkkhGGFjT_mmAzFuyRDq3w=="
HEADER_KEY = hashlib.sha256(b"issue-11/openai-header").hexdigest()[:32]
WRONG_KEY = hashlib.sha256(b"issue-11/openai-wrong").hexdigest()[:32]
V1 = f"https://{world.RESOURCE}.openai.azure.com/openai/v1/"
AOAI = f"https://{world.RESOURCE}.openai.azure.com"


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


def _own_text(error: BaseException) -> str:
    """What the library adds to the exception: the diagnosis in every form (the SDK's own text is the SDK's)."""
    assert isinstance(error, RemediationError)
    d = error.diagnosis
    return "\n".join([d.render(), repr(d), json.dumps(d.to_dict()), str(error)[len(_sdk_text(error)) :]])


def _sdk_text(error: BaseException) -> str:
    return str(error).split("\nerror[", 1)[0]


def _azure_openai(transport: Any, **kwargs: Any) -> openai.AzureOpenAI:
    """An AzureOpenAI client with the hooks, over `transport`, with a key the resource does not know."""
    kwargs.setdefault("api_key", WRONG_KEY)
    http_client = httpx.Client(transport=transport, event_hooks=remediation_hooks())
    return openai.AzureOpenAI(
        azure_endpoint=AOAI, api_version="2024-10-21", max_retries=0, http_client=http_client, **kwargs
    )


def _call(client: Any) -> BaseException:
    with pytest.raises(openai.APIStatusError) as info:
        client.chat.completions.create(model=world.CHAT, messages=[{"role": "user", "content": "hi"}])
    return info.value


ECHOES: dict[str, Callable[[SeenRequest], str]] = {
    "url": lambda r: f"Request to {r.target} was rejected.",
    "header": lambda r: f"Invalid x-functions-key: {r.header('x-functions-key')}.",
    "partial": lambda r: f"Key {r.header('api-key')[:24]}... is not valid.",
}


def test_a_key_in_default_query_never_reaches_the_diagnosis(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    """openai's `default_query={"code": key}` (an Azure Functions proxy's key), echoed by the gateway in the
    message as the URL it was called with: no piece of the key in the diagnosis, the exception's added text or
    the logs; the path stays readable."""
    with (
        echo_gateway(emulator.port, ECHOES["url"]) as gw,
        caplog.at_level(logging.DEBUG, logger="inference_doctor"),
    ):
        client = openai.OpenAI(
            base_url=V1, api_key=WRONG_KEY, default_query={"code": FUNCTIONS_KEY}, max_retries=0,
            http_client=httpx.Client(transport=HttpxRoutingTransport(gw.port), event_hooks=remediation_hooks()),
        )  # fmt: skip
        error = _call(client)
    echoed = leaked(_sdk_text(error), FUNCTIONS_KEY)
    assert echoed is True, "the gateway did not echo the key: the test proves nothing"
    found = leaked(_own_text(error), FUNCTIONS_KEY) or leaked(own_log_text(caplog.records), FUNCTIONS_KEY)
    assert found is False, "a piece of the query key leaked"
    assert isinstance(error, RemediationError)
    assert error.diagnosis.evidence["path"] == "/openai/v1/chat/completions"


def test_a_key_in_default_query_async(emulator: Emulator) -> None:
    """The async client with `default_query={"code": key}`: the same, through the async hooks."""

    async def main() -> BaseException:
        async with echo_gateway_async(emulator.port) as port:
            client = openai.AsyncOpenAI(
                base_url=V1, api_key=WRONG_KEY, default_query={"code": FUNCTIONS_KEY}, max_retries=0,
                http_client=httpx.AsyncClient(transport=AsyncHttpxRoutingTransport(port),
                                              event_hooks=async_remediation_hooks()),
            )  # fmt: skip
            with pytest.raises(openai.APIStatusError) as info:
                await client.chat.completions.create(
                    model=world.CHAT, messages=[{"role": "user", "content": "hi"}]
                )
            return info.value

    error = asyncio.run(main())
    found = leaked(_own_text(error), FUNCTIONS_KEY)
    assert found is False, "a piece of the query key leaked"


class echo_gateway_async:
    """`echo_gateway` for async code (the gateway runs in its own thread either way)."""

    def __init__(self, upstream: int) -> None:
        self._cm = echo_gateway(upstream, ECHOES["url"])

    async def __aenter__(self) -> int:
        return self._cm.__enter__().port

    async def __aexit__(self, *exc: object) -> None:
        self._cm.__exit__(None, None, None)


def test_a_key_in_a_header_the_sdk_does_not_know_never_reaches_the_diagnosis(emulator: Emulator) -> None:
    """`default_headers={"x-functions-key": key}` echoed by the gateway: scrubbed (the header is read as a
    credential by its name)."""
    with echo_gateway(emulator.port, ECHOES["header"]) as gw:
        client = _azure_openai(
            HttpxRoutingTransport(gw.port), default_headers={"x-functions-key": HEADER_KEY}
        )
        error = _call(client)
    echoed = leaked(_sdk_text(error), HEADER_KEY)
    assert echoed is True, "the gateway did not echo the key: the test proves nothing"
    found = leaked(_own_text(error), HEADER_KEY)
    assert found is False, "a piece of the x-functions-key leaked"


def test_a_partial_echo_of_the_api_key_never_reaches_the_diagnosis(emulator: Emulator) -> None:
    """The gateway echoes the first 24 characters of the api-key: none of them in the diagnosis."""
    with echo_gateway(emulator.port, ECHOES["partial"]) as gw:
        client = _azure_openai(HttpxRoutingTransport(gw.port))
        error = _call(client)
    echoed = leaked(_sdk_text(error), WRONG_KEY)
    assert echoed is True, "the gateway did not echo the key: the test proves nothing"
    found = leaked(_own_text(error), WRONG_KEY)
    assert found is False, "a piece of the api-key leaked"
    assert isinstance(error, RemediationError)
    assert error.diagnosis.scenario == "key-invalid"


def test_a_failure_inside_the_hook_logs_no_message_or_traceback_text(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """When the hook fails, its DEBUG record names the exception's type and place, never its message nor a
    traceback (a message can quote the request's key), as SECURITY.md promises."""
    from inference_doctor.openai import _hooks

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"could not use {HEADER_KEY}")

    monkeypatch.setattr(_hooks, "enrich", broken)  # inside the enrichment, past the engine's own fail-safe
    with caplog.at_level(logging.DEBUG, logger="inference_doctor"):
        client = _azure_openai(emulator.httpx_transport(), api_key=HEADER_KEY)
        error = _call(client)
    assert not isinstance(error, RemediationError)
    records = [r for r in caplog.records if r.name.startswith("inference_doctor")]
    assert records, "the failure was not logged"
    texts = [
        r.getMessage() + (logging.Formatter().formatException(r.exc_info) if r.exc_info else "")
        for r in records
    ]
    found = any(leaked(t, HEADER_KEY) for t in texts)
    assert found is False, "the failure's message reached the log"
    assert all(r.exc_info is None for r in records), "a traceback was logged"
