"""The source trees a benchmark compares, and how to run a fresh interpreter on one of them.

Every benchmark measures this checkout's `src/` ("new"); with ``--baseline SRC`` (the `src/` of another checkout,
e.g. a worktree of an older commit: ``git worktree add ../base <commit>``) it measures that tree too, in the same
run, interleaved with the new one, and prints both and their ratio. A tree is put first on ``PYTHONPATH``, so it
wins over the installed package.

Bytecode as an installed package has it (pip compiles on install): this machine sets PYTHONDONTWRITEBYTECODE,
which would make every fresh interpreter compile the sources again, so the trees are compiled first and the
variable is left out of the subprocesses' environment.
"""

from __future__ import annotations

import argparse
import compileall
import os
import sys
from pathlib import Path

NEW = Path(__file__).resolve().parents[1] / "src"


def add_baseline_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--baseline",
        metavar="SRC",
        help="the src/ directory of another checkout to measure in the same run (e.g. ../base/src)",
    )


def trees(baseline: str | None) -> dict[str, Path]:
    """{"baseline": SRC, "new": this checkout's src} (just "new" without a baseline), each compiled."""
    found = {"new": NEW}
    if baseline:
        src = Path(baseline).resolve()
        if not (src / "inference_doctor" / "__init__.py").is_file():
            sys.exit(f"--baseline {baseline}: no inference_doctor package there (give the checkout's src/)")
        found = {"baseline": src, "new": NEW}
    for src in found.values():
        compileall.compile_dir(str(src), quiet=1)
    return found


def env_for(src: Path) -> dict[str, str]:
    """The environment of a fresh interpreter that imports inference_doctor from `src`, with bytecode."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


def cpu_ms(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU ms, wall ms) of one child process: user + system time of the child alone, so that other load on
    the machine inflates it far less than wall time."""
    import subprocess
    import time

    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{args} exited with {proc.returncode}")
    return (usage.ru_utime + usage.ru_stime) * 1000, wall


def load() -> str:
    """The machine's load averages (1, 5, 15 min) and its CPU count, for the report."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load unknown"
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"
