"""The `inference-doctor` command: scenarios, explain ID, explain text, explain --from-json."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from engine_cases import CASES
from hypothesis import example, given, settings
from hypothesis import strategies as st

from inference_doctor import SCENARIOS
from inference_doctor.cli import main


def run(
    *argv: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[int, str]:
    out = io.StringIO()
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_from_json_gives_the_fixture_id(case, tmp_path):
    """explain --from-json FILE --format json prints Diagnosis.to_dict() with the fixture's id, exit 0."""
    path = tmp_path / "response.json"
    path.write_text(json.dumps(case.as_json()), encoding="utf-8")
    code, out = run("explain", "--from-json", str(path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["scenario"] == case.expected
    assert set(data) >= {
        "scenario",
        "title",
        "cause",
        "steps",
        "docs",
        "evidence",
        "confidence",
        "alternatives",
    }


def test_from_json_stdin_and_null_scenario(monkeypatch):
    """--from-json - reads stdin; an out-of-scope response prints {"scenario": null}, exit 1 (nothing recognised)."""
    code, out = run(
        "explain",
        "--from-json",
        "-",
        "--format",
        "json",
        stdin='{"status": 429, "body": "slow down"}',
        monkeypatch=monkeypatch,
    )
    assert code == 1
    assert json.loads(out) == {"schema_version": 1, "scenario": None}


def test_from_json_text_format(tmp_path):
    """--format text renders the diagnostic with the id in the headline."""
    path = tmp_path / "r.json"
    path.write_text(json.dumps(CASES[0].as_json()), encoding="utf-8")
    code, out = run("explain", "--from-json", str(path), "--format", "text")
    assert code == 0
    assert out.startswith(f"error[{CASES[0].expected}]")
    assert "help: 1." in out


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "one JSON object"),
        ('{"body": "x"}', '"status" must be'),
        ('{"status": "\u00b2"}', '"status" must be'),  # isdigit() says yes, int() says no
        ('{"status": "' + "4" * 5000 + '"}', '"status" must be'),  # past int()'s 4300-digit limit
        ('{"status": 401, "colour": "red"}', "unknown key(s) colour"),
        ('{"status": 401, "request_headers": "Bearer x"}', '"request_headers" must be an object'),
    ],
)
def test_from_json_bad_input_is_one_line_exit_2(stdin, message, monkeypatch, capsys):
    """Unreadable input gives one clear line on stderr and exit 2, never a traceback."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as exc:
        main(["explain", "--from-json", "-"], out=io.StringIO())
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_from_json_missing_file(capsys):
    """A file that does not exist is a one-line usage error."""
    with pytest.raises(SystemExit) as exc:
        main(["explain", "--from-json", "/nonexistent/x.json"], out=io.StringIO())
    assert exc.value.code == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize("entry", SCENARIOS, ids=lambda s: s.id)
def test_explain_id_long_form(entry):
    """explain ID prints cause, signals, fix, the failing and fixed calls, and docs."""
    code, out = run("explain", entry.id)
    assert code == 0
    assert out.startswith(entry.id)
    assert entry.cause in out
    assert entry.docs[0] in out
    for heading in ("Cause", "How it is recognised", "Fix", "Docs"):
        assert f"\n{heading}\n" in out
    if entry.bad:
        assert entry.bad.splitlines()[0] in out
        assert entry.good.splitlines()[0] in out
    assert "{" not in out.split("Fix")[1].split("A call")[0].replace("{{", "").replace('{"', "")


def test_explain_unknown_id_suggests(capsys):
    """A mistyped id gets 'did you mean' and exit 2."""
    with pytest.raises(SystemExit) as exc:
        main(["explain", "token-expird"], out=io.StringIO())
    assert exc.value.code == 2
    assert "did you mean token-expired" in capsys.readouterr().err


def test_explain_pasted_text():
    """explain "<text>" diagnoses an error copied from a log."""
    text = "openai.NotFoundError: Error code: 404 - {'error': {'code': 'DeploymentNotFound', 'message': 'The API deployment for this resource does not exist.'}}"
    code, out = run("explain", text, "--format", "json")
    assert code == 0
    assert json.loads(out)["scenario"] == "deployment-not-found"


def test_explain_text_nothing_found():
    """Text with no catalogued failure says so, exit 1 (distinct from a diagnosis)."""
    code, out = run("explain", "everything is fine here")
    assert code == 1
    assert "No catalogued failure" in out


def test_scenarios_lists_every_id_and_json():
    """scenarios lists every id; --json gives the catalog as data."""
    code, out = run("scenarios")
    assert code == 0
    assert all(s.id in out for s in SCENARIOS)
    code, out = run("scenarios", "--json")
    assert [e["id"] for e in json.loads(out)["scenarios"]] == [s.id for s in SCENARIOS]


def test_console_script_runs():
    """The installed console script answers (a subprocess, as a user runs it)."""
    script = Path(sys.executable).parent / "inference-doctor"
    proc = subprocess.run(
        [str(script), "explain", "--from-json", "-", "--format", "json"],
        input=json.dumps(CASES[0].as_json()),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["scenario"] == CASES[0].expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab-Z09\u0663\u00df\u212a\u017f \n_."), max_size=12))
@example("\u212a-a")
@example("token-expired")
@example("a-\u0663")
def test_id_like_is_the_id_pattern(text: str) -> None:
    """`id_like` (str methods) says what `^[a-z0-9]+(?:-[a-z0-9]+)+$` with re.IGNORECASE says, on the stripped
    text explain gives it (non-ASCII digits and letters, which str methods would take, included)."""
    import re

    from inference_doctor.cli.explain import id_like

    stripped = text.strip()
    assert id_like(stripped) == bool(re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)+$", stripped, re.IGNORECASE))
