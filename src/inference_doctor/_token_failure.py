"""The enriched exception for a token-acquisition failure, shared by the azure-core policies
(`inference_doctor.azure`) and the token providers (`inference_doctor.identity`). SDK-free.

A credential's exception (azure-identity's ``ClientAuthenticationError`` or ``CredentialUnavailableError``, a
``ValueError`` for a malformed scope, an MSAL error) is re-raised as an instance of a subclass of EXACTLY its
class, made once per class: ``class <Same name>(RemediationError, type(error))``. Whatever caught the credential's
exception still catches this one, and only that: a ``ChainedTokenCredential`` moves on past a
``CredentialUnavailableError`` and stops at anything else, so a wider or narrower class would change where a chain
stops. The subclass presents the original class's ``__module__``, ``__name__`` and ``__qualname__`` (what
tracebacks and telemetry record as the error type), and pickles without being looked up by that name.

The instance is a copy of the original: the same ``args`` and attributes (``message``, ``response``, ...), the same
``__cause__``, ``__context__`` and traceback; ``str(e)`` is the original text first, then the remediation; the
diagnosis is ``e.diagnosis``. Nothing here calls a credential, runs a CLI, probes an endpoint or logs the
credential's message (azure-identity already logs a chain's message at WARNING); a failure inside is logged at
DEBUG (type and place only) and the caller raises the original exception untouched.
"""

from __future__ import annotations

import logging
from types import FrameType, TracebackType
from typing import NoReturn

from .engine import errors
from .engine.diagnosis import Diagnosis
from .engine.errors import RemediationError
from .engine.failsafe import log_failure

__all__ = ["credential_failure", "credential_frame", "enrich", "raise_enriched", "requested_scope"]

_LOGGER = logging.getLogger("inference_doctor")
TOKEN_METHODS = frozenset({"get_token", "get_token_info"})
"""The credential protocol's methods (azure-core's ``TokenCredential`` and ``SupportsTokenInfo``)."""


def enrich(error: BaseException, diagnosis: Diagnosis) -> BaseException:
    """A copy of `error` whose class is the enriched subclass of exactly ``type(error)``, carrying `diagnosis`
    (`engine.errors.enrich` with ``exact=True``: the same copy, naming and pickling as a response's error)."""
    return errors.enrich(error, diagnosis, exact=True)


def raise_enriched(enriched: BaseException, original: BaseException) -> NoReturn:
    """Raise `enriched` in place of `original`, from inside the ``except`` block that caught `original`.

    The traceback continues where `original`'s was going (the caller's own frame is not repeated), and the
    ``__cause__``, ``__context__`` and ``__suppress_context__`` stay `original`'s: a plain ``raise`` inside an
    ``except`` block would make `original` the context ("During handling of the above exception ...").
    """
    tb = original.__traceback__
    enriched.__traceback__ = tb.tb_next if tb is not None else None
    try:
        raise enriched
    except BaseException:
        enriched.__cause__ = original.__cause__
        enriched.__context__ = original.__context__
        enriched.__suppress_context__ = original.__suppress_context__
        raise  # a bare re-raise leaves the context as set here


def credential_failure(
    error: BaseException,
    *,
    scope: str | None,
    endpoint: str | None,
    logger: logging.Logger | None = None,
) -> BaseException | None:
    """The enriched copy of a credential's `error`, or None (nothing diagnosed, or the library failed). Never
    raises."""
    if isinstance(error, RemediationError) or not isinstance(error, Exception):
        return None
    try:
        from . import diagnose_credential_failure

        diagnosis = diagnose_credential_failure(error, scope=scope, endpoint=endpoint)
        if diagnosis is None:
            return None
        return enrich(error, diagnosis)
    except Exception as exc:  # the fail-safe: the credential's own exception wins
        log_failure(logger or _LOGGER, "could not enrich a credential's %s", type(error).__name__, exc)
        return None


def credential_frame(tb: TracebackType | None) -> FrameType | None:
    """The outermost frame of a credential's ``get_token`` / ``get_token_info`` in a traceback, or None when the
    exception was not raised while a credential was asked for a token."""
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name in TOKEN_METHODS and isinstance(frame.f_locals.get("scopes"), tuple):
            return frame
        tb = tb.tb_next
    return None


def requested_scope(frame: FrameType | None) -> str | None:
    """The scope a credential was asked for, read from its ``get_token(*scopes)`` frame (the protocol's own
    parameter: no private attribute is read); several scopes are joined with a space."""
    if frame is None:
        return None
    scopes = frame.f_locals.get("scopes")
    if not isinstance(scopes, tuple) or not scopes or not all(isinstance(s, str) for s in scopes):
        return None
    return " ".join(scopes)
