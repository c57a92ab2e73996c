"""Check that a change to the engine changes no diagnosis: every fixture and real-world report, diagnosed by this
checkout and by a baseline checkout, must give byte-identical `to_dict()` output.

    python benchmarks/same_diagnoses.py --baseline ../base/src [--mixes 4000]

The inputs: each fixture of tests/support/engine_cases.py through `diagnose` (with every argument), through the
interceptors' `examine` (names included) and as pasted text (`diagnose_text` of its body, bare and wrapped the
way openai prints it); each report of tests/engine/real_world_reports*.json through `diagnose_text`, and through
`diagnose` where it gives the wire facts; then `--mixes` seeded recombinations of those statuses, bodies, URLs,
methods and headers, so that a rule reached by an odd combination is compared too. Each tree runs in its own
interpreter; the JSON of every result is compared. Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from _trees import add_baseline_option, env_for, trees

ROOT = Path(__file__).resolve().parents[1]
UA = {
    "azure-ai-inference": "azsdk-python-ai-inference/1.0.0b9 Python/3.12.3 (Linux)",
    "azure-openai": "AzureOpenAI/Python 1.109.0",
    "openai": "OpenAI/Python 1.109.0",
}


def results(mixes: int) -> list[tuple[str, Any]]:
    """Every input's label and its diagnosis as JSON-ready data (None when there is none)."""
    sys.path.insert(0, str(ROOT / "tests" / "support"))
    from doctor_testing import NOW
    from engine_cases import CASES

    from inference_doctor import diagnose, diagnose_text
    from inference_doctor._intercept import examine

    def data(d: Any) -> Any:
        return None if d is None else d.to_dict()

    out: list[tuple[str, Any]] = []
    for i, c in enumerate(CASES):
        kw = {
            "body": c.body_text,
            "response_headers": c.response_headers,
            "method": c.method,
            "url": c.url,
            "request_headers": c.request_headers,
        }
        rb = json.dumps(c.request_body) if c.request_body is not None else None
        out.append((f"fixture {i} {c.expected}", data(diagnose(c.status, now=NOW, request_body=rb, **kw))))
        out.append((f"examine {i} {c.expected}", data(examine(c.status, include_names=True, **kw))))
        out.append((f"text {i} {c.expected}", data(diagnose_text(c.body_text or "", now=NOW))))
        wrapped = f"Error code: {c.status} - {c.body_text}"
        out.append((f"wrapped {i} {c.expected}", data(diagnose_text(wrapped, now=NOW))))
    reports: list[dict[str, Any]] = []
    for name in sorted((ROOT / "tests" / "engine").glob("real_world_reports*.json")):
        reports.extend(json.loads(name.read_text(encoding="utf-8")))
    for i, r in enumerate(reports):
        out.append((f"report {i} text", data(diagnose_text(r["text"], now=NOW))))
        if r.get("url") and r.get("status") is not None:
            headers = {"User-Agent": UA[r["client_hint"]]} if r.get("client_hint") in UA else None
            d = diagnose(
                r["status"], body=r.get("body"), url=r["url"], method=r.get("method"), request_headers=headers
            )
            out.append((f"report {i} wire", data(d)))
    rng = random.Random(12)
    bodies = [c.body_text for c in CASES] + [r["text"] for r in reports] + [r.get("body") for r in reports]
    urls = [c.url for c in CASES] + [r.get("url") for r in reports]
    requests = [c.request_headers for c in CASES] + [{"User-Agent": ua} for ua in UA.values()]
    responses = [c.response_headers for c in CASES] + [{"Date": "Fri, 15 Jan 2027 08:00:00 GMT"}]
    for i in range(mixes):
        status = rng.choice((400, 401, 401, 403, 404, 404, 500))
        d = diagnose(
            status,
            body=rng.choice(bodies),
            response_headers=rng.choice(responses),
            method=rng.choice(("GET", "POST", None)),
            url=rng.choice(urls),
            request_headers=rng.choice(requests),
            now=NOW + rng.choice((0, 86400 * 30)),
        )
        out.append((f"mix {i}", data(d)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_baseline_option(parser)
    parser.add_argument("--mixes", type=int, default=4000)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        json.dump(results(args.mixes), sys.stdout)
        return
    if not args.baseline:
        sys.exit("give --baseline SRC: the tree to compare this one with")
    found = trees(args.baseline)
    got = {}
    for tree, src in found.items():
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", "--mixes", str(args.mixes)],
            env=env_for(src),
            capture_output=True,
            text=True,
            check=True,
        )
        got[tree] = json.loads(proc.stdout)
    old, new = got["baseline"], got["new"]
    differ = [(a[0], a[1], b[1]) for a, b in zip(old, new, strict=True) if a != b]
    diagnosed = sum(1 for _, d in new if d is not None)
    print(
        f"{len(new)} inputs compared ({diagnosed} diagnosed, {len(new) - diagnosed} None): {len(differ)} differ"
    )
    for label, a, b in differ[:10]:
        print(f"  {label}:\n    baseline {json.dumps(a)[:300]}\n    new      {json.dumps(b)[:300]}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
