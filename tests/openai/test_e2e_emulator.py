"""End to end: every scenario the openai SDK can reach, through AzureOpenAI / AsyncAzureOpenAI / OpenAI /
AsyncOpenAI over the emulator, with keys, token providers and fixed tokens, streamed and not."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Iterator
from typing import Any

import openai
import pytest
from held_stream import aread_held, read_held
from sdk_kit import row_outcome

from inference_doctor import RemediationError
from inference_doctor.emulator import (
    REPRODUCTIONS,
    WORKING_CALLS,
    Credential,
    Reproduction,
    acall,
    build_async_client,
    build_client,
)
from inference_doctor.emulator import defaults as emulator_defaults
from inference_doctor.emulator.completions import REPLY_TEXT
from inference_doctor.openai import async_remediation_hooks, instrument, remediation_hooks

try:
    import httpx2  # noqa: F401

    HTTPX2 = "httpx2"
except ImportError:  # openai 2.x: httpx only
    HTTPX2 = "httpx"

_d = emulator_defaults
_SERVICES = f"https://{_d.RESOURCE}.services.ai.azure.com"
_AOAI = f"https://{_d.RESOURCE}.openai.azure.com"
_TOKEN = Credential("token-provider", identity=_d.ALICE, scope="https://ai.azure.com/.default")
# Scenarios the openai SDK reaches that the emulator's table reproduces only through azure-ai-inference.
EXTRA_ROWS = [
    Reproduction("project-endpoint-for-inference", "openai-base-url-is-project", "openai", "OpenAI",
                 f"{_SERVICES}/api/projects/{_d.PROJECT}", _TOKEN, "chat", _d.CHAT, None, 404, "404",
                 "Resource not found"),
    Reproduction("unknown-model", "openai-class-on-models", "openai", "OpenAI", f"{_SERVICES}/models", _TOKEN,
                 "chat", "gpt-4o", "2024-05-01-preview", 404, "unknown_model", "Unknown model: gpt-4o"),
    Reproduction("entra-on-key-only-endpoint", "openai-class-on-serverless", "openai", "OpenAI",
                 f"https://{_d.SERVERLESS}.{_d.REGION}.models.ai.azure.com", _TOKEN, "chat", "any", None, 401,
                 None, "Unauthorized. Access token is missing"),
    Reproduction("serverless-endpoint-not-found", "openai-class", "openai", "OpenAI",
                 f"https://{_d.SERVERLESS}-old.{_d.REGION}.models.ai.azure.com",
                 Credential("key", key=_d.SERVERLESS_KEY), "chat", "any", None, 404, None, ""),
    Reproduction("online-endpoint-no-traffic", "openai-class", "openai", "OpenAI",
                 f"https://{_d.ONLINE}.{_d.REGION}.inference.ml.azure.com", Credential("key", key=_d.ONLINE_KEY),
                 "chat", "any", None, 404, None, ""),
    Reproduction("api-version-unsupported", "responses-with-old-api-version", "openai", "AzureOpenAI", _AOAI,
                 Credential("key", key=_d.KEY), "responses", _d.CHAT, "2024-02-01", 404, "404",
                 "Resource not found"),
]  # fmt: skip
ROWS = [r for r in REPRODUCTIONS if r.sdk == "openai"] + EXTRA_ROWS
OK_ROWS = [r for r in WORKING_CALLS if r.sdk == "openai"]
# (async?, HTTP stack, how the hook is attached, streamed?): each row runs through all four.
VARIANTS = {
    "sync-httpx-hooks": (False, "httpx", "hooks", False),
    "async-httpx-hooks-stream": (True, "httpx", "hooks", True),
    f"sync-{HTTPX2}-instrument-stream": (False, HTTPX2, "instrument", True),
    f"async-{HTTPX2}-instrument": (True, HTTPX2, "instrument", False),
}
REQUEST_ID_HEADERS = ("apim-request-id", "x-ms-request-id", "x-request-id")
SDK_CLASS = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    403: openai.PermissionDeniedError,
    404: openai.NotFoundError,
}


async def _run(rep: Any, emu: Any, *, is_async: bool, http: str, mode: str | None) -> BaseException | None:
    """Build the row's client (with the hook attached as `mode` says), make its call, return what it raised."""
    hooks: dict[str, list[Any]] | None = None
    if mode == "hooks":
        hooks = async_remediation_hooks() if is_async else remediation_hooks()
    attach = instrument if mode == "instrument" else None
    return await row_outcome(rep, emu, is_async=is_async, instrument=attach, event_hooks=hooks, http=http)


def _requests(emu: Any) -> int:
    return len(emu.seen)


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("rep", ROWS, ids=lambda r: r.id)
async def test_scenario_through_openai(emu: Any, rep: Any, variant: str) -> None:
    """The enriched exception: the openai class and RemediationError, right id, service text first, one request."""
    is_async, http, mode, streamed = VARIANTS[variant]
    if streamed and rep.call == "chat":
        rep = dataclasses.replace(rep, call="chat-stream")
    before = _requests(emu)
    expected = await _run(rep, emu, is_async=is_async, http=http, mode=None)
    middle = _requests(emu)
    got = await _run(rep, emu, is_async=is_async, http=http, mode=mode)
    after = _requests(emu)

    assert type(expected) is SDK_CLASS[rep.status]
    assert isinstance(got, SDK_CLASS[rep.status])
    assert not isinstance(got, openai.APIConnectionError)
    assert isinstance(got, RemediationError)
    assert got.diagnosis.scenario == rep.scenario
    assert (got.status_code, got.message, got.body, got.code) == (
        expected.status_code,
        expected.message,
        expected.body,
        expected.code,
    )
    first_line = str(got).splitlines()[0]
    assert first_line == str(expected).splitlines()[0]
    assert rep.message in first_line
    assert middle - before == after - middle == 1
    ids = [got.response.headers[h] for h in REQUEST_ID_HEADERS if h in got.response.headers]
    assert ids
    assert all(rid in got.diagnosis.evidence.values() for rid in ids)


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("rep", OK_ROWS, ids=lambda r: r.id)
async def test_working_calls_unchanged(emu: Any, rep: Any, variant: str) -> None:
    """Correctly configured calls succeed with the hook, with one request each."""
    is_async, http, mode, streamed = VARIANTS[variant]
    if streamed and rep.call == "chat":
        rep = dataclasses.replace(rep, call="chat-stream")
    before = _requests(emu)
    got = await _run(rep, emu, is_async=is_async, http=http, mode=mode)
    assert got is None
    assert _requests(emu) - before == 1


@pytest.mark.parametrize("is_async", [False, True])
@pytest.mark.parametrize("hooked", [False, True])
async def test_stream_arrives_event_by_event(emu: Any, is_async: bool, hooked: bool) -> None:
    """Over a real socket, a streamed completion's first chunk reaches the caller while the server still holds
    the rest, hooks or not."""
    rep = next(r for r in OK_ROWS if r.call == "chat-stream")
    mode = "hooks" if hooked else None
    hooks = (async_remediation_hooks() if is_async else remediation_hooks()) if mode else None
    messages = [{"role": "user", "content": "Hello"}]

    def chunks() -> Iterator[Any]:
        client = build_client(rep, emu, event_hooks=hooks)
        yield from client.chat.completions.create(model=rep.model, messages=messages, stream=True)
        client.close()

    async def achunks() -> AsyncIterator[Any]:
        client = build_async_client(rep, emu, event_hooks=hooks)
        async for chunk in await client.chat.completions.create(
            model=rep.model, messages=messages, stream=True
        ):
            yield chunk
        await client.close()

    held = await aread_held(emu, achunks) if is_async else read_held(emu, chunks)
    assert held.unbuffered, held
    assert "".join(c.choices[0].delta.content or "" for c in held.updates if c.choices) == REPLY_TEXT


async def test_concurrent_calls_each_get_their_own_diagnosis(emu: Any) -> None:
    """200 concurrent async calls with mixed outcomes over one emulator: each exception has its own diagnosis."""
    chosen = ["key-invalid", "deployment-not-found", "key-auth-disabled", "firewall-denied", "token-expired"]
    reps = [next(r for r in ROWS if r.scenario == s) for s in chosen] + [OK_ROWS[0]]
    clients = [build_async_client(rep, emu, event_hooks=async_remediation_hooks()) for rep in reps]

    async def one(i: int) -> tuple[Any, BaseException | None]:
        rep, client = reps[i % len(reps)], clients[i % len(reps)]
        try:
            await acall(rep, client)
        except Exception as exc:
            return rep, exc
        return rep, None

    before = _requests(emu)
    results = await asyncio.gather(*(one(i) for i in range(200)))
    for client in clients:
        await client.close()
    assert _requests(emu) - before == 200
    request_ids = set()
    for rep, exc in results:
        if rep.scenario == "ok":
            assert exc is None
            continue
        assert isinstance(exc, RemediationError)
        assert exc.diagnosis.scenario == rep.scenario
        rid = exc.response.headers["apim-request-id"]
        assert rid in exc.diagnosis.evidence.values()
        request_ids.add(rid)
    assert len(request_ids) == sum(rep.scenario != "ok" for rep, _ in results)
