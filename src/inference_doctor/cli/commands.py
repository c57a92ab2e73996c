"""The commands that need more than the engine: `demo`, `emulator`, `check`, `token`.

Each imports what it needs (the emulator, the SDKs, azure-identity) only when it runs, so that
`inference-doctor explain` works with azure-core alone.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .errors import UsageError, port_number, seconds


def _missing(extra: str, exc: ImportError) -> UsageError:
    return UsageError(
        f'this command needs `pip install "inference-doctor[{extra}]"` ({exc.name} is not installed)'
    )


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


def add_commands(sub: Any, only: str | None = None) -> None:
    """Register the subcommands on the `inference-doctor` parser (`only`: that one alone, see `build_parser`)."""
    if only in (None, "demo"):
        _add_demo(sub)
    if only in (None, "emulator"):
        _add_emulator(sub)
    if only in (None, "check", "token"):
        _add_check_and_token(sub)


def _add_demo(sub: Any) -> None:
    p = sub.add_parser(
        "demo",
        help="walk through the catalog with the real SDKs against the built-in emulator",
        description=(
            "Starts the emulator and reproduces each catalogued failure with the real azure-ai-inference, openai and "
            "anthropic clients: the client construction that goes wrong, what the SDK alone raises, and what "
            "inference-doctor raises instead. Exit status 0 when every failure was diagnosed as expected."
        ),
    )
    p.add_argument("--scenario", metavar="ID", help="show one scenario only (its id, in any case)")
    p.add_argument(
        "--sdk",
        choices=("azure", "openai", "anthropic", "all"),
        default="all",
        help="which SDK's clients to use",
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: a report per scenario (default); json: JSON Lines, one object per run and a last summary "
        "object, each with schema_version",
    )
    p.add_argument("--full", action="store_true", help="show every piece of evidence, not only the fix")
    p.set_defaults(func=cmd_demo)


def _add_emulator(sub: Any) -> None:
    p = sub.add_parser(
        "emulator",
        help="serve the local Azure AI emulator until interrupted",
        description="Serves the Azure AI data-plane emulator on 127.0.0.1 and prints its address; Ctrl-C stops it.",
    )
    p.add_argument(
        "--config", metavar="FILE", help="a JSON file describing the resources (default: the demo world)"
    )
    p.add_argument(
        "--port", type=port_number, default=0, help="port on 127.0.0.1, 0-65535 (default 0: any free port)"
    )
    p.add_argument(
        "--stream-delay",
        type=seconds,
        default=0.0,
        metavar="SECONDS",
        help="delay between streamed chunks (default 0)",
    )
    p.set_defaults(func=cmd_emulator)


def _add_check_and_token(sub: Any) -> None:
    from .check import add_check_arguments

    check = sub.add_parser(
        "check",
        help="preflight a real endpoint: its shape, your credential, one cheap request",
        description=(
            "Checks an endpoint before you deploy: (1) its shape for your client, (2) your credential (an Entra token "
            "from DefaultAzureCredential, claims shown, never the token; or a key read from an environment variable), "
            "(3) one chat completion with max_tokens=1 (for Claude on Foundry, --client anthropic, one Messages call), "
            "diagnosed. --timeout bounds the credential step and the request step. Each step is shown as it "
            "finishes. Step 1 runs "
            "offline with azure-core alone; Entra tokens need the identity extra (pip install "
            '"inference-doctor[identity]"). An endpoint with a query string is refused (exit 2): keys go in an '
            "environment variable (--key-env), never on the command line, and the api-version in --api-version. "
            "Exit status 0 all passed, 1 a check failed, 2 usage."
        ),
    )
    token = sub.add_parser(
        "token",
        help="show the claims of the token your credential gets (never the token)",
        description=(
            "Gets a token with DefaultAzureCredential (needs the identity extra: pip install "
            '"inference-doctor[identity]") and prints its claims and the principal id to assign a role to. Exit '
            "status 0 a token was obtained, 1 none could be (with the same hints as check), 2 usage."
        ),
    )
    add_check_arguments(check, token)
    check.set_defaults(func=cmd_check)
    token.set_defaults(func=cmd_token)
