"""`RemediationPolicy`: the synchronous azure-core pipeline policy."""

from __future__ import annotations

from typing import Any, TypeVar

from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import HTTPPolicy

from .._intercept import BoundedBody
from ._acquisition import raise_acquisition_failure
from ._base import Read, RemediationPolicyBase, Watch, is_rest

HTTPRequestType = TypeVar("HTTPRequestType")
HTTPResponseType = TypeVar("HTTPResponseType")


class RemediationPolicy(RemediationPolicyBase, HTTPPolicy[HTTPRequestType, HTTPResponseType]):
    """Turns a 401, 403, 404 or catalogued 400 into an exception that names the cause and the fix.

    Add it with ``per_call_policies`` (the front of the pipeline, outside retries and authentication)::

        client = ChatCompletionsClient(endpoint, credential, per_call_policies=[RemediationPolicy()])

    The exception raised is both the azure-core exception the SDK would have raised and a
    `inference_doctor.RemediationError` carrying ``.diagnosis``. Every other response passes through unread.

    Placed with ``per_retry_policies`` instead, it would make azure-core retry a failed GET; it notices, stands
    aside and logs a warning. Put it first in ``per_call_policies``: a policy of yours that can re-send (an
    ``HTTPPolicy`` rotating a key after a 401, say) goes after it, so that the policy sees only what yours finally
    returns. Placed after such a policy, it stands aside too, with a warning naming that policy.

    Give each client its own instance: azure-core links a policy to the next one of the pipeline it is
    placed in, so one instance shared by two clients sends both clients' calls down the last one's pipeline.
    The policy holds no per-request state; one client may be used from many threads or tasks at once.

    :keyword bool remediation_enable: act on errors (default True); override per call with
        ``remediation_enable=False``.
    :keyword bool include_names: keep user names and e-mail addresses from token claims (default False).
    :keyword logger: where the library's own failures are logged at DEBUG.
    :paramtype logger: logging.Logger or None
    """

    def send(
        self, request: PipelineRequest[HTTPRequestType]
    ) -> PipelineResponse[HTTPRequestType, HTTPResponseType]:
        """Send the request on; raise the enriched exception for a diagnosed error response."""
        watch = self.should_act(request)
        try:
            response = self.next.send(request)
        except Exception as failure:  # a credential that could not get a token: enrich it, keep its class
            if watch is not Watch.OFF:
                raise_acquisition_failure(failure, request, self.logger)
            raise
        if watch is Watch.OFF or not self.in_scope(response) or self.stands_aside(watch):
            return response
        plan, body = self._read(request, response)
        diagnosis = self.diagnose(response, body)
        del body  # the policy's copy (at most BODY_CAP) is not kept while the SDK's exception parses the body
        if diagnosis is None:
            return response
        # Raising for it: read the rest as the SDK reads it before raising its own (an error here is the one the
        # SDK's own read meets), so that the exception is built from the whole body.
        self._load(self.load_plan(plan, response), response)
        error = self.enriched(response, diagnosis)
        if error is None:
            return response
        if is_rest(response.http_response):
            response.http_response.close()  # type: ignore[attr-defined]
        raise error

    def _read(
        self, request: PipelineRequest[Any], response: PipelineResponse[Any, Any]
    ) -> tuple[Read, bytes | None]:
        http_response: Any = response.http_response
        try:
            plan = self.read_plan(request, response)
        except Exception as error:
            self.read_failed(response, error)
            return Read.SKIP, None
        # The I/O: an error raised here is the one the SDK's own read of this body raises next, so it goes to
        # the caller as it is (the fail-safe rule: the caller gets what the SDK alone would raise).
        if plan is Read.SKIP:
            return plan, None
        if plan is Read.WHOLE:
            http_response.read()
        elif plan is Read.LEGACY:
            http_response.body()
        elif plan is Read.BOUNDED:
            collected = BoundedBody()
            chunks = http_response.iter_bytes()
            for chunk in chunks:
                if collected.add(chunk):
                    break  # not closed: finish_bounded puts what was read back in front of the rest
            try:
                return plan, self.finish_bounded(response, collected, chunks)
            except Exception as error:
                self.read_failed(response, error)
                return plan, None
        try:
            return plan, self.loaded_body(response)
        except Exception as error:
            self.read_failed(response, error)
            return plan, None

    def _load(self, plan: Read, response: PipelineResponse[Any, Any]) -> None:
        http_response: Any = response.http_response
        if plan is Read.WHOLE:
            http_response.read()
        elif plan is Read.LEGACY:
            http_response.body()
