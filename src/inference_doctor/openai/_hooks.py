"""httpx event hooks and `instrument()`: openai decides which response it raises for, then the library enriches.

What it relies on in openai (2.31 to 3.x, the range CI tests): every status error openai raises for an HTTP
response is built by one method, ``openai._base_client.BaseClient._make_status_error_from_response(response)``,
which the request loop (sync and async alike) calls once, for the response it is about to raise for: after httpx
has run its auth flow (an ``httpx.Auth`` that refreshes a token and re-sends after a 401) and its response hooks,
after openai's own re-sends (workload identity), after its retry decision (``_should_retry``), and after it has
read the body itself (``response.read()``). Nothing else in openai overrides that method.

So the work is split in two:

- the hook only marks the in-scope responses (400, 401, 403, 404) of the HTTP client it is attached to. It reads
  nothing, raises nothing and returns at once, so every other hook, every auth flow and every retry runs exactly as
  without it;
- a wrapper around ``_make_status_error_from_response``, set once on openai's ``BaseClient`` when the hooks are
  first handed out, lets openai build its exception and returns it unchanged, unless the response carries the mark:
  then it diagnoses the response (at most ``BODY_CAP`` bytes of the body openai already read) and returns the same
  exception, with the same attribute objects, as its enriched class. If anything fails there, openai's own
  exception is returned and the failure is logged at DEBUG (type and place only).

Responses of clients without the hook, and of other SDKs built on their own ``BaseClient``, are never touched.
The hooks work with ``httpx`` and ``httpx2`` responses alike (duck-typed: neither library is imported).
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any, TypeVar, cast

from .._intercept import BODY_CAP, IN_SCOPE, examine, headers_to_dict, request_body
from ..engine.errors import enrich
from ..engine.failsafe import log_failure

__all__ = ["async_remediation_hooks", "instrument", "remediation_hooks"]

_LOGGER = logging.getLogger(__name__)

EventHook = Callable[..., Any]
SyncHook = Callable[[Any], None]
AsyncHook = Callable[[Any], Coroutine[Any, Any, None]]
_C = TypeVar("_C")

_MARK = "_inference_doctor_include_names"
"""The attribute a hook sets on an in-scope response: whether names may enter the diagnosis."""


# --- the hooks: mark, nothing else -----------------------------------------------------------------------------


def _mark(response: Any, include_names: bool) -> None:
    try:
        setattr(response, _MARK, include_names)
    except Exception as exc:  # a response type that takes no attributes: it simply is not enriched
        log_failure(_LOGGER, "could not mark a %s response", getattr(response, "status_code", "?"), exc)


def _make_sync_hook(include_names: bool) -> SyncHook:
    def remediation_hook(response: Any) -> None:
        """httpx response hook: mark a 400/401/403/404 so that, should openai raise for it, the error is enriched."""
        if response.status_code in IN_SCOPE:
            _mark(response, include_names)

    return remediation_hook


def _make_async_hook(include_names: bool) -> AsyncHook:
    async def async_remediation_hook(response: Any) -> None:
        """httpx async response hook: the same as the sync one (it awaits nothing)."""
        if response.status_code in IN_SCOPE:
            _mark(response, include_names)

    return async_remediation_hook


# One function object per option, so that installing is idempotent by identity (as openai's lib/azure.py does).
_SYNC_HOOKS: dict[bool, SyncHook] = {False: _make_sync_hook(False), True: _make_sync_hook(True)}
_ASYNC_HOOKS: dict[bool, AsyncHook] = {False: _make_async_hook(False), True: _make_async_hook(True)}
_OURS: tuple[EventHook, ...] = (*_SYNC_HOOKS.values(), *_ASYNC_HOOKS.values())
_INSTALL_LOCK = threading.Lock()


# --- the enrichment, where openai builds its exception ----------------------------------------------------------


def _enriched(error: Any, response: Any, include_names: bool) -> Any:
    """openai's own `error` for `response`, enriched when the engine diagnoses the response; never raises."""
    status = getattr(response, "status_code", None)
    try:
        for_this_response = getattr(error, "response", None) is response
        if status not in IN_SCOPE or not for_this_response:
            return error
        request = response.request
        diagnosis = examine(
            status,
            body=_head(response),
            response_headers=headers_to_dict(response.headers),
            method=str(request.method),
            url=str(request.url),
            request_headers=headers_to_dict(request.headers),
            request_body=request_body(request),
            include_names=include_names,
            logger=_LOGGER,
        )
        return error if diagnosis is None else enrich(error, diagnosis)
    except Exception as exc:  # the fail-safe: openai's own exception wins
        log_failure(_LOGGER, "could not enrich a %s response", status, exc)
        return error


def _head(response: Any) -> bytes | None:
    """At most BODY_CAP bytes of the body openai read; None when openai could not read it either."""
    if response.is_closed and not response.is_stream_consumed:
        return None  # closed before it was read: openai's own error has no body either
    try:
        content = response.content
    except Exception:
        return None
    return bytes(content[:BODY_CAP]) if isinstance(content, (bytes, bytearray, memoryview)) else None


def _enriching(original: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    @functools.wraps(original)
    def _make_status_error_from_response(self: Any, response: Any) -> Any:
        error = original(self, response)
        include_names = getattr(response, _MARK, None)
        if include_names is None:  # not through a remediation hook: openai's exception, untouched
            return error
        return _enriched(error, response, include_names)

    _make_status_error_from_response.__inference_doctor_wraps__ = original  # type: ignore[attr-defined]
    return _make_status_error_from_response


_INSTALLED = threading.Event()


def _install() -> None:
    """Wrap openai's ``BaseClient._make_status_error_from_response`` once (idempotent, thread-safe)."""
    if _INSTALLED.is_set():
        return
    with _INSTALL_LOCK:
        if _INSTALLED.is_set():
            return
        try:
            from openai._base_client import BaseClient

            original = BaseClient.__dict__["_make_status_error_from_response"]
        except (ImportError, KeyError):
            _LOGGER.warning(
                "inference-doctor: this openai release has no BaseClient._make_status_error_from_response; "
                "its errors are left as they are (inference-doctor[openai] supports openai 2.31 to 3.x)"
            )
        else:
            if not hasattr(original, "__inference_doctor_wraps__"):
                cast(Any, BaseClient)._make_status_error_from_response = _enriching(original)
        _INSTALLED.set()


# --- the public API -------------------------------------------------------------------------------------------


def _is_ours(hook: object) -> bool:
    return any(hook is ours for ours in _OURS)


def _merge(
    event_hooks: Mapping[str, Sequence[EventHook]] | None, hook: EventHook
) -> dict[str, list[EventHook]]:
    _install()
    merged: dict[str, list[EventHook]] = {name: list(hooks) for name, hooks in (event_hooks or {}).items()}
    responses = merged.setdefault("response", [])
    if not any(_is_ours(existing) for existing in responses):
        responses.append(hook)
    return merged


def remediation_hooks(
    event_hooks: Mapping[str, Sequence[EventHook]] | None = None, *, include_names: bool = False
) -> dict[str, list[EventHook]]:
    """Event hooks for an `httpx.Client` (or `httpx2.Client`) used by `OpenAI` / `AzureOpenAI`.

    ``httpx.Client(event_hooks=remediation_hooks())`` gives ``{"response": [hook]}``. To keep hooks you already
    have, pass them in: ``remediation_hooks({"request": [log_request], "response": [log_response]})`` returns a new
    dict with the same lists (copied, in order) and the remediation hook appended to ``"response"``. The hook is
    never added twice. Its position does not matter: it only marks the response, so every hook sees every
    response, before and after it.

    `include_names=True` lets user names and e-mail addresses from token claims into the diagnosis.
    """
    return _merge(event_hooks, _SYNC_HOOKS[include_names])


def async_remediation_hooks(
    event_hooks: Mapping[str, Sequence[EventHook]] | None = None, *, include_names: bool = False
) -> dict[str, list[EventHook]]:
    """Event hooks for an `httpx.AsyncClient` (or `httpx2.AsyncClient`) used by `AsyncOpenAI` / `AsyncAzureOpenAI`.

    The same as `remediation_hooks`, with a coroutine-function hook as `httpx.AsyncClient` requires.
    """
    return _merge(event_hooks, _ASYNC_HOOKS[include_names])


def _http_client(client: Any) -> Any:
    if hasattr(client, "event_hooks") and hasattr(client, "send"):
        return client  # an httpx / httpx2 client given directly
    import openai

    if isinstance(client, (openai.OpenAI, openai.AsyncOpenAI)):  # AzureOpenAI and AsyncAzureOpenAI included
        http = getattr(client, "_client", None)  # openai's clients keep theirs here (BaseClient._client)
        if http is not None and hasattr(http, "event_hooks"):
            return http
    kind = type(client)
    if kind.__module__.split(".")[0] == "anthropic":
        # anthropic's clients look alike (an httpx client on `_client`), but the enrichment hangs on openai's
        # BaseClient, not anthropic's: the hook would mark their responses for nothing. They have their own.
        raise TypeError(
            f"instrument() from inference_doctor.openai is for openai clients, not anthropic's {kind.__name__}: "
            "use inference_doctor.anthropic.instrument(client) for AnthropicFoundry and the other anthropic clients"
        )
    raise TypeError(
        f"instrument() expects an openai client (OpenAI, AzureOpenAI, AsyncOpenAI, AsyncAzureOpenAI) or an httpx "
        f"client, not {kind.__module__}.{kind.__qualname__}"
    )


def instrument(client: _C, *, include_names: bool = False) -> _C:
    """Add the remediation hook to an existing openai client's HTTP client and return the client.

    Works for sync and async clients, on `httpx` or `httpx2`, whoever constructed them. Idempotent: however often
    it is called, the hook is there once; the user's own hooks are kept, and hooks added later run as well (the
    remediation hook only marks responses). Copies made with ``client.with_options(...)`` share the HTTP client
    and so the hook.
    """
    http = _http_client(client)
    _install()
    is_async = inspect.iscoroutinefunction(getattr(type(http), "send", None))
    hook: EventHook = _ASYNC_HOOKS[include_names] if is_async else _SYNC_HOOKS[include_names]
    with _INSTALL_LOCK:
        responses = http.event_hooks.setdefault("response", [])
        if not any(_is_ours(existing) for existing in responses):
            responses.append(hook)
    return client
