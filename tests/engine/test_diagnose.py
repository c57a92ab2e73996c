"""diagnose(): one fixture per catalog id, driven by real service bodies."""

from __future__ import annotations

import json

import pytest
from doctor_testing import NOW
from engine_cases import CASES, Case

from inference_doctor import SCENARIOS, Diagnosis, diagnose


def run(case: Case) -> Diagnosis | None:
    return diagnose(
        case.status,
        body=case.body_text,
        response_headers=case.response_headers,
        method=case.method,
        url=case.url,
        request_headers=case.request_headers,
        now=NOW,
        request_body=json.dumps(case.request_body) if case.request_body is not None else None,
    )


def test_every_id_has_a_fixture():
    """The fixture tables cover the whole catalog: responses here, credential failures in credential_cases."""
    from credential_cases import CREDENTIAL_CASES

    assert {c.expected for c in CASES} == {s.id for s in SCENARIOS if s.group != "acquisition"}
    assert {c.expected for c in CREDENTIAL_CASES} == {s.id for s in SCENARIOS if s.group == "acquisition"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fixture_diagnoses_to_its_id_and_no_other(case):
    """Each fixture yields its scenario, with high confidence and no alternatives (unclassified: low)."""
    d = run(case)
    assert d is not None
    assert d.scenario == case.expected
    assert d.status == case.status
    if case.expected.startswith("unclassified"):
        assert d.confidence == "low"
    else:
        assert d.confidence == "high", d.alternatives
        assert d.alternatives == ()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_diagnosis_is_filled_in_and_serialisable(case):
    """Title and steps carry no unfilled template braces; to_dict() is JSON and round-trips the fields."""
    d = run(case)
    assert d is not None
    assert "{" not in d.title
    assert all("{" not in s or "Ocp-Apim" in s for s in d.steps)
    data = json.loads(json.dumps(d.to_dict()))
    assert data["scenario"] == d.scenario
    assert data["steps"] == list(d.steps)
    assert data["evidence"]["status"].startswith(str(case.status))
    assert d.evidence.get("apim-request-id") == case.response_headers.get("apim-request-id")


def test_diagnosis_is_immutable():
    """A Diagnosis cannot be changed after the fact."""
    d = run(CASES[0])
    assert d is not None
    with pytest.raises(AttributeError):
        d.scenario = "token-expired"  # type: ignore[misc]
    with pytest.raises(TypeError):
        d.evidence["status"] = "500"  # type: ignore[index]


@pytest.mark.parametrize("status", [200, 201, 204, 301, 408, 409, 429, 500, 502, 503])
def test_out_of_scope_statuses_give_none(status):
    """Statuses other than 400/401/403/404 are not diagnosed (without a wrapped error inside)."""
    assert diagnose(status, body='{"error":{"code":"x","message":"y"}}') is None


def test_unmatched_400_gives_none():
    """A content-filter 400 is never touched."""
    body = {
        "error": {
            "code": "content_filter",
            "message": "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
            "param": "prompt",
            "status": 400,
        }
    }
    assert (
        diagnose(
            400,
            body=json.dumps(body),
            url="https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        )
        is None
    )


@pytest.mark.parametrize("status", [401, 403, 404])
def test_bare_statuses_are_unclassified(status):
    """An unmatched 401/403/404 with nothing else known gives unclassified-<status>."""
    d = diagnose(status)
    assert d is not None
    assert d.scenario == f"unclassified-{status}"


def test_expiry_is_judged_at_the_response_date():
    """Without `now`, a token's expiry is judged at the response's Date header, not at the time of diagnosis."""
    import email.utils
    import time

    from doctor_testing import mint

    now = time.time()
    token = mint(
        aud="https://cognitiveservices.azure.com", oid="o", exp=now + 3600, nbf=now - 60, iat=now - 60
    )
    later = email.utils.formatdate(time.time() + 3 * 3600, usegmt=True)
    body = '{"statusCode":401,"message":"Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}'
    url = "https://contoso.openai.azure.com/openai/deployments/x/chat/completions?api-version=2024-10-21"
    headers = {"Authorization": f"Bearer {token}"}
    at_response = diagnose(401, body=body, url=url, request_headers=headers, response_headers={"Date": later})
    without_date = diagnose(401, body=body, url=url, request_headers=headers)
    assert at_response is not None
    assert at_response.scenario == "token-expired"
    assert without_date is not None
    assert without_date.scenario != "token-expired"


# A body pasted or logged as a Python dict, with escapes the parser warns about ("\o", "\d") next to valid ones.
PYTHON_REPR_BODIES = [
    (r"{'error': {'code': '401', 'message': 'bad \o key'}}", "bad \\o key"),
    (r"{'error': {'code': '401', 'message': 'path C:\deploy\keys'}}", "path C:\\deploy\\keys"),
    (
        r"{'error': {'code': '401', 'message': 'tab\there, quote \' and \\o'}}",
        "tab here, quote ' and \\o",
    ),  # whitespace is normalised
]


@pytest.mark.parametrize(("body", "message"), PYTHON_REPR_BODIES)
def test_a_python_repr_body_parses_without_a_warning(body: str, message: str) -> None:
    """Invalid escapes read as a backslash and the letter, with no SyntaxWarning/DeprecationWarning escaping.

    Run under ``warnings.simplefilter("error")``: a warning would then have failed the parse, and the service's
    message would be the whole raw text instead.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = diagnose(401, body=body, request_headers={"api-key": "0" * 32})
    assert d is not None
    assert d.evidence["service_message"] == message
