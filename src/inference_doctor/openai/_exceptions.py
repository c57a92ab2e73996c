"""The enriched exceptions the openai hooks raise.

Where to catch, with the openai classes they extend::

    openai.OpenAIError
    └── openai.APIError
        └── openai.APIStatusError
            ├── openai.BadRequestError
            │   └── RemediationBadRequestError        400, a catalogued scenario only
            ├── openai.AuthenticationError
            │   └── RemediationAuthenticationError    401
            ├── openai.PermissionDeniedError
            │   └── RemediationPermissionDeniedError  403
            └── openai.NotFoundError
                └── RemediationNotFoundError          404

    inference_doctor.RemediationError                 .diagnosis, on all four

Each class is both the openai exception that the SDK raised for the response, with the same `message`,
`status_code`, `body`, `code`, `type`, `param`, `response` and `request_id` (the very objects openai set), and a
`RemediationError`. Existing `except openai.AuthenticationError` blocks keep working; `except RemediationError`
reaches the diagnosis. ``str(e)`` is openai's own text first, then the remediation. Each class presents openai's
``__module__`` and ``__qualname__`` (``openai.AuthenticationError``), so tracebacks and OpenTelemetry's
``error.type`` read as without the hook. Should openai raise a subclass of these for a status in scope, the
enriched class is made for that subclass (and still derives from the class below).
"""

from __future__ import annotations

import openai

from ..engine.errors import RemediationError, adopt

__all__ = [
    "RemediationAuthenticationError",
    "RemediationBadRequestError",
    "RemediationNotFoundError",
    "RemediationPermissionDeniedError",
]


@adopt
class RemediationBadRequestError(RemediationError, openai.BadRequestError):
    """A 400 that matched a catalogued scenario (tenant mismatch, custom subdomain, no model name, ...)."""


@adopt
class RemediationAuthenticationError(RemediationError, openai.AuthenticationError):
    """A 401: the key or token was missing, wrong, expired, or sent in the wrong header."""


@adopt
class RemediationPermissionDeniedError(RemediationError, openai.PermissionDeniedError):
    """A 403: network rules, key authentication disabled, or a missing role."""


@adopt
class RemediationNotFoundError(RemediationError, openai.NotFoundError):
    """A 404: the endpoint, path, api-version or deployment name is wrong."""
