"""Property tests: diagnose never raises or hangs, and never leaks a credential into any output."""

from __future__ import annotations

import base64
import io
import json
import logging
import sys

import pytest
from doctor_testing import NOW, mint
from engine_cases import CASES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inference_doctor import diagnose, diagnose_text
from inference_doctor.cli import main

BODIES = [c.body_text for c in CASES if c.body_text]
header_names = st.sampled_from(
    ["Authorization", "api-key", "User-Agent", "Content-Type", "x-ms-region", "apim-request-id", "policy-id",
     "WWW-Authenticate", "Date", "X-Stainless-Lang", "Ocp-Apim-Subscription-Key"]
) | st.text(min_size=1, max_size=20)  # fmt: skip
headers = st.dictionaries(header_names, st.text(max_size=200), max_size=8)
urls = st.one_of(
    st.none(),
    st.text(max_size=200),
    st.sampled_from([c.url for c in CASES if c.url]),
    st.builds(lambda h, p: f"https://{h}/{p}", st.text(max_size=40), st.text(max_size=80)),
)
bodies = st.one_of(
    st.none(),
    st.binary(max_size=2000),
    st.text(max_size=2000),
    st.sampled_from(BODIES),
    st.sampled_from(BODIES).map(lambda b: b[: len(b) // 2]),  # truncated
    st.recursive(st.none() | st.integers() | st.text(max_size=20), lambda c: st.lists(c) | st.dictionaries(st.text(max_size=10), c), max_leaves=30).map(json.dumps),
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.one_of(st.integers(min_value=-10, max_value=1000), st.sampled_from([400, 401, 403, 404])),
    body=bodies,
    response_headers=st.none() | headers,
    request_headers=st.none() | headers,
    url=urls,
    method=st.none() | st.text(max_size=10),
)
def test_diagnose_never_raises(status, body, response_headers, request_headers, url, method):
    """Any status, bytes, headers and URL give a Diagnosis or None, never an exception."""
    d = diagnose(
        status,
        body=body,
        response_headers=response_headers,
        method=method,
        url=url,
        request_headers=request_headers,
    )
    if d is not None:
        assert d.status in (400, 401, 403, 404)
        d.to_dict()
        d.render()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000) | st.sampled_from(BODIES).map(lambda b: f"Error code: 401 - {b}"))
def test_diagnose_text_never_raises(text):
    """diagnose_text takes any text."""
    d = diagnose_text(text)
    assert d is None or d.status in (400, 401, 403, 404)


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
        for fmt in ("text", "json"):
            out = io.StringIO()
            stdin, sys.stdin = sys.stdin, io.StringIO(json.dumps(case_json))
            try:
                main(["explain", "--from-json", "-", "--format", fmt], out=out)
            finally:
                sys.stdin = stdin
            parts.append(out.getvalue())
    parts += [r.getMessage() for r in caplog.records]
    caplog.clear()
    return "\n".join(parts)


PLACEMENTS = ["api-key", "bearer", "both", "jwt-signature", "url", "apim"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=secret_bytes, case=st.sampled_from(CASES), placement=st.sampled_from(PLACEMENTS), sk=st.booleans())
def test_no_secret_or_piece_of_one_in_any_output(raw, case, placement, sk, caplog):
    """A key or token placed anywhere in the request never appears, nor any 12-character piece of it."""
    secret = ("sk-" if sk else "") + _as_key(raw)
    headers = dict(case.request_headers or {})
    url = case.url
    if placement == "api-key":
        headers["api-key"] = secret
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
