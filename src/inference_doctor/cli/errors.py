"""The one error type of the command line: a problem with what the user gave (one line on stderr, exit 2); and
the argparse types that check numbers before anything runs."""

from __future__ import annotations


class UsageError(Exception):
    """A problem with what the user gave us: reported in one line, exit status 2."""


def port_number(text: str) -> int:
    """argparse type: a TCP port number, 0-65535."""
    import argparse

    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535)")
    return port


def seconds(text: str) -> float:
    """argparse type: a duration in seconds, zero or more (finite)."""
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds (0 or more)")
    return value
