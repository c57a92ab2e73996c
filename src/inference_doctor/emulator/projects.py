"""A Foundry project's own routes, beside inference: what azure-ai-projects' `AIProjectClient` lists.

``GET /api/projects/<project>/deployments[/<name>]`` and ``GET /api/projects/<project>/connections[/<name>]``, with
``api-version=v1`` (what azure-ai-projects 2.x sends), answered in the shapes that SDK parses: a page
``{"value": [...]}`` of ``ModelDeployment`` / ``Connection`` objects.
"""

from __future__ import annotations

from . import replies
from .model import PROJECT_API_VERSIONS, Deployment, Resource
from .replies import Reply
from .routes import Route

__all__ = ["PROJECT_API_VERSIONS", "project_reply"]

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
_CAPABILITIES = {"chat": "chat_completion", "embeddings": "embeddings", "responses": "responses"}


def _deployment(deployment: Deployment) -> dict[str, object]:
    return {
        "type": "ModelDeployment",
        "name": deployment.name,
        "modelName": deployment.model,
        "modelVersion": "1",
        "modelPublisher": deployment.provider,
        "capabilities": {
            _CAPABILITIES[op]: "true" for op in sorted(deployment.operations) if op in _CAPABILITIES
        },
        "sku": {"name": "GlobalStandard", "capacity": 1, "family": "", "size": "", "tier": ""},
    }


def _connection(resource: Resource, project: str) -> dict[str, object]:
    name = f"{resource.name}-aoai"
    return {
        "name": name,
        "id": (
            f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/"
            f"{resource.name}/projects/{project}/connections/{name}"
        ),
        "type": "AzureOpenAI",
        "target": f"https://{resource.name}.openai.azure.com/",
        "isDefault": True,
        "credentials": {"type": "AAD"},
        "metadata": {},
    }


def project_reply(route: Route, resource: Resource) -> Reply:
    """The listing (or the one item named) for a project route the caller may read."""
    project = route.project or ""
    if project not in resource.projects:
        return replies.resource_not_found(region=resource.region)
    if route.operation == "deployments":
        items = [_deployment(d) for d in resource.deployments]
    else:
        items = [_connection(resource, project)]
    if route.deployment is None:
        return replies.json_reply({"value": items}, region=resource.region)
    item = next((i for i in items if i["name"] == route.deployment), None)
    if item is None:
        kind = "Deployment" if route.operation == "deployments" else "Connection"
        message = f"{kind} '{route.deployment}' not found in project '{project}'."
        return replies.azure_error(404, "NotFound", message, region=resource.region)
    return replies.json_reply(item, region=resource.region)
