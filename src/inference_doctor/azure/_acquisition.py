"""Token-acquisition failures as they pass out through the remediation policies.

azure-core's ``BearerTokenCredentialPolicy`` asks the credential for a token before it sends a request; when the
credential fails, its exception travels out through every policy in front of the authentication policy, the
remediation policy included (``per_call_policies`` put it in front of everything). `raise_acquisition_failure`
re-raises that exception enriched (`inference_doctor._token_failure`), with the request's URL as the endpoint and
the scope the credential was asked for.

What counts as a token-acquisition failure: an ``AzureError`` (``ClientAuthenticationError``,
``CredentialUnavailableError``, a transport error on the way to a token endpoint) or a ``ValueError`` (a scope the
CLI credentials refuse, MSAL's authority errors), raised while a credential's ``get_token`` / ``get_token_info``
ran. Not one: a failure in the CAE claims-challenge path, which the authentication policy raises ``from`` an
``HttpResponseError`` holding this request's 401 response: that is a response failure, and a response failure
reaches the caller the way it always has.
"""

from __future__ import annotations

import logging
from typing import Any

from azure.core.exceptions import AzureError, HttpResponseError
from azure.core.pipeline import PipelineRequest

from .._token_failure import credential_failure, credential_frame, raise_enriched, requested_scope
from ..engine.failsafe import log_failure

__all__ = ["raise_acquisition_failure"]


def _answered(error: BaseException, request: PipelineRequest[Any]) -> bool:
    """True when `error` comes with this request's own response (the CAE challenge path)."""
    sent = request.http_request
    for candidate in (error, error.__cause__):
        response = getattr(candidate, "response", None)
        if response is None or (candidate is not error and not isinstance(candidate, HttpResponseError)):
            continue
        answered = getattr(response, "request", None)
        if answered is sent or getattr(answered, "url", None) == sent.url:
            return True
    return False


def acquisition_error(
    error: Exception, request: PipelineRequest[Any], logger: logging.Logger
) -> BaseException | None:
    """The enriched copy of a credential's `error`, or None when `error` is not a token-acquisition failure (or
    could not be enriched). Never raises."""
    try:
        if not isinstance(error, (AzureError, ValueError)):
            return None
        frame = credential_frame(error.__traceback__)
        if frame is None or _answered(error, request):
            return None
        scope = requested_scope(frame)
        endpoint = request.http_request.url
    except Exception as exc:  # the fail-safe: the credential's own exception wins
        log_failure(logger, "could not read a credential's %s", type(error).__name__, exc)
        return None
    return credential_failure(error, scope=scope, endpoint=endpoint, logger=logger)


def raise_acquisition_failure(
    error: Exception, request: PipelineRequest[Any], logger: logging.Logger
) -> None:
    """Raise the enriched copy of `error` when it is a credential's failure to get a token; return otherwise
    (the caller then re-raises `error` untouched). Call it from the ``except`` block that caught `error`."""
    enriched = acquisition_error(error, request, logger)
    if enriched is not None:
        raise_enriched(enriched, error)
