"""Check that a change to the engine changes no diagnosis: every fixture and real-world report, diagnosed by this
checkout and by a baseline checkout, must give byte-identical `to_dict()` output.

    python benchmarks/same_diagnoses.py --baseline ../base/src [--mixes 4000]

The inputs: each fixture of tests/support/engine_cases.py through `diagnose` (with every argument), through the
interceptors' `examine` (names included) and as pasted text (`diagnose_text` of its body, bare and wrapped the
way openai prints it); each credential case of tests/support/credential_cases.py through
`diagnose_credential_failure` and as text; each report of tests/engine/real_world*reports*.json through
`diagnose_text` and `diagnose_credential_failure`, and through `diagnose` where it gives the wire facts; then `--mixes` seeded recombinations of those statuses, bodies, URLs,
methods and headers, so that a rule reached by an odd combination is compared too. Each tree runs in its own
interpreter; the JSON of every result is compared. Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from typing import Any

from _cases import UA, fixture_calls, reports, wire_call
from _trees import add_baseline_option, env_for, trees


def results(mixes: int) -> list[tuple[str, Any]]:
    """Every input's label and its diagnosis as JSON-ready data (None when there is none)."""
    from inference_doctor import diagnose, diagnose_text
    from inference_doctor._intercept import examine

    def data(d: Any) -> Any:
        return None if d is None else d.to_dict()

    out: list[tuple[str, Any]] = []
    fixtures = fixture_calls()
    now = fixtures[0][2]["now"]  # the fixtures' fixed clock, for every input
    for i, (label, status, kw) in enumerate(fixtures):
        wire = {k: v for k, v in kw.items() if k != "now"}
        out.append((f"{label} #{i}", data(diagnose(status, **kw))))
        out.append((f"{label} #{i} examine", data(examine(status, include_names=True, **wire))))
        out.append((f"{label} #{i} text", data(diagnose_text(kw["body"] or "", now=now))))
        wrapped = f"Error code: {status} - {kw['body']}"
        out.append((f"{label} #{i} wrapped", data(diagnose_text(wrapped, now=now))))
    from credential_cases import CREDENTIAL_CASES

    from inference_doctor import diagnose_credential_failure

    for i, case in enumerate(CREDENTIAL_CASES):
        d = diagnose_credential_failure(case.make(), scope=case.scope, endpoint=case.endpoint)
        out.append((f"credential {case.id} #{i}", data(d)))
        out.append((f"credential {case.id} #{i} text", data(diagnose_text(case.text, now=now))))
    corpora = reports()
    for label, r in corpora:
        out.append((f"{label} text", data(diagnose_text(r["text"], now=now))))
        out.append((f"{label} credential", data(diagnose_credential_failure(r["text"]))))
        call = wire_call(r)
        if call is not None:
            out.append((f"{label} wire", data(diagnose(call[0], **call[1]))))
    rng = random.Random(12)
    bodies = (
        [kw["body"] for _, _, kw in fixtures]
        + [r["text"] for _, r in corpora]
        + [r.get("body") for _, r in corpora]
    )
    urls = [kw["url"] for _, _, kw in fixtures] + [r.get("url") for _, r in corpora]
    requests = [kw["request_headers"] for _, _, kw in fixtures] + [{"User-Agent": ua} for ua in UA.values()]
    responses = [kw["response_headers"] for _, _, kw in fixtures] + [
        {"Date": "Fri, 15 Jan 2027 08:00:00 GMT"}
    ]
    for i in range(mixes):
        status = rng.choice((400, 401, 401, 403, 404, 404, 500))
        d = diagnose(
            status,
            body=rng.choice(bodies),
            response_headers=rng.choice(responses),
            method=rng.choice(("GET", "POST", None)),
            url=rng.choice(urls),
            request_headers=rng.choice(requests),
            now=now + rng.choice((0, 86400 * 30)),
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
