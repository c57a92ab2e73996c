"""Fixtures for the emulator tests: a sync emulator per module, the catalog ids, and the SDK error checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, get_args

import anthropic
import openai
import pytest
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError

from inference_doctor import SCENARIOS, ScenarioId
from inference_doctor.emulator import Emulator, Reproduction, ServiceError, service_error


@pytest.fixture(scope="module")
def module_emulator() -> Iterator[Emulator]:
    """A running sync emulator shared by a module's tests."""
    with Emulator() as emu:
        yield emu


@pytest.fixture
def emulator(module_emulator: Emulator) -> Emulator:
    """The module's emulator with its request counter at zero."""
    module_emulator.reset_counts()
    return module_emulator


# The ids of the service's responses: the data-plane table reproduces those. Token-acquisition failures (group
# `acquisition`) happen before any request reaches the data plane, so they are not rows of this table.
CATALOG_IDS = frozenset(get_args(ScenarioId)) - {s.id for s in SCENARIOS if s.group == "acquisition"}

AZURE_ERRORS: dict[int, type[Exception]] = {
    400: HttpResponseError,
    401: ClientAuthenticationError,
    403: HttpResponseError,
    404: ResourceNotFoundError,
}
OPENAI_ERRORS: dict[int, type[Exception]] = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    403: openai.PermissionDeniedError,
    404: openai.NotFoundError,
}


ANTHROPIC_ERRORS: dict[int, type[Exception]] = {
    400: anthropic.BadRequestError,
    401: anthropic.AuthenticationError,
    403: anthropic.PermissionDeniedError,
    404: anthropic.NotFoundError,
}
ERRORS = {"azure": AZURE_ERRORS, "openai": OPENAI_ERRORS, "anthropic": ANTHROPIC_ERRORS}


def expected_error(rep: Reproduction) -> type[Exception]:
    """The exact exception class the SDK raises for the row's status."""
    return ERRORS[rep.sdk][rep.status]


def check_error(rep: Reproduction, error: Any) -> ServiceError:
    """Assert the SDK's own exception carries the service's status, code and message."""
    assert type(error) is expected_error(rep), f"{rep.id}: {type(error).__name__}"
    seen = service_error(error)
    assert seen.status == rep.status, rep.id
    assert seen.code == rep.code, f"{rep.id}: code {seen.code!r}"
    assert rep.message in seen.message or rep.message in seen.body, f"{rep.id}: {seen.message!r}"
    assert rep.message in seen.body, f"{rep.id}: body {seen.body!r}"
    return seen


@pytest.fixture
def catalog_ids() -> frozenset[str]:
    """Every scenario id in the catalog."""
    return CATALOG_IDS


@pytest.fixture
def check() -> Callable[[Reproduction, Any], ServiceError]:
    """`check(rep, error)`: the SDK's exception carries the row's status, code and message."""
    return check_error
