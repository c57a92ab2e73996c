"""The cost of `diagnose` per call on real cases, against `json.loads` of the same bodies.

    python benchmarks/bench_diagnose.py [--rounds 25] [--baseline ../base/src]

The real cases: every fixture of tests/support/engine_cases.py and every report of the real-world corpora
(tests/engine/real_world*reports*.json) that gives the wire facts, diagnosed with all they give. Each tree runs in
a worker process of its own; the rounds alternate between the workers, so drift in the machine's load hits both
alike. Times are CPU time (process time), so other processes hardly inflate them.

Printed per tree: the mean cost per call over all cases (median over rounds), the same for `json.loads` of the
bodies, their ratio; the median case and the worst case (each case's median over rounds) and their ratio.
Targets: diagnose at most 20x json.loads and under 50 us per call; the worst case under 5x the median case.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from _cases import fixture_calls, reports, wire_call
from _trees import add_baseline_option, env_for, load, trees


def real_cases() -> list[tuple[str, int, dict[str, Any]]]:
    """(label, status, keyword arguments of diagnose) of every fixture and every wire report."""
    cases = fixture_calls()
    for label, report in reports():
        call = wire_call(report)
        if call is not None:
            cases.append((label, *call))
    return cases


def worker(loops: int) -> None:
    """Answer each line on stdin with one round of measurements, as a JSON line."""
    from inference_doctor import diagnose

    cases = real_cases()
    calls: list[Callable[[], object]] = [
        (lambda s=status, kw=kw: diagnose(s, **kw))
        for _, status, kw in cases  # type: ignore[misc]
    ]
    bodies = [kw.get("body") or "null" for _, _, kw in cases]

    def parse_all() -> None:
        for b in bodies:
            try:
                json.loads(b)
            except ValueError:
                pass

    def run_all() -> None:
        for call in calls:
            call()

    def per_call(fn: Callable[[], object], n: int) -> float:
        start = time.process_time()
        for _ in range(n):
            fn()
        return (time.process_time() - start) / n

    run_all()  # warm-up: lazy compilations, caches
    print(json.dumps([label for label, _, _ in cases]), flush=True)
    for _ in sys.stdin:
        result = {
            "diagnose": per_call(run_all, loops) / len(calls),
            "json": per_call(parse_all, loops) / len(calls),
            "cases": [per_call(call, loops) for call in calls],
        }
        print(json.dumps(result), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--loops", type=int, default=20, help="calls of each case per round")
    add_baseline_option(parser)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.loops)
        return
    workers = {
        tree: subprocess.Popen(
            [sys.executable, __file__, "--worker", "--loops", str(args.loops)],
            env=env_for(src),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for tree, src in trees(args.baseline).items()
    }
    labels = {tree: json.loads(w.stdout.readline()) for tree, w in workers.items()}  # type: ignore[union-attr]
    rounds: dict[str, list[dict[str, Any]]] = {tree: [] for tree in workers}
    print(f"before: {load()}")
    for i in range(args.rounds):
        order = list(workers) if i % 2 == 0 else list(reversed(workers))
        for tree in order:
            workers[tree].stdin.write("round\n")  # type: ignore[union-attr]
            workers[tree].stdin.flush()  # type: ignore[union-attr]
            rounds[tree].append(json.loads(workers[tree].stdout.readline()))  # type: ignore[union-attr]
    print(f"after:  {load()}")
    for w in workers.values():
        w.stdin.close()  # type: ignore[union-attr]
        w.wait()
    summary = {}
    for tree, found in rounds.items():
        d = statistics.median(r["diagnose"] for r in found)
        j = statistics.median(r["json"] for r in found)
        per_case = [statistics.median(r["cases"][k] for r in found) for k in range(len(labels[tree]))]
        median_case = statistics.median(per_case)
        worst = max(range(len(per_case)), key=per_case.__getitem__)
        summary[tree] = d
        print(
            f"\n{tree}: {len(per_case)} real cases, {args.rounds} rounds x {args.loops} calls each (CPU time)"
        )
        print(f"  diagnose, mean per call:    {d * 1e6:7.1f} us   (target < 50 us)")
        print(f"  json.loads, same bodies:    {j * 1e6:7.1f} us")
        print(f"  ratio diagnose/json.loads:  {d / j:7.1f}x   (target <= 20x)")
        print(f"  median case:                {median_case * 1e6:7.1f} us")
        print(
            f"  worst case:                 {per_case[worst] * 1e6:7.1f} us = {per_case[worst] / median_case:.1f}x "
            f"the median (target < 5x): {labels[tree][worst]}"
        )
    if "baseline" in summary:
        print(f"\nnew / baseline, mean per call: {summary['new'] / summary['baseline']:5.2f}")


if __name__ == "__main__":
    main()
