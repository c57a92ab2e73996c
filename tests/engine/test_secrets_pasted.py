"""A credential written out in pasted text is known by value even when it holds a character that placeholders
use (`*`, `<`, `$`, ...): a token with such a character is still shaped like one, and a piece of it echoed in
the error must not reach the output.

Every secret here is a fake. Assertions never print a secret.
"""

from __future__ import annotations

import json

import pytest
from doctor_testing import NOW, mint
from engine_cases import OID, TENANT

from inference_doctor import diagnose_text

TOKEN = mint(aud="https://cognitiveservices.azure.com", oid=OID, tid=TENANT)
ODD = TOKEN[:60] + "!*~" + TOKEN[60:]  # a token with placeholder characters inside: still a JWT's shape


def _transcript(value: str, echoed: str) -> str:
    body = json.dumps({"error": {"code": "PermissionDenied", "message": f"Denied for {echoed} ."}})
    return "\n".join(
        [
            "> POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 HTTP/1.1",
            "> Host: contoso.openai.azure.com",
            f"> Authorization: Bearer {value}",
            ">",
            "< HTTP/1.1 403 Forbidden",
            "<",
            body,
        ]
    )


@pytest.mark.parametrize("form", ["curl", "literal"])
def test_a_piece_of_a_pasted_token_with_placeholder_characters_never_shows(form: str) -> None:
    """A pasted transcript (or `api_key="..."` literal) carrying a token with `*` in it, whose error echoes 12
    characters of the token that have no shape of their own: none of them reaches the diagnosis."""
    piece = ODD[1:13]  # "yJ..." : no eyJ, 12 characters, no shape
    text = _transcript(ODD, piece)
    if form == "literal":
        text = text.replace(f"> Authorization: Bearer {ODD}", f'client = AzureOpenAI(api_key="{ODD}")')
    d = diagnose_text(text, now=NOW)
    assert d is not None
    shown = "\n".join([d.render(), json.dumps(d.to_dict())])
    leaked = piece in shown
    assert leaked is False, "a piece of the pasted token leaked"


def test_placeholders_are_still_not_taken_for_values() -> None:
    """`<your-key>`, `${API_KEY}` and `****` in a pasted transcript are placeholders: the words around them in
    the diagnosis stay."""
    for placeholder in ("<your-key>", "${API_KEY}", "****", "os.environ['AZURE_OPENAI_API_KEY']"):
        text = _transcript(placeholder, "the deployment gpt-4o")
        d = diagnose_text(text, now=NOW)
        assert d is not None
        assert "the deployment gpt-4o" in d.evidence["service_message"], placeholder
