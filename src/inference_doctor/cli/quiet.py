"""Keep a library's log records off the terminal while a command asks a credential for a token.

azure-identity logs a failed ``get_token`` (and a chain's whole message) at WARNING; with no logging configured,
Python prints those to stderr. A command that shows the credential's message itself, with its diagnosis, would
show it twice. `captured_logs` collects the records of one logger tree for the duration instead (so a command can
say how many it kept back), and restores the logger afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["captured_logs"]


@contextmanager
def captured_logs(name: str) -> Iterator[list[logging.LogRecord]]:
    """Keep a library's log records (azure-identity's multi-line WARNING) off the terminal: collected here, to be
    summarised in one note instead."""
    records: list[logging.LogRecord] = []

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger(name)
    handler, propagate = _Keep(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
