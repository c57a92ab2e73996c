"""The `inference-doctor` command: the engine in front of people.

    inference-doctor scenarios [--json]
    inference-doctor explain ID | "<pasted error text>" | --from-json FILE|-   [--format text|json]
    inference-doctor demo | emulator | check | token   (see --help of each)

Exit status: 0 done, 1 a check failed or `explain` recognised no catalogued failure, 2 usage error (unknown id,
empty or unreadable input). Errors are one line on stderr, never a traceback. Every JSON output carries
`schema_version`.

The parser and `main` are here; each command is its own module (`scenarios`, `explain`, and the ones in
`commands` that import the emulator, the SDKs or azure-identity only when they run). A command's module is
imported only when the command runs, and `main` builds the parser of the command named on the command line
alone, so that `inference-doctor explain` loads the engine and nothing of the other commands.
"""

from __future__ import annotations

import sys

from .errors import UsageError

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import Any, NoReturn, TextIO

COMMANDS = ("scenarios", "explain", "demo", "emulator", "check", "token")

EXIT_STATUS = """exit status:
  0  done: every check passed, the failure was diagnosed, the listing printed
  1  a check failed (check, token, demo), or explain recognised no catalogued failure
  2  usage error: unknown id or option, empty or unreadable input (one line on stderr)"""


def _scenarios(args: argparse.Namespace, out: TextIO) -> int:
    from .scenarios import cmd_scenarios

    return cmd_scenarios(args, out)


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    from .explain import cmd_explain

    return cmd_explain(args, out)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only` (one of `COMMANDS`), the top level and that command's parser
    alone, which parse a command line naming that command exactly as the whole parser does."""
    import argparse  # here, not at import: the common forms of `explain` are read without it (see `_explain_argv`)

    parser = argparse.ArgumentParser(
        prog="inference-doctor",
        description="Explains 401/403/404 failures of Azure AI model inference and Azure OpenAI, and how to fix them.",
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from .._version import __version__

    parser.add_argument("-V", "--version", action="version", version=f"inference-doctor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    if only in (None, "scenarios"):
        p = sub.add_parser("scenarios", help="list the catalogued failures")
        fmt = p.add_mutually_exclusive_group()
        fmt.add_argument("--json", action="store_true", help="print the catalog as JSON")
        fmt.add_argument(
            "--markdown", action="store_true", help="print the scenario reference (docs/scenarios.md)"
        )
        p.set_defaults(func=_scenarios)
    if only in (None, "explain"):
        _add_explain(sub)
    if only not in ("scenarios", "explain"):
        from .commands import add_commands

        add_commands(sub, only)
    return parser


def _add_explain(sub: Any) -> None:
    p = sub.add_parser(
        "explain",
        help="explain a scenario id, a pasted error, or a captured response",
        description=(
            'explain ID prints the long form of a scenario (ids in any case); explain "<error text>" diagnoses an '
            "error copied from a log (a whole log will do: the error is found wherever it is); explain --from-json "
            "FILE (or - for stdin) diagnoses one captured response given as a JSON object with the keys status, "
            "body, response_headers, method, url, request_headers."
        ),
        epilog=(
            "exit status: 0 diagnosed (or the id's long form printed), 1 no catalogued failure recognised, "
            "2 usage error (unknown id, empty or unreadable input)"
        ),
    )
    p.add_argument("target", nargs="*", help="a scenario id, or error text (- reads the text from stdin)")
    p.add_argument("--from-json", metavar="FILE", help="a JSON file describing the response (- for stdin)")
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: the diagnosis as compiler-style text (default, for every kind of input); json: "
        'Diagnosis.to_dict() as one JSON object with schema_version ({"scenario": null} when nothing is recognised)',
    )
    p.set_defaults(func=_explain)


_EXPLAIN_OPTIONS = {"--format": ("format", ("text", "json")), "--from-json": ("from_json", None)}


def _explain_argv(argv: list[str]) -> argparse.Namespace | None:
    """What the parser makes of `argv` when it is one of the common forms of `explain` (`explain <text or id>`,
    with `--format text|json` or `--from-json FILE` before or after the text, spelled out in full, each at most
    once), without importing `argparse`, whose import and parser building cost a third of the command's start-up;
    None for anything else (help, an abbreviation, a repeat, a value argparse would refuse, text beginning with a
    dash), which the parser reads as it always has. A test compares the two on every form."""
    if not argv or argv[0] != "explain":
        return None
    target: list[str] = []
    values: dict[str, Any] = {"command": "explain", "target": target, "from_json": None, "format": "text"}
    seen: set[str] = set()
    phase = 0  # 0: options before the text, 1: the text, 2: options after it
    i = 1
    while i < len(argv):
        token = argv[i]
        if token.startswith("-") and token != "-":
            name, eq, value = token.partition("=")
            if name not in _EXPLAIN_OPTIONS or name in seen:
                return None
            if not eq:
                if i + 1 == len(argv) or (argv[i + 1].startswith("-") and argv[i + 1] != "-"):
                    return None
                i += 1
                value = argv[i]
            dest, choices = _EXPLAIN_OPTIONS[name]
            if choices is not None and value not in choices:
                return None
            seen.add(name)
            values[dest] = value
            phase = 2 if phase else 0
        else:
            if phase == 2:
                return None  # text after options after text: argparse refuses it
            phase = 1
            target.append(token)
        i += 1
    from types import SimpleNamespace

    return SimpleNamespace(**values, func=_explain)  # type: ignore[return-value]


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _explain_argv(argv)
    if args is None:
        parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help(out)
            return 2
    try:
        code: int = args.func(args, out)
    except UsageError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return code


def _fail(message: str) -> NoReturn:
    from ..engine.scrub import scrub  # an error can quote what it was given

    sys.stderr.write(f"inference-doctor: error: {scrub(message)}\n")
    raise SystemExit(2)
