"""Starting and stopping: port 0 on 127.0.0.1, clean shutdown, no thread or socket left, 200 concurrent calls."""

from __future__ import annotations

import asyncio
import socket
import threading

import httpx
import pytest
from openai import AsyncAzureOpenAI

from inference_doctor.emulator import Emulator
from inference_doctor.emulator import defaults as d

AOAI = f"https://{d.RESOURCE}.openai.azure.com"


def _refused(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_sync_emulator_leaves_no_thread_or_socket() -> None:
    """The sync emulator binds 127.0.0.1 on a free port and leaves no thread and no listening socket."""
    before = threading.active_count()
    with Emulator() as emu:
        port = emu.port
        assert emu.address == f"http://127.0.0.1:{port}"
        assert threading.active_count() == before + 1
        with httpx.Client(transport=emu.httpx_transport()) as client:
            assert client.get(f"{AOAI}/x").status_code == 404
    assert threading.active_count() == before
    assert not emu.running
    assert _refused(port)


def test_stop_closes_an_open_keep_alive_connection() -> None:
    """Stopping with a keep-alive connection still open ends cleanly."""
    before = threading.active_count()
    emu = Emulator().start()
    client = httpx.Client(transport=emu.httpx_transport())
    assert client.get(f"{AOAI}/x").status_code == 404
    emu.stop()
    client.close()
    assert threading.active_count() == before


def test_stop_during_a_slow_stream_ends_cleanly() -> None:
    """Stopping while an event stream is being sent ends the connection and the thread."""
    before = threading.active_count()
    emu = Emulator().start()
    body = {"model": d.CHAT, "messages": [], "stream": True}
    with emu.hold_streams() as gate, httpx.Client(transport=emu.httpx_transport()) as client:
        url = f"https://{d.RESOURCE}.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview"
        with client.stream("POST", url, json=body, headers={"api-key": d.KEY}) as response:
            assert response.status_code == 200
            chunks = response.iter_raw()
            assert next(chunks)  # the first event has arrived (the headers alone can come before the hold)
            assert gate.holding == 1
            emu.stop()
            with pytest.raises(httpx.HTTPError):
                for _ in chunks:
                    pass
        assert gate.timed_out == 0
    assert threading.active_count() == before


def test_a_second_start_is_refused() -> None:
    """Starting a running emulator again is an error."""
    with Emulator() as emu, pytest.raises(RuntimeError):
        emu.start()


def test_port_is_unavailable_when_stopped() -> None:
    """Asking for the port of a stopped emulator is an error."""
    with pytest.raises(RuntimeError):
        _ = Emulator().port


def test_busy_port_fails_at_start() -> None:
    """A port that is taken makes start() raise, without leaving a thread."""
    before = threading.active_count()
    with Emulator() as emu, pytest.raises(OSError):
        Emulator(port=emu.port).start()
    assert threading.active_count() == before


async def test_async_emulator_closes_its_socket() -> None:
    """The async emulator serves from the running loop and closes its socket on exit."""
    before = threading.active_count()
    async with Emulator() as emu:
        port = emu.port
        assert threading.active_count() == before
    assert _refused(port)


async def test_two_hundred_concurrent_requests() -> None:
    """200 concurrent AsyncAzureOpenAI calls are all answered correctly, each by one request."""
    async with Emulator() as emu:
        async with AsyncAzureOpenAI(
            azure_endpoint=AOAI,
            api_key=d.KEY,
            api_version="2024-10-21",
            http_client=emu.async_httpx_client(),
            max_retries=0,
        ) as client:
            results = await asyncio.gather(
                *(
                    client.chat.completions.create(
                        model=d.CHAT, messages=[{"role": "user", "content": str(i)}]
                    )
                    for i in range(200)
                )
            )
        assert len({r.id for r in results}) == 200
        assert all(r.choices[0].message.content for r in results)
        assert emu.count() == 200
