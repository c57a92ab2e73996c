"""The decisions the sync and async remediation policies share (sans-I/O).

Like azure-core's ``RetryPolicyBase``: everything that decides lives here (whether to act, how much of the body to
read and how, what to hand the engine, which exception to raise); `RemediationPolicy` and
`AsyncRemediationPolicy` only add the I/O (``next.send`` and ``read``, sync or awaited).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from azure.core.exceptions import ResponseNotReadError
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.rest import AsyncHttpResponse as RestAsyncHttpResponse
from azure.core.rest import HttpResponse as RestHttpResponse

from .._intercept import BODY_CAP, BoundedBody, examine, headers_to_dict, in_scope, request_body
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
    """A streamed body whose ``Content-Length`` is within the cap: ``read()``, as the SDK itself would."""
    BOUNDED = "bounded"
    """A streamed body of unknown length: iterate, and stop once past the cap."""
    LEGACY = "legacy"
    """A streamed legacy (``azure.core.pipeline.transport``) response within the cap: ``body()``."""
    SKIP = "skip"
    """Larger than the cap, or encoded in a way only ``read()`` undoes: diagnose without the body."""


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

    def misplaced(self, watch: Watch) -> bool:
        """True (with a warning) when the policy runs inside the retry loop; asked only for an error it would enrich.

        Raising there would make azure-core re-send a GET that the SDK would have failed at once, so the policy
        stands aside.
        """
        if watch is not Watch.MISPLACED:
            return False
        self.logger.warning(
            "inference-doctor: RemediationPolicy runs inside the retry loop and is disabled there; "
            "add it with per_call_policies=[...], not per_retry_policies"
        )
        return True

    @staticmethod
    def in_scope(response: PipelineResponse[Any, Any]) -> bool:
        """True for the statuses worth reading (400, 401, 403, 404); nothing else is ever touched."""
        return in_scope(response.http_response.status_code)

    @staticmethod
    def read_plan(request: PipelineRequest[Any], response: PipelineResponse[Any, Any]) -> Read:
        """Decide how to get the error body without buffering more than the cap."""
        http_response = response.http_response
        headers = http_response.headers
        length = _content_length(headers.get("Content-Length"))
        if is_rest(http_response):
            try:
                http_response.content  # noqa: B018 - raises when the body has not been read yet
            except ResponseNotReadError:
                pass
            else:
                return Read.LOADED
            if length is not None:
                return Read.WHOLE if length <= BODY_CAP else Read.SKIP
            encoding = (headers.get("Content-Encoding") or "identity").strip().lower()
            return Read.BOUNDED if encoding == "identity" and can_replay(http_response) else Read.SKIP
        if not request.context.options.get("stream", False):
            return Read.LOADED  # a legacy transport loads the body of a call without stream=True
        return Read.LEGACY if length is not None and length <= BODY_CAP else Read.SKIP

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

    def diagnose(
        self, response: PipelineResponse[Any, Any], body: bytes | None
    ) -> RemediationHttpResponseError | None:
        """The enriched exception for this response, or None to let the SDK raise its own. Never raises."""
        http_response = response.http_response
        status = http_response.status_code
        try:
            sent = getattr(http_response, "request", None) or response.http_request
            diagnosis = examine(
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
            if diagnosis is None:
                return None
            return enriched_error(http_response, diagnosis)
        except Exception as exc:  # the fail-safe: the SDK's own exception wins
            log_failure(self.logger, "could not enrich a %s response", status, exc)
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
