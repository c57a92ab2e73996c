"""The engine is total: inputs that made a parser raise (so that the fail-safe returned no diagnosis) are read
as what they are. A 401, 403 or 404 always gets a diagnosis (unclassified at worst), and the fail-safe is never
what answered."""

from __future__ import annotations

import json
import logging

import pytest
from doctor_testing import NOW, mint

from inference_doctor import diagnose, diagnose_text

CHAT = "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"


def _bearer(**claims: object) -> dict[str, str]:
    return {"Authorization": "Bearer " + mint(aud="https://cognitiveservices.azure.com", **claims)}


SHAPES: dict[str, dict[str, object]] = {
    # a time claim past a float's range: float(10**400) raises OverflowError
    "exp-10**400": {"request_headers": _bearer(exp=10**400)},
    "nbf-10**400": {"request_headers": _bearer(exp=NOW + 3600, nbf=10**400)},
    "iat--10**400": {"request_headers": _bearer(exp=NOW + 3600, iat=-(10**400))},
    "exp-NaN": {"request_headers": _bearer(exp=float("nan"))},
    "exp-Infinity": {"request_headers": _bearer(exp=float("inf"))},
    # a status made of characters str.isdigit() accepts and int() refuses, or too many digits for int()
    "status-superscript": {"body": json.dumps({"status": "²", "message": "Unauthorized."})},
    "error-status-superscript": {"body": json.dumps({"error": {"status": "²", "message": "Unauthorized."}})},
    "statusCode-circled": {"body": json.dumps({"statusCode": "④⓪①", "message": "Unauthorized."})},
    "status-5000-digits": {"body": json.dumps({"status": "4" * 5000, "message": "Unauthorized."})},
    "port-superscript": {"url": CHAT.replace(".com/", ".com:²/")},
    "port-5000-digits": {"url": CHAT.replace(".com/", ".com:" + "0" * 4999 + "8/")},
}


@pytest.mark.parametrize("status", [401, 403, 404])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_odd_numbers_are_read_without_the_fail_safe(
    shape: str, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    """Each shape gives a diagnosis for a 401/403/404, and no 'could not diagnose' record is written."""
    inputs = {"url": CHAT, **SHAPES[shape]}
    with caplog.at_level(logging.DEBUG, logger="inference_doctor"):
        d = diagnose(status, now=NOW, **inputs)  # type: ignore[arg-type]
    assert [r.getMessage() for r in caplog.records if "could not" in r.getMessage()] == []
    assert d is not None
    assert d.status == status


@pytest.mark.parametrize("status", ["²", "①", "4" * 5000, "", " ", "4 01", "-401", "401.0"])
def test_a_status_that_is_not_ascii_digits_is_out_of_scope(
    status: str, caplog: pytest.LogCaptureFixture
) -> None:
    """diagnose(status=<odd string>) is None (not a status), without taking the fail-safe."""
    with caplog.at_level(logging.DEBUG, logger="inference_doctor"):
        assert diagnose(status) is None  # type: ignore[arg-type]
    assert [r.getMessage() for r in caplog.records if "could not" in r.getMessage()] == []


def test_a_status_string_of_digits_still_reads() -> None:
    """The fix keeps what worked: " 401 " is 401."""
    d = diagnose(" 401 ")  # type: ignore[arg-type]
    assert d is not None
    assert d.scenario == "unclassified-401"


def test_pasted_text_with_odd_numbers_reads(caplog: pytest.LogCaptureFixture) -> None:
    """diagnose_text over a pasted error carrying the same shapes: no fail-safe taken."""
    text = "Error code: 401 - " + json.dumps(
        {"error": {"status": "²", "code": "401", "message": "Access denied"}}
    )
    with caplog.at_level(logging.DEBUG, logger="inference_doctor"):
        d = diagnose_text(text)
    assert [r.getMessage() for r in caplog.records if "could not" in r.getMessage()] == []
    assert d is not None
