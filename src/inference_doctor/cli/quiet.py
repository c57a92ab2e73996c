"""Keep azure-identity's WARNING lines off the terminal while a command asks a credential for a token.

azure-identity logs a failed ``get_token`` (and a chain's whole message) at WARNING; with no logging configured,
Python prints those to stderr. A command that shows the credential's message itself, with its diagnosis, would
show it twice. A `logging.NullHandler` on the ``azure.identity`` logger stops that last-resort printing for the
duration and nothing else: handlers a program configured still get every record.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["quiet_identity_logs"]


@contextmanager
def quiet_identity_logs() -> Iterator[None]:
    """No last-resort printing of azure-identity's records while the block runs."""
    logger = logging.getLogger("azure.identity")
    quiet = logging.NullHandler()
    logger.addHandler(quiet)
    try:
        yield
    finally:
        logger.removeHandler(quiet)
