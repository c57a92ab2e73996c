"""Fixtures for the azure policy tests; the fake transports live in `azure_fakes` (importable from here)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # lets the test modules `import azure_fakes` (importlib mode)


@pytest.fixture
def no_secret_anywhere(caplog: pytest.LogCaptureFixture) -> Callable[..., bool]:
    """Capture every log record at DEBUG; the returned check says no text (nor the log) holds the secret."""
    caplog.set_level("DEBUG")

    def check(secret: str, *texts: str) -> bool:
        logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
        return all(secret not in text for text in (*texts, logged, caplog.text))

    return check
