"""The commands that need more than the engine: `demo`, `emulator`, `check`, `token`.

Each imports what it needs (the emulator, the SDKs, azure-identity) only when it runs, so that
`inference-doctor explain` works with azure-core alone.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .errors import UsageError


def _missing(extra: str, exc: ImportError) -> UsageError:
    return UsageError(
        f'this command needs `pip install "inference-doctor[{extra}]"` ({exc.name} is not installed)'
    )


def _port(text: str) -> int:
    """argparse type: a TCP port number."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535)")
    return port


def _seconds(text: str) -> float:
    """argparse type: a duration in seconds, zero or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds (0 or more)")
    return value


def cmd_emulator(args: argparse.Namespace, out: TextIO) -> int:
    from ..emulator import serve_forever

    def say(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    try:
        serve_forever(args.config, port=args.port, print=say, stream_delay=args.stream_delay)
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot start the emulator: {exc}") from None
    return 0


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    try:
        from .demo import run_demo
    except ImportError as exc:
        raise _missing("demo", exc) from None
    return run_demo(scenario=args.scenario, sdk=args.sdk, fmt=args.format, out=out, full=args.full)


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from .check import run_check

    return run_check(args, out)


def cmd_token(args: argparse.Namespace, out: TextIO) -> int:
    from .check import run_token

    return run_token(args, out)


def add_commands(sub: Any) -> None:
    """Register the subcommands on the `inference-doctor` parser."""
    p = sub.add_parser(
        "demo",
        help="walk through the catalog with the real SDKs against the built-in emulator",
        description=(
            "Starts the emulator and reproduces each catalogued failure with the real azure-ai-inference and openai "
            "clients: the client construction that goes wrong, what the SDK alone raises, and what inference-doctor "
            "raises instead. Exit status 0 when every failure was diagnosed as expected."
        ),
    )
    p.add_argument("--scenario", metavar="ID", help="show one scenario only")
    p.add_argument(
        "--sdk", choices=("azure", "openai", "all"), default="all", help="which SDK's clients to use"
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--full", action="store_true", help="show every piece of evidence, not only the fix")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "emulator",
        help="serve the local Azure AI emulator until interrupted",
        description="Serves the Azure AI data-plane emulator on 127.0.0.1 and prints its address; Ctrl-C stops it.",
    )
    p.add_argument(
        "--config", metavar="FILE", help="a JSON file describing the resources (default: the demo world)"
    )
    p.add_argument(
        "--port", type=_port, default=0, help="port on 127.0.0.1, 0-65535 (default 0: any free port)"
    )
    p.add_argument(
        "--stream-delay",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="delay between streamed chunks (default 0)",
    )
    p.set_defaults(func=cmd_emulator)

    from .check import add_check_arguments

    check = sub.add_parser(
        "check",
        help="preflight a real endpoint: its shape, your credential, one cheap request",
        description=(
            "Checks an endpoint before you deploy: (1) its shape for your client, (2) your credential (an Entra token "
            "from DefaultAzureCredential, claims shown, never the token; or a key read from an environment variable), "
            "(3) one chat completion with max_tokens=1, diagnosed. Exit status 0 all passed, 1 a check failed, 2 usage."
        ),
    )
    token = sub.add_parser(
        "token",
        help="show the claims of the token your credential gets (never the token)",
        description="Gets a token with DefaultAzureCredential and prints its claims and the principal id to assign a role to.",
    )
    add_check_arguments(check, token)
    check.set_defaults(func=cmd_check)
    token.set_defaults(func=cmd_token)
