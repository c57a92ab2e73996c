"""Fixtures for the token-acquisition wiring tests: one emulator per module (Entra ID, the managed identity
endpoints and the data plane on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from inference_doctor.emulator import Emulator


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    """The emulator the module's credentials and clients talk to."""
    with Emulator() as emu:
        yield emu
