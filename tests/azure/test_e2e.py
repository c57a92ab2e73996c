"""End to end: azure-ai-inference's real clients (sync over requests, async over aiohttp) against the emulator."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError
from held_stream import HeldStream, aread_held, read_held

import inference_doctor.engine.match as match
from inference_doctor import RemediationError
from inference_doctor.azure import AsyncRemediationPolicy, RemediationPolicy
from inference_doctor.emulator import defaults as d
from inference_doctor.emulator.completions import REPLY_TEXT
from inference_doctor.emulator.credentials import AsyncEmulatorCredential, EmulatorCredential
from inference_doctor.emulator.drive import acall, call
from inference_doctor.emulator.reproductions import REPRODUCTIONS, WORKING_CALLS, Reproduction
from inference_doctor.emulator.server import Emulator

AZURE = [rep for rep in REPRODUCTIONS if rep.sdk == "azure"]

# The same failures through the embeddings clients: scenarios that do not depend on the operation called.
_ANY_OPERATION = {
    "token-missing/empty-token",
    "token-wrong-audience/graph-scope",
    "inference-sdk-default-scope/models-route",
    "key-invalid/inference-key-of-another-resource",
    "key-auth-disabled/inference",
    "models-path-missing/services-host",
    "models-path-missing/cognitiveservices-host",
    "inference-sdk-on-openai-host/origin-only",
    "project-endpoint-for-inference/project-as-models-endpoint",
    "no-model-name/model-omitted",
    "subdomain-not-mapped/inference-wrong-name",
    "serverless-endpoint-not-found/deleted-endpoint",
    "online-endpoint-no-traffic/no-traffic",
    "firewall-denied/inference-ip-not-allowed",
}
_EMBEDDINGS_ONLY = {"entra-on-key-only-endpoint/serverless", "deployment-not-found/inference-typo-in-path"}
_IMAGE_ONLY = {"role-missing/openai-user-on-non-openai-model"}  # a principal allowed OpenAI models only


def _as(rep: Reproduction, client: str, operation: str, model: str) -> Reproduction:
    return dataclasses.replace(
        rep,
        client=client,  # type: ignore[arg-type]
        call=operation,  # type: ignore[arg-type]
        model=model if rep.model else None,
        variant=f"{rep.variant}+{operation}",
    )


CASES = [
    *AZURE,
    *(
        dataclasses.replace(r, call="chat-stream", variant=f"{r.variant}+stream")
        for r in AZURE
        if r.call == "chat"
    ),
    *(
        _as(r, "EmbeddingsClient", "embeddings", d.EMBEDDING)
        for r in AZURE
        if r.id in _ANY_OPERATION | _EMBEDDINGS_ONLY
    ),
    *(
        _as(r, "ImageEmbeddingsClient", "image-embeddings", d.COHERE_EMBED)
        for r in AZURE
        if r.id in _ANY_OPERATION | _IMAGE_ONLY
    ),
]
# GET variants (get_model_info) for the attempt-count invariant: whatever the emulator answers, count it.
GETS = [
    dataclasses.replace(r, call="model-info", variant=f"{r.variant}+info")
    for r in AZURE
    if r.call != "model-info"
]
OK_STREAM = next(r for r in WORKING_CALLS if r.variant == "inference-chat-stream-key")


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    """One emulator for the module (it serves from its own thread, for sync and async clients alike)."""
    with Emulator() as emu:
        yield emu


def build(rep: Reproduction, emulator: Emulator, *, asynchronous: bool = False, **kwargs: Any) -> Any:
    """The client the user built, over the emulator, with azure-core's default retries (no back-off)."""
    import azure.ai.inference as sync_clients
    import azure.ai.inference.aio as async_clients

    cred = rep.credential
    credential: Any
    if cred.kind == "key":
        credential = AzureKeyCredential(cred.key or "")
    else:
        assert cred.identity is not None
        factory = AsyncEmulatorCredential if asynchronous else EmulatorCredential
        credential = factory(cred.identity, empty=cred.kind == "empty-token")
        if cred.scope is not None:
            kwargs["credential_scopes"] = [cred.scope]
    if rep.api_version is not None:
        kwargs["api_version"] = rep.api_version
    if rep.headers:
        kwargs["headers"] = dict(rep.headers)
    transport = emulator.aiohttp_transport() if asynchronous else emulator.requests_transport()
    cls = getattr(async_clients if asynchronous else sync_clients, rep.client)
    return cls(
        endpoint=rep.endpoint, credential=credential, transport=transport, retry_backoff_factor=0, **kwargs
    )


def run_sync(rep: Reproduction, emulator: Emulator, **kwargs: Any) -> BaseException | None:
    """Perform the call; return the exception it raised (None on success)."""
    with build(rep, emulator, **kwargs) as client:
        try:
            call(rep, client)
        except HttpResponseError as error:
            return error
    return None


async def run_async(rep: Reproduction, emulator: Emulator, **kwargs: Any) -> BaseException | None:
    """The async twin of run_sync."""
    async with build(rep, emulator, asynchronous=True, **kwargs) as client:
        try:
            await acall(rep, client)
        except HttpResponseError as error:
            return error
    return None


def check_enriched(rep: Reproduction, plain: BaseException | None, error: BaseException | None) -> None:
    """The enriched exception is the SDK's class, carries the scenario, and keeps the SDK's attributes and text."""
    assert isinstance(plain, HttpResponseError)
    assert isinstance(error, RemediationError)
    assert isinstance(error, type(plain))
    assert isinstance(error, HttpResponseError)
    assert (error.status_code, plain.status_code) == (rep.status, rep.status)
    assert (error.error and error.error.code) == (plain.error and plain.error.code)
    if rep.code is not None:
        assert error.error is not None
        assert error.error.code == rep.code
    assert error.message == plain.message
    text = str(error)
    assert rep.message in str(plain)
    assert text.startswith(str(plain) + "\n")  # the service's words first, then the remediation
    assert error.diagnosis.scenario == rep.scenario


@pytest.mark.parametrize("rep", CASES, ids=lambda r: f"{r.client}:{r.id}")
def test_every_reachable_scenario_sync(rep: Reproduction, emulator: Emulator) -> None:
    """Over requests, each reproduction raises the SDK's class + RemediationError with the right scenario id."""
    plain = run_sync(rep, emulator)
    error = run_sync(rep, emulator, per_call_policies=[RemediationPolicy()])
    check_enriched(rep, plain, error)


@pytest.mark.parametrize("rep", CASES, ids=lambda r: f"{r.client}:{r.id}")
async def test_every_reachable_scenario_async(rep: Reproduction, emulator: Emulator) -> None:
    """Over aiohttp, each reproduction raises the SDK's class + RemediationError with the right scenario id."""
    plain = await run_async(rep, emulator)
    error = await run_async(rep, emulator, per_call_policies=[AsyncRemediationPolicy()])
    check_enriched(rep, plain, error)


@pytest.mark.parametrize("rep", [*CASES, *GETS], ids=lambda r: f"{r.client}:{r.id}")
def test_same_number_of_requests_with_and_without_the_policy(rep: Reproduction, emulator: Emulator) -> None:
    """For every scenario, POST and GET, the emulator sees as many requests with the policy as without (retries on)."""
    emulator.reset_counts()
    run_sync(rep, emulator)
    without = emulator.count()
    emulator.reset_counts()
    run_sync(rep, emulator, per_call_policies=[RemediationPolicy()])
    assert emulator.count() == without


@pytest.mark.parametrize(
    "rep", [r for r in [*CASES, *GETS] if r.call in ("model-info", "chat")], ids=lambda r: r.id
)
async def test_same_number_of_requests_async(rep: Reproduction, emulator: Emulator) -> None:
    """The async policy adds no attempt either, for POST and GET."""
    emulator.reset_counts()
    await run_async(rep, emulator)
    without = emulator.count()
    emulator.reset_counts()
    await run_async(rep, emulator, per_call_policies=[AsyncRemediationPolicy()])
    assert emulator.count() == without


GET_403 = next(r for r in GETS if r.id.startswith("firewall-denied/"))


@pytest.mark.parametrize(("placement", "attempts"), [("per_call", 1), ("per_retry", 1)])
def test_per_retry_placement_does_not_multiply_a_get(
    placement: str, attempts: int, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    """A 403 on get_model_info is one request in either placement; misplaced, the policy stands aside and says so."""
    emulator.reset_counts()
    error = run_sync(GET_403, emulator, **{f"{placement}_policies": [RemediationPolicy()]})
    assert emulator.count() == attempts
    assert isinstance(error, RemediationError) is (placement == "per_call")
    assert any("per_call_policies" in r.getMessage() for r in caplog.records) is (placement == "per_retry")


def test_the_pitfall_a_policy_raising_inside_retries_multiplies_a_get(emulator: Emulator) -> None:
    """Why per_call matters: an exception raised inside the retry loop makes azure-core re-send a 403 GET."""

    class Misplaced(RemediationPolicy[Any, Any]):
        def stands_aside(self, watch: Any) -> bool:  # skips the placement check
            return False

    emulator.reset_counts()
    error = run_sync(GET_403, emulator, per_retry_policies=[Misplaced()], retry_total=3)
    assert isinstance(error, RemediationError)
    assert emulator.count() == 4


def _secrets(error: BaseException) -> list[str]:
    """The credential values the request carried (taken from the request, never printed)."""
    headers = error.response.request.headers  # type: ignore[attr-defined]
    values = [headers.get("api-key") or "", (headers.get("Authorization") or "").removeprefix("Bearer ")]
    pieces = [part for value in values for part in value.split(".") if len(part) >= 16]
    return [v for v in values if v] + pieces


@pytest.mark.parametrize("rep", AZURE, ids=lambda r: r.id)
def test_no_secret_in_any_output_or_log(
    rep: Reproduction, emulator: Emulator, no_secret_anywhere: Callable[..., bool]
) -> None:
    """No key, token or token segment appears in str, repr, to_dict, the rendered text or any DEBUG record."""
    logging.getLogger("inference_doctor").setLevel(logging.DEBUG)
    error = run_sync(rep, emulator, per_call_policies=[RemediationPolicy()])
    assert isinstance(error, RemediationError)
    texts = (str(error), repr(error), error.diagnosis.render(), str(error.diagnosis.to_dict()))
    secrets = _secrets(error)
    assert all(no_secret_anywhere(secret, *texts) for secret in secrets)


@pytest.mark.parametrize("rep", [r for r in AZURE if r.call == "chat"][:6], ids=lambda r: r.id)
def test_engine_failure_gives_the_sdk_exception(
    rep: Reproduction, emulator: Emulator, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """With the engine forced to raise, the caller gets exactly the SDK's exception, and DEBUG records why."""

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("engine failure")

    plain = run_sync(rep, emulator)
    monkeypatch.setattr(match, "diagnose_signals", boom)
    caplog.set_level(logging.DEBUG, logger="inference_doctor")
    error = run_sync(rep, emulator, per_call_policies=[RemediationPolicy()])
    assert type(error) is type(plain)
    assert str(error) == str(plain)
    assert any(
        "RuntimeError" in r.getMessage() for r in caplog.records if r.name.startswith("inference_doctor")
    )


def _held_sync(emulator: Emulator, policies: list[Any]) -> HeldStream:
    def updates() -> Iterator[Any]:
        with build(OK_STREAM, emulator, per_call_policies=policies) as client:
            yield from client.complete(
                messages=[{"role": "user", "content": "Hi"}], stream=True, model=d.CHAT
            )

    return read_held(emulator, updates)


async def _held_async(emulator: Emulator, policies: list[Any]) -> HeldStream:
    async def updates() -> AsyncIterator[Any]:
        async with build(OK_STREAM, emulator, asynchronous=True, per_call_policies=policies) as client:
            stream = await client.complete(
                messages=[{"role": "user", "content": "Hi"}], stream=True, model=d.CHAT
            )
            async for update in stream:
                yield update

    return await aread_held(emulator, updates)


def _text(held: HeldStream) -> str:
    return "".join(u.choices[0].delta.content or "" for u in held.updates if u.choices)


def test_streamed_success_arrives_chunk_by_chunk_sync(emulator: Emulator) -> None:
    """A streamed 200 is not read by the policy: the first update reaches the caller while the server still
    holds the rest, as without it."""
    without = _held_sync(emulator, [])
    with_policy = _held_sync(emulator, [RemediationPolicy()])
    assert without.unbuffered, without
    assert with_policy.unbuffered, with_policy
    assert len(with_policy.updates) == len(without.updates)
    assert _text(with_policy) == _text(without) == REPLY_TEXT


async def test_streamed_success_arrives_chunk_by_chunk_async(emulator: Emulator) -> None:
    """The async policy leaves a streamed 200 alone: the first update reaches the caller while the server still
    holds the rest."""
    without = await _held_async(emulator, [])
    with_policy = await _held_async(emulator, [AsyncRemediationPolicy()])
    assert without.unbuffered, without
    assert with_policy.unbuffered, with_policy
    assert len(with_policy.updates) == len(without.updates)
    assert _text(with_policy) == _text(without) == REPLY_TEXT


# Mixed outcomes through ONE client (so one policy instance): all share endpoint and key, the call differs.
ONE_CLIENT = [
    next(r for r in WORKING_CALLS if r.variant == "inference-chat-key"),
    next(r for r in WORKING_CALLS if r.variant == "inference-chat-stream-key"),
    next(r for r in AZURE if r.id == "unknown-model/base-model-name"),
    next(r for r in AZURE if r.id == "no-model-name/model-omitted"),
    next(r for r in AZURE if r.id == "model-info-not-supported/foundry-models"),
]
# And through clients of their own (one policy each: azure-core links a policy to the next one in its pipeline).
OWN_CLIENTS = [
    next(r for r in AZURE if r.id == "key-invalid/inference-key-of-another-resource"),
    next(r for r in AZURE if r.id == "key-auth-disabled/inference"),
    next(r for r in AZURE if r.id == "deployment-not-found/inference-typo-in-path"),
    next(r for r in AZURE if r.id == "token-wrong-audience/graph-scope"),
    next(r for r in WORKING_CALLS if r.variant == "inference-embeddings"),
]


async def test_200_concurrent_calls_each_carry_their_own_diagnosis(emulator: Emulator) -> None:
    """200 concurrent async calls with mixed outcomes, half through one shared client: each gets its own diagnosis."""
    assert {r.endpoint for r in ONE_CLIENT} == {ONE_CLIENT[0].endpoint}
    shared = build(ONE_CLIENT[0], emulator, asynchronous=True, per_call_policies=[AsyncRemediationPolicy()])
    own = [
        build(r, emulator, asynchronous=True, per_call_policies=[AsyncRemediationPolicy()])
        for r in OWN_CLIENTS
    ]

    async def one(i: int) -> bool:
        if i % 2:
            rep, client = ONE_CLIENT[i // 2 % len(ONE_CLIENT)], shared
        else:
            rep, client = OWN_CLIENTS[i // 2 % len(OWN_CLIENTS)], own[i // 2 % len(OWN_CLIENTS)]
        try:
            await acall(rep, client)
        except RemediationError as error:
            sent = error.response.request  # type: ignore[attr-defined]
            expected_path = "/info" if rep.call == "model-info" else "/chat/completions"
            return (
                error.diagnosis.scenario == rep.scenario
                and sent.url.startswith(rep.endpoint)
                and expected_path in sent.url
                and error.status_code == rep.status
            )
        return rep.scenario == "ok"

    try:
        outcomes = await asyncio.gather(*(one(i) for i in range(200)))
    finally:
        for client in [shared, *own]:
            await client.close()
    assert outcomes == [True] * 200
