"""Pure extraction: what a failed response and the request behind it say, without any secret.

The records here are internal and built once per response, so they are plain slotted dataclasses (not frozen:
construction cost matters on the request path); nothing mutates them after `collect` returns.

`collect` turns raw wire data into `Signals`. Nothing here keeps a token or a key: only their shapes, the
unverified claims of a JWT, and lengths. Every parser is bounded (input is cut to `TEXT_CAP` before any
regular expression runs) and total (bad input gives "unknown", never an exception).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..record import Record
from ..regex import lazy
from ..scrub import Secrets, known_secrets
from .auth import Auth, lower_headers, parse_auth
from .body import TEXT_CAP, Body, parse_body
from .headers import ResponseInfo, parse_client, parse_response_headers
from .text import unwrap
from .url import UrlShape, parse_url


class Signals(Record):
    """Everything the matcher looks at, for one response."""

    status: int
    outer_status: int
    method: str | None
    url: UrlShape
    auth: Auth
    client: str | None
    client_version: str | None
    body: Body
    response: ResponseInfo
    hints: tuple[str, ...]
    context: str
    """Pasted text around the error (explain); matched like the body."""
    model: str | None
    """The request body's `model` (the deployment on /openai/v1/ and /models), when the body was given."""
    secrets: Secrets
    """The credential values the request carried (and the body shows), for scrubbing output only; never
    rendered."""

    __slots__ = (
        "auth",
        "body",
        "client",
        "client_version",
        "context",
        "hints",
        "method",
        "model",
        "outer_status",
        "response",
        "secrets",
        "status",
        "url",
    )

    def __init__(
        self,
        status: int,
        outer_status: int,
        method: str | None,
        url: UrlShape,
        auth: Auth,
        client: str | None,
        client_version: str | None,
        body: Body,
        response: ResponseInfo,
        hints: tuple[str, ...] = (),
        context: str = "",
        model: str | None = None,
        secrets: Secrets | None = None,
    ) -> None:
        self.status = status
        self.outer_status = outer_status
        self.method = method
        self.url = url
        self.auth = auth
        self.client = client
        self.client_version = client_version
        self.body = body
        self.response = response
        self.hints = hints
        self.context = context
        self.model = model
        self.secrets = Secrets() if secrets is None else secrets

    def __repr__(self) -> str:  # the secrets must never reach a repr
        return f"Signals(status={self.status}, host={self.url.host!r}, path={self.url.path!r})"


def collect(
    status: int,
    *,
    body: bytes | bytearray | memoryview | str | None = None,
    response_headers: Mapping[str, str] | None = None,
    method: str | None = None,
    url: str | None = None,
    request_headers: Mapping[str, str] | None = None,
    request_body: bytes | bytearray | memoryview | str | None = None,
    include_names: bool = False,
) -> Signals:
    """Extract the signals of one response. May raise only on programming errors; `diagnose` guards it."""
    parsed = parse_body(body)
    inner_status = status
    hints: tuple[str, ...] = ()
    if status not in (400, 401, 403, 404) or parsed.shape == "text" or _looks_wrapped(parsed):
        unwrapped = unwrap(parsed.text, status)
        if unwrapped.status in (400, 401, 403, 404) and unwrapped.body and unwrapped.body != parsed.text:
            inner = parse_body(unwrapped.body)
            if inner.shape not in ("empty", "text") or status not in (400, 401, 403, 404):
                parsed = inner
                inner_status = unwrapped.status
        elif unwrapped.status in (400, 401, 403, 404) and status not in (400, 401, 403, 404):
            inner_status = unwrapped.status
        if url is None and unwrapped.url:
            url = unwrapped.url
        if method is None and unwrapped.method:
            method = unwrapped.method
        hints = unwrapped.hints
    if parsed.status_in_body in (400, 401, 403, 404) and status not in (400, 401, 403, 404):
        inner_status = parsed.status_in_body
    request = lower_headers(request_headers)
    client, version = parse_client(request)
    return Signals(
        status=inner_status,
        outer_status=status,
        method=method.upper()[:10] if method else None,
        url=parse_url(url),
        auth=parse_auth(request, include_names=include_names),
        client=client,
        client_version=version,
        body=parsed,
        response=parse_response_headers(response_headers),
        hints=hints,
        secrets=known_secrets(headers=request, url=url),
        model=model_in_request(request_body),
    )


_MODEL_FIELD = lazy(rb'"model"\s*:\s*"([^"\\]{1,200})"')


def model_in_request(body: bytes | bytearray | memoryview | str | None) -> str | None:
    """The `model` field of a JSON request body, looked for in its first 64 KiB only (never parsed whole: a
    request can be megabytes of input). Nothing else of the request body is kept."""
    if body is None:
        return None
    raw = body.encode("utf-8", "replace")[:TEXT_CAP] if isinstance(body, str) else bytes(body[:TEXT_CAP])
    m = _MODEL_FIELD.search(raw)
    return m.group(1).decode("utf-8", "replace") if m else None


def _looks_wrapped(body: Body) -> bool:
    message = body.message or ""
    return "Error code: 4" in message or "statusCode" in message
