"""httpx event hooks that turn the openai SDK's opaque 400/401/403/404 errors into enriched exceptions.

One sans-I/O generator, `_remediate`, makes every decision (the way httpx drives its sync and async auth flows
from one `auth_flow`): it looks at the status, asks for the body at most once by yielding a `_Read`, runs the
engine and raises the enriched exception. The sync and async hooks differ only in how they read.

The hooks work with `httpx` and `httpx2` responses alike: they are duck-typed and import neither (the replay
stream subclasses the byte-stream base of whichever library the response comes from).

Why raising from a hook is right: httpx runs response hooks before the body is read and closes the response when a
hook raises; openai (from 2.31 on) lets an `openai.OpenAIError` raised there pass through unchanged, without a
retry and without wrapping it in `APIConnectionError`. The enriched exceptions are openai status errors, so the
caller sees one request and one exception, exactly where the SDK would have raised its own.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import sys
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from .._intercept import BODY_CAP, BoundedBody, examine, headers_to_dict, in_scope, request_body
from ..engine.errors import RemediationError
from ..engine.failsafe import log_failure
from ._exceptions import ERROR_CLASSES

__all__ = ["async_remediation_hooks", "instrument", "remediation_hooks"]

_LOGGER = logging.getLogger(__name__)

EventHook = Callable[..., Any]
SyncHook = Callable[[Any], None]
AsyncHook = Callable[[Any], Coroutine[Any, Any, None]]
_C = TypeVar("_C")


# --- the sans-I/O core ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Read:
    """What the core asks of its driver: the raw body, streamed up to `limit` bytes."""

    limit: int = BODY_CAP


@dataclass(frozen=True, slots=True)
class _Body:
    """What the driver hands back: the decoded body, cut at the cap; None when it could not be had (then the
    diagnosis goes on without it)."""

    data: bytes | None


_READ = _Read()


def _plan_read(response: Any) -> _Read | None:
    """How to read an in-scope body; None when it must stay unread because it is declared larger than the cap."""
    length = response.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > BODY_CAP:
                return None
        except ValueError:
            pass
    return _READ


def _remediate(response: Any, include_names: bool) -> Generator[_Read, _Body | None, None]:
    """Decide about one response: yield at most one `_Read`, then raise the enriched exception or return.

    The driver answers a `_Read` with None when the body could not be read or decoded: the response is then left
    for httpx and openai to read, and they meet the same error at the same byte.
    """
    status = response.status_code
    if not in_scope(status):
        return
    if response.headers.get("x-should-retry") == "true":
        return  # openai retries this response: raising here would cut its attempts short (invariant 6)
    body: bytes | None = None
    if response.is_stream_consumed:  # another hook already read it
        try:
            body = response.content
        except Exception:
            body = None
    else:
        plan = _plan_read(response)
        if plan is not None:
            got = yield plan
            if got is None:
                return
            body = got.data
    request = response.request
    diagnosis = examine(
        status,
        body=body,
        response_headers=headers_to_dict(response.headers),
        method=str(request.method),
        url=str(request.url),
        request_headers=headers_to_dict(request.headers),
        request_body=request_body(request),
        include_names=include_names,
        logger=_LOGGER,
    )
    if diagnosis is None:
        return  # out of scope, an unmatched 400, or the engine failed: openai raises its own exception
    if body is not None and not response.is_stream_consumed:
        # Kept the way `read()` keeps a body (cut at the cap when longer), so `.text` and openai's message work;
        # httpx closes the response (and the stream under it) when the hook raises.
        response._content = body
        if isinstance(response.stream, _Replay):
            response.stream.forget()  # the chunks it holds are no longer needed: halves the peak for a long body
    message, data = _status_error_args(response, read=body is not None)
    raise ERROR_CLASSES[status](message, response=response, body=data, diagnosis=diagnosis)


class _Capture:
    """Stands in for an openai client so openai's own code computes the exception's message and body."""

    def _make_status_error(self, err_msg: str, *, body: object, response: Any) -> tuple[str, object]:
        return err_msg, body


def _status_error_args(response: Any, *, read: bool) -> tuple[str, object]:
    """The message and `body` openai would give its status error for this response (after `read()`)."""
    if not read:  # what openai itself does for a response closed before it was read
        return f"Error code: {response.status_code}", None
    message, body = _status_error_args_raw(response)
    # openai's clients then hand the "error" member on, when there is one (`OpenAI._make_status_error`).
    data = body.get("error", body) if isinstance(body, Mapping) else body
    return message, data


def _status_error_args_raw(response: Any) -> tuple[str, object]:
    """Message and parsed body, computed by the installed openai's own `_make_status_error_from_response`.

    The text differs between versions (2.x puts the whole body in the message, 3.x only its `message`), so it is
    computed by openai itself rather than copied.
    """
    try:
        from openai._base_client import BaseClient

        build = BaseClient._make_status_error_from_response
    except (ImportError, AttributeError):  # pragma: no cover - a future openai without it
        return _fallback_status_error_args(response)
    return cast("tuple[str, object]", build(cast(Any, _Capture()), response))


def _fallback_status_error_args(response: Any) -> tuple[str, object]:
    """openai 3.x's `_make_status_error_from_response`, for an openai that no longer has it."""
    message = f"Error code: {response.status_code}"
    text = response.text.strip()
    body: object = text
    try:
        body = json.loads(text)
    except ValueError:
        return message, body
    error = body.get("error", body) if isinstance(body, Mapping) else None
    detail = error.get("message") if isinstance(error, Mapping) else None
    if isinstance(detail, str) and detail:
        message += f" - {detail}"
    return message, body


# --- the I/O twins --------------------------------------------------------------------------------------------


# The hooks read the raw stream under the response (not `response.read()`, which marks it consumed) and then put
# a replay in its place: the chunks read, then the rest of the stream, or the error the read met. Whoever reads the
# response next (httpx for a call without stream=True, openai for its own error, the caller's code) gets exactly the
# bytes, or the error, that it would have got had the hook never looked.


def _stream_bases(response: Any) -> tuple[type, type] | None:
    """``SyncByteStream`` and ``AsyncByteStream`` of the library the response comes from (httpx or httpx2).

    Found along the response class's MRO, so a subclass defined elsewhere still leads to its library.
    """
    for cls in type(response).__mro__:
        module = sys.modules.get(cls.__module__.partition(".")[0])
        sync_base, async_base = (
            getattr(module, "SyncByteStream", None),
            getattr(module, "AsyncByteStream", None),
        )
        if isinstance(sync_base, type) and isinstance(async_base, type):
            return sync_base, async_base
    return None


class _Replay:
    """The part of a replay stream that does not depend on httpx or httpx2 (mixed into both)."""

    def __init__(self, chunks: list[bytes], rest: Any, error: BaseException | None, original: Any) -> None:
        self._chunks, self._rest, self._error, self._original = chunks, rest, error, original

    def forget(self) -> None:
        """Drop the chunks read: the response has its content and will not be read from the stream again."""
        self._chunks = []


@functools.cache
def _replay_class(base: type, is_async: bool) -> type:
    """A byte stream of ``base``'s kind that yields the chunks read, then the rest or the error met."""
    if is_async:

        class AsyncReplay(_Replay, base):  # type: ignore[misc]
            async def __aiter__(self) -> AsyncIterator[bytes]:
                for chunk in self._chunks:
                    yield chunk
                if self._error is not None:
                    raise self._error
                async for chunk in self._rest:
                    yield chunk

            async def aclose(self) -> None:
                self.forget()
                await self._original.aclose()

        return AsyncReplay

    class SyncReplay(_Replay, base):  # type: ignore[misc]
        def __iter__(self) -> Iterator[bytes]:
            yield from self._chunks
            if self._error is not None:
                raise self._error
            yield from self._rest

        def close(self) -> None:
            self.forget()
            self._original.close()

    return SyncReplay


def _decoded(response: Any, collected: BoundedBody) -> _Body | None:
    """The body as `read()` would decode it, cut at the cap; None when a whole body fails to decode."""
    if response.headers.get("content-encoding", "").strip().lower() in ("", "identity"):
        return _Body(collected.head())
    try:  # a throwaway response of the same library decodes it with that library's own decoders
        raw = b"".join(collected.chunks)
        data = bytes(type(response)(response.status_code, headers=response.headers, content=raw).read())
    except Exception:
        # httpx's own read meets the same error on the whole body; a prefix may fail only for being cut
        return _Body(None) if collected.full else None
    return _Body(data[: collected.limit])


def _read_sync(response: Any, plan: _Read) -> _Body | None:
    bases = _stream_bases(response)
    if bases is None:
        return _Body(None)  # a library unlike httpx: diagnose without the body
    original = response.stream
    collected = BoundedBody(plan.limit)
    error: Exception | None = None
    rest = iter(original)
    try:
        for chunk in rest:
            if collected.add(chunk):
                break
    except Exception as exc:  # the transport failed: the replay raises it again where httpx will read
        error = exc
    response.stream = _replay_class(bases[0], False)(collected.chunks, rest, error, original)
    return None if error is not None else _decoded(response, collected)


async def _read_async(response: Any, plan: _Read) -> _Body | None:
    bases = _stream_bases(response)
    if bases is None:
        return _Body(None)
    original = response.stream
    collected = BoundedBody(plan.limit)
    error: Exception | None = None
    rest = original.__aiter__()
    try:
        async for chunk in rest:
            if collected.add(chunk):
                break
    except Exception as exc:
        error = exc
    response.stream = _replay_class(bases[1], True)(collected.chunks, rest, error, original)
    return None if error is not None else _decoded(response, collected)


def _failed(response: Any, exc: BaseException) -> None:
    """Log a failure of the hook itself: its type and place only (`log_failure`), never its message or a
    traceback, which can quote the request's credentials."""
    log_failure(
        _LOGGER,
        "could not enrich a %s response; openai raises its own exception",
        getattr(response, "status_code", "?"),
        exc,
    )


def _make_sync_hook(include_names: bool) -> SyncHook:
    def remediation_hook(response: Any) -> None:
        """httpx response hook: raise the enriched openai exception for a diagnosed 400/401/403/404."""
        if not in_scope(response.status_code):
            return  # the fast path: a success is never touched, never read
        flow = _remediate(response, include_names)
        try:
            flow.send(_read_sync(response, next(flow)))
        except StopIteration:
            return
        except RemediationError:
            raise
        except Exception as exc:
            _failed(response, exc)

    return remediation_hook


def _make_async_hook(include_names: bool) -> AsyncHook:
    async def async_remediation_hook(response: Any) -> None:
        """httpx async response hook: raise the enriched openai exception for a diagnosed 400/401/403/404."""
        if not in_scope(response.status_code):
            return
        flow = _remediate(response, include_names)
        try:
            flow.send(await _read_async(response, next(flow)))
        except StopIteration:
            return
        except RemediationError:
            raise
        except Exception as exc:
            _failed(response, exc)

    return async_remediation_hook


# One function object per option, so that installing is idempotent by identity (as openai's lib/azure.py does).
_SYNC_HOOKS: dict[bool, SyncHook] = {False: _make_sync_hook(False), True: _make_sync_hook(True)}
_ASYNC_HOOKS: dict[bool, AsyncHook] = {False: _make_async_hook(False), True: _make_async_hook(True)}
_OURS: tuple[EventHook, ...] = (*_SYNC_HOOKS.values(), *_ASYNC_HOOKS.values())
_INSTALL_LOCK = threading.Lock()


def _is_ours(hook: object) -> bool:
    return any(hook is ours for ours in _OURS)


def _merge(
    event_hooks: Mapping[str, Sequence[EventHook]] | None, hook: EventHook
) -> dict[str, list[EventHook]]:
    merged: dict[str, list[EventHook]] = {name: list(hooks) for name, hooks in (event_hooks or {}).items()}
    responses = merged.setdefault("response", [])
    if not any(_is_ours(existing) for existing in responses):
        responses.append(hook)
    return merged


# --- the public API -------------------------------------------------------------------------------------------


def remediation_hooks(
    event_hooks: Mapping[str, Sequence[EventHook]] | None = None, *, include_names: bool = False
) -> dict[str, list[EventHook]]:
    """Event hooks for an `httpx.Client` (or `httpx2.Client`) used by `OpenAI` / `AzureOpenAI`.

    ``httpx.Client(event_hooks=remediation_hooks())`` gives ``{"response": [hook]}``. To keep hooks you already
    have, pass them in: ``remediation_hooks({"request": [log_request], "response": [log_response]})`` returns a new
    dict with the same lists (copied, in order) and the remediation hook appended last to ``"response"``, so your
    hooks still see every response first. The hook is never added twice.

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
        # anthropic's clients look alike (an httpx client on `_client`), but a hook of ours inside anthropic's
        # loop turns its 401s into retried connection errors: they have their own integration.
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
    it is called, the hook is there once; the user's own hooks are kept, in order, ahead of it. Copies made with
    ``client.with_options(...)`` share the HTTP client and so the hook.
    """
    http = _http_client(client)
    is_async = inspect.iscoroutinefunction(getattr(type(http), "send", None))
    hook: EventHook = _ASYNC_HOOKS[include_names] if is_async else _SYNC_HOOKS[include_names]
    with _INSTALL_LOCK:
        responses = http.event_hooks.setdefault("response", [])
        if not any(_is_ours(existing) for existing in responses):
            responses.append(hook)
    return client
