"""Shared pieces of the hardening tests (tests/hardening): hypothesis strategies for requests and responses,
in-memory transports for azure-core and httpx that generate bodies lazily (and can fail half way), drivers that
run one response through a real SDK client with and without the interceptor, and the comparison of the two.

It lives in tests/support because that folder is on ``sys.path`` (``pythonpath`` in pyproject.toml), which is
what ``--import-mode=importlib`` needs to import a helper shared by several test modules.

Secrets are never derived from hypothesis text: a secret is a hash of a drawn seed, so a shrunk example still
holds a high-entropy secret (a shrunk "000000000000" would be found in any tenant id), and `Secret`'s repr
shows the seed, never the value: a falsifying example can be reproduced without the secret being printed.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import json
import logging
import re
import time
import zlib
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from azure.core.exceptions import (
    ClientAuthenticationError,
    DecodeError,
    HttpResponseError,
    ResourceExistsError,
    ResourceNotFoundError,
    ResourceNotModifiedError,
    map_error,
)
from azure.core.pipeline.transport import AsyncHttpTransport, HttpTransport
from azure.core.rest._http_response_impl import HttpResponseImpl
from azure.core.rest._http_response_impl_async import AsyncHttpResponseImpl
from azure.core.utils import case_insensitive_dict
from doctor_testing import NOW
from engine_cases import CASES
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from inference_doctor import RemediationError
from inference_doctor._intercept import BODY_CAP, IN_SCOPE

# The fuzz profiles both interceptors' tests run: the quick one in the normal suite, the long one with -m slow.
QUICK_EXAMPLES = 100
LONG_EXAMPLES = 2500
_HEALTH = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.filter_too_much,
]
QUICK = settings(max_examples=QUICK_EXAMPLES, deadline=None, suppress_health_check=_HEALTH)
LONG = settings(max_examples=LONG_EXAMPLES, deadline=None, suppress_health_check=_HEALTH)
QUICK_FOCUSED = settings(QUICK, max_examples=QUICK_EXAMPLES // 2)
PROFILES = [
    pytest.param(QUICK, id="quick"),
    pytest.param(LONG, id="long", marks=pytest.mark.slow),
]
FOCUSED_PROFILES = [
    pytest.param(QUICK_FOCUSED, id="quick"),
    pytest.param(LONG, id="long", marks=pytest.mark.slow),
]

# --- secrets ----------------------------------------------------------------------------------------------------

WINDOW = 12
"""No piece of a secret this long may appear in any output."""


def _digest(seed: int, label: str, size: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{label}:{seed}:{counter}".encode()).digest()
        counter += 1
    return out[:size]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _uuid(seed: int, label: str) -> str:
    h = _digest(seed, label, 16).hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


JWT_SHAPES = (
    "jwt",
    "two-segments",
    "four-segments",
    "empty-signature",
    "bad-base64",
    "padded",
    "payload-not-json",
    "payload-json-list",
    "eyJ-only",
    "huge",
    "standard-base64",
    "empty-payload",
)
KEY_SHAPES = ("azure-32", "azure-84", "openai-sk", "key-with-spaces", "base64url", "sas-sig")
SHAPELESS_KEY_SHAPES = frozenset({"key-with-spaces"})
"""Keys that only their place in the request marks as secret: two 16-character halves look like nothing."""


class Secret:
    """A key or an almost-JWT built from a seed; `value` is what goes on the wire, `pieces` what must never leak.

    A token also carries a user name and an e-mail address in its claims (hashed too): they are left out of every
    diagnosis unless names are asked for, so they are checked like the token itself.
    """

    __slots__ = ("claims", "extras", "kind", "seed", "shape", "value")

    def __init__(self, kind: str, seed: int, shape: str, claims: Mapping[str, Any] | None = None) -> None:
        self.kind, self.seed, self.shape = kind, seed, shape
        self.claims = dict(claims or {})
        self.extras: tuple[str, ...] = ()
        if kind == "key":
            self.value = self._key()
        else:
            email = f"{_digest(seed, 'mail', 6).hex()}@{_digest(seed, 'dom', 4).hex()}.example"
            name = f"N{_digest(seed, 'name', 8).hex()}"
            self.extras = (email, name)
            self.value = self._token(email, name)

    def _key(self) -> str:
        seed = self.seed
        if self.shape == "azure-32":
            return _digest(seed, "key", 16).hex()
        if self.shape == "azure-84":
            return _b64(_digest(seed, "key84", 63))
        if self.shape == "openai-sk":
            return "sk-proj-" + _b64(_digest(seed, "sk", 48))
        if self.shape == "base64url":  # an Azure Functions key: base64url (with - and _), padded
            return base64.urlsafe_b64encode(_digest(seed, "fn", 40)).decode()
        if self.shape == "sas-sig":  # a SAS signature: standard base64 (with + and /) of an HMAC-SHA256
            return base64.b64encode(_digest(seed, "sas", 32)).decode()
        return _digest(seed, "k1", 8).hex() + " " + _digest(seed, "k2", 8).hex()

    def _token(self, email: str, name: str) -> str:
        seed = self.seed
        header = _b64(
            json.dumps({"typ": "JWT", "alg": "RS256", "kid": _digest(seed, "kid", 9).hex()}).encode()
        )
        claims: dict[str, Any] = {
            "iss": f"https://sts.windows.net/{_uuid(seed, 'tid')}/",
            "tid": _uuid(seed, "tid"),
            "oid": _uuid(seed, "oid"),
            "upn": email,
            "unique_name": email,
            "email": email,
            "preferred_username": email,
            "name": name,
            **self.claims,
        }
        signature = _b64(_digest(seed, "sig", 48))
        if self.shape == "huge":
            claims["pad"] = _b64(_digest(seed, "pad", 15000))
        payload = _b64(json.dumps(claims).encode())
        if self.shape == "payload-not-json":
            payload = _b64(_digest(seed, "junk", 40))
        elif self.shape == "payload-json-list":
            payload = _b64(json.dumps([claims]).encode())
        elif self.shape == "empty-payload":
            payload = ""
        if self.shape == "two-segments":
            return f"{header}.{payload}"
        if self.shape == "four-segments":
            return f"{header}.{payload}.{signature}.{_b64(_digest(seed, 'x', 12))}"
        if self.shape == "empty-signature":
            return f"{header}.{payload}."
        if self.shape == "bad-base64":
            return f"{header}.{payload[:20]}!*~{payload[20:]}.{signature}"
        if self.shape == "padded":
            return f"{header}.{payload}==.{signature}"
        if self.shape == "eyJ-only":
            return "eyJ" + _b64(_digest(seed, "eyj", 40))
        if self.shape == "standard-base64":
            std = base64.b64encode(json.dumps(claims).encode()).decode()
            return f"{header}.{std}.{signature}+/"
        return f"{header}.{payload}.{signature}"

    @property
    def shaped(self) -> bool:
        """True when the value alone, with no name beside it, is recognisably a credential."""
        return self.kind == "token" or self.shape not in SHAPELESS_KEY_SHAPES

    @property
    def texts(self) -> tuple[str, ...]:
        """Everything that must not leak: the value (and, for a key with a space, each half), and the names."""
        parts = tuple(p for p in self.value.split() if len(p) >= WINDOW)
        return (self.value, *parts, *self.extras)

    def __repr__(self) -> str:  # never the value: hypothesis prints this for a falsifying example
        claims = f", claims={self.claims!r}" if self.claims else ""
        return f"Secret({self.kind!r}, seed={self.seed}, shape={self.shape!r}{claims})"


def pieces(text: str, width: int = WINDOW) -> set[str]:
    """Every `width`-character window of a secret text (the whole text when shorter)."""
    return {text[i : i + width] for i in range(max(1, len(text) - width + 1))}


class LeakCheck:
    """Answers 'does this text hold a piece of the secret?' with a boolean only (never the text or the piece)."""

    def __init__(self, secret: Secret) -> None:
        self._pieces = set().union(*(pieces(t) for t in secret.texts))
        self._width = WINDOW

    def __call__(self, text: str) -> bool:
        if not text:
            return False
        w = self._width
        return any(text[i : i + w] in self._pieces for i in range(max(1, len(text) - w + 1)))

    def __repr__(self) -> str:
        return "LeakCheck(<secret>)"


# --- strategies: requests ---------------------------------------------------------------------------------------

seeds = st.integers(min_value=0, max_value=2**48)

AUDIENCES = (
    "https://cognitiveservices.azure.com",
    "https://cognitiveservices.azure.com/",
    "https://ai.azure.com",
    "https://ml.azure.com",
    "https://management.azure.com/",
    "https://graph.microsoft.com",
    "api://00000000-1111-2222-3333-444444444444",
)

ODD_NUMERALS = ("²", "①", "④⓪①", "٤٠١", "4" * 5000, "0401", " 401", "401.0", "")
"""Strings that look like a number to one reader and not to another: str.isdigit() accepts "²" and "①", which
int() refuses; int() refuses more than 4300 digits; "٤٠١" is a decimal number to both."""
odd_numerals = st.one_of(
    st.sampled_from(ODD_NUMERALS),
    st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=6),
)
odd_times = st.one_of(
    st.just(10**400),
    st.just(-(10**400)),
    st.integers(min_value=10**300, max_value=10**400),
    st.floats(),  # NaN and the infinities included
)
"""Time claims past a float's range (float(10**400) raises OverflowError), or not finite."""

claim_overrides = st.fixed_dictionaries(
    {},
    optional={
        "aud": st.one_of(
            st.sampled_from(AUDIENCES),
            st.lists(st.sampled_from(AUDIENCES), max_size=3),
            st.text(max_size=30),
            st.integers(),
            st.none(),
        ),
        "exp": st.one_of(
            st.integers(min_value=int(NOW) - 10**6, max_value=int(NOW) + 10**6),
            st.integers(),
            st.floats(allow_nan=False),
            odd_times,
            st.text(max_size=10),
            st.none(),
        ),
        "nbf": odd_times,
        "iat": odd_times,
        "idtyp": st.one_of(st.sampled_from(["app", "user", "device"]), st.text(max_size=8)),
        "appid": st.one_of(st.uuids().map(str), st.text(max_size=20), st.integers()),
        "tid": st.one_of(st.uuids().map(str), st.text(max_size=40), st.lists(st.integers(), max_size=2)),
        "scp": st.text(max_size=30),
        "roles": st.lists(st.text(max_size=15), max_size=3),
    },
)

keys = st.builds(Secret, st.just("key"), seeds, st.sampled_from(KEY_SHAPES))
tokens = st.builds(Secret, st.just("token"), seeds, st.sampled_from(JWT_SHAPES), claim_overrides)
secrets = st.one_of(keys, tokens)

_TOKEN = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_RESERVED_REQUEST_HEADERS = frozenset(
    {
        "authorization",
        "api-key",
        "ocp-apim-subscription-key",
        "x-api-key",
        "host",
        "content-length",
        "transfer-encoding",
        "content-encoding",
        "connection",
        "expect",
        "upgrade",
        "te",
        "trailer",
        "keep-alive",
        "proxy-authorization",
    }
)
header_names = st.one_of(
    st.sampled_from(
        [
            "User-Agent",
            "x-ms-client-request-id",
            "X-Stainless-Lang",
            "X-Stainless-Package-Version",
            "x-ms-useragent",
            "Accept",
            "extra-parameters",
            "azureml-model-deployment",
            "x-ms-model-mesh-model-name",
            "traceparent",
            "Cookie",
        ]
    ),
    st.text(alphabet=_TOKEN, min_size=1, max_size=20),
).filter(lambda n: n.lower() not in _RESERVED_REQUEST_HEADERS)
header_values = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60).map(str.strip)
request_headers = st.dictionaries(header_names, header_values, max_size=4).map(lambda d: _dedupe(d))


def _dedupe(headers: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    seen: set[str] = set()
    for k, v in headers.items():
        if k.lower() not in seen:
            seen.add(k.lower())
            out[k] = v
    return out


hosts = st.one_of(
    st.sampled_from(
        [
            "contoso.openai.azure.com",
            "CONTOSO.OpenAI.Azure.COM",
            "contoso.openai.azure.com.",
            "contoso.services.ai.azure.com",
            "contoso.cognitiveservices.azure.com",
            "eastus.api.cognitive.microsoft.com",
            "contoso.privatelink.openai.azure.com",
            "my-endpoint.eastus2.models.ai.azure.com",
            "my-endpoint.eastus2.inference.ml.azure.com",
            "models.inference.ai.azure.com",
            "contoso.openai.azure.us",
            "contoso.openai.azure.cn",
            "apim-contoso.azure-api.net",
            "api.openai.com",
            "xn--bcher-kva.example",
            "localhost",
            "127.0.0.1",
            "[::1]",
            "[2001:db8::8a2e:370:7334]",
            "[fe80::1]",
            "a" * 63 + ".openai.azure.com",
            "x.y.z.w.openai.azure.com",
        ]
    ),
    st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,20}(\.[a-z0-9-]{1,12}){0,3}\Z").filter(
        lambda h: not h.endswith("-")
    ),
)
ports = st.one_of(st.none(), st.sampled_from([443, 80, 8443, 1, 65535, 5000]))
_PATH_SEGMENT = st.one_of(
    st.sampled_from(["models", "openai", "api", "%7Euser", "a%20b", "%2F", "v1", "deployments", "gpt-4o"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-._~%", min_size=1, max_size=10).filter(
        lambda s: not re.search(r"%(?![0-9A-Fa-f]{2})", s)
    ),
)
prefixes = st.lists(_PATH_SEGMENT, max_size=3).map(lambda segs: "".join("/" + s for s in segs))
models = st.one_of(
    st.sampled_from(["gpt-4o", "gpt-4o-prod", "DeepSeek-R1", "Phi-4", "gpt 4o", "gpt%2F4o", "modèle", "a.b"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=30),
)
SECRET_QUERY_NAMES = ("sig", "api-key", "code", "token", "access_token", "subscription-key", "key", "Sig")
extra_queries = st.dictionaries(
    st.sampled_from(["api-version", "foo", "x", "%61pi-version", "deployment"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-%. ", max_size=20),
    max_size=2,
)


@dataclass(frozen=True)
class RequestSpec:
    """What the caller sends: where, with which credential (placed where) and which other headers."""

    host: str
    port: int | None
    prefix: str
    model: str
    headers: dict[str, str]
    secret: Secret
    placement: str
    """bearer | api-key | x-api-key | both | raw | bearer-lower | ocp | query"""
    query_name: str
    query: dict[str, str]
    scheme: str = "https"

    @property
    def netloc(self) -> str:
        return self.host + (f":{self.port}" if self.port is not None else "")

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.prefix}"

    def auth_headers(self) -> dict[str, str]:
        v = self.secret.value
        return {
            "bearer": {"Authorization": f"Bearer {v}"},
            "api-key": {"api-key": v},
            "x-api-key": {"x-api-key": v},
            "both": {"Authorization": f"Bearer {v}", "api-key": v},
            "raw": {"Authorization": v},
            "bearer-lower": {"authorization": f"bearer  {v}"},
            "ocp": {"Ocp-Apim-Subscription-Key": v},
            "query": {},
        }[self.placement]

    def secret_query(self) -> dict[str, str]:
        return {self.query_name: self.secret.value} if self.placement == "query" else {}


request_specs = st.builds(
    RequestSpec,
    host=hosts,
    port=ports,
    prefix=prefixes,
    model=models,
    headers=request_headers,
    secret=secrets,
    placement=st.sampled_from(
        ["bearer", "api-key", "x-api-key", "both", "raw", "bearer-lower", "ocp", "query"]
    ),
    query_name=st.sampled_from(SECRET_QUERY_NAMES),
    query=extra_queries,
    scheme=st.sampled_from(["https", "https", "http"]),
)


# --- strategies: responses --------------------------------------------------------------------------------------

CASE_BODIES: tuple[bytes, ...] = tuple(
    dict.fromkeys(c.body_text.encode() for c in CASES if c.body_text is not None)
)
CASE_STATUSES = tuple(sorted({c.status for c in CASES}))


def _mutate(body: bytes, op: str, pos: int, blob: bytes, text: str) -> bytes:
    at = pos % (len(body) + 1)
    if op == "truncate":
        return body[:at]
    if op == "flip":
        return body[:at] + blob[:1] + body[at + 1 :]
    if op == "insert":
        return body[:at] + blob + body[at:]
    if op == "delete":
        return body[:at] + body[at + len(blob) + 1 :]
    if op == "wrap-error":
        return b'{"error":' + body + b"}"
    if op == "wrap-list":
        return b"[" + body + b"]"
    if op == "double-encoded":
        return json.dumps(body.decode("utf-8", "replace")).encode()
    if op == "sdk-text":
        return b"Error code: 401 - " + body
    if op == "bom":
        return b"\xef\xbb\xbf" + body
    if op == "utf16":
        return body.decode("utf-8", "replace").encode("utf-16")
    if op == "latin1":
        return body.replace(b"e", b"\xe9")
    if op == "message":
        try:
            doc = json.loads(body)
        except ValueError:
            return body
        if isinstance(doc, dict) and isinstance(doc.get("error"), dict):
            doc["error"]["message"] = text
        elif isinstance(doc, dict):
            doc["message"] = text
        return json.dumps(doc).encode()
    return body


MUTATIONS = (
    "none",
    "truncate",
    "flip",
    "insert",
    "delete",
    "wrap-error",
    "wrap-list",
    "double-encoded",
    "sdk-text",
    "bom",
    "utf16",
    "latin1",
    "message",
)
case_bodies = st.builds(
    _mutate,
    st.sampled_from(CASE_BODIES),
    st.sampled_from(MUTATIONS),
    st.integers(min_value=0, max_value=10_000),
    st.binary(min_size=1, max_size=8),
    st.text(max_size=60),
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | odd_numerals,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["error", "code", "message", "statusCode", "innererror", "details", "status"])
            | st.text(max_size=8),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)
random_json = json_values.map(lambda v: json.dumps(v).encode())
nested_json = st.builds(
    lambda depth, kind, closed: {
        "list": b"[" * depth + (b"]" * depth if closed else b""),
        "error": b'{"error":' * depth + b'"x"' + (b"}" * depth if closed else b""),
        "mixed": b'{"error":[' * depth + b"1" + (b"]}" * depth if closed else b""),
    }[kind],
    st.sampled_from([2, 50, 999, 1000, 5000, 100_000]),
    st.sampled_from(["list", "error", "mixed"]),
    st.booleans(),
)
invalid_utf8 = st.one_of(
    st.binary(max_size=200).map(lambda b: b"\xff\xfe" + b),
    st.builds(
        lambda a, b: a + b"\xc3" + b,
        st.sampled_from(CASE_BODIES).map(lambda b: b[:40]),
        st.binary(max_size=5),
    ),
    st.just(b"\x80\x80\x80"),
    st.just(b'{"error":{"code":"\xed\xa0\x80","message":"\xf4\x90\x80\x80"}}'),
)
near_cap = st.builds(
    lambda body, delta: b" " * max(0, BODY_CAP - len(body) + delta) + body,
    st.sampled_from(CASE_BODIES),
    st.integers(min_value=-3, max_value=3),
)
all_bodies = st.one_of(
    st.just(b""),
    st.binary(max_size=300),
    st.text(max_size=200).map(str.encode),
    case_bodies,
    case_bodies,
    case_bodies,
    case_bodies,
    random_json,
    nested_json,
    invalid_utf8,
    near_cap,
)

_RESERVED_RESPONSE_HEADERS = frozenset(
    {
        "content-length",
        "content-encoding",
        "transfer-encoding",
        "retry-after",
        "retry-after-ms",
        "x-ms-retry-after-ms",
        "location",
        "connection",
        "set-cookie",
    }
)
response_header_names = st.one_of(
    st.sampled_from(
        [
            "Content-Type",
            "WWW-Authenticate",
            "x-ms-error-code",
            "apim-request-id",
            "x-request-id",
            "x-ms-request-id",
            "x-ms-client-request-id",
            "x-should-retry",
            "azureml-model-session",
            "x-ms-region",
        ]
    ),
    st.text(alphabet=_TOKEN, min_size=1, max_size=16),
).filter(lambda n: n.lower() not in _RESERVED_RESPONSE_HEADERS)
response_header_values = st.one_of(
    st.sampled_from(
        [
            "application/json",
            "application/json; charset=utf-8",
            "text/plain",
            "text/html",
            "application/problem+json",
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/x", error="invalid_token"',
            'Bearer authorization="https://login.microsoftonline.com/common", error="insufficient_claims", '
            'claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZX19fQ=="',
            "true",
            "false",
        ]
    ),
    header_values,
)
statuses = st.one_of(
    st.sampled_from([400, 401, 403, 404]),
    st.sampled_from(CASE_STATUSES),
    st.integers(min_value=100, max_value=599),
)


@dataclass(frozen=True)
class ReplySpec:
    """One response: status, headers, the body as it travels (compressed when `encoding` says so)."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True
    """Send Content-Length (False: a body of unknown length, chunked)."""
    encoding: str = "identity"
    """identity | gzip (Content-Encoding: gzip, compressed) | fake-gzip (the header, a plain body) |
    bare-gzip (compressed, no header)"""
    chunk: int = 64 * 1024

    @property
    def wire_body(self) -> bytes:
        if self.encoding in ("gzip", "bare-gzip"):
            return gzip.compress(self.body, mtime=0)
        return self.body

    def wire_headers(self) -> dict[str, str]:
        headers = dict(self.headers)
        if self.encoding in ("gzip", "fake-gzip"):
            headers["Content-Encoding"] = "gzip"
        if self.length:
            headers["Content-Length"] = str(len(self.wire_body))
        return headers

    def chunks(self) -> Iterator[bytes]:
        body = self.wire_body
        size = max(self.chunk, len(body) // 64)  # tiny chunks for small bodies only: a 1 MiB body in 64 parts
        for start in range(0, len(body), size):
            yield body[start : start + size]

    def __repr__(self) -> str:  # bodies near the cap are a megabyte: show their size, not their bytes
        body = self.body if len(self.body) <= 400 else f"<{len(self.body)} bytes ending {self.body[-60:]!r}>"
        return (
            f"ReplySpec(status={self.status}, body={body!r}, headers={self.headers!r}, length={self.length}, "
            f"encoding={self.encoding!r}, chunk={self.chunk})"
        )


reply_specs = st.builds(
    ReplySpec,
    status=statuses,
    body=all_bodies,
    headers=st.dictionaries(response_header_names, response_header_values, max_size=4).map(_dedupe),
    length=st.booleans(),
    encoding=st.sampled_from(["identity", "identity", "identity", "gzip", "fake-gzip", "bare-gzip"]),
    chunk=st.sampled_from([1, 7, 64, 4096, 64 * 1024]),
)


# The secret-focused variants: credentials that reach the engine (Authorization / api-key), on Azure hosts, with
# the catalogued error bodies, so most examples end in a diagnosis whose every text can be searched for the secret.
focused_request_specs = st.builds(
    RequestSpec,
    host=st.sampled_from(
        ["contoso.openai.azure.com", "contoso.services.ai.azure.com", "contoso.cognitiveservices.azure.com"]
    ),
    port=st.none(),
    prefix=st.sampled_from(["", "/models", "/openai"]),
    model=st.sampled_from(["gpt-4o", "gpt-4o-prod"]),
    headers=st.just({}),
    secret=st.one_of(tokens, tokens, tokens, keys),
    placement=st.sampled_from(["bearer", "both", "api-key", "x-api-key", "bearer-lower", "query"]),
    query_name=st.sampled_from(SECRET_QUERY_NAMES),
    query=st.just({}),
)
focused_reply_specs = st.builds(
    ReplySpec,
    status=st.sampled_from([401, 401, 401, 403, 403, 404, 400]),
    body=st.one_of(st.sampled_from(CASE_BODIES), st.just(b""), case_bodies),
    headers=st.just({"Content-Type": "application/json"}),
    length=st.booleans(),
    encoding=st.just("identity"),
)


# --- log capture --------------------------------------------------------------------------------------------------


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def record_text(record: logging.LogRecord) -> str:
    """A record as any handler could print it: message and formatted traceback."""
    text = record.getMessage()
    if record.exc_info:
        text += "\n" + logging.Formatter().formatException(record.exc_info)
    if record.stack_info:
        text += "\n" + record.stack_info
    return text


@contextmanager
def capture_logs() -> Iterator[list[logging.LogRecord]]:
    """Every log record of every logger at DEBUG, for the duration (the root logger's level is restored)."""
    root = logging.getLogger()
    handler = _ListHandler()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)
        root.setLevel(old)


# --- outcomes -----------------------------------------------------------------------------------------------------

_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def norm(text: str) -> str:
    """Text with object addresses blanked (two runs allocate different objects)."""
    return _ADDRESS.sub("0x?", text)


@dataclass
class Outcome:
    """What one call gave the caller: a value (normalised repr) or an exception; the attempts and the logs."""

    value: str | None = None
    error: BaseException | None = None
    attempts: int = 0
    logs: list[str] = field(default_factory=list)
    log_names: list[str] = field(default_factory=list)
    records: list[logging.LogRecord] = field(default_factory=list)


def _summarise(result: Any) -> str:
    if isinstance(result, (str, bytes)):
        return repr(result)
    if hasattr(result, "status_code") and hasattr(result, "headers"):
        return f"<response {result.status_code}>"
    return norm(repr(result))


def run_sync(call: Callable[[], Any], attempts: Callable[[], int]) -> Outcome:
    """Run one call, capturing its result or exception and every log record."""
    outcome = Outcome()
    with capture_logs() as records:
        try:
            outcome.value = _summarise(call())
        except Exception as exc:
            outcome.error = exc
    outcome.attempts = attempts()
    outcome.logs = [record_text(r) for r in records]
    outcome.log_names = [r.name for r in records]
    outcome.records = list(records)
    return outcome


def run_async(call: Callable[[], Any], attempts: Callable[[], int]) -> Outcome:
    """`run_sync` for a coroutine function: a fresh event loop per call."""

    async def main() -> Any:
        return await call()

    return run_sync(lambda: asyncio.run(main()), attempts)


def compare(reference: Outcome, got: Outcome, secret: Secret) -> None:
    """The properties: enriched (and the SDK's class) or exactly the SDK's outcome; nothing leaks.

    Leak checks come first and assert on booleans only, so a failure never prints a secret.
    """
    leaks = LeakCheck(secret)
    error = got.error
    if isinstance(error, RemediationError):
        # The remediation is the library's own text: never a piece of the secret, whatever the SDK's part holds.
        leaked = leaks(error.diagnosis.render()) or leaks(json.dumps(error.diagnosis.to_dict()))
        assert leaked is False, "a piece of the secret (or a claim name) is in the diagnosis"
        ref_text = "" if reference.error is None else str(reference.error) + repr(reference.error)
        leaked = leaks(str(error)) and not leaks(ref_text)
        assert leaked is False, "a piece of the secret is in str(exc) but not in the SDK's own text"
        leaked = leaks(repr(error)) and not leaks(ref_text)
        assert leaked is False, "a piece of the secret is in repr(exc) but not in the SDK's own text"
    reference_leaks = {norm(t) for t in reference.logs if leaks(t)}
    own = [t for t in got.logs if leaks(t) and norm(t) not in reference_leaks]
    leaked = bool(own)
    assert leaked is False, (
        f"{len(own)} log record(s) hold a piece of the secret that the SDK alone does not log"
    )
    leaked = any(
        leaks(t) for t, n in zip(got.logs, got.log_names, strict=True) if n.startswith("inference_doctor")
    )
    assert leaked is False, "an inference_doctor log record holds a piece of the secret"

    # The engine is total (design: diagnose never raises): its fail-safe must never be what saved the call.
    engine_failed = any(
        "could not diagnose" in t
        for t, n in zip(got.logs, got.log_names, strict=True)
        if n.startswith("inference_doctor")
    )
    assert engine_failed is False, "the engine raised on this input (examine's fail-safe was taken)"

    assert got.attempts == reference.attempts, "the interceptor changed the number of HTTP attempts"
    if error is None:
        assert reference.error is None, f"the SDK alone raises {type(reference.error).__name__}"
        assert got.value == reference.value
        return
    assert reference.error is not None, f"{type(error).__name__} raised where the SDK alone succeeds"
    if isinstance(error, RemediationError):
        assert isinstance(error, type(reference.error)), (
            f"{type(error).__name__} is not a {type(reference.error).__name__}"
        )
        assert error.diagnosis.status in IN_SCOPE
        assert getattr(error, "status_code", None) in IN_SCOPE
        return
    assert type(error) is type(reference.error), (
        f"{type(error).__name__} escaped where the SDK alone raises {type(reference.error).__name__}"
    )
    if not isinstance(
        error, RecursionError
    ):  # its text names the JSON element at the depth the stack ran out
        assert norm(str(error)) == norm(str(reference.error)), "not the SDK's own text"


def label(outcome: Outcome) -> str:
    """A short name for an outcome, for hypothesis statistics (``--hypothesis-show-statistics``)."""
    if outcome.error is None:
        return "returned"
    if isinstance(outcome.error, RemediationError):
        return f"enriched {outcome.error.diagnosis.status}"
    return f"raised {type(outcome.error).__name__}"


def sdk_text_kept(reference: Outcome, got: Outcome) -> bool:
    """For an enriched exception: str(exc) starts with the SDK's own text for the same response."""
    assert reference.error is not None
    assert got.error is not None
    return norm(str(got.error)).startswith(norm(str(reference.error)))


# --- azure-core fakes -------------------------------------------------------------------------------------------

REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}


@dataclass
class AzureReply:
    """A response for the azure-core fakes: a fresh chunk iterator per attempt (lazily generated)."""

    status: int
    headers: dict[str, str]
    chunks: Callable[[], Iterator[bytes]]

    @classmethod
    def of(cls, spec: ReplySpec) -> AzureReply:
        return cls(spec.status, spec.wire_headers(), spec.chunks)


def _decoded(chunks: Iterator[bytes], headers: Mapping[str, str], decompress: bool) -> Iterator[bytes]:
    """What requests' iter_content gives azure-core: gzip undone when asked, a DecodeError on a broken stream."""
    encoding = next((v for k, v in headers.items() if k.lower() == "content-encoding"), "")
    if not decompress or encoding.strip().lower() != "gzip":
        yield from chunks
        return
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    for chunk in chunks:
        try:
            out = decoder.decompress(chunk)
        except zlib.error as err:
            raise DecodeError(
                f"Received response with content-encoding: gzip, but failed to decode it: {err}"
            ) from err
        if out:
            yield out


class _Source:
    def __init__(self, reply: AzureReply, transport: _Recorder) -> None:
        self.reply = reply
        self.transport = transport
        self.closed = False

    def chunks(self, decompress: bool) -> Iterator[bytes]:
        for chunk in _decoded(self.reply.chunks(), self.reply.headers, decompress):
            if self.transport.closed:
                from azure.core.exceptions import ServiceResponseError

                raise ServiceResponseError("Connection closed by the client while reading the body")
            yield chunk

    def close(self) -> None:
        self.closed = True


class _Recorder:
    def __init__(self, responder: AzureReply | Callable[[Any], AzureReply]) -> None:
        self.responder = responder
        self.count = 0
        self.closed = False

    def reply_for(self, request: Any) -> AzureReply:
        self.count += 1
        return self.responder(request) if callable(self.responder) else self.responder


class AzureFakeResponse(HttpResponseImpl):
    """A sync ``azure.core.rest`` response whose body is generated chunk by chunk."""

    def __init__(self, request: Any, source: _Source) -> None:
        headers = source.reply.headers
        super().__init__(
            request=request,
            internal_response=source,
            status_code=source.reply.status,
            reason=REASONS.get(source.reply.status, "Unknown"),
            content_type=next((v for k, v in headers.items() if k.lower() == "content-type"), None),
            headers=case_insensitive_dict(headers),
            stream_download_generator=lambda response, pipeline, decompress: source.chunks(decompress),
            block_size=64 * 1024,
        )


class AzureFakeAsyncResponse(AsyncHttpResponseImpl):
    """The async twin of `AzureFakeResponse`."""

    def __init__(self, request: Any, source: _Source) -> None:
        headers = source.reply.headers

        async def chunks(response: Any, pipeline: Any, decompress: bool) -> AsyncIterator[bytes]:
            for chunk in source.chunks(decompress):
                await asyncio.sleep(0)
                yield chunk

        super().__init__(
            request=request,
            internal_response=source,
            status_code=source.reply.status,
            reason=REASONS.get(source.reply.status, "Unknown"),
            content_type=next((v for k, v in headers.items() if k.lower() == "content-type"), None),
            headers=case_insensitive_dict(headers),
            stream_download_generator=chunks,
            block_size=64 * 1024,
        )

    async def close(self) -> None:
        self._is_closed = True
        self._internal_response.close()


class AzureFakeTransport(_Recorder, HttpTransport):  # type: ignore[misc]
    """A sync azure-core transport answering from memory; reads the body unless ``stream=True``, as real ones do."""

    def send(self, request: Any, **kwargs: Any) -> AzureFakeResponse:
        response = AzureFakeResponse(request, _Source(self.reply_for(request), self))
        if not kwargs.get("stream", False):
            try:
                response.read()
            finally:
                response.close()
        return response

    def open(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def __enter__(self) -> AzureFakeTransport:
        return self

    def __exit__(self, *args: Any) -> None:
        self.close()


class AzureFakeAsyncTransport(_Recorder, AsyncHttpTransport):  # type: ignore[misc]
    """The async twin of `AzureFakeTransport`."""

    async def send(self, request: Any, **kwargs: Any) -> AzureFakeAsyncResponse:
        await asyncio.sleep(0)
        response = AzureFakeAsyncResponse(request, _Source(self.reply_for(request), self))
        if not kwargs.get("stream", False):
            try:
                await response.read()
            finally:
                await response.close()
        return response

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        self.closed = True

    async def __aenter__(self) -> AzureFakeAsyncTransport:
        return self

    async def __aexit__(self, *args: Any) -> None:
        await self.close()


class StaticTokenCredential:
    """A TokenCredential handing out one fixed (almost-)JWT."""

    def __init__(self, token: str) -> None:
        self._token = token

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self._token, int(time.time()) + 3600)

    def __repr__(self) -> str:
        return "StaticTokenCredential(<token>)"


class AsyncStaticTokenCredential(StaticTokenCredential):
    """The async twin."""

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:  # type: ignore[override]
        return AccessToken(self._token, int(time.time()) + 3600)

    async def close(self) -> None:
        pass

    async def __aenter__(self) -> AsyncStaticTokenCredential:
        return self

    async def __aexit__(self, *args: Any) -> None:
        pass


GENERATED_ERROR_MAP = {
    401: ClientAuthenticationError,
    404: ResourceNotFoundError,
    409: ResourceExistsError,
    304: ResourceNotModifiedError,
}
"""The error map every generated azure SDK operation uses (azure-ai-inference's included)."""


def raise_like_generated_code(response: Any) -> None:
    """What generated azure SDK code does with a non-200 response after the pipeline returns it."""
    map_error(status_code=response.status_code, response=response, error_map=GENERATED_ERROR_MAP)
    raise HttpResponseError(response=response)
