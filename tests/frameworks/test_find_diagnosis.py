"""find_diagnosis(): the diagnosis out of exception chains, groups and retry wrappers, in bounded work."""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import inference_doctor
from inference_doctor import Diagnosis, RemediationError, diagnose, find_diagnosis
from inference_doctor.engine.errors import MAX_EXCEPTIONS

URL = "https://contoso-ai.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21"


def _diagnosis(code: str) -> Diagnosis:
    body = f'{{"error":{{"code":"{code}","message":"x"}}}}'
    d = diagnose(404 if code == "DeploymentNotFound" else 403, body=body, url=URL)
    assert d is not None
    return d


NOT_FOUND = _diagnosis("DeploymentNotFound")
KEYS_OFF = _diagnosis("AuthenticationTypeDisabled")


def enriched(diagnosis: Diagnosis = NOT_FOUND) -> RemediationError:
    """An enriched exception as the interceptors raise it (SDK-free base is enough here)."""
    return RemediationError("Error code: 404", diagnosis=diagnosis)


def raised(make: Any) -> BaseException:
    """What `make()` raises, with the chain Python builds while raising it."""
    try:
        make()
    except BaseException as error:
        return error
    raise AssertionError("did not raise")


class FrameworkError(Exception):
    """Stands in for a framework's own exception class."""


class BackportGroup(Exception):
    """Shaped like the `exceptiongroup` backport's ExceptionGroup on Python 3.10: a `.exceptions` tuple."""

    def __init__(self, message: str, exceptions: list[BaseException]) -> None:
        super().__init__(message)
        self.exceptions = tuple(exceptions)


def finished(*, result: object = None, error: BaseException | None = None) -> concurrent.futures.Future[Any]:
    future: concurrent.futures.Future[Any] = concurrent.futures.Future()
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
    return future


class RetryLike(Exception):
    """Shaped like tenacity's RetryError: the last attempt, a finished future, on `.last_attempt`."""

    def __init__(self, last_attempt: Any) -> None:
        super().__init__(last_attempt)
        self.last_attempt = last_attempt


def test_is_public():
    """find_diagnosis is exported next to diagnose."""
    assert "find_diagnosis" in inference_doctor.__all__
    assert inference_doctor.find_diagnosis is find_diagnosis


def test_the_enriched_exception_itself():
    """An enriched exception gives its own diagnosis."""
    assert find_diagnosis(enriched()) is NOT_FOUND


@pytest.mark.parametrize("value", [None, ValueError("plain"), KeyboardInterrupt(), "not an exception", 42])
def test_nothing_to_find(value: Any):
    """None, non-exceptions and exceptions with no enriched exception inside give None."""
    assert find_diagnosis(value) is None


def test_raise_from():
    """A framework's `raise Own(...) from e` (LangChain's way): found on __cause__."""

    def wrap() -> None:
        try:
            raise enriched()
        except RemediationError as e:
            raise FrameworkError("wrapped") from e

    assert find_diagnosis(raised(wrap)) is NOT_FOUND


def test_raised_while_handling():
    """An exception raised inside an `except` block: found on __context__."""

    def wrap() -> None:
        try:
            raise enriched()
        except RemediationError:
            raise FrameworkError("while handling") from None

    error = raised(wrap)
    assert error.__cause__ is None
    assert error.__suppress_context__
    assert find_diagnosis(error) is NOT_FOUND


def test_deep_chain():
    """Several framework layers deep, each wrapping the one below."""
    error: BaseException = enriched()
    for i in range(50):
        outer = FrameworkError(f"layer {i}")
        outer.__cause__ = error
        error = outer
    assert find_diagnosis(error) is NOT_FOUND


def test_cause_before_context():
    """With both, the explicit cause is looked at before the implicit context."""
    error = FrameworkError("both")
    error.__context__ = enriched(KEYS_OFF)
    error.__cause__ = enriched(NOT_FOUND)
    assert find_diagnosis(error) is NOT_FOUND


def test_nearest_first():
    """The enriched exception nearest the one given wins over a deeper one."""
    deep = FrameworkError("deep")
    deep.__cause__ = enriched(KEYS_OFF)
    group = BackportGroup("two tasks", [deep, enriched(NOT_FOUND)])
    assert find_diagnosis(group) is NOT_FOUND


def test_cycle_ends():
    """A chain that loops back on itself ends with None instead of spinning."""
    a, b = FrameworkError("a"), FrameworkError("b")
    a.__cause__, b.__cause__ = b, a
    a.__context__ = a
    assert find_diagnosis(a) is None


def test_cycle_with_the_enriched_exception_in_it():
    """A loop does not hide an enriched exception that sits in it."""
    a, e = FrameworkError("a"), enriched()
    a.__cause__, e.__context__ = e, a
    assert find_diagnosis(a) is NOT_FOUND


def test_bounded_work_on_a_huge_chain():
    """A chain longer than the bound is searched only up to the bound (an enriched exception past it is missed)."""
    error: BaseException = enriched()
    for _ in range(MAX_EXCEPTIONS + 10):
        outer = FrameworkError("layer")
        outer.__cause__ = error
        error = outer
    assert find_diagnosis(error) is None
    near: BaseException = enriched()
    for _ in range(MAX_EXCEPTIONS - 10):
        outer = FrameworkError("layer")
        outer.__cause__ = near
        near = outer
    assert find_diagnosis(near) is NOT_FOUND


def test_bounded_work_on_a_huge_group():
    """A group with more members than the bound costs at most the bound."""
    many = BackportGroup("many", [FrameworkError(str(i)) for i in range(50 * MAX_EXCEPTIONS)] + [enriched()])
    assert find_diagnosis(many) is None


def test_duck_typed_group_as_the_backport_on_python_310():
    """A group shaped like the `exceptiongroup` backport's: members on `.exceptions`, nested too."""
    inner = BackportGroup("inner", [ValueError("other"), enriched()])
    outer = BackportGroup("outer", [FrameworkError("first"), inner])
    assert find_diagnosis(outer) is NOT_FOUND


def test_odd_exceptions_attribute_is_ignored():
    """An `.exceptions` that is not a sequence of exceptions, or that raises when read, is skipped."""

    class Odd(Exception):
        exceptions = "not a tuple"

    class Raising(Exception):
        @property
        def exceptions(self) -> Any:
            raise RuntimeError("boom")

    odd, bad = Odd(), Raising()
    odd.__cause__ = enriched()
    bad.__context__ = enriched(KEYS_OFF)
    assert find_diagnosis(odd) is NOT_FOUND
    assert find_diagnosis(bad) is KEYS_OFF
    assert find_diagnosis(BackportGroup("mixed", ["text", 1, None, enriched()])) is NOT_FOUND  # type: ignore[list-item]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="ExceptionGroup is a builtin from Python 3.11 on")
def test_builtin_exception_group_nested():
    """The builtin ExceptionGroup, nested, as `except*` and TaskGroup raise it."""
    group = ExceptionGroup("outer", [ValueError("x"), ExceptionGroup("inner", [enriched()])])  # noqa: F821
    assert find_diagnosis(group) is NOT_FOUND


def test_exceptiongroup_backport_on_python_310():
    """On Python 3.10 the `exceptiongroup` backport (what anyio and pytest use there) is found too."""
    if sys.version_info >= (3, 11):
        pytest.skip("the backport is for Python 3.10; the builtin is tested above")
    exceptiongroup = pytest.importorskip("exceptiongroup")
    group = exceptiongroup.ExceptionGroup("outer", [exceptiongroup.ExceptionGroup("inner", [enriched()])])
    assert find_diagnosis(group) is NOT_FOUND


def test_retry_wrapper_last_attempt():
    """A tenacity-shaped RetryError with no chain: the last attempt's exception is found."""
    assert find_diagnosis(RetryLike(finished(error=enriched()))) is NOT_FOUND


def test_retry_wrapper_never_waits():
    """A last attempt that has not finished, was cancelled, succeeded or is not a future gives None at once."""
    pending: concurrent.futures.Future[Any] = concurrent.futures.Future()
    cancelled: concurrent.futures.Future[Any] = concurrent.futures.Future()
    cancelled.cancel()
    for attempt in (pending, cancelled, finished(result=3), "text", None):
        assert find_diagnosis(RetryLike(attempt)) is None


@pytest.mark.skipif(sys.version_info < (3, 11), reason="asyncio.TaskGroup is new in Python 3.11")
async def test_asyncio_taskgroup():
    """A TaskGroup whose task raised an enriched exception: found inside the ExceptionGroup it raises."""

    async def fails() -> None:
        raise enriched()

    async def other() -> None:
        raise ValueError("unrelated")

    async def both() -> None:
        async with asyncio.TaskGroup() as tg:  # type: ignore[attr-defined,unused-ignore]
            tg.create_task(other())
            tg.create_task(fails())

    with pytest.raises(BaseException) as info:
        await both()
    assert find_diagnosis(info.value) is NOT_FOUND


def _holds_enriched(error: BaseException) -> bool:
    if isinstance(error, RemediationError):
        return True
    return any(_holds_enriched(e) for e in getattr(error, "exceptions", ()))


@given(
    st.recursive(
        st.sampled_from([ValueError("v"), KeyError("k"), enriched()]),
        lambda children: st.lists(children, min_size=1, max_size=4).map(lambda xs: BackportGroup("g", xs)),
        max_leaves=20,
    )
)
def test_any_tree_of_groups(error: BaseException):
    """Any tree of groups: the diagnosis exactly when an enriched exception is in it, else None; never raises."""
    assert find_diagnosis(error) is (NOT_FOUND if _holds_enriched(error) else None)
