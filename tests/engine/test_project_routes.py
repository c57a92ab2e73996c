"""A Foundry project's own operations (azure-ai-projects: deployments, connections, ...) are legitimate routes:
their failures are never called a project endpoint used for inference, nor an unsupported api-version."""

from __future__ import annotations

import pytest
from doctor_testing import NOW, mint

from inference_doctor import diagnose

PROJECT = "https://contoso-ai.services.ai.azure.com/api/projects/proj1"
NOT_FOUND = '{"error":{"code":"404","message": "Resource not found"}}'
ITEM_NOT_FOUND = (
    '{"error":{"code":"NotFound","message":"Deployment \'gpt-5\' not found in project \'proj1\'."}}'
)
DENIED = '{"error":{"code":"PermissionDenied","message":"Principal does not have access to API/Operation."}}'
TOKEN = {
    "Authorization": "Bearer " + mint(aud="https://ai.azure.com", tid="72f988bf-86f1-41af-91ab-2d7cd011db47")
}
WRONG = {"project-endpoint-for-inference", "api-version-unsupported", "api-version-missing"}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/deployments?api-version=v1", NOT_FOUND),
        ("/deployments/gpt-5?api-version=v1", ITEM_NOT_FOUND),
        ("/connections?api-version=v1", NOT_FOUND),
        ("/connections/contoso-aoai?api-version=v1", ITEM_NOT_FOUND),
        ("/connections?api-version=v1&connectionType=AzureOpenAI", NOT_FOUND),
        ("/indexes?api-version=v1", NOT_FOUND),
        ("/openai/v1/chat/completions?api-version=v1", NOT_FOUND),
    ],
)
def test_a_project_operation_404_is_not_called_a_misuse(path: str, body: str):
    """A 404 on one of the project's own GET routes (api-version v1) is not a route or api-version mistake."""
    d = diagnose(404, body=body, url=PROJECT + path, method="GET", request_headers=TOKEN, now=NOW)
    assert d is not None
    assert d.scenario not in WRONG, d.scenario


@pytest.mark.parametrize("path", ["/deployments?api-version=v1", "/connections?api-version=v1"])
def test_a_project_operation_refused_for_the_role_is_role_missing(path: str):
    """A principal without a data role listing deployments or connections: role-missing."""
    d = diagnose(401, body=DENIED, url=PROJECT + path, method="GET", request_headers=TOKEN, now=NOW)
    assert d is not None
    assert d.scenario == "role-missing"


@pytest.mark.parametrize(
    "path",
    [
        "/chat/completions?api-version=2024-05-01-preview",  # azure-ai-inference given the project endpoint
        "/models/chat/completions?api-version=2024-05-01-preview",
        "/embeddings?api-version=2024-05-01-preview",
        "/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21",  # AzureOpenAI(base_url=<project>)
        "/deployments/gpt-4o-mini/embeddings?api-version=2024-10-21",
    ],
)
def test_inference_on_the_project_endpoint_is_still_diagnosed(path: str):
    """Inference routes sent to the project endpoint (without its /openai) stay project-endpoint-for-inference."""
    d = diagnose(404, body=NOT_FOUND, url=PROJECT + path, method="POST", request_headers=TOKEN, now=NOW)
    assert d is not None
    assert d.scenario == "project-endpoint-for-inference"


def test_classic_route_through_the_project_still_checks_the_api_version():
    """The classic /openai/deployments/ route under a project keeps the date-shaped api-version check."""
    url = PROJECT + "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2023-01-01"
    d = diagnose(404, body=NOT_FOUND, url=url, method="POST", request_headers=TOKEN, now=NOW)
    assert d is not None
    assert d.scenario == "api-version-unsupported"
