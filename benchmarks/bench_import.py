"""What `import inference_doctor.azure` adds over `import azure.core`, as a fraction of azure-core's own import.

    python benchmarks/bench_import.py [--rounds 25] [--baseline ../base/src]

Two measures, both in fresh interpreters with bytecode as installed, and both reported as medians:

* ``-X importtime``: the interpreter's own count of the time spent importing ``azure.core`` and, after it,
  ``inference_doctor.azure`` and everything it pulls in that azure-core had not: their ratio is the figure to
  quote (no process start-up in either, so machine noise hardly moves it).
* CPU time (user + system) of ``python -c "import azure.core, inference_doctor.azure"`` against
  ``python -c "import azure.core"`` and ``python -c pass``: (with - azure.core) / (azure.core - pass), run
  interleaved so drift in the machine's load hits all alike. Noisier; a cross-check.

Target: inference_doctor.azure adds at most 0.15x azure-core's own import time.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys

from _trees import add_baseline_option, cpu_ms, env_for, load, trees

BASE = "import azure.core"
WITH = "import azure.core, inference_doctor.azure"
_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def importtime(env: dict[str, str]) -> tuple[float, float]:
    """(ms importing azure.core, ms importing inference_doctor after it), from ``-X importtime``."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", WITH], check=True, capture_output=True, text=True, env=env
    )
    core = doctor = 0
    for line in proc.stderr.splitlines():
        match = _LINE.match(line)
        # a top-level (unindented) entry: its cumulative time includes every module it imported first
        if match and match.group(3) == " ":
            if match.group(4) == "azure.core":
                core = int(match.group(2))
            elif match.group(4).startswith("inference_doctor"):
                doctor += int(match.group(2))
    return core / 1000, doctor / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    add_baseline_option(parser)
    args = parser.parse_args()
    found = trees(args.baseline)
    envs = {tree: env_for(src) for tree, src in found.items()}
    any_env = envs["new"]
    runs = {"pass": ("pass", any_env), "azure.core": (BASE, any_env)}
    runs.update({tree: (WITH, env) for tree, env in envs.items()})
    for code, env in runs.values():  # warm-up: the OS file cache
        cpu_ms([sys.executable, "-c", code], env)
    times: dict[str, list[tuple[float, float]]] = {tree: [] for tree in envs}
    cpu: dict[str, list[float]] = {k: [] for k in runs}
    print(f"before: {load()}")
    for _ in range(args.rounds):
        for tree in random.sample(list(envs), len(envs)):
            times[tree].append(importtime(envs[tree]))
        for key in random.sample(list(runs), len(runs)):
            code, env = runs[key]
            cpu[key].append(cpu_ms([sys.executable, "-c", code], env)[0])
    print(f"after:  {load()}")
    bare, core = statistics.median(cpu["pass"]), statistics.median(cpu["azure.core"])
    print(f"\n{args.rounds} rounds, medians")
    print(f"  CPU, python -c pass:          {bare:6.1f} ms")
    print(f"  CPU, import azure.core:       {core:6.1f} ms  ({core - bare:.1f} ms over python -c pass)")
    ratios = {}
    for tree in envs:
        core_ms = statistics.median(t[0] for t in times[tree])
        added_ms = statistics.median(t[1] for t in times[tree])
        ratio = statistics.median(t[1] / t[0] for t in times[tree])
        ratios[tree] = ratio
        with_ms = statistics.median(cpu[tree])
        print(f"\n  {tree}:")
        print(
            f"    -X importtime: azure.core {core_ms:6.1f} ms, inference_doctor.azure after it {added_ms:6.1f} ms"
            f" = {ratio:.3f}x azure-core's"
        )
        print(
            f"    CPU: import azure.core, inference_doctor.azure {with_ms:6.1f} ms: adds {with_ms - core:5.1f} ms"
            f" = {(with_ms - core) / (core - bare):.3f}x azure-core's own"
        )
    if "baseline" in ratios:
        print(f"\nnew / baseline (-X importtime ratio): {ratios['new'] / ratios['baseline']:5.2f}")
    print("target: at most 0.15x")


if __name__ == "__main__":
    main()
