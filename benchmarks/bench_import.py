"""Import time that inference-doctor adds over `import azure.core`, measured in fresh interpreters.

    .venv/bin/python benchmarks/bench_import.py

Two measures, both taken in fresh interpreters and reported as medians:

* ``-X importtime``: the interpreter's own count of the microseconds spent importing ``inference_doctor`` and
  everything it pulls in that ``azure.core`` had not already imported. This is the figure to quote: it does not
  include process start-up, so machine noise hardly moves it.
* wall time of ``python -c "import azure.core, inference_doctor.azure"`` against ``python -c "import azure.core"``,
  run interleaved (one of each in turn) so drift in the machine's load hits both alike. Noisier; a sanity check.

Target: under 20 ms added.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time

RUNS = 21
# Bytecode as an installed package has it (pip compiles on install): this machine sets PYTHONDONTWRITEBYTECODE,
# which would make every run compile the sources again; the warm-up run writes the .pyc files.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
BASE = "import azure.core"
WITH = "import azure.core, inference_doctor.azure"
_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def added_by_importtime() -> float:
    """Microseconds ``-X importtime`` books to the top-level inference_doctor imports after azure.core's."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", WITH], check=True, capture_output=True, text=True, env=ENV
    )
    total = 0
    for line in proc.stderr.splitlines():
        match = _LINE.match(line)
        # a top-level (unindented) entry: its cumulative time includes every module it imported first
        if match and match.group(3) == " " and match.group(4).startswith("inference_doctor"):
            total += int(match.group(2))
    return total / 1000


def wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=ENV)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    wall(WITH)  # warm-up: writes bytecode, fills the OS file cache
    importtime = [added_by_importtime() for _ in range(RUNS)]
    base, with_doctor = [], []
    for _ in range(RUNS):
        base.append(wall(BASE))
        with_doctor.append(wall(WITH))
    print(
        f"python -X importtime, inference_doctor.azure after azure.core: {statistics.median(importtime):6.1f} ms"
    )
    print(f"wall, import azure.core:                                     {statistics.median(base):6.1f} ms")
    print(
        f"wall, import azure.core, inference_doctor.azure:             {statistics.median(with_doctor):6.1f} ms"
    )
    added = statistics.median(b - a for a, b in zip(base, with_doctor, strict=True))
    print(f"wall, added (median of paired differences):                  {added:6.1f} ms")
    print("target: under 20 ms added")


if __name__ == "__main__":
    main()
