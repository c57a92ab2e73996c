"""Stand-ins for the Azure CLI (`az`) and the Azure Developer CLI (`azd`), and a sandboxed process environment to
run the real azure-identity credentials in.

`AzureCliCredential` and `AzureDeveloperCliCredential` find their tool with ``shutil.which`` on ``PATH`` and read
what it prints. A stand-in is a small POSIX ``sh`` script that prints exactly what the real tool prints in one
situation (signed out, an ``AADSTS`` refusal, a token) and exits as it does; `credential_sandbox` puts a
directory holding only the stand-ins on ``PATH``, so the real tools can never run, and a fresh ``HOME`` so no real
token cache or CLI profile is read. The scripts use shell built-ins only (``printf``), as ``PATH`` holds nothing
else. POSIX only: on Windows the credentials look for ``az.cmd``.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CLEARED_VARIABLES", "CliOutput", "credential_sandbox", "write_cli"]

CLEARED_VARIABLES = ("AZURE_", "IDENTITY_", "MSI_", "IMDS_", "XDG_", "MSAL_")
"""Prefixes of the environment variables a sandbox removes: every one azure-identity, MSAL or the CLIs read."""


@dataclass(frozen=True, slots=True)
class CliOutput:
    """What a stand-in CLI prints (stdout, stderr) and its exit status."""

    stdout: str = ""
    stderr: str = ""
    exit_code: int = 1


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _printf(text: str, stream: str) -> list[str]:
    return [f"printf '%s' {_quote(text)}{stream}"] if text else []


def write_cli(directory: Path, name: str, output: CliOutput) -> Path:
    """Write an executable stand-in `name` into `directory` that prints `output` and exits with its status.

    Each run also appends its arguments, as one line, to ``<name>.calls`` beside it (how a test counts runs).
    """
    log = _quote(str(directory / f"{name}.calls"))
    lines = [
        "#!/bin/sh",
        f"printf '%s\\n' \"$*\" >> {log}",
        *_printf(output.stdout, ""),
        *_printf(output.stderr, " >&2"),
        f"exit {output.exit_code}",
    ]
    path = directory / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@contextmanager
def credential_sandbox(
    *,
    clis: Mapping[str, CliOutput] | None = None,
    environment: Mapping[str, str] | None = None,
    files: Mapping[str, str] | None = None,
) -> Iterator[Path]:
    """Run credentials in a controlled environment; yields the sandbox's directory.

    Inside: ``PATH`` is a directory holding only the stand-ins in `clis` (``{"az": CliOutput(...)}``; a tool
    not named there is not installed), ``HOME`` is an empty directory, every variable starting with one of
    `CLEARED_VARIABLES` is removed, then `environment` is set (``{dir}`` in a value is replaced by the sandbox's
    directory). `files` (name to text) are written into the sandbox's directory first. Everything is put back
    on exit. It changes ``os.environ``, so it is for one thread at a time (tests, the demo).
    """
    with tempfile.TemporaryDirectory(prefix="inference-doctor-sandbox-") as tmp:
        root = Path(tmp)
        bin_dir, home = root / "bin", root / "home"
        bin_dir.mkdir()
        home.mkdir()
        for name, output in (clis or {}).items():
            write_cli(bin_dir, name, output)
        for name, text in (files or {}).items():
            (root / name).write_text(text, encoding="utf-8")
        saved = dict(os.environ)
        try:
            for key in [k for k in os.environ if k.upper().startswith(CLEARED_VARIABLES)]:
                del os.environ[key]
            os.environ["PATH"] = str(bin_dir)
            os.environ["HOME"] = str(home)
            for key, value in (environment or {}).items():
                os.environ[key] = value.replace("{dir}", tmp)
            yield root
        finally:
            os.environ.clear()
            os.environ.update(saved)
