"""How long `inference-doctor explain "<pasted error>"` takes, as a multiple of a bare interpreter start.

    python benchmarks/bench_cli.py [--rounds 40] [--baseline ../base/src]

Each round runs, in a shuffled order, ``python -c pass`` and the command line (the console script's own code,
``from inference_doctor.cli import main``, or the entry point the baseline's pyproject.toml names) on two pasted errors, openai's and azure-core's, in fresh interpreters
with bytecode as installed. Medians of the children's CPU time (user + system: other load on the machine hardly
moves it) and of wall time; the ratio to ``python -c pass`` is the figure. Target: at most 3x.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
from pathlib import Path

from _trees import add_baseline_option, cpu_ms, env_for, load, trees


def script_for(src: Path) -> str:
    """What the console script `inference-doctor` of the checkout of `src` runs (pip writes it with these imports):
    its entry point as that checkout's pyproject.toml names it (`inference_doctor.cli:main` now,
    `inference_doctor._cli:main` before the engine became a package)."""
    found = re.search(
        r'^inference-doctor = "([\w.]+):(\w+)"', (src.parent / "pyproject.toml").read_text(), re.M
    )
    module, function = found.groups() if found else ("inference_doctor.cli", "main")
    return f"import re, sys; from {module} import {function}; sys.exit({function}())"


ERRORS = {
    "openai": (
        "openai.AuthenticationError: Error code: 401 - {'error': {'code': '401', 'message': 'Access denied due to "
        "invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active "
        "subscription and use a correct regional API endpoint for your resource.'}}"
    ),
    "azure-core": (
        "azure.core.exceptions.HttpResponseError: (PermissionDenied) Principal does not have access to "
        "API/Operation.\nCode: PermissionDenied\nMessage: Principal does not have access to API/Operation."
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    add_baseline_option(parser)
    args = parser.parse_args()
    found = trees(args.baseline)
    runs: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([sys.executable, "-c", "pass"], env_for(found["new"]))
    }
    for tree, src in found.items():
        for name, text in ERRORS.items():
            runs[f"{tree}: explain ({name})"] = (
                [sys.executable, "-c", script_for(src), "explain", text],
                env_for(src),
            )
    for argv, env in runs.values():  # warm-up: the OS file cache
        cpu_ms(argv, env)
    cpu: dict[str, list[float]] = {k: [] for k in runs}
    wall: dict[str, list[float]] = {k: [] for k in runs}
    print(f"before: {load()}")
    for _ in range(args.rounds):
        for key in random.sample(list(runs), len(runs)):
            c, w = cpu_ms(*runs[key])
            cpu[key].append(c)
            wall[key].append(w)
    print(f"after:  {load()}")
    bare_cpu = statistics.median(cpu["python -c pass"])
    bare_wall = statistics.median(wall["python -c pass"])
    print(f"\n{args.rounds} rounds, medians          CPU ms   x bare   wall ms   x bare")
    for key in runs:
        c, w = statistics.median(cpu[key]), statistics.median(wall[key])
        print(f"  {key:<32} {c:7.1f}  {c / bare_cpu:6.2f}x  {w:8.1f}  {w / bare_wall:6.2f}x")
    if "baseline" in found:
        print("\nnew / baseline (CPU):")
        for name in ERRORS:
            new = statistics.median(cpu[f"new: explain ({name})"])
            old = statistics.median(cpu[f"baseline: explain ({name})"])
            print(f"  explain ({name}): {new / old:5.2f}")
    print("\ntarget: explain at most 3x python -c pass")


if __name__ == "__main__":
    main()
