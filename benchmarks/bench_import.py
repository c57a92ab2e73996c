"""Import time that inference-doctor adds over `import azure.core`, measured in fresh interpreters.

    .venv/bin/python benchmarks/bench_import.py

Each figure is the median wall time of a fresh `python -c "<imports>"` over several runs; the difference between
`import azure.core, inference_doctor.azure` and `import azure.core` alone is the cost inference-doctor adds to a
program that already uses an azure-core client. Target: under 20 ms.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 15
CASES = {
    "python": "pass",
    "azure.core": "import azure.core",
    "azure.core + inference_doctor": "import azure.core, inference_doctor",
    "azure.core + inference_doctor.azure": "import azure.core, inference_doctor.azure",
}


def median_seconds(code: str) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    results = {name: median_seconds(code) for name, code in CASES.items()}
    for name, seconds in results.items():
        print(f"{name:38s} {seconds * 1000:7.1f} ms")
    added = results["azure.core + inference_doctor.azure"] - results["azure.core"]
    print(f"added by inference_doctor.azure over azure.core: {added * 1000:.1f} ms (target < 20 ms)")


if __name__ == "__main__":
    main()
