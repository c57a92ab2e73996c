"""Secrets in every position (issue 11): hypothesis strategies that put a key, a JWT, a base64url run or a SAS-like
signature everywhere a credential really travels and everywhere it comes back from, for the never-leaks
properties of tests/engine/test_properties.py.

Where it travels (`carried`): a credential header of any name (the known ones, ones the library has never heard of,
arbitrary names), a query parameter (secret names and arbitrary ones), after hundreds of other headers, or not at
all (a secret the request did not carry, echoed by a proxy).

Where it comes back (`echo`): whole in the error's message, a piece of it (any slice of 12 or more characters), the
request URL with its query, split over two lines, a response header (WWW-Authenticate, a request id), always
between two random punctuation characters; and as a pasted `curl -v` or http.client debug transcript (`form`).

What is promised, and so what is drawn: a secret the request carried must leave no 12-character piece anywhere;
a secret it did not carry is caught by its shape only (`Secret.shaped`), whole or (a token) split over two lines
after its first five characters and before its last dot (a tail of a JWT's signature alone on a line has no shape
to speak of), and never as a fragment. A shapeless secret (two 16-character halves) is drawn only where its name marks it.

Secrets come from `hardening_strategies.Secret` (hashes of a seed: a shrunk example stays high-entropy, and
its repr never shows the value); `LeakScene`'s repr shows the seed and the positions, never the secret.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from engine_cases import CASES, Case
from hardening_strategies import Secret, keys, tokens
from hypothesis import strategies as st

CREDENTIAL_HEADERS = (
    "Authorization",
    "api-key",
    "Ocp-Apim-Subscription-Key",
    "x-api-key",
    "x-functions-key",
    "x-goog-api-key",
    "x-ms-token-aad-access-token",
    "X-MS-TOKEN-AAD-ID-TOKEN",
    "Proxy-Authorization",
    "Cookie",
    "X-Auth-Token",
    "x-client-secret",
    "X-Api-Secret",
    "x-amz-security-token",
)
"""Headers whose name says they carry a credential: the value is secret whatever it looks like."""
SECRET_QUERY = (
    "api-key",
    "api_key",
    "code",
    "sig",
    "key",
    "subscription-key",
    "token",
    "access_token",
    "Sig",
)
_TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
PUNCTUATION = (*" .,;:!?-_/\\'\"()[]{}<>=&#@*+|~`\t\n", "", "%", "...", "://")
ECHOES = ("none", "whole", "partial", "split", "url", "www-authenticate", "request-id")
_CASES = {case.id: case for case in CASES}


@dataclass(frozen=True)
class LeakScene:
    """One request carrying a secret (or not), and one response echoing it (or not)."""

    secret: Secret
    carried: str
    """header | query | none"""
    name: str
    """the header's or the query parameter's name"""
    echo: str
    """one of ECHOES"""
    before: str
    after: str
    start: int
    length: int
    fillers: int
    """other request headers sent before the credential one"""
    case_id: str
    """the catalog fixture the response comes from (by id: a falsifying example shows the id, not the fixture)"""
    form: str
    """wire (diagnose, explain --from-json) | transcript (diagnose_text, explain -)"""
    transcript: str = "curl"
    """curl | http.client"""

    @property
    def case(self) -> Case:
        return _CASES[self.case_id]

    # -- the request --------------------------------------------------------------------------------------------

    @property
    def value(self) -> str:
        v = self.secret.value
        if self.carried == "header" and self.name.lower() in ("authorization", "proxy-authorization"):
            return f"Bearer {v}"
        return v

    @property
    def url(self) -> str:
        base = self.case.url or "https://contoso.openai.azure.com/openai/v1/chat/completions"
        if self.carried != "query":
            return base
        return base + ("&" if "?" in base else "?") + f"{self.name}={quote(self.secret.value, safe='')}"

    def request_headers(self) -> dict[str, str]:
        headers = {f"x-filler-{i}": "v" for i in range(self.fillers)}
        headers.update(self.case.request_headers or {})
        if self.carried == "header":
            headers[self.name] = self.value
        return headers

    # -- the echo -------------------------------------------------------------------------------------------

    def echoed(self) -> str:
        """What the response quotes back, between the two punctuation characters."""
        v = self.secret.value
        if self.echo == "partial":
            size = max(12, self.length % len(v) + 1) if len(v) >= 12 else len(v)
            at = self.start % max(1, len(v) - size + 1)
            v = v[at : at + size]
        elif self.echo == "split":
            if self.carried == "none":  # keep "eyJ" and two more whole, cut before the last dot
                cut = 5 + self.start % max(1, v.rfind(".") - 5)
            else:
                cut = 1 + self.start % (len(v) - 1)
            v = v[:cut] + "\n" + v[cut:]
        elif self.echo == "url":
            v = self.url
        return f"{self.before}{v}{self.after}"

    def body(self) -> str:
        text = self.case.body_text or ""
        if self.echo in ("none", "www-authenticate", "request-id"):
            return text
        return _with_message(text, self.echoed())

    def response_headers(self) -> dict[str, str]:
        headers = dict(self.case.response_headers or {})
        if self.echo == "www-authenticate":
            headers["WWW-Authenticate"] = f'Bearer error="invalid_token", error_description="{self.echoed()}"'
        elif self.echo == "request-id":
            headers["x-request-id"] = self.echoed().strip()
        return headers

    # -- the two forms --------------------------------------------------------------------------------------

    def as_json(self) -> dict[str, Any]:
        """The captured response, as `explain --from-json` reads it and `diagnose` takes it."""
        return {
            "status": self.case.status,
            "body": self.body(),
            "response_headers": self.response_headers(),
            "method": "POST",
            "url": self.url,
            "request_headers": self.request_headers(),
        }

    def as_transcript(self) -> str:
        """The same exchange as a user pastes it from `curl -v` or http.client's debug output."""
        url = self.url
        host = url.split("/")[2]
        target = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
        status = self.case.status
        reason = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}.get(
            status, "Error"
        )
        request = [("Host", host), *self.request_headers().items(), ("Content-Type", "application/json")]
        response = [("Content-Type", "application/json"), *self.response_headers().items()]
        if self.transcript == "http.client":
            sent = "\\r\\n".join([f"POST {target} HTTP/1.1", *(f"{k}: {v}" for k, v in request)])
            lines = [f"send: b'{sent}\\r\\n\\r\\n'", f"reply: 'HTTP/1.1 {status} {reason}\\r\\n'"]
            lines += [f"header: {k}: {v}" for k, v in response]
        else:
            lines = [f"> POST {target} HTTP/1.1", *(f"> {k}: {v}" for k, v in request), ">"]
            lines += [f"< HTTP/1.1 {status} {reason}", *(f"< {k}: {v}" for k, v in response), "<"]
        return "\n".join([*lines, self.body()])

    def __repr__(self) -> str:  # never the secret: hypothesis prints this for a falsifying example
        return (
            f"LeakScene({self.secret!r}, carried={self.carried!r}, name={self.name!r}, echo={self.echo!r}, "
            f"before={self.before!r}, after={self.after!r}, start={self.start}, length={self.length}, "
            f"fillers={self.fillers}, case={self.case_id!r}, form={self.form!r}, transcript={self.transcript!r})"
        )


def _with_message(body: str, echo: str) -> str:
    """The body with `echo` in its message (JSON of the known shapes), or appended to it (anything else)."""
    try:
        doc = json.loads(body)
    except ValueError:
        return f"{body} {echo}"
    if isinstance(doc, dict) and isinstance(doc.get("error"), dict):
        doc["error"]["message"] = f"{doc['error'].get('message') or ''} {echo}"
        return json.dumps(doc)
    if isinstance(doc, dict):
        doc["message"] = f"{doc.get('message') or ''} {echo}"
        return json.dumps(doc)
    return f"{body} {echo}"


def _valid(scene: LeakScene) -> bool:
    """Only what the library promises: see the module docstring."""
    known_name = scene.name in CREDENTIAL_HEADERS or scene.name in SECRET_QUERY
    if scene.carried == "none":
        if not scene.secret.shaped or scene.echo in ("partial", "url", "request-id", "none"):
            return False
        if scene.echo == "split" and (scene.secret.kind != "token" or scene.secret.value.rfind(".") < 6):
            return False
    elif not known_name and not scene.secret.shaped:
        return False
    return not (scene.echo == "url" and scene.carried != "query")


_header_names = st.one_of(
    st.sampled_from(CREDENTIAL_HEADERS),
    st.text(alphabet=_TOKEN_CHARS, min_size=1, max_size=20).filter(lambda n: n.lower() != "host"),
)
_query_names = st.one_of(st.sampled_from(SECRET_QUERY), st.sampled_from(["x", "q", "deployment", "foo-bar"]))


@st.composite
def leak_scenes(draw: st.DrawFn) -> LeakScene:
    carried = draw(st.sampled_from(["header", "header", "query", "none"]))
    name = draw(_query_names if carried == "query" else _header_names)
    scene = LeakScene(
        secret=draw(st.one_of(keys, tokens)),
        carried=carried,
        name=name,
        echo=draw(st.sampled_from(ECHOES)),
        before=draw(st.sampled_from(PUNCTUATION)),
        after=draw(st.sampled_from(PUNCTUATION)),
        start=draw(st.integers(min_value=0, max_value=10_000)),
        length=draw(st.integers(min_value=11, max_value=10_000)),
        fillers=draw(st.sampled_from([0, 0, 0, 3, 250, 400])),
        case_id=draw(st.sampled_from(list(_CASES))),
        form=draw(st.sampled_from(["wire", "wire", "transcript"])),
        transcript=draw(st.sampled_from(["curl", "http.client"])),
    )
    if not _valid(scene):
        scene = LeakScene(
            secret=scene.secret, carried="header", name="api-key", echo="whole", before=scene.before,
            after=scene.after, start=scene.start, length=scene.length, fillers=scene.fillers, case_id=scene.case_id,
            form=scene.form, transcript=scene.transcript,
        )  # fmt: skip
    return scene
