"""The scrubber's quick answers (engine/scrub.py) give exactly what its full passes give, and a `Diagnosis` is
scrubbed the same whatever its fields hold: the PEM block of one field does not swallow the fields after it.

Every secret here is a fake. Assertions never print a secret.
"""

from __future__ import annotations

import json

from doctor_testing import NOW
from hypothesis import given, settings
from hypothesis import strategies as st

from inference_doctor import Diagnosis, diagnose
from inference_doctor.engine.scrub import _scrub_shapes_full, scrub_shapes, scrub_shapes_all

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


# ------------------------------------------------------------------------------------------------ by shape

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_FRAGMENTS = st.one_of(
    st.sampled_from(
        ["eyJ", "sk-", "Q~", "8Q~", "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", "-----BEGIN",
         "5d8c0b7e-1f2a-4b3c-9d4e-6f7a8b9c0d1e", "/", "=", "==", "%2B", "%2F", "\x00", "\n", "\r\n", " ", "\t", ".",
         "-", "_", "+", "~", "> ", "é", "…", "\ud83d", "deployment", "DefaultAzureCredential", "gpt-4o-mini-2024-07-18",
         "/openai/deployments/", "https://learn.microsoft.com/azure/ai-foundry/", "Bearer "]
    ),
    st.text(alphabet=_B64 + "-_", min_size=1, max_size=60),
    st.text(alphabet=_B64 + "+/=%", min_size=1, max_size=60),
    st.text(alphabet="0123456789abcdefABCDEF", min_size=1, max_size=48),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=24),
    st.text(max_size=12),
)  # fmt: skip
_URLSAFE = _B64 + "-_"
_SHAPES = st.one_of(  # each shape, often too short to be a run of 20 on its own: only its marker tells
    st.builds("{}{}Q~{}".format, st.text(alphabet=_URLSAFE + ".~", min_size=3, max_size=3),
              st.sampled_from("0123456789"), st.text(alphabet=_URLSAFE + ".~", min_size=20, max_size=44)),
    st.builds("sk-{}".format, st.text(alphabet=_URLSAFE, min_size=10, max_size=24)),
    st.builds("eyJ{}.{}.{}".format, *(st.text(alphabet=_URLSAFE + "+/=", max_size=16) for _ in range(3))),
    st.builds("eyJ{}\n{}".format, st.text(alphabet=_URLSAFE, max_size=16),
              st.text(alphabet=_URLSAFE + ".", max_size=30)),
    st.builds("-----BEGIN {}-----{}".format, st.sampled_from(["", "RSA PRIVATE KEY", "x"]), st.text(max_size=40)),
    st.builds("{}{}".format, st.text(alphabet="0123456789abcdef", min_size=30, max_size=40), st.text("=", max_size=3)),
)  # fmt: skip
texts = st.one_of(
    st.text(max_size=300),
    st.lists(_FRAGMENTS, max_size=24).map("".join),
    st.lists(st.one_of(_FRAGMENTS, _SHAPES), max_size=12).map("".join),
)


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_the_quick_answer_by_shape_is_the_full_pass(text: str) -> None:
    """On any text (random characters, and pieces of every shape with their markers, separators, GUIDs, padding,
    escapes, NULs and non-ASCII), `scrub_shapes` gives what the full pass of every pattern gives."""
    same = scrub_shapes(text) == _scrub_shapes_full(text)
    assert same, "the quick answer by shape differs from the full pass"


@settings(max_examples=500, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8))
def test_scrubbing_the_fields_together_is_scrubbing_each(fields: list[str]) -> None:
    """`scrub_shapes_all` (the fields of a `Diagnosis` in one pass) gives the full pass of each field."""
    same = scrub_shapes_all(fields) == [_scrub_shapes_full(f) for f in fields]
    assert same, "scrubbing the fields together differs from scrubbing each"
