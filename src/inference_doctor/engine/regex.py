"""Regular expressions compiled on first use, not at import.

Compiling a pattern costs tens to hundreds of microseconds, and the engine has about a hundred: compiled at import
they were most of what `import inference_doctor` and `inference-doctor explain` cost, although one diagnosis
uses a few of them. Write a module-level pattern as

    _URL = lazy(r"^(?P<scheme>...)")

and use it as the compiled pattern it stands for (`_URL.match(text)`): the first use of a method compiles it, and
from then on the method is the compiled pattern's own, found without a detour.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    from typing import Any, AnyStr


class _Lazy:
    """Stands for `re.compile(pattern, flags)` until first used, then for its methods and attributes."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for names not yet copied from the compiled pattern
        if name.startswith("__") or name == "_args":  # copy, pickle and the like probe dunders: not ours
            raise AttributeError(name)
        pattern, flags = self._args
        value = getattr(re.compile(pattern, flags), name)
        setattr(self, name, value)  # `_URL.match` is the compiled pattern's bound method from now on
        return value

    def __repr__(self) -> str:
        return f"lazy({self._args[0]!r})"


def lazy(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, compiled when first used."""
    return _Lazy(pattern, flags)  # type: ignore[return-value]  # it stands for the compiled pattern
