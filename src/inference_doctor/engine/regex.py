"""Regular expressions compiled on first use, not at import.

Compiling a pattern costs tens to hundreds of microseconds, and the engine has about a hundred: compiled at import
they were most of what `import inference_doctor` and `inference-doctor explain` cost, although one diagnosis
uses a few of them. Write a module-level pattern as

    _URL = lazy(r"^(?P<scheme>...)")

and use it as the compiled pattern it stands for (`_URL.match(text)`): the first use of a method compiles it, and
from then on the method is the compiled pattern's own, found without a detour.

Most patterns are tried on every pasted error and match almost none. Such a pattern can name the words one of
which any match must contain (`needs`): its `search` and `match` answer None without compiling it when the text
holds none of them (lower-cased for a case-insensitive pattern, and then only on ASCII text, where lower-casing is
all the pattern's case folding does). ``tests/engine/test_regex_gates.py`` proves each `needs` from the parsed
pattern: every alternative of the pattern contains one of the words, in every match.
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


class _Gated(_Lazy):
    """A `_Lazy` whose `search` and `match` first look for one of the words every match contains."""

    def __init__(self, pattern: str, flags: int, needs: tuple[str, ...]) -> None:
        super().__init__(pattern, flags)
        self.folded = bool(flags & re.IGNORECASE) or pattern.startswith("(?i)")
        self.needs = tuple(n.lower() for n in needs) if self.folded else needs

    def _absent(self, text: str) -> bool:
        """No match is possible: the text holds none of the words."""
        if self.folded:
            if not text.isascii():
                return False
            text = text.lower()
        return not any(n in text for n in self.needs)

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        if not args and self._absent(text):
            return None
        return self._compiled().search(text, *args)

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        if not args and self._absent(text):
            return None
        return self._compiled().match(text, *args)

    def _compiled(self) -> re.Pattern[str]:
        compiled: re.Pattern[str] = self.__dict__.get("compiled") or re.compile(*self._args)
        self.__dict__["compiled"] = compiled
        return compiled


def lazy(pattern: AnyStr, flags: int = 0, *, needs: tuple[str, ...] = ()) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, compiled when first used; with `needs`, words one of which every match
    contains (see the module's docstring), so that `search` and `match` skip texts that hold none."""
    if needs:
        assert isinstance(pattern, str)
        return _Gated(pattern, flags, needs)  # type: ignore[return-value]
    return _Lazy(pattern, flags)  # type: ignore[return-value]  # it stands for the compiled pattern
