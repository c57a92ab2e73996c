"""api-version knowledge per operation on the classic route: a known version older than the first that served the
operation is `api-version-unsupported`, with a version that serves it suggested; the first version and later
ones are not called unsupported."""

from __future__ import annotations

import pytest
from doctor_testing import NOW

from inference_doctor import diagnose
from inference_doctor.engine.rules.api_version import KNOWN_API_VERSIONS

HOST = "https://contoso-ai.openai.azure.com"
NOT_FOUND = '{"error":{"code":"404","message": "Resource not found"}}'
KEY = {"api-key": "3f2a9c4e8b7d6a5f1e0d9c8b7a6f5e4d"}

# (path after the resource, the last known version that did not serve it, the first that did)
OPERATIONS = [
    ("/openai/deployments/gpt-4o-mini/chat/completions", "2022-12-01", "2023-03-15-preview"),
    ("/openai/deployments/gpt-4o-mini/extensions/chat/completions", "2023-05-15", "2023-06-01-preview"),
    ("/openai/deployments/whisper/audio/transcriptions", "2023-07-01-preview", "2023-09-01-preview"),
    ("/openai/deployments/whisper/audio/translations", "2023-05-15", "2023-09-01-preview"),
    ("/openai/deployments/dall-e-3/images/generations", "2023-10-01-preview", "2023-12-01-preview"),
    ("/openai/deployments/tts/audio/speech", "2024-02-01", "2024-02-15-preview"),
    ("/openai/responses", "2025-02-01-preview", "2025-03-01-preview"),
    ("/api/projects/p1/openai/deployments/gpt-4o-mini/chat/completions", "2022-12-01", "2023-03-15-preview"),
]


def _diagnose(path: str, version: str) -> str | None:
    d = diagnose(
        404,
        body=NOT_FOUND,
        method="POST",
        url=f"{HOST}{path}?api-version={version}",
        request_headers=KEY,
        now=NOW,
    )
    return d.scenario if d else None


@pytest.mark.parametrize(
    ("path", "too_old", "first"), OPERATIONS, ids=[o[0].split("/", 4)[-1] for o in OPERATIONS]
)
def test_known_version_too_old_for_the_operation(path: str, too_old: str, first: str):
    """A 404 with a published version that predates the operation is api-version-unsupported."""
    assert (
        too_old in KNOWN_API_VERSIONS
    )  # a version the service has published: only the operation rules it out
    assert _diagnose(path, too_old) == "api-version-unsupported"


@pytest.mark.parametrize(
    ("path", "too_old", "first"), OPERATIONS, ids=[o[0].split("/", 4)[-1] for o in OPERATIONS]
)
def test_first_version_and_later_are_not_blamed(path: str, too_old: str, first: str):
    """From the operation's first version on, a 404 is not put down to the api-version."""
    for version in (first, "2025-04-01-preview"):
        assert _diagnose(path, version) != "api-version-unsupported", version


@pytest.mark.parametrize(
    ("path", "suggested"),
    [
        ("/openai/deployments/gpt-4o-mini/chat/completions", "2024-10-21"),
        ("/openai/deployments/tts/audio/speech", "2025-04-01-preview"),
        ("/openai/responses", "2025-03-01-preview"),
    ],
)
def test_the_fix_names_a_version_that_serves_the_operation(path: str, suggested: str):
    """The first step suggests a version that serves the operation (a preview where no GA version does)."""
    d = diagnose(404, body=NOT_FOUND, method="POST", url=f"{HOST}{path}?api-version=2022-12-01", now=NOW)
    assert d is not None
    assert f'api_version="{suggested}"' in d.steps[0]


def test_operations_every_version_serves_are_not_blamed():
    """Completions and embeddings were served by the earliest known versions: no per-operation verdict."""
    for op in ("completions", "embeddings"):
        assert _diagnose(f"/openai/deployments/d/{op}", "2022-12-01") != "api-version-unsupported"


def test_models_route_is_not_judged_by_the_classic_table():
    """The /models route has its own versions; the classic table does not apply to it."""
    d = diagnose(
        404,
        body=NOT_FOUND,
        method="POST",
        url="https://contoso-ai.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview",
        now=NOW,
    )
    assert d is not None
    assert d.scenario != "api-version-unsupported"
