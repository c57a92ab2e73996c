"""The scrubber itself (engine/scrub.py), table-driven: what it removes by shape, what it must keep readable, the
catalog's own text untouched, and the properties every scrubber needs (total, idempotent, no value in a repr).
"""

from __future__ import annotations

import base64
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inference_doctor import SCENARIOS
from inference_doctor.engine.scrub import Secrets, known_secrets, scrub

KEEP = [
    "5d8c0b7e-1f2a-4b3c-9d4e-6f7a8b9c0d1e",  # a request id / object id (GUID)
    "tenant 72f988bf-86f1-41af-91ab-2d7cd011db47, principal 9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
    "Resource not found (request id: 20240221000059395690000bd4GZy0t)",
    "/openai/deployments/gpt-4o-mini-2024-07-18/chat/completions",
    "/openai/deployments/YOUR_DEPLOYMENT_NAME/completions",
    "https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21",
    "https://DeepSeek-R1-abcde.eastus.models.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview",
    "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.CognitiveServices/accounts/contoso",
    "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
    "https://learn.microsoft.com/azure/ai-foundry/foundry-models/how-to/configure-entra-id",
    "Cohere-command-r-plus-08-2024 Meta-Llama-3.1-405B-Instruct Llama-4-Maverick-17B-128E-Instruct-FP8",
    "DeepSeek-R1-Distill-Qwen-32B Phi-4-multimodal-instruct text-embedding-3-large claude-sonnet-4-5-20250929",
    "ModelNotFoundInDeployment ThrowExceptionDueToTrafficDenied RemediationClientAuthenticationError",
    "credential=DefaultAzureCredential(exclude_interactive_browser_credential=False)",
    "azure_ad_token_provider=get_bearer_token_provider(cred, 'https://ai.azure.com/.default')",
    "api_key=os.environ['AZURE_OPENAI_API_KEY'], api_version='2024-10-21'",
    "azsdk-python-ai-inference/1.0.0b9 Python/3.11.7 (Linux-6.1-x86_64-with-glibc2.36)",
    'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
    "max-age=31536000; includeSubDomains; preload",
]


@pytest.mark.parametrize("text", KEEP)
def test_evidence_people_need_is_kept(text: str) -> None:
    """GUIDs, request ids, deployment and model names, paths, api-versions, URLs, resource ids, error codes and
    code written with the SDKs pass the scrubber unchanged."""
    assert scrub(text) == text


def _fake(label: str, size: int = 32) -> bytes:
    return hashlib.sha256(label.encode()).digest()[:size]


SHAPES = {
    "hex-32": _fake("hex").hex()[:32],
    "hex-64": _fake("hex64").hex(),
    "base64-44": base64.b64encode(_fake("b64")).decode(),
    "base64url-56": base64.urlsafe_b64encode(_fake("u", 32) + _fake("u2", 8)).decode(),
    "azure-84": base64.b64encode(_fake("a", 32) + _fake("b", 31)).decode().replace("+", "x").replace("/", "y"),
    "sk": "sk-proj-" + base64.urlsafe_b64encode(_fake("sk")).decode().rstrip("="),
    "jwt": "eyJhbGciOiJSUzI1NiJ9."
    + base64.urlsafe_b64encode(b'{"aud":"x","oid":"y"}').decode().rstrip("=")
    + "."
    + base64.urlsafe_b64encode(_fake("sig")).decode().rstrip("="),
    "sas-escaped": base64.b64encode(_fake("sas")).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D"),
}  # fmt: skip
CONTEXTS = [
    "{}",
    "key {}.",
    "({})",
    "'{}'",
    "code={}&x=1",
    "/api/{}/chat",
    "{}-",
    "-{}",
    "x:{}:y",
    "<{}>",
    "{}\n",
]


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_secret_is_removed_by_its_shape_in_any_context(shape: str, context: str) -> None:
    """Every shape of credential, next to any punctuation or inside a path, is removed with no 12-character piece
    left, and the words around it stay."""
    secret = SHAPES[shape]
    out = scrub(context.format(secret))
    found = any(secret[i : i + 12] in out for i in range(len(secret) - 11))
    assert found is False, f"{shape} in {context!r} survived"
    assert out.replace("<redacted>", "").replace("<jwt redacted>", "").replace("sk-", "") in context.replace(
        "{}", ""
    )


def test_the_catalog_text_passes_unchanged() -> None:
    """No title, cause, step template, docs link or code sample of the catalog is touched by the scrubber."""
    for s in SCENARIOS:
        for text in (s.title, s.cause, s.headline, *s.steps, *s.docs, s.bad or "", s.good or "", s.signals):
            assert scrub(text) == text, s.id


def test_a_known_value_and_its_pieces_are_removed() -> None:
    """A value the request carried goes whole, each 12-character piece of it, and its parts after a scheme."""
    key = "dev-key-Q7x2-looks-like-words"
    known = known_secrets(headers={"api-key": key, "authorization": "Bearer tok-Q7x2-0001-abcd"})
    for shown in (key, key[3:19], key[-12:], "tok-Q7x2-0001-abcd"):
        out = scrub(f"the key {shown}, again", known)
        kept = shown in out
        assert kept is False, "a known value or a piece of it survived"
        assert out.startswith("the key <redacted>")


def test_a_known_value_in_two_words_loses_the_pieces_across_the_space() -> None:
    """A value with a space in it: a 12-character piece that spans the space goes too."""
    known = Secrets(["abcdef0123456789 0123456789abcdef"])
    out = scrub("echo: 3456789 0123456 end", known)
    kept = "3456789 0123456" in out
    assert kept is False, "the piece across the space survived"
    assert out.startswith("echo: ")


def test_secrets_never_show_their_values() -> None:
    """The repr of the values a diagnosis scrubs says how many, never what."""
    known = Secrets(["a-secret-value-1234"])
    shown = "a-secret" in repr(known)
    assert shown is False, "a value reached the repr"
    assert repr(known) == "Secrets(<1 values>)"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.lists(st.text(min_size=8, max_size=40), max_size=3))
def test_scrub_is_total_and_idempotent(text: str, values: list[str]) -> None:
    """Any text and any known values: scrub never raises, and scrubbing twice changes nothing more."""
    known = Secrets(values)
    once = scrub(text, known)
    assert scrub(once, known) == once
