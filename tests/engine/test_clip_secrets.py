"""A message cut to fit the evidence never ends in a piece of a token (a token cut short no longer looks like one
to the scrubber): the example hypothesis found, kept as a fixed case."""

from __future__ import annotations

from azure.core.exceptions import ClientAuthenticationError
from doctor_testing import NOW, mint

from inference_doctor import diagnose_credential_failure, diagnose_text


def test_a_token_cut_by_the_message_limit_does_not_leak():
    """The second of two tokens in a long AADSTS message, cut by the 400-character limit, leaves no 12-char piece."""
    secret = (
        mint(aud="https://ai.azure.com", oid="0000", exp=NOW).rsplit(".", 1)[0] + ".AAAAAAAAAAAAAQIDBAUGBwg"
    )
    text = f"Authentication failed: AADSTS90002: Tenant '{secret}' not found. {secret}"
    pieces = {secret[i : i + 12] for i in range(len(secret) - 11)}
    for d in (
        diagnose_credential_failure(
            ClientAuthenticationError(message=text), scope="https://ai.azure.com/.default"
        ),
        diagnose_text(text),
    ):
        assert d is not None
        out = d.render() + repr(d)
        assert not any(p in out for p in pieces), "a piece of the token leaked"


def test_a_cut_never_ends_inside_a_run_of_token_characters():
    """_clip itself drops a partial token run at the cut, whatever was scrubbed before it (defence in depth)."""
    from inference_doctor.engine.evidence import _clip

    out = _clip("word " * 78 + "Q" * 100, 400)
    assert out.endswith("…")
    assert "QQQQQQQQ" not in out
    assert out.startswith("word word")
