"""The enriched exceptions the anthropic middleware raises.

Where to catch, with the anthropic classes they extend::

    anthropic.AnthropicError
    └── anthropic.APIError
        └── anthropic.APIStatusError
            ├── anthropic.BadRequestError
            │   └── RemediationBadRequestError        400, a catalogued scenario only
            ├── anthropic.AuthenticationError
            │   └── RemediationAuthenticationError    401
            ├── anthropic.PermissionDeniedError
            │   └── RemediationPermissionDeniedError  403
            └── anthropic.NotFoundError
                └── RemediationNotFoundError          404

    inference_doctor.RemediationError                 .diagnosis, on all of them

anthropic picks its exception class from the status and, in recent releases, from the body's
`error.details.error_code` as well (`anthropic.ThreadNotFoundError` is a 404 with its own code). The enriched
exception is always a subclass of exactly the class anthropic picked: the four above for the plain statuses
(Foundry's bodies carry no such code), and one made the same way for any other class (`enriched_class`).

Each is built from the exception anthropic itself made for the response: the same `args`, and every attribute
(`message`, `status_code`, `body`, which is the whole JSON body, `request_id`, `response`, `request`, `type`,
`error_code`, ...) copied as anthropic set it. ``str(e)`` is anthropic's text first, then the remediation. Each
class presents anthropic's ``__module__`` and ``__qualname__`` (``anthropic.AuthenticationError``), so tracebacks
and OpenTelemetry's ``error.type`` read as without the middleware, and pickles and copies through
`inference_doctor.RemediationError`'s ``__reduce__`` (the class is made again from anthropic's, never looked up by
the borrowed name): the same mechanism as the openai and azure integrations (`inference_doctor.engine.errors`).
"""

from __future__ import annotations

from typing import TypeVar

import anthropic

from ..engine.errors import RemediationError, adopt
from ..engine.errors import enriched_class as _enriched_class

__all__ = [
    "RemediationAuthenticationError",
    "RemediationBadRequestError",
    "RemediationNotFoundError",
    "RemediationPermissionDeniedError",
    "enriched_class",
]

_E = TypeVar("_E", bound=anthropic.APIStatusError)


@adopt
class RemediationBadRequestError(RemediationError, anthropic.BadRequestError):
    """A 400 that matched a catalogued scenario (tenant mismatch, custom subdomain, ...)."""


@adopt
class RemediationAuthenticationError(RemediationError, anthropic.AuthenticationError):
    """A 401: the key or token was missing, wrong, expired, or sent in a header this route does not read."""


@adopt
class RemediationPermissionDeniedError(RemediationError, anthropic.PermissionDeniedError):
    """A 403: network rules, key authentication disabled, or a missing role."""


@adopt
class RemediationNotFoundError(RemediationError, anthropic.NotFoundError):
    """A 404: the base URL, the route or the deployment name is wrong."""


def enriched_class(base: type[_E]) -> type[_E]:
    """The enriched class for an anthropic status-error class: a subclass of `base` and of `RemediationError`.

    The four classes above for anthropic's plain 400/401/403/404 classes; for any other class (one anthropic picks
    by error code), one made once and then reused, so `type(e)` is stable and `except` on it works across calls.
    """
    return _enriched_class(base)  # type: ignore[return-value]  # a subclass of base
