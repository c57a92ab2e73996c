"""The enriched anthropic exceptions: anthropic's exact class underneath, its attributes as anthropic set them,
its text first, and a class made once for any class anthropic picks by error code."""

from __future__ import annotations

import copy
from typing import Any

import anthropic
import pytest

from inference_doctor import RemediationError, diagnose
from inference_doctor.anthropic import (
    RemediationAuthenticationError,
    RemediationBadRequestError,
    RemediationNotFoundError,
    RemediationPermissionDeniedError,
    enriched_class,
)
from inference_doctor.engine.errors import enrich


class ThreadGoneError(anthropic.NotFoundError):
    """Stands for a class anthropic picks by (status, error code), such as 2.x's ThreadNotFoundError."""


def _sdk_error(kit: Any, cls: type[anthropic.APIStatusError], status: int, payload: Any) -> Any:
    response = kit.HTTP.Response(
        status,
        json=payload,
        headers={"apim-request-id": "apim-0001"},
        request=kit.HTTP.Request("POST", kit.BASE + "v1/messages"),
    )
    return cls(f"Error code: {status} - {payload}", response=response, body=payload)


def _diagnosis(status: int) -> Any:
    """A diagnosis to attach (a 400 with an empty body has none of its own: the 404's stands in)."""
    found = diagnose(status if status != 400 else 404, body="{}", url=BASE_URL)
    assert found is not None
    return found


BASE_URL = "https://contoso.services.ai.azure.com/anthropic/v1/messages"


@pytest.mark.parametrize(
    ("sdk_class", "ours", "status"),
    [
        (anthropic.BadRequestError, RemediationBadRequestError, 400),
        (anthropic.AuthenticationError, RemediationAuthenticationError, 401),
        (anthropic.PermissionDeniedError, RemediationPermissionDeniedError, 403),
        (anthropic.NotFoundError, RemediationNotFoundError, 404),
    ],
)
def test_each_status_class_has_its_public_enriched_class(
    kit: Any, sdk_class: type[anthropic.APIStatusError], ours: type[Any], status: int
) -> None:
    """enrich() turns anthropic's own exception into the public class: both classes, the same attributes."""
    original = _sdk_error(kit, sdk_class, status, kit.DEPLOYMENT_NOT_FOUND)
    enriched = enrich(original, _diagnosis(status))
    assert type(enriched) is ours is enriched_class(sdk_class)
    assert isinstance(enriched, sdk_class)
    assert isinstance(enriched, RemediationError)
    assert enriched.args == original.args
    for name, value in vars(original).items():
        assert getattr(enriched, name) is value, name
    assert str(enriched).startswith(str(original) + "\n")


def test_a_class_picked_by_error_code_gets_its_own_enriched_class(kit: Any) -> None:
    """For a subclass anthropic picks by error code, the enriched class derives from exactly it, made once."""
    enriched = enrich(_sdk_error(kit, ThreadGoneError, 404, kit.DEPLOYMENT_NOT_FOUND), _diagnosis(404))
    assert type(enriched).__mro__[1:].count(ThreadGoneError) == 1
    assert isinstance(enriched, ThreadGoneError)
    assert isinstance(enriched, RemediationError)
    assert enriched_class(ThreadGoneError) is type(enriched) is enriched_class(ThreadGoneError)


def test_copy_keeps_class_attributes_and_diagnosis(kit: Any) -> None:
    """copy.copy of an enriched exception is the same enriched class, with the same attributes and diagnosis."""
    enriched = enrich(_sdk_error(kit, anthropic.AuthenticationError, 401, kit.KEY_INVALID), _diagnosis(401))
    copied = copy.copy(enriched)
    assert type(copied) is type(enriched)
    assert copied.diagnosis is enriched.diagnosis
    assert (copied.status_code, copied.body, copied.message, copied.args) == (
        enriched.status_code,
        enriched.body,
        enriched.message,
        enriched.args,
    )


def test_enriched_classes_present_anthropic_names_for_telemetry(kit: Any) -> None:
    """type(e) reads as anthropic's own class (module, qualname, name): what OpenTelemetry records as error.type."""
    for status, sdk_class in ((401, anthropic.AuthenticationError), (404, ThreadGoneError)):
        enriched = enrich(_sdk_error(kit, sdk_class, status, kit.DEPLOYMENT_NOT_FOUND), _diagnosis(status))
        shown = type(enriched)
        assert (shown.__module__, shown.__qualname__, shown.__name__) == (
            sdk_class.__module__,
            sdk_class.__qualname__,
            sdk_class.__name__,
        )
        assert isinstance(enriched, RemediationError)


def test_pickle_and_deepcopy_keep_class_message_and_diagnosis(kit: Any) -> None:
    """pickle and deepcopy give the same enriched class, text and diagnosis, without a lookup by the shown name."""
    import pickle

    enriched = enrich(
        _sdk_error(kit, anthropic.NotFoundError, 404, kit.DEPLOYMENT_NOT_FOUND), _diagnosis(404)
    )
    for clone in (pickle.loads(pickle.dumps(enriched)), copy.deepcopy(enriched)):
        assert type(clone) is type(enriched)
        assert isinstance(clone, anthropic.NotFoundError)
        assert str(clone) == str(enriched)
        assert clone.diagnosis == enriched.diagnosis
        assert (clone.status_code, clone.body) == (enriched.status_code, enriched.body)
