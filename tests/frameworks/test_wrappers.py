"""find_diagnosis with the real wrappers: tenacity's RetryError and asyncio's TaskGroup around real openai calls
through the emulator."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator

import openai
import pytest

from inference_doctor import RemediationError, find_diagnosis
from inference_doctor.emulator import Emulator
from inference_doctor.emulator import defaults as d
from inference_doctor.openai import instrument

MESSAGES = [{"role": "user", "content": "Hi"}]


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


def keys_off_client(emu: Emulator) -> openai.AzureOpenAI:
    return instrument(
        openai.AzureOpenAI(
            azure_endpoint=f"https://{d.NO_KEYS_RESOURCE}.openai.azure.com",
            api_key=d.NO_KEYS_KEY,
            api_version="2024-10-21",
            http_client=emu.httpx_client(),
            max_retries=0,
        )
    )


def test_tenacity_retry_error(emulator: Emulator):
    """tenacity gives up with RetryError (no `reraise`): the last attempt's diagnosis is found, and tenacity ran
    every attempt."""
    tenacity = pytest.importorskip("tenacity", reason="tenacity is in the frameworks extra")
    client = keys_off_client(emulator)
    emulator.reset_counts()

    @tenacity.retry(stop=tenacity.stop_after_attempt(3), wait=tenacity.wait_none())
    def ask() -> object:
        return client.chat.completions.create(model=d.CHAT, messages=MESSAGES)

    with pytest.raises(tenacity.RetryError) as info:
        ask()
    assert not isinstance(info.value, RemediationError)
    diagnosis = find_diagnosis(info.value)
    assert diagnosis is not None
    assert diagnosis.scenario == "key-auth-disabled"
    assert emulator.count() == 3


def test_tenacity_retry_error_without_a_chain(emulator: Emulator):
    """A RetryError re-raised by user code with the chain cut (`from None`) is still searched via last_attempt."""
    tenacity = pytest.importorskip("tenacity", reason="tenacity is in the frameworks extra")
    client = keys_off_client(emulator)

    @tenacity.retry(stop=tenacity.stop_after_attempt(2), wait=tenacity.wait_none())
    def ask() -> object:
        return client.chat.completions.create(model=d.CHAT, messages=MESSAGES)

    try:
        ask()
    except tenacity.RetryError as error:
        cut = tenacity.RetryError(error.last_attempt)
    assert cut.__cause__ is None
    assert cut.__context__ is None
    diagnosis = find_diagnosis(cut)
    assert diagnosis is not None
    assert diagnosis.scenario == "key-auth-disabled"


@pytest.mark.skipif(sys.version_info < (3, 11), reason="asyncio.TaskGroup is new in Python 3.11")
def test_taskgroup_of_real_async_calls(emulator: Emulator):
    """Two async calls in a TaskGroup, one failing with a catalogued error: found in the ExceptionGroup."""

    async def main() -> None:
        good = instrument(
            openai.AsyncAzureOpenAI(
                azure_endpoint=f"https://{d.RESOURCE}.openai.azure.com",
                api_key=d.KEY,
                api_version="2024-10-21",
                http_client=emulator.async_httpx_client(),
            )
        )
        async with good, asyncio.TaskGroup() as tg:  # type: ignore[attr-defined,unused-ignore]
            tg.create_task(good.chat.completions.create(model=d.CHAT, messages=MESSAGES))  # type: ignore[arg-type]
            tg.create_task(good.chat.completions.create(model="gpt-5-nowhere", messages=MESSAGES))  # type: ignore[arg-type]

    with pytest.raises(BaseException) as info:
        asyncio.run(main())
    assert type(info.value).__name__ == "ExceptionGroup"
    diagnosis = find_diagnosis(info.value)
    assert diagnosis is not None
    assert diagnosis.scenario == "deployment-not-found"
