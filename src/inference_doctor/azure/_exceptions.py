"""The enriched azure-core exceptions the remediation policies raise.

The tree, for where to catch::

    Exception
    └── AzureError                                           (azure.core.exceptions)
        └── HttpResponseError
            ├── ClientAuthenticationError
            └── ResourceNotFoundError

    RemediationError                                         (inference_doctor; .diagnosis)
    └── RemediationHttpResponseError        + HttpResponseError           400 (catalogued), 403
        ├── RemediationClientAuthenticationError + ClientAuthenticationError  401
        └── RemediationResourceNotFoundError     + ResourceNotFoundError      404

Each class is both a ``RemediationError`` and the azure-core class azure-ai-inference raises for that status
(its error map: 401 → ``ClientAuthenticationError``, 404 → ``ResourceNotFoundError``, anything else →
``HttpResponseError``), so existing ``except`` blocks keep working. The SDK's exception is built the way the SDK
builds it (``cls(response=response)``, from a response read to its end) and then enriched, so ``status_code``,
``reason``, ``error`` (the OData code and message), ``response`` and ``message`` are exactly what the SDK's
exception would carry; ``str(e)`` is the SDK's text followed by the remediation.

Each class presents the azure-core class's ``__module__`` and ``__qualname__`` (``azure.core.exceptions.
ClientAuthenticationError``), so tracebacks and azure-core tracing's ``error.type`` read as without the policy.
"""

from __future__ import annotations

from typing import Any

from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError

from ..engine.diagnosis import Diagnosis
from ..engine.errors import RemediationError, adopt, enrich

__all__ = [
    "RemediationClientAuthenticationError",
    "RemediationHttpResponseError",
    "RemediationResourceNotFoundError",
]


@adopt
class RemediationHttpResponseError(RemediationError, HttpResponseError):
    """A catalogued 400 or a 403, with the diagnosis; also an azure-core ``HttpResponseError``."""


@adopt
class RemediationClientAuthenticationError(RemediationHttpResponseError, ClientAuthenticationError):
    """A 401 with the diagnosis; also an azure-core ``ClientAuthenticationError``."""


@adopt
class RemediationResourceNotFoundError(RemediationHttpResponseError, ResourceNotFoundError):
    """A 404 with the diagnosis; also an azure-core ``ResourceNotFoundError``."""


_BY_STATUS: dict[int, type[HttpResponseError]] = {
    401: ClientAuthenticationError,
    404: ResourceNotFoundError,
}


def enriched_error(response: Any, diagnosis: Diagnosis) -> RemediationHttpResponseError:
    """Build the exception the SDK would raise for `response` (read to its end), enriched with `diagnosis`.

    Mirrors azure-ai-inference's ``map_error(status_code, response, error_map)`` followed by
    ``HttpResponseError(response=response)``: the class comes from the status, the message from azure-core's own
    parsing of the body.
    """
    error = _BY_STATUS.get(response.status_code, HttpResponseError)(response=response)
    return enrich(error, diagnosis)  # type: ignore[return-value]  # one of the three classes above
