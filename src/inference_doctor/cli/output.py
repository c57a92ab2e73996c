"""What the command prints for machines: every JSON document (and every JSON Lines record) carries
`schema_version`, so a consumer can tell when the shape changes."""

from __future__ import annotations

import json

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    from typing import Any, TextIO

SCHEMA_VERSION = 1
"""The version of the shape of every JSON output; it goes up when a field changes meaning or disappears."""

NOT_RECOGNISED = 1
"""`explain`'s exit status when the input is not a catalogued failure (0: diagnosed or listed, 2: usage)."""


def versioned(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with `schema_version` first."""
    return {"schema_version": SCHEMA_VERSION, **data}


def print_json(data: dict[str, Any], out: TextIO, *, lines: bool = False) -> None:
    """One JSON document (indented), or one JSON Lines record (`lines=True`), with `schema_version`."""
    if lines:
        out.write(json.dumps(versioned(data), ensure_ascii=False) + "\n")
    else:
        out.write(json.dumps(versioned(data), indent=2, ensure_ascii=False) + "\n")
