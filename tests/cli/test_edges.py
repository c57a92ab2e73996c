"""The command line's edges, each through the real command in a subprocess (`python -m inference_doctor`, as a
user runs it): versions, ids in any case, empty input, exit statuses, formats and schema versions, long pastes,
timeouts and progress, credentials that fail, and azure-identity missing."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from inference_doctor import __version__

ROOT = Path(__file__).resolve().parents[2]
DEPLOYMENT_NOT_FOUND = (
    "openai.NotFoundError: Error code: 404 - {'error': {'code': 'DeploymentNotFound', 'message': "
    "'The API deployment for this resource does not exist.'}}"
)
KEY = "3f2a9c4e8b7d6a5f1e0d9c8b7a6f5e4d"  # Azure-shaped, fake

# The real command's main, in a fresh interpreter, with DefaultAzureCredential kept off the network (no managed
# identity probe: tests reach loopback only) or with azure-identity made unimportable.
_NO_NETWORK_CREDENTIAL = """
import functools, sys
import azure.identity
azure.identity.DefaultAzureCredential = functools.partial(
    azure.identity.DefaultAzureCredential,
    exclude_managed_identity_credential=True,
    exclude_workload_identity_credential=True,
    exclude_interactive_browser_credential=True,
)
from inference_doctor.cli import main
sys.exit(main(sys.argv[1:]))
"""
_NO_IDENTITY_PACKAGE = """
import sys
sys.modules["azure.identity"] = None  # as if the identity extra were not installed
from inference_doctor.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "OPENAI_"))}
    env.update(extra)
    return env


def cli(
    *argv: str, stdin: str = "", env: dict[str, str] | None = None, program: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command; `program` swaps `-m inference_doctor` for a `-c` wrapper around the same main."""
    head = [sys.executable, "-c", program] if program else [sys.executable, "-m", "inference_doctor"]
    return subprocess.run(
        [*head, *argv], input=stdin, capture_output=True, text=True, timeout=120, env=env or _env()
    )


# ---------------------------------------------------------------------------------------------- version, -m, help


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str):
    """-V and --version print the version, exit 0."""
    run = cli(flag)
    assert run.returncode == 0
    assert run.stdout.strip() == f"inference-doctor {__version__}"


def test_console_script_and_module_agree():
    """The `inference-doctor` script and `python -m inference_doctor` are the same command."""
    script = Path(sys.executable).parent / "inference-doctor"
    by_script = subprocess.run([str(script), "-V"], capture_output=True, text=True, timeout=60)
    assert by_script.stdout == cli("-V").stdout


def test_help_documents_the_exit_statuses():
    """The top-level help lists what 0, 1 and 2 mean, including explain's 'nothing recognised'."""
    out = cli("--help").stdout
    assert re.search(r"^  0  done", out, re.M)
    assert re.search(r"^  1  .*explain recognised no catalogued failure", out, re.M)
    assert re.search(r"^  2  usage error", out, re.M)
    assert "exit status: 0 diagnosed" in cli("explain", "--help").stdout


@pytest.mark.parametrize("command", ["explain", "demo", "check", "token"])
def test_every_format_option_is_explained(command: str):
    """Each --format has help text that says what text and json give."""
    out = " ".join(cli(command, "--help").stdout.split())
    match = re.search(r"--format \{text,json\} (.{40,400}?)(?: --\w|$)", out)
    assert match, out
    assert "text:" in match.group(1)
    assert "json" in match.group(1)


def test_demo_json_is_documented_as_json_lines():
    """demo --help says its JSON is JSON Lines."""
    assert "JSON Lines" in " ".join(cli("demo", "--help").stdout.split())


# ---------------------------------------------------------------------------------------------- ids and input


@pytest.mark.parametrize("given", ["Token-Expired", "TOKEN-EXPIRED", " token-expired "])
def test_ids_in_any_case(given: str):
    """A scenario id in any case (and with spaces around) gets its long form."""
    run = cli("explain", given)
    assert run.returncode == 0
    assert run.stdout.startswith("token-expired  (")


@pytest.mark.parametrize("argv", [["explain", "Token-Expird"], ["demo", "--scenario", "TOKEN-EXPIRD"]])
def test_unknown_id_suggests_in_any_case(argv: list[str]):
    """A mistyped id, in any case, is a usage error that suggests the closest ids."""
    run = cli(*argv)
    assert run.returncode == 2
    assert "did you mean token-expired" in run.stderr


def test_demo_scenario_in_any_case():
    """demo --scenario takes an id in any case."""
    run = cli("demo", "--scenario", "Key-Auth-Disabled", "--sdk", "openai", "--format", "json")
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert records[0]["scenario"] == "key-auth-disabled"


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["explain", ""], "", "the text is empty"),
        (["explain", "   "], "", "the text is empty"),
        (["explain", "-"], "", "standard input is empty"),
        (["explain", "-"], " \n\n", "standard input is empty"),
        (["explain", "--from-json", "-"], "", "standard input is empty"),
    ],
)
def test_empty_input_is_a_usage_error(argv: list[str], stdin: str, message: str):
    """Empty text or an empty file is a one-line usage error (exit 2), not 'nothing recognised'."""
    run = cli(*argv, stdin=stdin)
    assert run.returncode == 2
    assert message in run.stderr
    assert run.stderr.count("\n") == 1


def test_empty_json_file_is_a_usage_error(tmp_path: Path):
    """An empty --from-json file names the file."""
    path = tmp_path / "empty.json"
    path.write_text("", encoding="utf-8")
    run = cli("explain", "--from-json", str(path))
    assert run.returncode == 2
    assert f"{path} is empty" in run.stderr


# ---------------------------------------------------------------------------------------------- explain's outputs


def test_nothing_recognised_exits_1_in_both_formats():
    """Text with no catalogued failure: exit 1 (not 0), text says so, JSON is a null scenario."""
    text = cli("explain", "HTTP 200 OK, everything fine")
    assert text.returncode == 1
    assert "No catalogued failure recognised" in text.stdout
    data = cli("explain", "HTTP 200 OK, everything fine", "--format", "json")
    assert data.returncode == 1
    assert json.loads(data.stdout) == {"schema_version": 1, "scenario": None}


def test_explain_defaults_to_text_for_every_input(tmp_path: Path):
    """An id, pasted text and --from-json all print text unless --format json is asked for."""
    path = tmp_path / "response.json"
    path.write_text(json.dumps({"status": 403, "body": {"error": {"code": "AuthenticationTypeDisabled"}}}))
    outputs = [
        cli("explain", "token-expired").stdout,
        cli("explain", DEPLOYMENT_NOT_FOUND).stdout,
        cli("explain", "--from-json", str(path)).stdout,
    ]
    assert outputs[0].startswith("token-expired")
    assert outputs[1].startswith("error[deployment-not-found]")
    assert outputs[2].startswith("error[key-auth-disabled]")
    for out in outputs:
        with pytest.raises(json.JSONDecodeError):
            json.loads(out)


def test_error_at_the_end_of_a_long_paste_is_found():
    """An error after 70 KB of log is diagnosed, and stderr says how much was read and skipped."""
    log = "2026-01-01T00:00:00Z INFO request 200 OK, nothing to see\n" * 1300
    assert len(log) > 70_000
    run = cli("explain", "-", stdin=log + DEPLOYMENT_NOT_FOUND + "\n" + log[:2000])
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("error[deployment-not-found]")
    assert re.search(r"note: the text is [\d,]+ characters; read the 65,536 around the error", run.stderr)
    assert "skipped the rest" in run.stderr


def test_short_paste_has_no_note():
    """A paste that fits is read whole, without a note."""
    run = cli("explain", DEPLOYMENT_NOT_FOUND)
    assert run.returncode == 0
    assert run.stderr == ""


# ---------------------------------------------------------------------------------------------- schema versions


def _records(run: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    text = run.stdout.strip()
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:  # JSON Lines
        return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize(
    "argv",
    [
        ["scenarios", "--json"],
        ["explain", "role-missing", "--format", "json"],
        ["explain", DEPLOYMENT_NOT_FOUND, "--format", "json"],
        ["check", "https://contoso-ai.openai.azure.com", "--deployment", "gpt-4o-mini", "--emulator", "--format", "json"],
        ["token", "--emulator", "--format", "json"],
        ["demo", "--scenario", "role-missing", "--format", "json"],
    ],
    ids=["scenarios", "explain-id", "explain-text", "check", "token", "demo"],
)  # fmt: skip
def test_every_json_output_carries_a_schema_version(argv: list[str]):
    """Every JSON document, and every JSON Lines record of demo, starts with schema_version 1."""
    run = cli(*argv)
    assert run.returncode == 0, run.stderr
    records = _records(run)
    assert records
    for record in records:
        assert next(iter(record)) == "schema_version"
        assert record["schema_version"] == 1


# ---------------------------------------------------------------------------------------------- check


@pytest.fixture
def silent_server() -> Iterator[tuple[int, threading.Event]]:
    """A loopback TCP server that accepts connections and never answers, until the event is set (then it stops
    listening and hangs up)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    release = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        listener.settimeout(0.2)
        while not release.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            held.append(conn)
        listener.close()  # refuse any new connection, then hang up on the held ones
        for conn in held:
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], release
    finally:
        release.set()
        thread.join(5)


def _silent_check(port: int, *extra: str) -> list[str]:
    url = f"https://127.0.0.1:{port}/models"
    return [sys.executable, "-m", "inference_doctor", "check", url, "--deployment", "d", "--auth", "key",
            "--key-env", "DOCTOR_TEST_KEY", *extra]  # fmt: skip


def test_check_gives_up_after_the_timeout(silent_server: tuple[int, threading.Event]):
    """An endpoint that accepts the connection and never answers fails the request step after --timeout."""
    port, _release = silent_server
    run = subprocess.run(
        _silent_check(port, "--timeout", "1"),
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(DOCTOR_TEST_KEY=KEY),
    )
    assert run.returncode == 1
    assert re.search(r"FAIL  request .* no answer within 1 s \(--timeout\)", run.stdout), run.stdout
    assert KEY not in run.stdout + run.stderr, "key leaked"


def test_check_shows_each_step_as_it_runs(silent_server: tuple[int, threading.Event]):
    """While the request step waits, the endpoint and credential steps are already printed, and stderr says
    what is being waited for."""
    port, release = silent_server
    proc = subprocess.Popen(
        _silent_check(port, "--timeout", "600"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(DOCTOR_TEST_KEY=KEY),
    )
    try:
        assert proc.stdout is not None
        assert proc.stderr is not None
        seen = []
        while not any(line.lstrip().startswith("pass  credential") for line in seen):
            line = proc.stdout.readline()
            assert line, "the command ended before its credential step was shown"
            seen.append(line)
        assert proc.poll() is None  # the request is still waiting on the silent server
        assert any("pass  endpoint" in line for line in seen)
        waiting = proc.stderr.readline()
        assert "waiting up to 600 s" in waiting
    finally:
        release.set()  # the server hangs up: the request step ends
        out, _err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "FAIL  request" in out


@pytest.mark.parametrize("value", ["-1", "soon", "inf"])
def test_check_timeout_must_be_a_number_of_seconds(value: str):
    """A negative, infinite or non-numeric --timeout is a usage error."""
    run = cli("check", "https://contoso-ai.openai.azure.com", f"--timeout={value}")
    assert run.returncode == 2
    assert "argument --timeout" in run.stderr


def test_key_env_without_auth_key_is_a_usage_error():
    """--key-env is ignored by Entra checks, so giving it without --auth key is an error, not a silent no-op."""
    run = cli("check", "https://contoso-ai.openai.azure.com", "--key-env", "MY_KEY")
    assert run.returncode == 2
    assert "--key-env" in run.stderr
    assert "--auth key" in run.stderr


def test_check_help_names_the_default_key_variables():
    """check --help says which variables --auth key reads by default, and that Entra needs the identity extra."""
    out = " ".join(cli("check", "--help").stdout.split())
    assert "AZURE_AI_API_KEY" in out
    assert "AZURE_OPENAI_API_KEY" in out
    assert "inference-doctor[identity]" in out


def _hints(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if "az login" in line or "the scope must be" in line]


def test_no_credentials_same_exit_and_hints_in_check_and_token():
    """With no credential available, check and token both exit 1 with the same diagnosis and sign-in hints;
    azure-identity's multi-line warning is captured and summarised instead of dumped on stderr."""
    env = _env(PATH=str(Path(sys.executable).parent), HOME=os.devnull)
    token = cli("token", env=env, program=_NO_NETWORK_CREDENTIAL)
    check = cli(
        "check", "https://contoso-ai.openai.azure.com", "--no-probe", env=env, program=_NO_NETWORK_CREDENTIAL
    )
    assert token.returncode == check.returncode == 1
    assert _hints(token.stdout) == _hints(check.stdout)
    assert _hints(token.stdout)
    for run in (token, check):
        assert "error[credential-chain-exhausted]" in run.stdout
        assert "FAIL  credential" in run.stdout
        assert "DefaultAzureCredential tried" in run.stdout
        assert "Attempted credentials" not in run.stderr  # the library's own warning, not shown raw
        assert "Traceback" not in run.stderr


def test_without_azure_identity_the_offline_step_still_runs():
    """Without the identity extra, check still checks the endpoint's shape offline and names the extra; token
    names it too; both exit 1 like any credential failure."""
    check = cli("check", "https://contoso-ai.services.ai.azure.com/models", program=_NO_IDENTITY_PACKAGE)
    assert check.returncode == 1
    assert "pass  endpoint" in check.stdout
    assert 'pip install "inference-doctor[identity]"' in check.stdout
    token = cli("token", program=_NO_IDENTITY_PACKAGE)
    assert token.returncode == 1
    assert 'pip install "inference-doctor[identity]"' in token.stdout


def test_readme_names_the_identity_extra():
    """The README's install lines include the identity extra, for check and token."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r'pip install "inference-doctor\[identity\]".*check', readme)


def test_readme_command_lines_name_real_commands_and_options():
    """Each line of the README's command-line block names a real command, and every option it shows is in that
    command's --help."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The command line") :]
    block = section[section.index("```text\n") + 8 : section.index("\n```", section.index("```text\n"))]
    lines = [line.split("#")[0].strip() for line in block.splitlines()]
    assert len(lines) >= 9
    for line in lines:
        words = line.split()
        assert words[0] == "inference-doctor", line
        command = [] if words[1].startswith("-") else [words[1]]
        helptext = cli(*command, "--help").stdout
        for option in re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", line.replace(words[0], "", 1)):
            assert option in helptext, f"{option} is not an option of: {' '.join(words[:2])}"
