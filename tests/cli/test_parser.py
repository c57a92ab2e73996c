"""The parser `main` builds for the command it is given parses that command's line as the whole parser does."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inference_doctor.cli import COMMANDS, build_parser

LINES = [
    ["scenarios"],
    ["scenarios", "--json"],
    ["scenarios", "--markdown"],
    ["explain", "token-expired"],
    ["explain", "Error code: 401 - {}", "--format", "json"],
    ["explain", "--from-json", "-"],
    ["demo", "--scenario", "key-invalid", "--sdk", "openai", "--full"],
    ["emulator", "--port", "0", "--stream-delay", "0.5"],
    ["check", "https://contoso.openai.azure.com", "--auth", "key", "--key-env", "K", "--no-probe"],
    ["check", "https://x.services.ai.azure.com/models", "--emulator", "--emulator-identity", "guest"],
    ["token", "--scope", "https://ai.azure.com/.default", "--format", "json"],
]


def _outcome(parser_for_line: str | None, argv: list[str]) -> tuple[object, str, str]:
    """(the parsed namespace's fields or the exit code, stdout, stderr) of one parse."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            ns = build_parser(parser_for_line).parse_args(argv)
            result: object = {k: v for k, v in vars(ns).items() if k != "func"}, vars(ns)["func"].__name__
        except SystemExit as exc:
            result = exc.code
    return result, out.getvalue(), err.getvalue()


def test_every_command_is_known():
    """COMMANDS names every subcommand of the whole parser, in its order."""
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert tuple(sub.choices) == COMMANDS  # type: ignore[arg-type]


@pytest.mark.parametrize("argv", LINES, ids=lambda a: " ".join(a)[:40])
def test_one_command_parser_parses_as_the_whole(argv):
    """build_parser(command) gives the same namespace as build_parser() for a line naming that command."""
    assert _outcome(argv[0], argv) == _outcome(None, argv)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("extra", [["--help"], ["--no-such-option"], ["--format", "xml"]])
def test_one_command_parser_helps_and_fails_as_the_whole(command, extra):
    """A command's --help and its usage errors read the same from its own parser and from the whole one."""
    argv = [command, *extra]
    got, whole = _outcome(command, argv), _outcome(None, argv)
    assert got == whole
    assert got[0] in (0, 2)


EXPLAIN_TOKENS = [
    "error text",
    "token-expired",
    "",
    "-",
    "a b",
    "--format",
    "--format=json",
    "--format=text",
    "--format=",
    "--format=xml",
    "json",
    "text",
    "xml",
    "--from-json",
    "--from-json=f.json",
    "--from-json=",
    "--from-json=-",
    "f.json",
    "--",
    "-h",
    "--help",
    "--form",
    "--from",
    "-1",
    "-x y",
    "--json",
]

EXPLAIN_LINES = [
    ["explain"],
    ["explain", "Error code: 401 - {}"],
    ["explain", "one", "two", "three"],
    ["explain", "Error code: 401 - {}", "--format", "json"],
    ["explain", "--format", "json", "Error code: 401 - {}"],
    ["explain", "--format=json", "x", "y"],
    ["explain", "--from-json", "-"],
    ["explain", "--from-json=-", "--format", "text"],
    ["explain", "--format", "json", "x", "--from-json", "f"],
    ["explain", "-"],
    ["explain", ""],
]


def _fast(argv: list[str]) -> object:
    from inference_doctor.cli import _explain_argv

    ns = _explain_argv(argv)
    return (
        None
        if ns is None
        else ({k: v for k, v in vars(ns).items() if k != "func"}, vars(ns)["func"].__name__)
    )


@pytest.mark.parametrize("argv", EXPLAIN_LINES)
def test_explain_s_common_forms_are_read_without_argparse_as_argparse_reads_them(argv: list[str]) -> None:
    """The common forms of `explain` are read by the fast path (not handed to argparse), into exactly the
    namespace argparse makes of them."""
    fast = _fast(argv)
    assert fast is not None
    assert fast == _outcome(None, argv)[0] == _outcome("explain", argv)[0]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(EXPLAIN_TOKENS), max_size=6))
def test_explain_s_fast_path_agrees_with_argparse_or_steps_aside(tokens: list[str]) -> None:
    """On any line of `explain`, the fast path either gives argparse's namespace or hands the line to argparse
    (None): it never accepts a line argparse refuses, nor reads one differently."""
    argv = ["explain", *tokens]
    fast = _fast(argv)
    if fast is not None:
        assert fast == _outcome("explain", argv)[0]
