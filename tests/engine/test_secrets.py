"""Secrets in every shape (issue 11): nothing a caller sent as a credential comes back out of `diagnose` or
`diagnose_text`, in whatever place it travelled and whatever shape it has; and the scrubber leaves the evidence
people need (request ids, deployment and resource names, GUIDs, api-versions, URLs without their secret parts)
readable.

Every secret here is a fake. Assertions never print a secret: they say "leaked" and name the place.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from doctor_testing import NOW, leaked, mint
from engine_cases import CASES, OID, TENANT

from inference_doctor import Diagnosis, diagnose, diagnose_text

HOST = "https://contoso.openai.azure.com"
V1 = f"{HOST}/openai/v1/chat/completions"
CLASSIC = f"{HOST}/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21"
FUNCTIONS = "https://contoso-proxy.azurewebsites.net/api/chat/completions"

# Fakes, one per shape a credential really has.
FUNCTIONS_KEY = "W8s9BPkB4hNuk6lMyQh0qZ2G-fXvTTI9kkkhGGFjT_mmAzFuyRDq3w=="  # base64url with - and _, padded
AZURE_KEY = hashlib.sha256(b"issue-11/azure").hexdigest()[:32]  # 32 hex, as Azure and APIM issue them
AZURE_KEY_2 = hashlib.sha256(b"issue-11/azure-2").hexdigest()[:32]
GOOGLE_KEY = "AIzaSyD3k8Qw2Xv9Lp4Mn7Bc1Zr6Ty5Ue0Io3Pa8S"  # 39 characters
SAS_SIG = base64.b64encode(hashlib.sha256(b"issue-11/sas").digest()).decode()  # 44, standard base64
FOREIGN_KEY = base64.urlsafe_b64encode(hashlib.sha256(b"issue-11/foreign").digest()).decode().rstrip("=")
SHORT_ODD_KEY = "dev-key-Q7x2"  # 12 characters, no recognisable shape: only the request says it is a key
BODY_401 = {"error": {"code": "401", "message": "Access denied due to invalid subscription key."}}


def everything(d: Diagnosis | None) -> str:
    """Every text a diagnosis gives: the rendered message, repr, str and to_dict."""
    if d is None:
        return ""
    return "\n".join([d.render(), repr(d), str(d), json.dumps(d.to_dict(), ensure_ascii=False)])


def echo(message: str) -> str:
    """An error body as a gateway sends it, whose message quotes what it was given."""
    return json.dumps({"error": {"code": "Unauthorized", "message": message}})


def wire(status: int = 401, **kwargs: Any) -> tuple[Diagnosis | None, str]:
    d = diagnose(status, now=NOW, **kwargs)
    return d, everything(d)


# ------------------------------------------------------------------------------------------------ 1. query


QUERY_CASES = [
    ("code", FUNCTIONS_KEY, f"{FUNCTIONS}?code={quote(FUNCTIONS_KEY, safe='')}"),
    ("code-raw", FUNCTIONS_KEY, f"{FUNCTIONS}?code={FUNCTIONS_KEY}"),
    ("api-key", AZURE_KEY, f"{V1}?api-key={AZURE_KEY}"),
    ("subscription-key", AZURE_KEY, f"https://contoso-apim.azure-api.net/openai/v1/chat/completions?subscription-key={AZURE_KEY}"),
    ("sig", SAS_SIG, f"{V1}?sv=2022-11-02&sig={quote(SAS_SIG, safe='')}&se=2030-01-01"),
    ("key", GOOGLE_KEY, f"{V1}?key={GOOGLE_KEY}"),
]  # fmt: skip


# Tests take a case's name and look its values up: a failing test shows its arguments, and a secret is not one.
QUERY = {case[0]: case[1:] for case in QUERY_CASES}


@pytest.mark.parametrize("name", list(QUERY))
def test_a_key_in_the_query_string_echoed_by_a_gateway_never_shows(name: str) -> None:
    """A key sent in the query (?code=, ?api-key=, ?sig=, ...) and echoed in the message, as the URL or the value,
    is scrubbed, and the URL's other parts stay readable."""
    secret, url = QUERY[name]
    for said in (f"Request to {url} was rejected.", f"Invalid key '{secret}'.", f"{name}={secret}; retry"):
        d, out = wire(body=echo(said), url=url, method="POST", request_headers={})
        assert d is not None
        found = leaked(out, secret)
        assert found is False, f"the {name} query value leaked"
    assert d.evidence["host"].startswith(url.split("/")[2])
    assert d.evidence["path"].endswith("/chat/completions")


# ------------------------------------------------------------------------------------------------ 2. headers


HEADER_CASES = [
    ("x-functions-key", FUNCTIONS_KEY),
    ("x-goog-api-key", GOOGLE_KEY),
    ("x-ms-token-aad-access-token", mint(aud="https://cognitiveservices.azure.com", oid=OID, exp=NOW + 60)),
    ("X-Custom-Auth", AZURE_KEY),
    ("x-functions-key", SHORT_ODD_KEY),  # decided by the name: the value has no credential shape
    ("X-Trace-Blob", FOREIGN_KEY),  # decided by the value's shape: the name says nothing
    ("X-Api-Secret", "hunter2-but-longer"),
]


HEADERS = {f"{h}-{len(v)}": (h, v) for h, v in HEADER_CASES}


@pytest.mark.parametrize("case", list(HEADERS))
def test_a_credential_in_any_header_echoed_back_never_shows(case: str) -> None:
    """Whatever header carried the credential (decided by its name and by the value's shape), an echo of the
    value, whole or next to punctuation, is scrubbed."""
    header, secret = HEADERS[case]
    for said in (f"Invalid {header}: {secret}.", f"key={secret},", f"({secret})"):
        _, out = wire(
            body=echo(said), url=V1, request_headers={header: secret, "User-Agent": "OpenAI/Python 2.31.0"}
        )
        found = leaked(out, secret)
        assert found is False, f"the {header} value leaked"


# ------------------------------------------------------------------------------------------------ 3. shapes


def _split(token: str, at: int) -> str:
    return token[:at] + "\n" + token[at:]


FOREIGN_JWT = mint(aud="https://cognitiveservices.azure.com", tid=TENANT, oid=OID, exp=NOW + 3600)
SHAPE_CASES = [
    ("run-then-dot", FOREIGN_KEY, f"the key {FOREIGN_KEY}. is not valid"),
    ("run-then-dash", FOREIGN_KEY, f"the key {FOREIGN_KEY}- is not valid"),
    ("run-then-slash", SAS_SIG, f"signature {SAS_SIG}/ rejected"),
    ("quoted", FOREIGN_KEY, f"the key '{FOREIGN_KEY}' is not valid"),
    ("base64url", FUNCTIONS_KEY, f"function key {FUNCTIONS_KEY} is not valid"),
    ("base64url-with-dash-first", "-" + FUNCTIONS_KEY[1:], f"key=-{FUNCTIONS_KEY[1:]};"),
    ("in-a-url-path", FOREIGN_KEY, f"GET https://contoso-proxy.azurewebsites.net/api/{FOREIGN_KEY}/chat failed"),
    ("hex-32-next-to-colon", AZURE_KEY_2, f"key:{AZURE_KEY_2}: unknown"),
    ("google", GOOGLE_KEY, f"API key not valid: {GOOGLE_KEY}."),
    ("jwt-split-in-payload", FOREIGN_JWT, f"token {_split(FOREIGN_JWT, 60)} rejected"),
    ("jwt-split-in-signature", FOREIGN_JWT, f"token {_split(FOREIGN_JWT, len(FOREIGN_JWT) - 20)} rejected"),
    ("jwt-split-after-header", FOREIGN_JWT, f"token {_split(FOREIGN_JWT, FOREIGN_JWT.index('.') + 1)} rejected"),
]  # fmt: skip


SHAPE = {case[0]: case[1:] for case in SHAPE_CASES}


@pytest.mark.parametrize("name", list(SHAPE))
def test_a_secret_the_request_did_not_carry_is_caught_by_its_shape(name: str) -> None:
    """A key or token the request did not carry (a proxy echoing another one) is scrubbed by its shape, next to
    any punctuation, inside a URL path, and split over two lines."""
    secret, message = SHAPE[name]
    for body in (echo(message), message):
        _, out = wire(body=body, url=V1, request_headers={})
        found = leaked(out, secret)
        assert found is False, f"{name}: a secret the request did not carry leaked"
    d = diagnose_text(f"Error code: 401 - {echo(message)}")
    found = leaked(everything(d), secret)
    assert found is False, f"{name}: leaked from pasted text"


def test_a_secret_in_the_request_path_is_scrubbed_and_the_path_stays_readable() -> None:
    """A key in a URL path segment is replaced in the evidence, and the rest of the path is kept."""
    d, out = wire(
        404,
        body=echo("not found"),
        url=f"https://contoso-proxy.azurewebsites.net/api/{FOREIGN_KEY}/chat/completions",
    )
    assert d is not None
    found = leaked(out, FOREIGN_KEY)
    assert found is False, "the key in the path leaked"
    assert d.evidence["path"].startswith("/api/"), "the path's readable parts were scrubbed too"
    assert d.evidence["path"].endswith("/chat/completions"), "the path's readable parts were scrubbed too"


# ------------------------------------------------------------------------------------------------ 4. partial echoes


PARTIAL_CASES = [
    ("first-24", "api-key", AZURE_KEY, AZURE_KEY[:24]),
    ("last-16", "api-key", AZURE_KEY, AZURE_KEY[-16:]),
    ("middle-12", "Ocp-Apim-Subscription-Key", AZURE_KEY, AZURE_KEY[10:22]),
    ("bearer-head", "Authorization", "Bearer " + FOREIGN_JWT, FOREIGN_JWT[:30]),
    ("functions-key-head", "x-functions-key", FUNCTIONS_KEY, FUNCTIONS_KEY[:20]),
    ("odd-key-whole", "api-key", SHORT_ODD_KEY, SHORT_ODD_KEY),
]


PARTIAL = {case[0]: case[1:] for case in PARTIAL_CASES}


@pytest.mark.parametrize("name", list(PARTIAL))
def test_a_partial_echo_of_the_request_key_never_shows(name: str) -> None:
    """A service or proxy echoing part of the request's key (its first 24 characters, the last 16, any 12)
    shows none of it."""
    header, value, echoed = PARTIAL[name]
    secret = value.split(" ")[-1]
    for said in (f"Invalid key {echoed}...", f"key '{echoed}' unknown", f"key={echoed}&"):
        _, out = wire(body=echo(said), url=CLASSIC, request_headers={header: value})
        found = leaked(out, secret)
        assert found is False, f"{name}: a piece of the request's key leaked"


# ------------------------------------------------------------------------------------------------ 5. transcripts

CURL_V = """$ curl -v https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21 -H "api-key: {key}" -d @req.json
*   Trying 20.62.58.1:443...
* Connected to contoso.openai.azure.com (20.62.58.1) port 443
> POST /openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21 HTTP/1.1
> Host: contoso.openai.azure.com
> User-Agent: curl/8.5.0
> Accept: */*
> api-key: {key}
> Ocp-Apim-Subscription-Key: {key2}
> Content-Type: application/json
>
< HTTP/1.1 401 Unauthorized
< Content-Type: text/plain
< apim-request-id: 0b5c7f4e-3d2a-4c1b-9e8f-7a6b5c4d3e2f
<
Access denied: the key was not accepted.
"""
HTTP_CLIENT = """send: b'POST /openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21 HTTP/1.1\\r\\nHost: contoso.openai.azure.com\\r\\nAccept-Encoding: identity\\r\\nContent-Length: 61\\r\\napi-key: {key}\\r\\nx-functions-key: {key2}\\r\\nContent-Type: application/json\\r\\n\\r\\n'
send: b'{{"messages": [{{"role": "user", "content": "hi"}}], "max_tokens": 1}}'
reply: 'HTTP/1.1 401 Unauthorized\\r\\n'
header: Content-Type: text/plain
header: apim-request-id: 0b5c7f4e-3d2a-4c1b-9e8f-7a6b5c4d3e2f
Access denied
"""
TRANSCRIPTS = {
    "curl-v": CURL_V,
    "http.client": HTTP_CLIENT,
    "curl-bearer": CURL_V.replace("api-key: {key}", "Authorization: Bearer {key}"),
}


@pytest.mark.parametrize("kind", list(TRANSCRIPTS))
@pytest.mark.parametrize("key_shape", ["hex32", "odd", "functions"])
def test_a_pasted_debug_transcript_shows_no_header_value(kind: str, key_shape: str) -> None:
    """`curl -v` and http.client debug output with a text body: the credential headers it prints are scrubbed
    from every field, whatever the key looks like; the deployment, api-version and URL stay readable."""
    key = {"hex32": AZURE_KEY, "odd": SHORT_ODD_KEY, "functions": FUNCTIONS_KEY}[key_shape]
    text = TRANSCRIPTS[kind].format(key=key, key2=AZURE_KEY_2)
    d = diagnose_text(text)
    assert d is not None
    found = leaked(everything(d), key, AZURE_KEY_2)
    assert found is False, f"{kind}: a header value leaked"
    expected = {"deployment": "gpt-4o-prod", "api_version": "2024-10-21", "resource": "contoso"}
    for key, value in expected.items():
        assert d.evidence.get(key, value) == value, f"{key} was scrubbed"
    assert "api-version=2024-10-21" in d.evidence.get("service_message", "api-version=2024-10-21")


# ------------------------------------------------------------------------------------------------ 7. many headers


def test_a_credential_after_hundreds_of_headers_is_read_and_scrubbed() -> None:
    """An api-key after 300 other headers is recognised (the evidence names it) and scrubbed from an echo."""
    headers = {f"x-filler-{i}": "v" for i in range(300)}
    headers["api-key"] = AZURE_KEY
    d, out = wire(body=echo(f"Invalid key {AZURE_KEY[:20]}."), url=CLASSIC, request_headers=headers)
    assert d is not None
    found = leaked(out, AZURE_KEY)
    assert found is False, "the api-key after 300 headers leaked"
    assert "api-key" in d.evidence["auth"], "the api-key after 300 headers was not read"


def test_request_headers_are_bounded_by_size_not_count() -> None:
    """A header block far larger than any service accepts is read only up to the bound: diagnosing it stays cheap
    and total, and a credential inside the bound is still found."""
    headers = {"api-key": AZURE_KEY, **{f"x-filler-{i}": "v" * 1000 for i in range(5000)}}
    d = diagnose(401, body=echo(f"bad key {AZURE_KEY}"), url=CLASSIC, request_headers=headers, now=NOW)
    assert d is not None
    assert "api-key" in d.evidence["auth"]
    found = leaked(everything(d), AZURE_KEY)
    assert found is False, "leaked"


# ------------------------------------------------------------------------------------------------ logs


def test_the_engine_logs_no_secret_when_it_fails(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """When the engine fails inside, its DEBUG record names the exception's type, never the input's secrets."""
    from inference_doctor.engine import match

    def boom(*args: Any, **kwargs: Any) -> None:
        raise ValueError(f"bad input {AZURE_KEY}")

    monkeypatch.setattr(match, "collect", boom)
    with caplog.at_level(logging.DEBUG, logger="inference_doctor"):
        assert diagnose(401, body=echo(AZURE_KEY), url=V1, request_headers={"api-key": AZURE_KEY}) is None
    assert caplog.records, "the failure was not logged"
    found = leaked("\n".join(r.getMessage() for r in caplog.records), AZURE_KEY)
    assert found is False, "a log record leaked"


# ------------------------------------------------------------------------------------------------ over-redaction

_REDACTED = re.compile(r"redacted", re.I)
_CORPORA = [
    json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(Path(__file__).parent.glob("real_world_*reports*.json"))
]
REPORTS = [r for corpus in _CORPORA for r in corpus]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_catalog_fixtures_keep_their_evidence_readable(case: Any) -> None:
    """On every catalog fixture (which carries no echoed secret) nothing is scrubbed: request ids, host,
    resource, path, deployment, api-version, token claims (GUIDs) and the steps' own code stay as they are."""
    d = diagnose(case.status, body=case.body_text, response_headers=case.response_headers, method=case.method,
                 url=case.url, request_headers=case.request_headers, now=NOW, request_body=case.request_body)  # fmt: skip
    assert d is not None
    texts = [d.title, *d.steps, *d.evidence.values()]
    assert not any(_REDACTED.search(t) for t in texts), "evidence or a step was scrubbed on a clean fixture"
    for name, value in (case.response_headers or {}).items():
        if name.lower() in ("apim-request-id", "x-request-id", "x-ms-request-id", "x-ms-client-request-id"):
            assert d.evidence.get(name.lower()) == value
    if case.url and "/deployments/" in case.url:
        assert d.evidence.get("deployment"), "the deployment name is missing"
        assert d.evidence["deployment"] in case.url
    for claim in ("tid", "oid", "appid"):
        if claim in d.evidence:
            assert re.fullmatch(r"[0-9a-f-]{36}", d.evidence[claim]), f"{claim} is not the GUID it was"


@pytest.mark.parametrize("report", REPORTS, ids=[f"{i:03d}" for i in range(len(REPORTS))])
def test_real_world_reports_keep_their_evidence_readable(report: dict[str, Any]) -> None:
    """The real-world corpora (secrets already replaced by placeholders) lose nothing to the scrubber: no
    evidence value is redacted, and every GUID, api-version and request id of the report that reaches the
    evidence is shown as it was."""
    d = diagnose_text(report["text"])
    if d is None:
        return
    for key, value in d.evidence.items():
        assert not _REDACTED.search(value), f"evidence {key!r} was scrubbed on a report that holds no secret"
    shown = "\n".join(d.evidence.values())
    for guid in re.findall(r"\b[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\b", shown):
        assert guid in report["text"]
