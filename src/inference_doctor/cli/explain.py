"""`inference-doctor explain`: a scenario id's long form, a pasted error diagnosed, or a captured response
(`--from-json`) diagnosed.
"""

from __future__ import annotations

import json
import os
import sys

from ..engine.catalog import SCENARIOS, get_scenario
from ..engine.diagnosis import Diagnosis
from ..engine.match import diagnose, diagnose_text
from ..engine.read.number import ascii_int
from ..engine.read.text import error_window
from ..engine.render import render_text
from .errors import UsageError
from .output import NOT_RECOGNISED, print_json
from .scenarios import long_form, scenario_dict

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    import argparse
    from typing import TextIO

_FROM_JSON_KEYS = (
    "status",
    "body",
    "response_headers",
    "method",
    "url",
    "request_headers",
    "request_body",
    "now",
)


def _color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def id_like(text: str) -> bool:
    """Shaped like a scenario id (`^[a-z0-9]+(?:-[a-z0-9]+)+$`, any case): told by str methods for ASCII text, by
    the pattern (compiled then) for the rest, where case-insensitive matching takes a Kelvin sign for a k."""
    if not text.isascii():
        import re

        return re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)+$", text, re.IGNORECASE) is not None
    parts = text.split("-")
    return len(parts) > 1 and all(part.isalnum() for part in parts)


def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    if args.from_json is not None:
        if args.target:
            raise UsageError("give either an id / error text or --from-json, not both")
        text = _read_input(args.from_json)
        if not text.strip():
            raise UsageError(
                f"{_source(args.from_json)} is empty: give one JSON object describing the response"
            )
        return _emit(_diagnose_json(text), args.format, out)
    if not args.target:
        raise UsageError("explain needs a scenario id, pasted error text, or --from-json FILE")
    target = " ".join(args.target)
    entry = get_scenario(target.strip().lower())
    if entry is not None:
        if args.format == "json":
            print_json(scenario_dict(entry), out)
        else:
            out.write(long_form(entry))
        return 0
    if id_like(target.strip()):
        raise UsageError(f"unknown scenario id {target.strip()!r}{suggest_ids(target)}")
    text = _read_input("-") if target.strip() == "-" else target
    if not text.strip():
        raise UsageError(
            f"{_source('-' if target.strip() == '-' else 'the text')} is empty: paste the error to explain"
        )
    start, end = error_window(text)
    if (start, end) != (0, len(text)):
        sys.stderr.write(
            f"inference-doctor: note: the text is {len(text):,} characters; read the {end - start:,} around the "
            f"error (characters {start:,}-{end:,}), skipped the rest\n"
        )
    return _emit(diagnose_text(text), args.format, out)


def suggest_ids(given: str) -> str:
    """`; did you mean ...?` with the catalog ids closest to `given` (any case), or where to find them."""
    import difflib

    close = difflib.get_close_matches(given.strip().lower(), [s.id for s in SCENARIOS], n=3, cutoff=0.5)
    return f"; did you mean {', '.join(close)}?" if close else "; `inference-doctor scenarios` lists them"


def _source(source: str) -> str:
    return "standard input" if source == "-" else source


def _emit(d: Diagnosis | None, fmt: str, out: TextIO) -> int:
    if fmt == "json":
        print_json(d.to_dict() if d else {"scenario": None}, out)
    elif d is None:
        out.write("No catalogued failure recognised (only 400/401/403/404 responses are in scope).\n")
    else:
        out.write(render_text(d, color=_color(out)) + "\n")
    return 0 if d is not None else NOT_RECOGNISED


def _read_input(source: str) -> str:
    try:
        if source == "-":
            return sys.stdin.read()
        with open(source, encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        raise UsageError(f"cannot read {source}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"cannot read {source}: it is a directory") from None
    except UnicodeDecodeError:
        raise UsageError(f"cannot read {source}: not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None


def _diagnose_json(text: str) -> Diagnosis | None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"the input is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(data, dict):
        raise UsageError("the input must be one JSON object with the keys " + ", ".join(_FROM_JSON_KEYS))
    unknown = sorted(set(data) - set(_FROM_JSON_KEYS))
    if unknown:
        raise UsageError(
            f"unknown key(s) {', '.join(unknown)}; expected some of {', '.join(_FROM_JSON_KEYS)}"
        )
    status = data.get("status")
    if isinstance(status, str):
        status = ascii_int(status.strip(), 3)
    if not isinstance(status, int) or isinstance(status, bool):
        raise UsageError('"status" must be an HTTP status code, e.g. "status": 401')
    body = data.get("body")
    if body is not None and not isinstance(body, str):
        body = json.dumps(body)
    for key in ("response_headers", "request_headers"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise UsageError(f'"{key}" must be an object of header names to values')
    request_body = data.get("request_body")
    if request_body is not None and not isinstance(request_body, str):
        request_body = json.dumps(request_body)
    for key in ("method", "url"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise UsageError(f'"{key}" must be a string')
    now = data.get("now")
    if now is not None and (not isinstance(now, (int, float)) or isinstance(now, bool)):
        raise UsageError('"now" must be a Unix timestamp (seconds)')
    return diagnose(
        status,
        body=body,
        response_headers=data.get("response_headers"),
        method=data.get("method"),
        url=data.get("url"),
        request_headers=data.get("request_headers"),
        now=now,
        request_body=request_body,
    )
