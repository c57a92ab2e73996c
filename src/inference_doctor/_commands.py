"""The commands that need more than the engine: `demo`, `emulator`, `check`, `token`.

Each imports what it needs (the emulator, the SDKs, azure-identity) only when it runs.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(sub: Any) -> None:
    """Register the subcommands on the `inference-doctor` parser."""
    del sub  # filled in as the commands land


__all__ = ["add_commands", "argparse"]
