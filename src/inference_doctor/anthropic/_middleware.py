"""anthropic middleware that turns Foundry's opaque 400/401/403/404 into enriched anthropic exceptions.

Why middleware (and not httpx2 event hooks), from anthropic's request loop (`_base_client.py`, the same from
0.108 to 2.14):

- ``middleware=`` runs inside anthropic's retry loop, once per attempt, and receives the attempt's `APIResponse`
  for every status. An exception it raises goes to `_should_retry_exception`, which retries only
  `RetryableError`, `APIConnectionError` and an `APIStatusError` whose status anthropic retries (408, 409, 429,
  5xx, or `x-should-retry: true`), and re-raises everything else as it is. The enriched exceptions are
  anthropic status errors for 400/401/403/404 answered without `x-should-retry: true`: anthropic raises them
  unchanged, after exactly the attempts it would have made.
- An event hook runs inside `httpx2.Client.send`, where anthropic wraps any exception that is not an
  `AnthropicError` into `APIConnectionError` and RETRIES it; it runs before any middleware has seen the
  response (so it would take a 401 away from a middleware that re-sends), has no access to the client that
  builds anthropic's own exception, and never sees a token provider's failure (`azure_ad_token_provider` runs in
  `_prepare_options`, inside the middleware chain but before httpx is involved). The middleware sees that
  failure too, and raises the credential's exception enriched (a subclass of exactly its class, as
  `inference_doctor.identity` does); anthropic does not retry it, with or without the middleware.

So the middleware is the one extension point: put it first (outermost), and it sees the response every other
middleware produced for the attempt. It acts only on the statuses in scope and only when anthropic will not retry
the response; it then reads the error body exactly where anthropic reads it (`read()`, which anthropic calls
before building its exception; an error that read meets is the one anthropic would have raised), asks the engine,
and raises the exception anthropic itself builds for the response (`_make_status_error_from_response`), as its
enriched class. Anything it cannot do ends in returning the response untouched: anthropic then raises its own.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, TypeVar

import anthropic

from .._intercept import BODY_CAP, examine_exchange, in_scope
from .._token_failure import credential_failure, credential_frame, raise_enriched, requested_scope
from ..engine.errors import enrich
from ..engine.failsafe import log_failure

__all__ = ["RemediationMiddleware", "instrument"]

_LOGGER = logging.getLogger(__name__)
_C = TypeVar("_C")
_INSTALL_LOCK = threading.Lock()


def _final_error(result: object) -> tuple[Any, Any] | None:
    """(httpx response, anthropic client) when `result` is an answer anthropic will raise for, unretried."""
    http: Any = getattr(result, "http_response", None)
    status = getattr(http, "status_code", None)
    if not isinstance(status, int) or not in_scope(status):
        return None  # the fast path: successes and every other status are never touched
    if http.headers.get("x-should-retry") == "true":
        return None  # anthropic retries this response: it is not the one it finally raises for
    client = getattr(result, "_client", None)
    if not callable(getattr(client, "_make_status_error_from_response", None)):
        return None  # no way to build anthropic's own exception: leave it to anthropic
    return http, client


def _token_failure(error: Exception) -> BaseException | None:
    """The enriched copy of a token provider's failure, or None to let it pass as it is. Never raises.

    A failure counts when it was raised while a credential was asked for a token (azure-identity's
    `get_bearer_token_provider`, a provider of your own around a credential), or by anthropic's own check of what
    the provider returned (`_get_azure_ad_token`: an empty token). The copy is an instance of a subclass of exactly
    the exception's class, with its text first (`inference_doctor.identity` makes the same copy).
    """
    if isinstance(error, anthropic.AnthropicError):
        return None
    try:
        tb = error.__traceback__
        frame = credential_frame(tb)
        innermost = tb
        while innermost is not None and innermost.tb_next is not None:
            innermost = innermost.tb_next
        if frame is None and (
            innermost is None or innermost.tb_frame.f_code.co_name != "_get_azure_ad_token"
        ):
            return None
        return credential_failure(error, scope=requested_scope(frame), endpoint=None, logger=_LOGGER)
    except Exception as exc:  # the fail-safe: the provider's own exception wins
        log_failure(_LOGGER, "could not enrich a token provider's %s", type(error).__name__, exc)
        return None


def _enriched(http: Any, client: Any, include_names: bool) -> anthropic.APIStatusError | None:
    """The enriched exception for a read error response, or None to let anthropic raise its own. Never raises."""
    status = http.status_code
    try:
        diagnosis = examine_exchange(
            http, http.content[:BODY_CAP], include_names=include_names, logger=_LOGGER
        )
        if diagnosis is None:
            return None  # an unmatched 400, or the engine failed: anthropic raises its own exception
        error = client._make_status_error_from_response(http)
        if not isinstance(error, anthropic.APIStatusError):
            return None
        return enrich(error, diagnosis)
    except Exception as exc:  # the fail-safe: anthropic's own exception wins
        log_failure(_LOGGER, "could not enrich a %s response", status, exc)
        return None


class RemediationMiddleware(anthropic.Middleware):
    """anthropic middleware: raise the enriched anthropic exception for a diagnosed 400/401/403/404.

    For `AnthropicFoundry` and `AsyncAnthropicFoundry` (and `Anthropic` / `AsyncAnthropic` pointed at a
    Foundry `/anthropic/` URL)::

        AnthropicFoundry(resource="contoso-ai", api_key=key, middleware=[RemediationMiddleware()])

    Put it first in the list, so that it sees the response your own middleware produced. One instance serves
    sync and async clients and any number of threads and tasks: it keeps no per-request state.
    `include_names=True` lets user names and e-mail addresses from token claims into the diagnosis.
    """

    __slots__ = ("include_names",)

    def __init__(self, *, include_names: bool = False) -> None:
        self.include_names = include_names

    def __repr__(self) -> str:
        return f"RemediationMiddleware(include_names={self.include_names})"

    def handle(self, request: anthropic.APIRequest, call_next: Any) -> Any:
        """One attempt of a sync client: pass it on, then enrich a final 400/401/403/404 or a token provider's
        failure (anthropic calls the provider inside the chain, before the request is sent)."""
        try:
            result = call_next(request)
        except Exception as error:
            enriched = _token_failure(error)
            if enriched is None:
                raise  # the connection's, anthropic's own, or an unrecognised exception: as it is
            raise_enriched(enriched, error)
        final = _final_error(result)
        if final is None:
            return result
        http, client = final
        if not http.is_closed:
            http.read()  # what anthropic does before building its exception; its error is anthropic's to raise
        enriched_error = _enriched(http, client, self.include_names)
        if enriched_error is None:
            return result
        raise enriched_error from None

    async def handle_async(self, request: anthropic.APIRequest, call_next: Any) -> Any:
        """One attempt of an async client: the same as `handle`, reading with `aread()`."""
        try:
            result = await call_next(request)
        except Exception as error:
            enriched = _token_failure(error)
            if enriched is None:
                raise
            raise_enriched(enriched, error)
        final = _final_error(result)
        if final is None:
            return result
        http, client = final
        if not http.is_closed:
            await http.aread()
        enriched_error = _enriched(http, client, self.include_names)
        if enriched_error is None:
            return result
        raise enriched_error from None


def instrument(client: _C, *, include_names: bool = False) -> _C:
    """Add the remediation middleware to an existing anthropic client (sync or async) and return the client.

    The middleware goes first, ahead of the client's own; calling it again adds nothing. Copies made afterwards
    with ``client.with_options(...)`` or ``client.with_middleware(...)`` keep it.
    """
    current = getattr(client, "_middleware", None)
    rebuild = getattr(client, "_build_middleware_chain", None)
    if not isinstance(current, tuple) or not callable(rebuild):
        raise TypeError(
            "instrument() expects an anthropic client (AnthropicFoundry, AsyncAnthropicFoundry, Anthropic, "
            f"AsyncAnthropic) from anthropic 0.108 or later, not {type(client).__name__}"
        )
    with _INSTALL_LOCK:
        current = client._middleware  # type: ignore[attr-defined]
        if any(isinstance(entry, RemediationMiddleware) for entry in current):
            return client
        client._middleware = (RemediationMiddleware(include_names=include_names), *current)  # type: ignore[attr-defined]
        client._middleware_chain = rebuild()  # type: ignore[attr-defined]
    return client
