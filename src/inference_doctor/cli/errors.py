"""The one error type of the command line: a problem with what the user gave (one line on stderr, exit 2)."""

from __future__ import annotations


class UsageError(Exception):
    """A problem with what the user gave us: reported in one line, exit status 2."""
