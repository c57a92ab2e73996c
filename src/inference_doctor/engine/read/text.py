"""Pasted and wrapped errors: the inner status, body and request URL in SDK-formatted, logged or proxy-wrapped
text, and the hints such text gives (which client, which credential, what the user tried).
"""

from __future__ import annotations

import json
import re

from ..record import Record
from ..regex import lazy
from .body import TEXT_CAP

_REASONS = {
    "unauthorized": 401,
    "forbidden": 403,
    "not found": 404,
    "bad request": 400,
    "permissiondenied": 401,
}


_ERROR_CODE = lazy(r"Error code: (\d{3})(?: - (.*))?", re.S)


_STATUS_PATTERNS = (
    lazy(r"[\"']?status_?code[\"']?\s*[:=]\s*[\"']?(\d{3})", re.I, needs=("status",)),
    lazy(
        r"\b(40[0134])\b[ :-]*(?:\(?\s*)?(?:Unauthorized|Forbidden|Not Found|Bad Request|PermissionDenied)",
        re.I,
        needs=("40",),
    ),
    lazy(
        r"\b(?:HTTP/\d(?:\.\d)?|status(?: code)?:?|Status:|Response Code:)\s*(\d{3})\b",
        re.I,
        needs=("http/", "status", "response code:"),
    ),
    lazy(r"\bError:\s*(40[0134])\b", needs=("Error:",)),
    lazy(r"(?:^|[\s(])(40[0134]):\s", needs=("40",)),
    lazy(r"\"code\"\s*:\s*\"?(40[0134])\b", needs=('"code"',)),
    lazy(r"\breturns? (?:an? )?(40[0134])\b|\breceives? (?:an? )?(40[0134])\b", needs=("return", "receive")),
    lazy(r"\b(40[0134]) status code\b", needs=(" status code",)),
    lazy(r"\(HTTP (40[0134])\)", needs=("(HTTP ",)),
    lazy(r"[\"']status[\"']\s*:\s*(40[0134])\b", needs=("status",)),
)


_INVALID_STATUS = lazy(r"invalid status '([A-Za-z ]+)'", needs=("invalid status '",))


_EXCEPTION_STATUS = (
    (lazy(r"\bClientAuthenticationError\b|\bAuthenticationError\b", needs=("AuthenticationError",)), 401),
    (lazy(r"\bPermissionDeniedError\b", needs=("PermissionDeniedError",)), 403),
    (lazy(r"\bResourceNotFoundError\b|\bNotFoundError\b", needs=("NotFoundError",)), 404),
    (lazy(r"\bBadRequestError\b", needs=("BadRequestError",)), 400),
)


_REASONS = {"unauthorized": 401, "forbidden": 403, "not found": 404, "bad request": 400}


_AZ_CORE = lazy(
    r"\(([\w .-]{1,80})\) ([^\n]{1,2000})(?:\nCode: ([^\n]{1,200}))?(?:\nMessage: ([^\n]{1,4000}))?"
)


_JSON_IN_TEXT = lazy(r"\{.*\}", re.S)


_METHOD_URL = lazy(r"\b(GET|POST|PUT|DELETE|PATCH)\b[ '\"]+(https?://[^\s'\"<>]+)", needs=("://",))


_LABELLED_URL = lazy(
    r"(?i)\b(?:request url|url|for url)\s*[:=]?\s*['\"]?(https?://[^\s'\"<>]+)", needs=("://",)
)


_URL_IN_TEXT = lazy(r"https?://[^\s'\"<>)\]}]+", needs=("://",))


# audiences, scopes and documentation links quoted in error text: never the request's URL
_NOT_A_REQUEST_HOST = lazy(
    r"https?://(?:(?:cognitiveservices|ai|ml|management|graph)\.azure\.(?:com|us|cn)|graph\.microsoft\.com|aka\.ms"
    r"|go\.microsoft\.com|learn\.microsoft\.com|docs\.microsoft\.com|login\.microsoftonline\.com|github\.com)"
    r"(?:[/:'\"\s)]|$)"
)


_REQUEST_PATH = lazy(
    r"/(?:chat/completions|completions|embeddings|responses|deployments/|models/|info\b|images/|audio/|v1/messages)"
)


PASTE_CAP = 64 * 1024 * 1024
"""The most of a pasted text that is searched for the error (64 MiB: any log a person pastes or pipes in)."""

_BEFORE = 16 * 1024  # how much of the paste before the error is read with it (the request line, the client)

# Where an error sits in a long paste, strongest first: openai's `Error code: 4xx`; azure-core's exception names
# and its `Code:` line; an error body; a bare 400/401/403/404. Each is found from the end with `str.rfind`: a
# few linear passes in C, however long the paste.
_ANCHORS: tuple[tuple[str, ...], ...] = (
    ("Error code: 4",),
    (
        "ClientAuthenticationError",
        "HttpResponseError",
        "ResourceNotFoundError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "BadRequestError",
        "\nCode: ",
        "AADSTS",
        "failed to retrieve a token",
        "CredentialUnavailableError",
    ),
    ('"error"', "'error'"),
)
_STATUSES = ("401", "403", "404", "400")


def _last_status(text: str, floor: int) -> int:
    """The last 400/401/403/404 standing alone as a number (not inside a longer one), or -1."""
    best = -1
    for status in _STATUSES:
        end = len(text)
        for _ in range(100):  # a paste full of digits gives up on a status rather than spin
            at = text.rfind(status, max(floor, best + 1), end)
            if at < 0:
                break
            if not (text[at - 1 : at].isdigit() or text[at + 3 : at + 4].isdigit()):
                best = max(best, at)
                break
            end = at + 2
    return best


def error_window(text: str, size: int = TEXT_CAP) -> tuple[int, int]:
    """Where in `text` to read the error: `(start, end)`, at most `size` characters around the last, strongest
    sign of an error (the whole text when it is short enough). Bounded: a few linear passes over at most
    `PASTE_CAP` characters, the end of a longer text."""
    if len(text) <= size:
        return 0, len(text)
    floor = max(0, len(text) - PASTE_CAP)
    anchor = -1
    for needles in _ANCHORS:
        anchor = max(text.rfind(needle, floor) for needle in needles)
        if anchor >= 0:
            break
    if anchor < 0:
        anchor = _last_status(text, floor)
    if anchor < 0:
        return len(text) - size, len(text)  # nothing looks like an error: the end, where a traceback ends
    start = max(floor, anchor - _BEFORE)
    end = min(len(text), start + size)
    return max(floor, end - size), end


class Unwrapped(Record):
    status: int | None
    body: str | None
    url: str | None
    method: str | None
    hints: tuple[str, ...]

    __slots__ = ("body", "hints", "method", "status", "url")

    def __init__(
        self,
        status: int | None,
        body: str | None,
        url: str | None = None,
        method: str | None = None,
        hints: tuple[str, ...] = (),
    ) -> None:
        self.status = status
        self.body = body
        self.url = url
        self.method = method
        self.hints = hints


def _status_in_text(text: str) -> int | None:
    for pattern in _STATUS_PATTERNS:
        m = pattern.search(text)
        if m:
            value = int(next(g for g in m.groups() if g))
            if 100 <= value <= 599:
                return value
    im = _INVALID_STATUS.search(text)
    if im and im.group(1).strip().lower() in _REASONS:
        return _REASONS[im.group(1).strip().lower()]
    for pattern, status in _EXCEPTION_STATUS:
        if pattern.search(text):
            return status
    from ..phrases import STATUS_OF_PHRASE, phrases

    seen = phrases(text.lower())
    for name, status in STATUS_OF_PHRASE.items():
        if name in seen:
            return status
    for reason, status in _REASONS.items():
        if re.search(rf"\b{reason}\b", text, re.I):
            return status
    return None


def unwrap(text: str, outer_status: int | None = None) -> Unwrapped:
    """Find an inner status, body and request URL in SDK-formatted, logged or proxy-wrapped text (bounded,
    total)."""
    text = text[:TEXT_CAP]
    status: int | None = None
    body: str | None = None
    m = _ERROR_CODE.search(text)
    if m:
        status = int(m.group(1))
        body = (m.group(2) or "").strip() or None
    if body is None:
        az = _AZ_CORE.search(text)
        if az and (az.group(3) or az.group(4)):
            code = (az.group(3) or az.group(1)).strip()
            message = (az.group(4) or az.group(2)).strip()
            body = json.dumps({"error": {"code": code, "message": message}})
    if body is None:
        j = _JSON_IN_TEXT.search(text)
        if j:
            body = j.group(0)
    if status is None:
        status = _status_in_text(text)
    url = method = None
    hints = [h for h, needle in _TEXT_HINTS if needle.search(text)]
    if _CONSTRUCTOR.search(text) and not _CREDENTIAL_WORDS.search(text):
        hints.append("no-credential-shown")  # the pasted client construction passes no credential at all
    mu = _METHOD_URL.search(text)
    lu = _LABELLED_URL.search(text)
    if mu:
        method, url = mu.group(1), mu.group(2)
    elif lu:
        url = lu.group(1)
    else:  # a URL in free text may be configuration, not the request: trust its path only if it names an operation
        um = next((u for u in _URL_IN_TEXT.finditer(text) if not _NOT_A_REQUEST_HOST.match(u.group(0))), None)
        if um:
            url = um.group(0)
            if not _REQUEST_PATH.search(url):
                hints.append("path-unknown")
    if url:
        url = url.rstrip(".,;:'\"`")
    return Unwrapped(
        status=status if status is not None else outer_status,
        body=body,
        url=url,
        method=method,
        hints=tuple(hints),
    )


_CONSTRUCTOR = lazy(
    r"\b(?:Async)?(?:AzureOpenAI|AzureOpenAIEmbeddings|AzureChatOpenAI|ChatCompletionsClient|EmbeddingsClient)\(",
    needs=("AzureOpenAI", "AzureChatOpenAI", "ChatCompletionsClient", "EmbeddingsClient"),
)


_CREDENTIAL_WORDS = lazy(
    r"(?i)api_key|api-key|ad_token|credential|token_provider|bearer|OPENAI_API_KEY",
    needs=("api_key", "api-key", "ad_token", "credential", "token_provider", "bearer"),
)


_TEXT_HINTS = (
    (
        "azure-ai-inference",
        lazy(
            r"azure[.-]ai[.-]inference|ChatCompletionsClient|EmbeddingsClient|azsdk-python-ai-inference",
            needs=("inference", "ChatCompletionsClient", "EmbeddingsClient"),
        ),
    ),
    (
        "azure-openai",
        lazy(
            r"\bAzureOpenAI\b|AsyncAzureOpenAI|azure_endpoint|AzureChatOpenAI",
            needs=("AzureOpenAI", "azure_endpoint", "AzureChatOpenAI"),
        ),
    ),
    ("openai", lazy(r"\bOpenAI\(|openai\.OpenAI|base_url=", needs=("OpenAI(", "openai.OpenAI", "base_url="))),
    ("claude", lazy(r"claude", re.I, needs=("claude",))),
    (
        "anthropic",  # the anthropic SDK, Anthropic's API format, or the route itself
        lazy(
            r"(?:Async)?Anthropic(?:Foundry)?\(|from anthropic import|ANTHROPIC_FOUNDRY_|anthropic_messages"
            r"|provider: anthropic|\.azure\.com/anthropic\b|Anthropic-style endpoint",
            needs=("Anthropic", "anthropic", "ANTHROPIC_FOUNDRY_"),
        ),
    ),
    ("x-api-key", lazy(r"(?i)x-api-key", needs=("x-api-key",))),
    ("api-key-header", lazy(r"(?i)(?<![\w-])api-key(?: header| instead of x-api-key)", needs=("api-key",))),
    (
        "anthropic-prefix-story",  # the /anthropic prefix named as what was missing
        lazy(
            r"(?i)(?:add(?:ed|ing)?|append(?:ed)?|missing|lacking|lacks|without|include)\b[^.\n]{0,40}/anthropic"
            r"|/anthropic[`'\"]?,? not https?://",
            needs=("/anthropic",),
        ),
    ),
    ("chat-completions-path", lazy(r"/chat/completions", needs=("/chat/completions",))),
    ("openai-route-path", lazy(r"/openai/(?:v1|deployments)/", needs=("/openai/",))),
    ("ml-audience", lazy(r"https://ml\.azure\.com", needs=("https://ml.azure.com",))),
    (
        "get_model_info",
        lazy(r"get_model_info|load_client|/info\b", needs=("get_model_info", "load_client", "/info")),
    ),
    (
        "key-credential",
        lazy(
            r"AzureKeyCredential|\bapi_key\s*=|ApiKeyCredential",
            needs=("AzureKeyCredential", "api_key", "ApiKeyCredential"),
        ),
    ),
    (
        "old-inference",
        lazy(
            r"azsdk-python-ai-inference/1\.0\.0b[1-4]\b|azure-ai-inference[= ]=?\s*1\.0\.0b[1-4]\b",
            needs=("1.0.0b",),
        ),
    ),
    (
        "token-fetched",
        lazy(
            r"DefaultAzureCredential|azidentity|ManagedIdentityCredential|\.get_token\(|GetToken\(",
            needs=(
                "DefaultAzureCredential",
                "azidentity",
                "ManagedIdentityCredential",
                ".get_token(",
                "GetToken(",
            ),
        ),
    ),
    (
        "expiry-story",
        lazy(
            r"(?i)after (?:a while|an hour|some time|about an hour|\d+ ?min)|not (?:being )?refreshed|token refresh|refresh(?:es|ing)? the token|expires? after",
            needs=("after", "refresh"),
        ),
    ),
    ("api-version-elsewhere", lazy(r"api[_-]version|apiVersion", needs=("version", "apiVersion"))),
    (
        "base-url-with-operation",
        lazy(
            r"(?i)(?:api_base|base_url|azure_endpoint|endpoint)['\"]?\s*[:=]\s*['\"]?https?://\S+?/(?:chat/completions|embeddings|responses)\b",
            needs=("://",),
        ),
    ),
    ("bearer-non-jwt", lazy(r"Bearer\s+(?!eyJ|REDACTED|<|\*)[A-Za-z0-9{$][\w{}$-]{2,}", needs=("Bearer",))),
)
