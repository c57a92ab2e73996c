"""The scrubber's quick answers (engine/scrub.py) give exactly what its full passes give, and a `Diagnosis` is
scrubbed the same whatever its fields hold: the PEM block of one field does not swallow the fields after it.

Every secret here is a fake. Assertions never print a secret.
"""

from __future__ import annotations

import json

from doctor_testing import NOW

from inference_doctor import Diagnosis, diagnose

PEM_HEAD = "-----BEGIN PRIVATE KEY----- MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"  # a block cut short: no END line


def test_a_pem_block_without_its_end_in_one_field_leaves_the_other_fields() -> None:
    """A PEM block cut short in one text field is removed up to that field's end, and the fields after it keep
    their own text (it used to swallow them, and the `Diagnosis` could not be built)."""
    d = Diagnosis(
        scenario="unclassified-401",
        status=401,
        group="unclassified",
        title="Unauthorized",
        cause="The service said no.",
        steps=(f"It said: {PEM_HEAD}", "Check the key."),
        docs=("https://learn.microsoft.com/azure/ai-services/authentication",),
        evidence={"service_message": f"bad {PEM_HEAD}", "host": "contoso.openai.azure.com"},
    )
    assert d.steps == ("It said: <pem redacted>", "Check the key.")
    assert dict(d.evidence) == {"service_message": "bad <pem redacted>", "host": "contoso.openai.azure.com"}


def test_a_service_message_quoting_a_pem_block_is_still_diagnosed() -> None:
    """A 401 whose message quotes the head of a private key is diagnosed, with the block removed."""
    body = json.dumps({"error": {"code": "401", "message": f"Invalid client assertion {PEM_HEAD}"}})
    url = "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
    d = diagnose(401, body=body, url=url, now=NOW)
    assert d is not None
    assert d.evidence["service_message"] == "Invalid client assertion <pem redacted>"
    assert d.evidence["host"].startswith("contoso.openai.azure.com")
