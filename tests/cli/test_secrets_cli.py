"""The command line never prints what a user pasted or typed as a credential (issue 11): `explain` on pasted
debug transcripts, and `check` given an endpoint with a key in its query string. Run as a user runs it: the
installed console script in a subprocess, both output formats.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from doctor_testing import leaked

SCRIPT = Path(sys.executable).parent / "inference-doctor"
KEY = hashlib.sha256(b"issue-11/cli").hexdigest()[:32]
FUNCTIONS_KEY = "W8s9BPkB4hNuk6lMyQh0qZ2G-fXvTTI9kkkhGGFjT_mmAzFuyRDq3w=="


def run(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    """(exit status, stdout, stderr): plain values, so that a failed assertion never prints the arguments."""
    proc = subprocess.run(
        [str(SCRIPT), *argv], input=stdin, capture_output=True, text=True, timeout=120, check=False
    )
    return proc.returncode, proc.stdout, proc.stderr


CURL_V = f"""> POST /openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21 HTTP/1.1
> Host: contoso.openai.azure.com
> api-key: {KEY}
> Content-Type: application/json
>
< HTTP/1.1 401 Unauthorized
< Content-Type: text/plain
<
Access denied
"""


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("how", ["stdin", "argument"])
def test_explain_on_a_curl_transcript_prints_no_key(fmt: str, how: str) -> None:
    """`inference-doctor explain` on a pasted `curl -v` transcript diagnoses it and prints no piece of the
    api-key header's value, in text and in JSON."""
    if how == "stdin":
        code, out, err = run("explain", "-", "--format", fmt, stdin=CURL_V)
    else:
        code, out, err = run("explain", CURL_V, "--format", fmt)
    found = leaked(out + err, KEY)
    assert found is False, "the pasted key leaked"
    assert code == 0, err
    if fmt == "json":
        assert json.loads(out)["scenario"] is not None


ENDPOINTS = {  # by the parameter's name: a failing test shows its arguments, and a key is not one
    "code": f"https://contoso-proxy.azurewebsites.net/api/?code={FUNCTIONS_KEY}",
    "subscription-key": f"https://contoso-apim.azure-api.net/openai/v1/?subscription-key={KEY}",
    "api-key": f"https://contoso.openai.azure.com/?api-key={KEY}&x=1",
    "sig": f"https://contoso.openai.azure.com/?sv=2022-11-02&sig={FUNCTIONS_KEY}",
}


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("param", list(ENDPOINTS))
def test_check_refuses_an_endpoint_with_a_query_string_naming_the_parameter(param: str, fmt: str) -> None:
    """`check` given an endpoint with a query string stops with a usage error (exit 2, one line) that names the
    parameter, never the value, and prints the key nowhere."""
    endpoint = ENDPOINTS[param]
    code, out, err = run("check", endpoint, "--no-probe", "--emulator", "--format", fmt)
    secret = FUNCTIONS_KEY if FUNCTIONS_KEY in endpoint else KEY
    found = leaked(out + err, secret)
    assert found is False, "the key in the endpoint leaked"
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert f"'{param}'" in err
    assert "Traceback" not in err


def test_check_points_an_api_version_in_the_endpoint_to_the_option() -> None:
    """An api-version in the endpoint's query is refused with the option to use instead."""
    code, _, err = run(
        "check", "https://contoso.openai.azure.com/?api-version=2024-10-21", "--no-probe", "--emulator"
    )
    assert code == 2
    assert "--api-version" in err


def test_check_refuses_credentials_in_the_endpoint() -> None:
    """A user name and password in the endpoint (https://user:secret@host) is refused without echoing them."""
    code, out, err = run("check", f"https://me:{KEY}@contoso.openai.azure.com/", "--no-probe", "--emulator")
    found = leaked(out + err, KEY)
    assert found is False, "the password in the endpoint leaked"
    assert code == 2


def test_check_help_says_what_happens_to_a_query_string() -> None:
    """`check --help` documents that an endpoint with a query string is refused, and where keys go instead."""
    code, out, _ = run("check", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "query string" in text
    assert "--key-env" in text
