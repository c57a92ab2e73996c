"""Every catalog reproduction, driven through the real SDK clients and transports with no interceptor."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

import pytest

from inference_doctor.emulator import (
    NOT_REPRODUCIBLE,
    REPRODUCIBLE_IDS,
    REPRODUCTIONS,
    WORKING_CALLS,
    Emulator,
    Reproduction,
    ServiceError,
    arun,
    reproductions_for,
    run,
)

Check = Callable[[Reproduction, Any], ServiceError]
HAS_HTTPX2 = importlib.util.find_spec("httpx2") is not None  # httpx2 comes with openai 3.x
needs_httpx2 = pytest.mark.skipif(not HAS_HTTPX2, reason="httpx2 is installed with openai 3.x only")


OPENAI_ROWS = [r for r in REPRODUCTIONS if r.sdk == "openai"]


def test_table_covers_every_catalog_id(catalog_ids: frozenset[str]) -> None:
    """Every catalog id is either reproduced or listed as not reproducible, and nothing else is named."""
    assert set(REPRODUCIBLE_IDS) | set(NOT_REPRODUCIBLE) == catalog_ids
    assert not set(REPRODUCIBLE_IDS) & set(NOT_REPRODUCIBLE)
    assert all(reproductions_for(i) for i in REPRODUCIBLE_IDS)


def test_row_ids_are_unique() -> None:
    """No two rows share an id."""
    ids = [r.id for r in REPRODUCTIONS + WORKING_CALLS]
    assert len(ids) == len(set(ids))


def test_statuses_are_in_scope() -> None:
    """Every reproduction ends in a 400, 401, 403 or 404."""
    assert {r.status for r in REPRODUCTIONS} <= {400, 401, 403, 404}


@pytest.mark.parametrize("rep", REPRODUCTIONS + WORKING_CALLS, ids=lambda r: r.id)
def test_snippet_names_the_client_and_no_secret(rep: Reproduction) -> None:
    """A row's snippet shows its client and endpoint and never a key or token value."""
    assert rep.snippet.startswith(f'client = {rep.client}({rep.endpoint_keyword}="{rep.endpoint}"')
    if rep.credential.key is not None:
        assert rep.credential.key not in rep.snippet
    assert "eyJ" not in rep.snippet
    assert all(value not in rep.snippet for _, value in rep.headers)


@pytest.mark.parametrize("rep", REPRODUCTIONS, ids=lambda r: r.id)
def test_sync_client_raises_the_service_error(rep: Reproduction, emulator: Emulator, check: Check) -> None:
    """The sync client (requests / httpx) raises its own exception with the real status, code and message."""
    with pytest.raises(Exception) as info:
        run(rep, emulator)
    check(rep, info.value)
    assert emulator.count() == 1


@pytest.mark.parametrize("rep", REPRODUCTIONS, ids=lambda r: r.id)
async def test_async_client_raises_the_service_error(rep: Reproduction, check: Check) -> None:
    """The async client (aiohttp / httpx) raises its own exception with the real status, code and message."""
    async with Emulator() as emu:
        with pytest.raises(Exception) as info:
            await arun(rep, emu)
        check(rep, info.value)
        assert emu.count() == 1


@pytest.mark.parametrize("rep", OPENAI_ROWS, ids=lambda r: r.id)
@needs_httpx2
def test_openai_over_httpx2_raises_the_service_error(
    rep: Reproduction, emulator: Emulator, check: Check
) -> None:
    """openai over its own httpx2 stack raises the same exception as over httpx."""
    with pytest.raises(Exception) as info:
        run(rep, emulator, http="httpx2")
    check(rep, info.value)


@pytest.mark.parametrize("rep", OPENAI_ROWS[:6], ids=lambda r: r.id)
@needs_httpx2
async def test_async_openai_over_httpx2_raises_the_service_error(rep: Reproduction, check: Check) -> None:
    """Async openai over httpx2 raises the same exception as over httpx."""
    async with Emulator() as emu:
        with pytest.raises(Exception) as info:
            await arun(rep, emu, http="httpx2")
        check(rep, info.value)


@pytest.mark.parametrize("rep", WORKING_CALLS, ids=lambda r: r.id)
def test_working_call_succeeds_sync(rep: Reproduction, emulator: Emulator) -> None:
    """A correctly configured sync client gets a 200 answer it can parse."""
    assert run(rep, emulator) is not None
    assert [s.status for s in emulator.seen] == [200]


@pytest.mark.parametrize("rep", WORKING_CALLS, ids=lambda r: r.id)
async def test_working_call_succeeds_async(rep: Reproduction) -> None:
    """A correctly configured async client gets a 200 answer it can parse."""
    async with Emulator() as emu:
        assert await arun(rep, emu) is not None
        assert [s.status for s in emu.seen] == [200]


@pytest.mark.parametrize("rep", [r for r in REPRODUCTIONS if r.credential.key], ids=lambda r: r.id)
def test_repr_shows_no_key(rep: Reproduction) -> None:
    """A row's repr never shows the key it carries."""
    assert rep.credential.key is not None
    assert rep.credential.key not in repr(rep)
