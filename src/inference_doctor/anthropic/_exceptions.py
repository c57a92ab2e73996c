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
`error_code`, ...) copied as anthropic set it. ``str(e)`` is anthropic's text first, then the remediation.
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar, TypeVar

import anthropic

from ..engine.diagnosis import Diagnosis
from ..engine.errors import RemediationError

__all__ = [
    "RemediationAuthenticationError",
    "RemediationBadRequestError",
    "RemediationNotFoundError",
    "RemediationPermissionDeniedError",
    "enrich",
    "enriched_class",
]

_E = TypeVar("_E", bound=anthropic.APIStatusError)


def _rebuild(base: type[anthropic.APIStatusError], args: tuple[Any, ...]) -> RemediationError:
    """Unpickle an enriched exception: the enriched class of `base`, made again, holding `args`."""
    cls: type[Any] = enriched_class(base)
    error: RemediationError = cls.__new__(cls, *args)
    return error


class _Enriched(RemediationError):
    """What every enriched anthropic exception adds: pickling and copying that find the class again.

    anthropic's own `__reduce__` names the class; an enriched class made on demand is found again from the
    anthropic class it extends, so a copy or an unpickled exception is the same enriched class.
    """

    sdk_class: ClassVar[type[anthropic.APIStatusError]]
    """The anthropic class this one extends (the exception anthropic would have raised)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.sdk_class = next(b for b in cls.__bases__ if issubclass(b, anthropic.APIStatusError))

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (self.sdk_class, self.args), self.__dict__


class RemediationBadRequestError(_Enriched, anthropic.BadRequestError):
    """A 400 that matched a catalogued scenario (tenant mismatch, custom subdomain, ...)."""


class RemediationAuthenticationError(_Enriched, anthropic.AuthenticationError):
    """A 401: the key or token was missing, wrong, expired, or sent in a header this route does not read."""


class RemediationPermissionDeniedError(_Enriched, anthropic.PermissionDeniedError):
    """A 403: network rules, key authentication disabled, or a missing role."""


class RemediationNotFoundError(_Enriched, anthropic.NotFoundError):
    """A 404: the base URL, the route or the deployment name is wrong."""


_CLASSES: dict[type[anthropic.APIStatusError], type[Any]] = {
    anthropic.BadRequestError: RemediationBadRequestError,
    anthropic.AuthenticationError: RemediationAuthenticationError,
    anthropic.PermissionDeniedError: RemediationPermissionDeniedError,
    anthropic.NotFoundError: RemediationNotFoundError,
}
_ENRICHED: set[type[Any]] = set(_CLASSES.values())
_LOCK = threading.Lock()


def enriched_class(base: type[_E]) -> type[_E]:
    """The enriched class for an anthropic status-error class: a subclass of `base` and of `RemediationError`.

    The four classes above for anthropic's plain 400/401/403/404 classes; for any other class, one made once and
    then reused (so `type(e)` is stable and `except` on it works across calls).
    """
    cls = _CLASSES.get(base)
    if cls is None:
        with _LOCK:
            cls = _CLASSES.get(base)
            if cls is None:
                cls = type(
                    f"Remediation{base.__name__}",
                    (_Enriched, base),
                    {
                        "__module__": __name__.rpartition(".")[0],
                        "__doc__": f"{base.__name__}, with a diagnosis.",
                    },
                )
                _CLASSES[base] = cls
                _ENRICHED.add(cls)
    return cls


def enrich(error: _E, diagnosis: Diagnosis) -> _E:
    """The same exception as `error` (what anthropic built for the response), as its enriched class.

    Nothing is rebuilt or parsed again: the new exception holds `error`'s `args` and a copy of its attributes.
    """
    cls = enriched_class(type(error))
    enriched = cls.__new__(cls, *error.args)
    enriched.__dict__.update(error.__dict__)
    enriched.__dict__["diagnosis"] = diagnosis
    return enriched


for _cls in _ENRICHED:
    _cls.__module__ = "inference_doctor.anthropic"  # tracebacks show the public path
