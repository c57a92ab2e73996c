"""The decisions the sync and async remediation policies share (sans-I/O).

Like azure-core's ``RetryPolicyBase``: everything that decides lives here (whether to act, how much of the body to
read and how, what to hand the engine, which exception to raise); `RemediationPolicy` and
`AsyncRemediationPolicy` only add the I/O (``next.send`` and ``read``, sync or awaited).

The order of one call: send on; leave anything out of scope, or a response some policy before this one could still
re-send after (it stands aside, with a warning), as it is; read what the diagnosis needs (at most ``BODY_CAP``
bytes held by the policy); diagnose; then, only when raising, read the body to its end the way the SDK reads it
before raising its own exception, and build that exception from the read response: its attributes are the SDK's,
whatever the body's size or encoding.
"""

from __future__ import annotations

import enum
import logging
import sys
from collections.abc import AsyncIterator, Iterator
from types import FrameType
from typing import Any

from azure.core.exceptions import ResponseNotReadError
from azure.core.pipeline import AsyncPipeline, Pipeline, PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import AsyncHTTPPolicy, HTTPPolicy, SansIOHTTPPolicy
from azure.core.rest import AsyncHttpResponse as RestAsyncHttpResponse
from azure.core.rest import HttpResponse as RestHttpResponse

from .._intercept import BODY_CAP, BoundedBody, examine, headers_to_dict, in_scope, request_body
from ..engine.diagnosis import Diagnosis
from ..engine.failsafe import log_failure
from ._exceptions import RemediationHttpResponseError, enriched_error

_LOGGER = logging.getLogger("inference_doctor.azure")  # one documented name for both twins

ENABLE_OPTION = "remediation_enable"
"""The per-call switch: ``client.complete(..., remediation_enable=False)`` leaves that call's errors as they are."""


class Watch(enum.Enum):
    """What the policy does for one call, decided before the request is sent."""

    OFF = "off"
    """Turned off (constructor or ``remediation_enable=False`` on the call)."""
    ON = "on"
    MISPLACED = "misplaced"
    """Inside the retry loop: stand aside, and warn when an error would have been enriched."""


class Read(enum.Enum):
    """How to get at an error body, decided before any byte is read."""

    LOADED = "loaded"
    """The transport already read it (a call without ``stream=True``): no I/O."""
    WHOLE = "whole"
    """``read()``, as the SDK itself does before raising: a 401, 403 or 404 (always diagnosed, so always raised
    for, whatever its size or encoding), or a 400 whose ``Content-Length`` is within the cap."""
    BOUNDED = "bounded"
    """A streamed 400 of unknown length: iterate, and stop once past the cap (only a match makes it raised for)."""
    LEGACY = "legacy"
    """A streamed legacy (``azure.core.pipeline.transport``) response, as for WHOLE: ``body()``."""
    SKIP = "skip"
    """A 400 larger than the cap, or encoded with no length: diagnose without the body (read whole only if a
    scenario still matches)."""


class RemediationPolicyBase:
    """Shared options and decisions of `RemediationPolicy` and `AsyncRemediationPolicy`.

    :keyword bool remediation_enable: act on errors (default True); a call can override it with the
        ``remediation_enable`` keyword, which the policy removes from the options before the transport sees it.
    :keyword bool include_names: keep user names and e-mail addresses from token claims in the diagnosis
        (default False: only object ids, tenant ids and app ids).
    :keyword logger: where to log the library's own failures (DEBUG); default the ``inference_doctor.azure``
        logger.
    :paramtype logger: logging.Logger or None
    """

    def __init__(
        self,
        *,
        remediation_enable: bool = True,
        include_names: bool = False,
        logger: logging.Logger | None = None,
        **kwargs: Any,  # ignored, so a client can build the policy from its shared kwargs
    ) -> None:
        self.remediation_enable = remediation_enable
        self.include_names = include_names
        self.logger = logger if logger is not None else _LOGGER

    def should_act(self, request: PipelineRequest[Any]) -> Watch:
        """Before sending: pop the per-call switch (always, so the transport never gets it) and note the placement.

        The placement is read now, before the request goes on: RetryPolicy marks the context (``retry_count``)
        before it calls the policies after it, so a mark already present means ``per_retry_policies``.
        """
        if not request.context.options.pop(ENABLE_OPTION, self.remediation_enable):
            return Watch.OFF
        return Watch.MISPLACED if "retry_count" in request.context else Watch.ON

    def stands_aside(self, watch: Watch) -> bool:
        """True (with a warning) when a policy before this one could still act on the response; asked only for a
        response in scope, before anything is read.

        Inside the retry loop, raising would make azure-core re-send a GET that the SDK would have failed at once.
        After a policy of the caller's own (an ``HTTPPolicy`` placed before this one, such as one that rotates a
        key on a 401 and re-sends), raising would take away that policy's chance to re-send. In both cases the
        call goes on exactly as without this policy.
        """
        if watch is Watch.MISPLACED:
            self.logger.warning(
                "inference-doctor: RemediationPolicy runs inside the retry loop and is disabled there; "
                "add it with per_call_policies=[...], not per_retry_policies"
            )
            return True
        try:
            before = policy_before(self)
        except (
            Exception
        ) as exc:  # a runtime whose frames cannot be read: act as the policy did before the check
            log_failure(self.logger, "could not check what runs before the policy (%s)", "placement", exc)
            return False
        if before is None:
            return False
        self.logger.warning(
            "inference-doctor: RemediationPolicy runs after %s, which may re-send this request, and stands aside; "
            "put it first: per_call_policies=[RemediationPolicy(), ...]",
            before,
        )
        return True

    @staticmethod
    def in_scope(response: PipelineResponse[Any, Any]) -> bool:
        """True for the statuses worth reading (400, 401, 403, 404); nothing else is ever touched."""
        return in_scope(response.http_response.status_code)

    @staticmethod
    def read_plan(request: PipelineRequest[Any], response: PipelineResponse[Any, Any]) -> Read:
        """Decide how to get the error body: whole when the response will be raised for anyway, else (a 400,
        which only a catalogued body makes this policy raise for) without buffering more than the cap."""
        http_response = response.http_response
        headers = http_response.headers
        length = _content_length(headers.get("Content-Length"))
        always = (
            http_response.status_code != 400
        )  # a 401/403/404 always has a diagnosis (unclassified at worst)
        if is_rest(http_response):
            if is_loaded(http_response):
                return Read.LOADED
            if always:
                return Read.WHOLE
            if length is not None:
                return Read.WHOLE if length <= BODY_CAP else Read.SKIP
            encoding = (headers.get("Content-Encoding") or "identity").strip().lower()
            return Read.BOUNDED if encoding == "identity" and can_replay(http_response) else Read.SKIP
        if not request.context.options.get("stream", False):
            return Read.LOADED  # a legacy transport loads the body of a call without stream=True
        return Read.LEGACY if always or (length is not None and length <= BODY_CAP) else Read.SKIP

    @staticmethod
    def load_plan(plan: Read, response: PipelineResponse[Any, Any]) -> Read:
        """Before raising: how to read the rest of a body the diagnosis read only in part (or not at all), so the
        SDK's exception is built from the whole body as the SDK builds it. LOADED when nothing is left to read."""
        http_response = response.http_response
        if is_rest(http_response):
            return Read.LOADED if is_loaded(http_response) else Read.WHOLE
        return Read.LEGACY if plan is Read.SKIP else Read.LOADED

    @staticmethod
    def loaded_body(response: PipelineResponse[Any, Any]) -> bytes:
        """The body the transport already holds, cut at the cap."""
        http_response = response.http_response
        body = http_response.content if is_rest(http_response) else http_response.body()
        return bytes(body[:BODY_CAP])

    @staticmethod
    def finish_bounded(response: PipelineResponse[Any, Any], collected: BoundedBody, rest: Any) -> bytes:
        """Join what a bounded read collected and leave the response readable from its first byte again.

        A body that ended within the cap is kept on the response, as ``read()`` would keep it, so the SDK's own
        exception and ``e.response.text()`` show it. A body past the cap is not buffered: the chunks read are put
        back in front of ``rest`` (the suspended ``iter_bytes()``), so whoever reads the response next (the SDK
        raising its own error for a body the engine could not match) gets the whole body, streamed.
        """
        http_response = response.http_response
        if collected.full:
            http_response._stream_download_generator = replay(collected.chunks, rest)
            http_response._is_stream_consumed = False  # the stream resumes where the bounded read stopped
            return collected.head()
        body = b"".join(collected.chunks)
        http_response._content = body  # what read() itself sets; no public setter exists
        return body

    def diagnose(self, response: PipelineResponse[Any, Any], body: bytes | None) -> Diagnosis | None:
        """The diagnosis of this response, or None to let the SDK raise its own. Never raises."""
        http_response = response.http_response
        status = http_response.status_code
        try:
            sent = getattr(http_response, "request", None) or response.http_request
            return examine(
                status,
                body=body,
                response_headers=headers_to_dict(http_response.headers),
                method=sent.method,
                url=sent.url,
                request_headers=headers_to_dict(sent.headers),  # as sent: the auth policy ran further down
                request_body=request_body(sent),
                include_names=self.include_names,
                logger=self.logger,
            )
        except Exception as exc:  # the fail-safe: the SDK's own exception wins
            log_failure(self.logger, "could not enrich a %s response", status, exc)
            return None

    def enriched(
        self, response: PipelineResponse[Any, Any], diagnosis: Diagnosis
    ) -> RemediationHttpResponseError | None:
        """The SDK's exception for this (read) response, enriched; None to let the SDK raise its own. Never raises."""
        try:
            return enriched_error(response.http_response, diagnosis)
        except Exception as exc:  # the fail-safe: the SDK's own exception wins
            log_failure(
                self.logger, "could not enrich a %s response", response.http_response.status_code, exc
            )
            return None

    def read_failed(self, response: PipelineResponse[Any, Any], error: Exception) -> None:
        """Log the library's own failure around a body read (planning it, joining it); the body is then left out."""
        log_failure(self.logger, "could not read a %s body", response.http_response.status_code, error)


def replay(chunks: list[bytes], rest: Any) -> Any:
    """A stand-in for a response's download generator: the chunks read, then the rest of the stream.

    ``rest`` is the suspended ``iter_bytes()`` (a generator or an async generator); the stand-in takes the
    keywords azure-core passes (``response``, ``pipeline``, ``decompress``) and ignores them: a bounded read
    happens only for an identity-encoded body, so raw and decoded bytes are the same.
    """
    if hasattr(rest, "__anext__"):

        async def replay_async(*args: Any, **kwargs: Any) -> AsyncIterator[bytes]:
            for chunk in chunks:
                yield chunk
            async for chunk in rest:
                yield chunk

        return replay_async

    def replay_sync(*args: Any, **kwargs: Any) -> Iterator[bytes]:
        yield from chunks
        yield from rest

    return replay_sync


_RUNNERS: tuple[type, ...] = ()
try:  # the wrappers azure-core puts around a SansIOHTTPPolicy: they never re-send
    from azure.core.pipeline._base import _SansIOHTTPPolicyRunner
    from azure.core.pipeline._base_async import _SansIOAsyncHTTPPolicyRunner

    _RUNNERS = (_SansIOHTTPPolicyRunner, _SansIOAsyncHTTPPolicyRunner)
except ImportError:  # pragma: no cover - a future azure-core: recognised by the policy they wrap instead
    pass

_MAX_FRAMES = 64


def policy_before(policy: object) -> str | None:
    """The class name of a policy that runs before `policy` in its pipeline and could re-send the request after
    seeing the response (an ``HTTPPolicy``: it calls ``next.send`` itself); None when there is none.

    Found on the call stack, from the caller of `policy.send` up to the pipeline's ``run``: azure-core links a
    policy only to the next one, so the stack is the one place that shows what comes before. The frames of the
    wrappers azure-core puts around a ``SansIOHTTPPolicy`` are skipped (those policies cannot re-send); anything
    else is passed over. Called only for a response the policy would act on, never on a success.
    """
    for frame in _callers(sys._getframe(1)):
        owner = frame.f_locals.get("self")
        if owner is None or owner is policy:
            continue
        if isinstance(owner, (Pipeline, AsyncPipeline)):
            return None  # reached the start of the pipeline
        if not isinstance(owner, (HTTPPolicy, AsyncHTTPPolicy)):
            continue
        if isinstance(owner, _RUNNERS) or isinstance(getattr(owner, "_policy", None), SansIOHTTPPolicy):
            continue
        return type(owner).__name__
    return None


def _callers(frame: FrameType) -> Iterator[FrameType]:
    caller = frame.f_back
    for _ in range(_MAX_FRAMES):
        if caller is None:
            return
        yield caller
        caller = caller.f_back


def is_loaded(http_response: Any) -> bool:
    """True when an ``azure.core.rest`` response holds its whole body."""
    try:
        http_response.content  # noqa: B018 - raises when the body has not been read yet
    except ResponseNotReadError:
        return False
    return True


def can_replay(http_response: object) -> bool:
    """True when a partly read body can be put back (the private attributes azure-core 1.31 to 1.41 have)."""
    return hasattr(http_response, "_stream_download_generator") and hasattr(
        http_response, "_is_stream_consumed"
    )


def is_rest(http_response: object) -> bool:
    """True for an ``azure.core.rest`` response (``read``/``iter_bytes``); False for a legacy transport one."""
    return isinstance(http_response, (RestHttpResponse, RestAsyncHttpResponse))


def _content_length(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        length = int(value.strip())
    except ValueError:
        return None
    return length if length >= 0 else None
