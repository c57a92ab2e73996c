"""What the headers say besides the credential: the client and its version (User-Agent, X-Stainless), and the
response's request ids, policy id, WWW-Authenticate and Date.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..record import Record
from ..regex import lazy
from ..scrub import bounded_items

_UA = lazy(
    r"azsdk-python-ai-inference/(?P<azure_ai_inference>\S+)"
    r"|azsdk-python-ai-projects/(?P<azure_ai_projects>\S+)"
    r"|(?:Async)?AzureOpenAI/Python (?P<azure_openai>\S+)"
    r"|(?:Async)?OpenAI/Python (?P<openai>\S+)"
    r"|(?:Async)?Anthropic(?:Foundry|Vertex|Bedrock|AWS)?/Python (?P<anthropic>\S+)"
    r"|(?P<azure_sdk>azsdk-python-[\w.-]+/)"
)


def parse_client(lower: Mapping[str, str] | None) -> tuple[str | None, str | None]:
    """(client, version) from User-Agent and the X-Stainless headers of the openai and anthropic SDKs (lower-cased
    names; the anthropic SDK also sends `anthropic-version` on every request)."""
    if not lower:
        return None, None
    ua = lower.get("user-agent", "")[:1000]
    m = _UA.search(ua)
    if m:
        name = m.lastgroup or ""
        return name.replace("_", "-"), (m.group(name)[:40] if name != "azure_sdk" else None)
    if "x-stainless-lang" in lower:
        sdk = "anthropic" if "anthropic-version" in lower else "openai"
        return sdk, lower.get("x-stainless-package-version", "")[:40] or None
    return None, None


REQUEST_ID_HEADERS = (
    "apim-request-id",
    "x-request-id",
    "x-ms-request-id",
    "x-ms-client-request-id",
    "x-ms-region",
)


class ResponseInfo(Record):
    request_ids: tuple[tuple[str, str], ...]
    policy_id: str | None
    www_authenticate: str | None
    raw_date: str | None
    content_type: str | None

    __slots__ = ("content_type", "policy_id", "raw_date", "request_ids", "www_authenticate")

    def __init__(
        self,
        request_ids: tuple[tuple[str, str], ...] = (),
        policy_id: str | None = None,
        www_authenticate: str | None = None,
        raw_date: str | None = None,
        content_type: str | None = None,
    ) -> None:
        self.request_ids = request_ids
        self.policy_id = policy_id
        self.www_authenticate = www_authenticate
        self.raw_date = raw_date
        self.content_type = content_type

    @property
    def date(self) -> float | None:
        """The response's `Date` as a Unix time (parsed only when asked: only token expiry needs it)."""
        import email.utils

        if not self.raw_date:
            return None
        try:
            return email.utils.parsedate_to_datetime(self.raw_date).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None


_SAFE_ID = lazy(r"^[\w.:/-]{1,128}$")


def parse_response_headers(headers: Mapping[str, str] | None) -> ResponseInfo:
    if not headers:
        return ResponseInfo()
    lower = dict(bounded_items(headers))
    ids = tuple(
        (h, lower[h].strip()) for h in REQUEST_ID_HEADERS if h in lower and _SAFE_ID.match(lower[h].strip())
    )
    raw_date = lower.get("date")
    www = lower.get("www-authenticate")
    return ResponseInfo(
        request_ids=ids,
        policy_id=lower.get("policy-id", "")[:100] or None,
        www_authenticate=www[:300] if www else None,
        raw_date=raw_date[:100] if raw_date else None,
        content_type=lower.get("content-type", "")[:100] or None,
    )
