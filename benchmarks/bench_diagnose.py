"""The cost of `diagnose` per call over the engine's fixtures, against `json.loads` of the same bodies.

    .venv/bin/python benchmarks/bench_diagnose.py

Prints the median CPU time per call (process time, so other load on the machine does not inflate it) of each over several rounds and their ratio (same process, same run, so the
ratio holds across machines). Target: diagnose under 50 microseconds per call.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

from doctor_testing import NOW
from engine_cases import CASES

from inference_doctor import diagnose


def per_call(fn, rounds: int = 15, loops: int = 20) -> list[float]:
    """Seconds per call, one figure per round."""
    results = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(loops):
            fn()
        results.append((time.process_time() - start) / (loops * len(CASES)))
    return results


ARGS = [(c.status, c.body_text, c.response_headers, c.method, c.url, c.request_headers) for c in CASES]


def run_diagnose() -> None:
    for status, body, response_headers, method, url, request_headers in ARGS:
        diagnose(status, body=body, response_headers=response_headers, method=method, url=url,
                 request_headers=request_headers, now=NOW)  # fmt: skip


BODIES = [c.body_text or "null" for c in CASES]


def run_json() -> None:
    for b in BODIES:
        try:
            json.loads(b)
        except ValueError:
            pass


def main() -> None:
    run_diagnose()  # warm caches (regex compilation happens at import)
    d = statistics.median(per_call(run_diagnose))
    j = statistics.median(per_call(run_json))
    print(f"fixtures:                 {len(CASES)}")
    print(f"diagnose, median per call: {d * 1e6:8.1f} us   (target < 50 us)")
    print(f"json.loads, same bodies:   {j * 1e6:8.1f} us")
    print(f"ratio diagnose/json.loads: {d / j:8.1f}x")


if __name__ == "__main__":
    main()
