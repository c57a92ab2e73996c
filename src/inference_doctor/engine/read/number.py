"""Numbers read from untrusted text and JSON, totally: ASCII digits only, a bounded length, finite values.

``str.isdigit()`` accepts characters ``int()`` refuses (``"²"``, ``"①"``), ``int()`` refuses a string of more
than 4300 digits, and ``float()`` overflows on an integer past 1e308 (a JWT claim ``"exp": 10**400``): each of
these raised inside the engine. Every number the engine reads from its input goes through here instead.
"""

from __future__ import annotations

import math


def ascii_int(text: str, max_digits: int) -> int | None:
    """The value of `text` when it is 1 to `max_digits` ASCII digits and nothing else, else None."""
    if not (0 < len(text) <= max_digits and text.isascii() and text.isdigit()):
        return None
    return int(text)


def finite(value: object) -> float | None:
    """A JSON number as a finite float; None for anything else (a bool, a string, NaN, an infinity, or an integer
    too large for a float)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None
