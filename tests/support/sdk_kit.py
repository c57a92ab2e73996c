"""What the tests of the httpx-based SDKs (openai, anthropic) share: the autouse fixture that keeps the user's real
environment out, the exception one call raises, and one reproduction row run through its real client over the
emulator.

It lives in tests/support because that folder is on ``sys.path`` (``pythonpath`` in pyproject.toml)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from inference_doctor.emulator import Emulator, Reproduction, acall, build_async_client, build_client, call


def no_stray_env(what: str, *names: str) -> Callable[[pytest.MonkeyPatch], None]:
    """An autouse fixture that unsets the environment variables `names` (the `what` SDK's) for each test."""

    @pytest.fixture(autouse=True)
    def _no_stray_env(monkeypatch: pytest.MonkeyPatch) -> None:
        for name in names:
            monkeypatch.delenv(name, raising=False)

    _no_stray_env.__doc__ = f"Keep the user's real {what} environment out of the tests."
    return _no_stray_env


async def raised(call: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> BaseException | None:
    """The exception ``await call(*args, **kwargs)`` raises, or None."""
    try:
        await call(*args, **kwargs)
    except Exception as exc:
        return exc
    return None


async def row_outcome(
    rep: Reproduction,
    emu: Emulator,
    *,
    is_async: bool,
    instrument: Callable[[Any], Any] | None = None,
    **build: Any,
) -> BaseException | None:
    """Build the row's real client over the emulator (`build`: e.g. ``event_hooks=``, ``http=``, ``middleware=``),
    pass it to `instrument` when given, make the row's call, close the client; what the call raised, or None."""

    async def run() -> None:
        if is_async:
            client = build_async_client(rep, emu, **build)
            if instrument is not None:
                instrument(client)
            try:
                await acall(rep, client)
            finally:
                await client.close()
        else:
            client = build_client(rep, emu, **build)
            if instrument is not None:
                instrument(client)
            try:
                call(rep, client)
            finally:
                client.close()

    return await raised(run)
