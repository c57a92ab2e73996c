"""Property tests: diagnose and diagnose_credential_failure never raise or hang, and never leak a credential into
any output."""

from __future__ import annotations

import base64
import io
import json
import logging
import sys

import pytest
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import CredentialUnavailableError
from credential_cases import CREDENTIAL_CASES
from doctor_testing import NOW, mint
from engine_cases import CASES
from hardening_strategies import PROFILES, LeakCheck, capture_logs, odd_numerals, odd_times
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from leak_strategies import LeakScene, leak_scenes

from inference_doctor import diagnose, diagnose_credential_failure, diagnose_text
from inference_doctor.cli import main

BODIES = [c.body_text for c in CASES if c.body_text]
header_names = st.sampled_from(
    ["Authorization", "api-key", "User-Agent", "Content-Type", "x-ms-region", "apim-request-id", "policy-id",
     "WWW-Authenticate", "Date", "X-Stainless-Lang", "Ocp-Apim-Subscription-Key"]
) | st.text(min_size=1, max_size=20)  # fmt: skip
header_values = st.one_of(
    st.text(max_size=200),
    st.builds(lambda exp: "Bearer " + mint(aud="https://ai.azure.com", exp=exp), odd_times),
)
headers = st.dictionaries(header_names, header_values, max_size=8)
urls = st.one_of(
    st.none(),
    st.text(max_size=200),
    st.sampled_from([c.url for c in CASES if c.url]),
    st.builds(lambda h, p: f"https://{h}/{p}", st.text(max_size=40), st.text(max_size=80)),
    st.builds(
        lambda port: f"https://contoso.openai.azure.com:{port}/openai/deployments/d/chat/completions",
        odd_numerals,
    ),
)
bodies = st.one_of(
    st.none(),
    st.binary(max_size=2000),
    st.text(max_size=2000),
    st.sampled_from(BODIES),
    st.sampled_from(BODIES).map(lambda b: b[: len(b) // 2]),  # truncated
    st.recursive(st.none() | st.integers() | st.text(max_size=20), lambda c: st.lists(c) | st.dictionaries(st.text(max_size=10), c), max_leaves=30).map(json.dumps),
    st.builds(lambda key, value, wrapped: json.dumps({"error": {key: value, "message": "m"}} if wrapped else {key: value, "message": "m"}),
              st.sampled_from(["status", "statusCode", "code"]), odd_numerals, st.booleans()),
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.one_of(
        st.integers(min_value=-10, max_value=1000), st.sampled_from([400, 401, 403, 404]), odd_numerals
    ),
    body=bodies,
    response_headers=st.none() | headers,
    request_headers=st.none() | headers,
    url=urls,
    method=st.none() | st.text(max_size=10),
)
def test_diagnose_never_raises(status, body, response_headers, request_headers, url, method):
    """Any status, bytes, headers and URL give a Diagnosis or None, never an exception, and never by way of the
    fail-safe (a parser raising inside): a 401/403/404 always gets a diagnosis."""
    with capture_logs() as records:
        d = diagnose(
            status,
            body=body,
            response_headers=response_headers,
            method=method,
            url=url,
            request_headers=request_headers,
        )
    failures = [r.getMessage() for r in records if r.name.startswith("inference_doctor")]
    assert failures == []
    if status in (401, 403, 404):
        assert d is not None
    if d is not None:
        assert d.status in (400, 401, 403, 404)
        d.to_dict()
        d.render()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000) | st.sampled_from(BODIES).map(lambda b: f"Error code: 401 - {b}"))
def test_diagnose_text_never_raises(text):
    """diagnose_text takes any text: a response's status, or 0 for a credential that got no token; never by way
    of the fail-safe."""
    with capture_logs() as records:
        d = diagnose_text(text)
    assert [r.getMessage() for r in records if r.name.startswith("inference_doctor")] == []
    assert d is None or d.status in (400, 401, 403, 404) or (d.status == 0 and d.group == "acquisition")


def test_pathological_inputs_finish_quickly():
    """Deep nesting, huge bodies and regex-hostile text are handled (bounded work)."""
    deep = "[" * 100_000 + "]" * 100_000
    hostile = "Error code: 401 - " + "{" * 50_000 + "'a': " * 10_000
    many_dots = "Bearer " + "." * 100_000
    for body in (deep, hostile, "x" * 5_000_000, b"\xff\xfe" * 1_000_000):
        diagnose(
            401,
            body=body,
            request_headers={"Authorization": many_dots},
            url="https://" + "a." * 5000 + "com/" + "/" * 5000,
        )
    assert diagnose_text(hostile + deep) is None or True  # must return at all


# ------------------------------------------------------------------------------------------------ leaks

secret_bytes = st.binary(min_size=18, max_size=90).filter(lambda b: len(set(b)) > 8)


def _as_key(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _windows(secret: str, n: int = 12) -> set[str]:
    return {secret[i : i + n] for i in range(len(secret) - n + 1)}


def _explain(argv: list[str], stdin_text: str, fmt: str) -> str:
    """What `inference-doctor explain ARGV --format FMT` prints with `stdin_text` on its standard input."""
    out = io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO(stdin_text)
    try:
        main(["explain", *argv, "--format", fmt], out=out)
    finally:
        sys.stdin = stdin
    return out.getvalue()


def _outputs(case_json: dict, caplog: pytest.LogCaptureFixture) -> str:
    """Every output the engine produces for one response: message, repr, to_dict, CLI text and JSON, logs."""
    parts = []
    with caplog.at_level(logging.DEBUG, logger="inference_doctor"):
        d = diagnose(
            case_json["status"],
            body=case_json["body"],
            response_headers=case_json["response_headers"],
            method=case_json["method"],
            url=case_json["url"],
            request_headers=case_json["request_headers"],
            now=NOW,
        )
        if d is not None:
            parts += [d.render(), repr(d), str(d), json.dumps(d.to_dict())]
        parts += [_explain(["--from-json", "-"], json.dumps(case_json), fmt) for fmt in ("text", "json")]
    parts += [r.getMessage() for r in caplog.records]
    caplog.clear()
    return "\n".join(parts)


PLACEMENTS = ["api-key", "x-api-key", "bearer", "both", "jwt-signature", "url", "apim"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=secret_bytes, case=st.sampled_from(CASES), placement=st.sampled_from(PLACEMENTS), sk=st.booleans())
def test_no_secret_or_piece_of_one_in_any_output(raw, case, placement, sk, caplog):
    """A key or token placed anywhere in the request never appears, nor any 12-character piece of it."""
    secret = ("sk-" if sk else "") + _as_key(raw)
    headers = dict(case.request_headers or {})
    url = case.url
    if placement == "api-key":
        headers["api-key"] = secret
    elif placement == "x-api-key":
        headers["x-api-key"] = secret
    elif placement == "bearer":
        headers["Authorization"] = f"Bearer {secret}"
    elif placement == "both":
        headers["Authorization"] = f"Bearer {secret}"
        headers["api-key"] = secret
    elif placement == "jwt-signature":
        token = (
            mint(aud="https://ml.azure.com", oid="0000", exp=NOW - 10_000).rsplit(".", 1)[0]
            + "."
            + _as_key(raw)
        )
        headers["Authorization"] = f"Bearer {token}"
        secret = token
    elif placement == "url":
        url = (
            (url or "https://contoso.openai.azure.com/x")
            + ("&" if "?" in (url or "") else "?")
            + f"api-key={secret}"
        )
    else:
        headers["Ocp-Apim-Subscription-Key"] = secret
    case_json = {**case.as_json(), "request_headers": headers, "url": url}
    text = _outputs(case_json, caplog)
    leaked = secret in text or any(
        w in text for w in _windows(secret if placement != "jwt-signature" else _as_key(raw))
    )
    assert not leaked  # never print the secret itself in a failure message


def test_user_names_are_left_out_unless_asked():
    """upn / e-mail claims never reach the output of diagnose."""
    token = mint(aud="https://management.azure.com", oid="o1", upn="alice@contoso.com", exp=NOW + 3600)
    d = diagnose(
        401,
        body=CASES[5].body_text,
        url=CASES[5].url,
        request_headers={"Authorization": f"Bearer {token}"},
        now=NOW,
    )
    assert d is not None
    assert d.scenario == "token-wrong-audience"
    assert "alice" not in json.dumps(d.to_dict()) + d.render()


# ------------------------------------------------------------------------------------------------ credential failures

CREDENTIAL_TEXTS = [c.text for c in CREDENTIAL_CASES]
credential_texts = st.one_of(
    st.text(max_size=3000),
    st.sampled_from(CREDENTIAL_TEXTS),
    st.sampled_from(CREDENTIAL_TEXTS).map(lambda t: t[: len(t) // 2]),  # cut short
    st.sampled_from(CREDENTIAL_TEXTS).map(lambda t: t.replace("\n", "\\n").replace("\t", "\\t")),  # JSON-escaped
    st.lists(st.sampled_from([*CREDENTIAL_TEXTS, "\tXCredential: ", "AADSTS", "Attempted credentials:"]), max_size=6).map("".join),
)  # fmt: skip
exception_types = st.sampled_from(
    [ClientAuthenticationError, CredentialUnavailableError, ValueError, RuntimeError, KeyError, Exception]
)


@settings(max_examples=300, deadline=None)
@given(
    text=credential_texts,
    kind=exception_types,
    as_text=st.booleans(),
    scope=st.none() | st.text(max_size=80) | st.just("https://ai.azure.com/.default"),
    endpoint=st.none() | st.text(max_size=120) | st.sampled_from(["https://x.openai.azure.us", "https://x.services.ai.azure.com/models"]),
)  # fmt: skip
def test_diagnose_credential_failure_never_raises(text, kind, as_text, scope, endpoint):
    """Any text or exception, scope and endpoint give an acquisition Diagnosis (status 0) or None, never an error."""
    error = text if as_text else kind(text)
    d = diagnose_credential_failure(error, scope=scope, endpoint=endpoint)
    if d is not None:
        assert d.status == 0
        assert d.group == "acquisition"
        json.dumps(d.to_dict())
        d.render()
    pasted = diagnose_text(text)
    assert pasted is None or pasted.status in (0, 400, 401, 403, 404)


def test_credential_pathological_inputs_finish() -> None:
    """Huge chains, endless credential lines and regex-hostile text are handled (bounded work)."""
    many = "DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:\n"
    many += "\tXCredential: " * 50_000
    hostile = "AADSTS" * 100_000 + "Tenant '" + "a." * 50_000
    for text in (
        many,
        hostile,
        "{" * 100_000,
        '{"type":"consoleMessage","data":{"message":"' + "x" * 1_000_000,
    ):
        d = diagnose_credential_failure(text)
        assert d is None or d.status == 0


def _entra_secret(raw: bytes) -> str:
    """A value shaped like an Entra client secret: three characters, a digit, `Q~`, then 34 more."""
    body = _as_key(raw + raw)[:37]
    return f"{body[:3]}8Q~{body[3:37]}"


def _pem(raw: bytes) -> tuple[str, str]:
    key = base64.b64encode(raw * 3).decode()
    return f"-----BEGIN PRIVATE KEY-----\n{key}\n-----END PRIVATE KEY-----", key


CREDENTIAL_PLACEMENTS = ["entra-secret", "jwt", "env-assignment", "client-secret-param", "access-token-json", "bearer", "pem", "azd-json", "endpoint-query"]  # fmt: skip
CREDENTIAL_FRAMES = [
    "DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:\n"
    "\tEnvironmentCredential: Authentication failed: AADSTS7000215: Invalid client secret provided. {secret}\n"
    "To mitigate this issue, please refer to the troubleshooting guidelines here at https://aka.ms/x.",
    "Authentication failed: AADSTS90002: Tenant '{secret}' not found. {secret}",
    "Microsoft Entra ID error '(invalid_client) AADSTS700016: Application with identifier '{secret}' was not found'",
    "ERROR: AADSTS50076: you must use multi-factor authentication to access '{secret}'. {secret}",
    "Something unexpected: {secret}",
    "ManagedIdentityCredential authentication unavailable. No identity has been assigned to this resource. {secret}",
]


def _credential_outputs(
    error: BaseException | str, endpoint: str | None, caplog: pytest.LogCaptureFixture
) -> str:
    """Every output for one credential failure: the diagnosis (render, repr, to_dict), explain's text and JSON, logs."""
    parts = []
    with caplog.at_level(logging.DEBUG, logger="inference_doctor"):
        for d in (
            diagnose_credential_failure(error, scope="https://ai.azure.com/.default", endpoint=endpoint),
            diagnose_text(str(error)),
        ):
            if d is not None:
                parts += [d.render(), repr(d), str(d), json.dumps(d.to_dict())]
        for fmt in ("text", "json"):
            out = io.StringIO()
            main(["explain", str(error), "--format", fmt], out=out)
            parts.append(out.getvalue())
    parts += [r.getMessage() for r in caplog.records]
    caplog.clear()
    return "\n".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    raw=secret_bytes,
    frame=st.sampled_from(CREDENTIAL_FRAMES),
    placement=st.sampled_from(CREDENTIAL_PLACEMENTS),
    kind=st.sampled_from([ClientAuthenticationError, CredentialUnavailableError, str]),
)
def test_no_credential_secret_in_any_output(raw, frame, placement, kind, caplog):
    """A client secret, token, labelled secret or private key inside a credential's message never comes out, nor
    any 12-character piece of it (and neither does an endpoint's secret query parameter)."""
    endpoint = "https://contoso.services.ai.azure.com/models"
    secret = _as_key(raw)
    if placement == "entra-secret":
        secret = _entra_secret(raw)
        value = secret
    elif placement == "jwt":
        secret = mint(aud="https://ai.azure.com", oid="0000", exp=NOW).rsplit(".", 1)[0] + "." + _as_key(raw)
        value = secret
    elif placement == "env-assignment":
        value = f"AZURE_CLIENT_SECRET={secret}"
    elif placement == "client-secret-param":
        value = f"client_id=abc&client_secret={secret}&scope=x"
    elif placement == "access-token-json":
        value = f'{{"access_token": "{secret}", "token_type": "Bearer"}}'
    elif placement == "bearer":
        value = f"Authorization: Bearer {secret}"
    elif placement == "pem":
        value, secret = _pem(raw)
    elif placement == "azd-json":
        value = json.dumps({"type": "consoleMessage", "data": {"message": f"ERROR: client_secret: {secret}"}})
    else:
        value = "AADSTS700082"
        endpoint = f"https://contoso.openai.azure.com/openai/v1?api-key={secret}&sig={secret}"
    text = frame.replace("{secret}", value)
    error: BaseException | str = text if kind is str else kind(message=text)
    out = _credential_outputs(error, endpoint, caplog)
    leaked = secret in out or any(w in out for w in _windows(secret))
    assert not leaked  # never print the secret itself in a failure message


# ------------------------------------------------------------------------------------------------ every position


def _transcript_outputs(text: str, caplog: pytest.LogCaptureFixture) -> str:
    """Every output for a pasted transcript: diagnose_text in every form, and `explain -` in text and JSON."""
    parts = []
    with caplog.at_level(logging.DEBUG, logger="inference_doctor"):
        d = diagnose_text(text, now=NOW)
        if d is not None:
            parts += [d.render(), repr(d), str(d), json.dumps(d.to_dict())]
        parts += [_explain(["-"], text, fmt) for fmt in ("text", "json")]
    parts += [r.getMessage() for r in caplog.records]
    caplog.clear()
    return "\n".join(parts)


@pytest.mark.parametrize("profile", PROFILES)
def test_no_piece_of_a_secret_in_any_position_reaches_any_output(
    profile: settings, caplog: pytest.LogCaptureFixture
) -> None:
    """A key, JWT, base64url run or SAS-like signature carried in any header or query parameter (or not at all),
    echoed whole, in part, in the URL, split over two lines, in a response header or a pasted transcript, next to
    any punctuation: no 12-character piece of it in any output (diagnosis, CLI text and JSON, logs)."""

    @settings(
        profile, suppress_health_check=[*profile.suppress_health_check, HealthCheck.function_scoped_fixture]
    )
    @given(scene=leak_scenes())
    def prop(scene: LeakScene) -> None:
        if scene.form == "transcript":
            text = _transcript_outputs(scene.as_transcript(), caplog)
        else:
            text = _outputs(scene.as_json(), caplog)
        leaked = LeakCheck(scene.secret)(text)
        assert leaked is False, "a piece of the secret reached an output"  # never print the secret itself

    prop()
