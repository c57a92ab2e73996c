"""What an error body says, parsed tolerantly: JSON of every known shape, truncated JSON, Python reprs, text.

Every parser is bounded (input is cut to `TEXT_CAP` before any regular expression runs) and total (bad input
gives "unknown", never an exception).
"""

from __future__ import annotations

import json
import re

from ..record import Record
from ..regex import lazy
from .number import ascii_int

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    from typing import Any

TEXT_CAP = 64 * 1024
"""The most of a body (or pasted text) the engine looks at."""


class Body(Record):
    """What an error body says."""

    shape: str
    """empty | odata | openai | gateway | serverless | message | json-other | text"""
    code: str | None
    message: str | None
    type: str | None
    param: str | None
    status_in_body: int | None
    text: str
    """The body as text, cut to TEXT_CAP (the engine matches messages against it)."""

    __slots__ = ("code", "message", "param", "shape", "status_in_body", "text", "type")

    def __init__(
        self,
        shape: str = "empty",
        code: str | None = None,
        message: str | None = None,
        type: str | None = None,
        param: str | None = None,
        status_in_body: int | None = None,
        text: str = "",
    ) -> None:
        self.shape = shape
        self.code = code
        self.message = message
        self.type = type
        self.param = param
        self.status_in_body = status_in_body
        self.text = text


_CODE_RE = lazy(r'"code"\s*:\s*"?([^",}\s][^",}]*)"?')


_MESSAGE_RE = lazy(r'"message"\s*:\s*"((?:[^"\\]|\\.){0,4000})')


def _s(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)[:4000]


def _from_json(data: Any, text: str) -> Body | None:
    if isinstance(data, list) and data:
        data = data[0]
    if not isinstance(data, dict):
        return None
    err = data.get("error")
    if isinstance(err, dict):
        inner = err.get("innererror") if isinstance(err.get("innererror"), dict) else None
        code = _s(err.get("code"))
        if inner and code in (None, "", "InvalidRequest") and inner.get("code"):
            code = _s(inner.get("code"))
        shape = "openai" if ("type" in err or "param" in err) else "odata"
        return Body(
            shape=shape,
            code=code,
            message=_s(err.get("message")),
            type=_s(err.get("type")),
            param=_s(err.get("param")),
            status_in_body=_status_value(err.get("status")),
            text=text,
        )
    if isinstance(err, str):
        return Body(shape="message", message=err[:4000], code=_s(data.get("code")), text=text)
    lowered = {str(k).lower(): v for k, v in data.items()}
    if "statuscode" in lowered:
        return Body(
            shape="gateway",
            code=_s(lowered.get("code")),
            message=_s(lowered.get("message")),
            status_in_body=_status_value(lowered.get("statuscode")),
            text=text,
        )
    if isinstance(lowered.get("status"), str) and "message" not in lowered:
        return Body(shape="serverless", message=_s(lowered.get("status")), text=text)
    if "message" in lowered or "detail" in lowered or "title" in lowered:
        return Body(
            shape="message",
            code=_s(lowered.get("code")),
            message=_s(lowered.get("message") or lowered.get("detail") or lowered.get("title")),
            status_in_body=_status_value(lowered.get("status")),
            text=text,
        )
    return Body(shape="json-other", text=text)


def _status_value(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 100 <= value <= 599:
        return value
    number = ascii_int(value, 3) if isinstance(value, str) else None
    return number if number is not None and 100 <= number <= 599 else None


def to_text(body: bytes | bytearray | memoryview | str | None) -> str:
    if body is None:
        return ""
    if isinstance(body, str):
        return body[:TEXT_CAP]
    raw = bytes(body[:TEXT_CAP])
    if raw[:2] == b"\x1f\x8b":  # a gzip body the transport did not decode: do not guess at it
        return ""
    return raw.decode("utf-8", errors="replace")


def parse_body(body: bytes | bytearray | memoryview | str | None) -> Body:
    """Parse any error body tolerantly: JSON of every known shape, truncated JSON, Python reprs, plain text."""
    text = to_text(body).strip().lstrip("\ufeff")
    if not text:
        return Body()
    if text[0] in "{[":
        try:
            parsed = _from_json(json.loads(text), text)
        except (ValueError, RecursionError):
            parsed = None
        if parsed is not None:
            return parsed
        literal = _python_literal(text)
        if literal is not None:
            parsed = _from_json(literal, text)
            if parsed is not None:
                return parsed
        code = _CODE_RE.search(text)
        message = _MESSAGE_RE.search(text)
        if code or message:  # truncated or otherwise broken JSON: take what is readable
            msg = message.group(1) if message else None
            if msg:
                try:
                    msg = json.loads(f'"{msg}"')
                except ValueError:
                    pass
            return Body(
                shape="odata" if '"error"' in text else "message",
                code=code.group(1) if code else None,
                message=msg,
                text=text,
            )
    return Body(shape="text", message=text[:4000], text=text)


def _python_literal(text: str) -> Any:
    """A Python dict repr, as openai prints bodies (`{'error': {...}}`); bounded and never evaluated as code."""
    if len(text) > 16384 or text.count("{") > 64:
        return None
    plain = _plain_literal(text)  # the usual repr, read without importing ast (a third of explain's start-up)
    if plain is not _NOT_PLAIN:
        return plain
    import ast

    try:
        return ast.literal_eval(_ESCAPE.sub(_escape_invalid, text))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


_NOT_PLAIN: Any = object()
_SPACE = " \t\n\r"
_CONSTANTS = {"True": True, "False": False, "None": None}


def _plain_literal(text: str) -> Any:
    """What ``ast.literal_eval`` makes of `text` when it is a plain repr: dicts and lists of strings without a
    backslash, decimal integers, True, False and None. `_NOT_PLAIN` for anything else (a backslash, a tuple, a
    float, a prefixed, triple-quoted or implicitly joined string, a syntax error, ...), which ``ast`` reads as
    before. A property test compares the two."""
    if "\\" in text:
        return _NOT_PLAIN
    end = len(text)
    pos = 0

    def skip(i: int) -> int:
        while i < end and text[i] in _SPACE:
            i += 1
        return i

    def value(i: int) -> tuple[Any, int]:
        i = skip(i)
        if i >= end:
            raise ValueError
        c = text[i]
        if c == "{" or c == "[":
            close = "}" if c == "{" else "]"
            items: Any = {} if c == "{" else []
            i = skip(i + 1)
            while i < end and text[i] != close:
                item, i = value(i)
                if c == "{":
                    if not (item is None or isinstance(item, (str, int))):
                        raise ValueError
                    i = skip(i)
                    if i >= end or text[i] != ":":
                        raise ValueError
                    items[item], i = value(i + 1)
                else:
                    items.append(item)
                i = skip(i)
                if i < end and text[i] == ",":
                    i = skip(i + 1)
                elif i >= end or text[i] != close:
                    raise ValueError
            if i >= end:
                raise ValueError
            return items, i + 1
        if c == "'" or c == '"':
            close_at = text.find(c, i + 1)
            if close_at < 0 or text.startswith(c * 3, i):
                raise ValueError
            string = text[i + 1 : close_at]
            after = skip(close_at + 1)
            if "\n" in string or "\r" in string or (after < end and text[after] in "'\""):
                raise ValueError  # a line break in a string, or strings joined by juxtaposition
            return string, close_at + 1
        j = i + 1 if c == "-" else i
        k = j
        while k < end and text[k].isascii() and text[k].isdigit():
            k += 1
        if k > j:
            digits = text[j:k]
            if (
                (len(digits) > 1 and digits[0] == "0")
                or k - j > 100
                or (k < end and text[k] not in _SPACE + ",:]}")
            ):
                raise ValueError
            return int(text[i:k]), k
        for name, constant in _CONSTANTS.items():
            if text.startswith(name, i) and (i + len(name) == end or text[i + len(name)] in _SPACE + ",:]}"):
                return constant, i + len(name)
        raise ValueError

    try:
        while pos < end and text[pos] in " \t":  # what literal_eval strips; a line break first is its error
            pos += 1
        if pos >= end or text[pos] not in "{[":
            return _NOT_PLAIN
        result, pos = value(pos)
    except (ValueError, RecursionError):
        return _NOT_PLAIN
    return result if skip(pos) == end else _NOT_PLAIN


# Python's parser warns (SyntaxWarning; DeprecationWarning before 3.12) about an invalid escape such as "\o" in a
# hand-typed body, and a warnings filter set to "error" turns that into a failed parse. Doubling the backslash of an
# invalid escape first reads the text the way the parser would (a backslash, then the letter) with no warning,
# and without touching the process-wide warning filters, which are not thread-safe to change.
_ESCAPE = lazy(r"\\(.)", re.DOTALL)


_VALID_ESCAPES = frozenset("\\'\"abfnrtv01234567xNuU\n")


def _escape_invalid(match: re.Match[str]) -> str:
    return match.group(0) if match.group(1) in _VALID_ESCAPES else "\\" + match.group(0)
