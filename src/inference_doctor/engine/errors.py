"""The exceptions inference-doctor raises.

The tree, for where to catch::

    Exception
    └── RemediationError                          .diagnosis: the Diagnosis (SDK-free base of everything below)
        ├── inference_doctor.azure
        │   └── RemediationHttpResponseError      + HttpResponseError          (400 catalogued, 403)
        │       ├── RemediationClientAuthenticationError + ClientAuthenticationError (401)
        │       └── RemediationResourceNotFoundError     + ResourceNotFoundError     (404)
        └── inference_doctor.openai
            ├── RemediationBadRequestError        + openai.BadRequestError       (400 catalogued)
            ├── RemediationAuthenticationError    + openai.AuthenticationError   (401)
            ├── RemediationPermissionDeniedError  + openai.PermissionDeniedError (403)
            └── RemediationNotFoundError          + openai.NotFoundError         (404)

Each enriched exception is ALSO the exception the SDK would have raised for the response, so an existing
``except ClientAuthenticationError`` or ``except openai.AuthenticationError`` keeps working. Catch
``RemediationError`` to reach the diagnosis whichever SDK raised it.

An enriched class presents itself under its SDK class's names (``__module__``, ``__qualname__``, ``__name__``):
tracebacks, logs and telemetry (OpenTelemetry's ``error.type``) show ``openai.AuthenticationError`` or
``azure.core.exceptions.ClientAuthenticationError`` exactly as without the library. ``isinstance(e,
RemediationError)`` tells them apart. Instances pickle and copy through `RemediationError.__reduce__`, which rebuilds
the enriched class from the SDK class instead of looking it up by the borrowed name.

Frameworks re-raise the SDK's exception as their own: LangChain's ``OpenAIAuthenticationError`` (``raise ... from
e``), tenacity's ``RetryError`` (the last attempt's exception on ``.last_attempt``), an asyncio ``TaskGroup``'s
``ExceptionGroup`` (the tasks' exceptions on ``.exceptions``). ``except RemediationError`` misses those;
``find_diagnosis`` walks to the enriched exception wherever it sits.
"""

from __future__ import annotations

import _thread
from collections import deque
from collections.abc import Iterator

from .diagnosis import Diagnosis

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    from typing import Any, TypeVar

    _E = TypeVar("_E", bound=BaseException)
    _C = TypeVar("_C", bound=type)


class RemediationError(Exception):
    """Base of every enriched exception; `.diagnosis` holds the `Diagnosis`.

    ``str(e)`` is the SDK's own text first (the service's words), then the remediation.
    """

    diagnosis: Diagnosis

    def __init__(self, *args: Any, diagnosis: Diagnosis, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.diagnosis = diagnosis

    def __str__(self) -> str:
        base = super().__str__()
        text = self.diagnosis.render()
        return f"{base}\n{text}" if base else text

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle (and copy) as the SDK's exception plus the diagnosis, rebuilt without a lookup by class name.

        The SDK's state is what the SDK itself would pickle: its own ``__reduce__`` when it has one, else the
        arguments and the instance dictionary (restored without calling ``__init__``, whose keyword-only
        arguments the default exception pickling cannot pass).
        """
        state = dict(vars(self))
        diagnosis = state.pop("diagnosis", None)
        cls = type(self)
        sdk_class: type[BaseException] | None = cls.__dict__.get("_sdk_class")
        if sdk_class is None:  # a class of its own, not presenting an SDK class: pickled by its own name
            return _restore, (cls, self.args, state, diagnosis)
        exact = bool(cls.__dict__.get("_exact", False))
        if sdk_class.__reduce__ is not BaseException.__reduce__:
            plain = sdk_class.__new__(sdk_class, *self.args)
            plain.args = self.args
            plain.__dict__.update(state)
            return _reenrich, (plain, diagnosis, exact)
        return _restore, (sdk_class, self.args, state, diagnosis, exact)


_CLASSES: dict[type[BaseException], type[RemediationError]] = {}
_EXACT: dict[type[BaseException], type[RemediationError]] = {}
_CLASSES_LOCK = _thread.allocate_lock()  # threading.Lock itself, without importing threading


def _sdk_class_of(cls: type[RemediationError]) -> type[BaseException]:
    return next(
        base
        for base in cls.__mro__
        if issubclass(base, BaseException)
        and not issubclass(base, RemediationError)
        and base is not Exception
    )


def _present_as(cls: type[RemediationError], sdk_class: type[BaseException]) -> None:
    cls._sdk_class = sdk_class  # type: ignore[attr-defined]  # read back from the class's own __dict__
    cls.__module__ = sdk_class.__module__
    cls.__qualname__ = sdk_class.__qualname__
    cls.__name__ = sdk_class.__name__


def adopt(cls: _C) -> _C:
    """Class decorator for a public enriched class: present the SDK class's names, and enrich that SDK class
    (and subclasses without a public class of their own) into it."""
    sdk_class = _sdk_class_of(cls)
    _present_as(cls, sdk_class)
    with _CLASSES_LOCK:
        _CLASSES[sdk_class] = cls
    return cls


def enriched_class(sdk_class: type[BaseException], *, exact: bool = False) -> type[RemediationError]:
    """The enriched class for an SDK exception class, made once and presenting its names: the public one when
    there is one, else a subclass of the nearest public one (or of RemediationError) and of the class (for a
    subclass the SDK raises that has no public counterpart, such as openai's ``OAuthError``).

    `exact`: always ``class <name>(RemediationError, sdk_class)``, nothing between: for a credential's exception,
    whose exact class decides where a ``ChainedTokenCredential`` moves on or stops.
    """
    registry = _EXACT if exact else _CLASSES
    found = registry.get(sdk_class)
    if found is not None:
        return found
    with _CLASSES_LOCK:
        found = registry.get(sdk_class)
        if found is None:
            nearest: type[RemediationError] = RemediationError
            if not exact:
                nearest = next(
                    (_CLASSES[b] for b in sdk_class.__mro__[1:] if b in _CLASSES), RemediationError
                )
            found = type(sdk_class.__name__, (nearest, sdk_class), {"__doc__": sdk_class.__doc__})
            _present_as(found, sdk_class)
            found._exact = exact  # type: ignore[attr-defined]  # read back by __reduce__
            registry[sdk_class] = found
    return found


def enrich(error: _E, diagnosis: Diagnosis, *, exact: bool = False) -> _E:
    """The SDK's own exception `error`, not yet raised, as its enriched class (`enriched_class`, `exact` as
    there): every attribute the SDK set is carried over as it is (the same objects), the chain (cause, context)
    too, and `diagnosis` is added."""
    cls = enriched_class(type(error), exact=exact)
    enriched = cls.__new__(cls, *error.args)  # the class's own __new__ (OSError's sets errno from the args)
    enriched.args = error.args
    enriched.__dict__.update(vars(error))
    enriched.__cause__, enriched.__context__ = error.__cause__, error.__context__
    enriched.__suppress_context__ = error.__suppress_context__
    enriched.diagnosis = diagnosis
    return enriched  # type: ignore[return-value]  # an instance of type(error)'s subclass


def _restore(
    cls: type[BaseException],
    args: tuple[Any, ...],
    state: dict[str, Any],
    diagnosis: Diagnosis,
    exact: bool = False,
) -> RemediationError:
    """Unpickle an enriched exception (see `RemediationError.__reduce__`): `cls` is the SDK class, or a
    `RemediationError` subclass of the caller's own."""
    target = cls if issubclass(cls, RemediationError) else enriched_class(cls, exact=exact)
    error = target.__new__(target, *args)
    error.args = args
    error.__setstate__(state)
    error.diagnosis = diagnosis
    return error


def _reenrich(plain: BaseException, diagnosis: Diagnosis, exact: bool) -> BaseException:
    """Unpickle an enriched exception whose SDK class pickles its own way (`plain` came through its reduction)."""
    return enrich(plain, diagnosis, exact=exact)


MAX_EXCEPTIONS = 1000
"""How many exceptions one search looks at, at most: a chain or a group, however large, costs bounded work."""


def find_diagnosis(error: BaseException | None) -> Diagnosis | None:
    """The diagnosis of the first `RemediationError` in `error`, its chain or its groups, or None.

    Looks at `error` itself, then breadth first, nearest first: each exception's ``__cause__`` and
    ``__context__``, the members of an ``ExceptionGroup`` (also nested, and the ``exceptiongroup`` backport's on
    Python 3.10) and the last attempt of a tenacity ``RetryError``. Each exception is looked at once (chains
    with cycles end), and at most `MAX_EXCEPTIONS` of them. Never raises::

        try:
            llm.invoke("hello")
        except Exception as error:
            diagnosis = inference_doctor.find_diagnosis(error)
            if diagnosis is None:
                raise
            log.error("%s", diagnosis.render())
    """
    if not isinstance(error, BaseException):
        return None
    seen = {id(error)}
    queue: deque[BaseException] = deque([error])
    looked = 0
    while queue and looked < MAX_EXCEPTIONS:
        current = queue.popleft()
        looked += 1
        if isinstance(current, RemediationError):
            diagnosis = getattr(current, "diagnosis", None)
            if isinstance(diagnosis, Diagnosis):
                return diagnosis
        for inner in _wrapped(current):
            if id(inner) not in seen:
                seen.add(id(inner))
                queue.append(inner)
    return None


def _wrapped(error: BaseException) -> Iterator[BaseException]:
    """The exceptions `error` carries, in order; nothing that raises while being read."""
    for name in ("__cause__", "__context__"):
        inner = getattr(error, name, None)
        if isinstance(inner, BaseException):
            yield inner
    yield from _group_members(error)
    last = _last_attempt_exception(error)
    if last is not None:
        yield last


def _group_members(error: BaseException) -> Iterator[BaseException]:
    """An exception group's members (the builtin on 3.11+, the `exceptiongroup` backport: duck-typed)."""
    try:
        members = error.exceptions  # type: ignore[attr-defined]
    except Exception:
        return
    if not isinstance(members, (tuple, list)):
        return
    for member in members[:MAX_EXCEPTIONS]:
        if isinstance(member, BaseException):
            yield member


def _last_attempt_exception(error: BaseException) -> BaseException | None:
    """tenacity's ``RetryError.last_attempt.exception()``, read only from a finished attempt (never waits)."""
    try:
        attempt = error.last_attempt  # type: ignore[attr-defined]
        if attempt is None or not attempt.done():
            return None
        inner = attempt.exception(timeout=0)
    except Exception:  # a cancelled future raises CancelledError; an odd attribute anything
        return None
    return inner if isinstance(inner, BaseException) else None
