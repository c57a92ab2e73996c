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

Frameworks re-raise the SDK's exception as their own: LangChain's ``OpenAIAuthenticationError`` (``raise ... from
e``), tenacity's ``RetryError`` (the last attempt's exception on ``.last_attempt``), an asyncio ``TaskGroup``'s
``ExceptionGroup`` (the tasks' exceptions on ``.exceptions``). ``except RemediationError`` misses those;
``find_diagnosis`` walks to the enriched exception wherever it sits.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any

from .diagnosis import Diagnosis


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
