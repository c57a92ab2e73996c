"""A Foundry project's own routes (azure-ai-projects' deployments and connections), as the pure service."""

from __future__ import annotations

import json
import time

import pytest

from inference_doctor.emulator import Identity, Reply, Request, default_config, handle, mint_token
from inference_doctor.emulator import defaults as d

CONFIG = default_config()
SERVICES = f"{d.RESOURCE}.services.ai.azure.com"
PROJECT = f"/api/projects/{d.PROJECT}"


def get(target: str, headers: dict[str, str] | None = None, host: str = SERVICES) -> Reply:
    return handle(CONFIG, Request.build("GET", target, {"Host": host, **(headers or {})}), time.time())


def bearer(identity: Identity, scope: str = "https://ai.azure.com/.default") -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(identity, scope)}"}


def test_deployments_list_names_every_deployment_of_the_resource() -> None:
    """`GET deployments?api-version=v1`: a page of ModelDeployment objects, one per deployment."""
    reply = get(f"{PROJECT}/deployments?api-version=v1", bearer(d.ALICE))
    assert reply.status == 200, reply.body
    page = json.loads(reply.body)
    names = [item["name"] for item in page["value"]]
    assert names == [dep.name for dep in CONFIG.resources[0].deployments]
    chat = page["value"][0]
    assert chat["type"] == "ModelDeployment"
    assert chat["modelName"] == d.CHAT
    assert chat["modelPublisher"] == "OpenAI"


def test_deployment_by_name_and_unknown_name() -> None:
    """`GET deployments/<name>` answers the one deployment; an unknown name is a 404 NotFound."""
    reply = get(f"{PROJECT}/deployments/{d.MISTRAL}?api-version=v1", bearer(d.ALICE))
    assert json.loads(reply.body)["modelPublisher"] == "Mistral AI"
    missing = get(f"{PROJECT}/deployments/gpt-5?api-version=v1", bearer(d.ALICE))
    assert missing.status == 404
    assert json.loads(missing.body)["error"]["code"] == "NotFound"


def test_connections_list() -> None:
    """`GET connections?api-version=v1`: the resource's Azure OpenAI connection, Entra credentials."""
    reply = get(f"{PROJECT}/connections?api-version=v1", bearer(d.PROJECT_MEMBER))
    assert reply.status == 200, reply.body
    (connection,) = json.loads(reply.body)["value"]
    assert connection["type"] == "AzureOpenAI"
    assert connection["target"] == f"https://{d.RESOURCE}.openai.azure.com/"
    assert connection["credentials"] == {"type": "AAD"}


@pytest.mark.parametrize("version", [None, "2024-10-21", "2025-05-01"])
def test_other_api_versions_are_not_served(version: str | None) -> None:
    """Only `v1` (what azure-ai-projects 2.x sends) is served on a project's own routes."""
    query = f"?api-version={version}" if version else ""
    assert get(f"{PROJECT}/deployments{query}", bearer(d.ALICE)).status == 404


def test_unknown_project_is_not_found() -> None:
    """A project the resource does not have answers the service's 404."""
    assert get("/api/projects/nope/deployments?api-version=v1", bearer(d.ALICE)).status == 404


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"api-key": d.KEY}, 401),
        (bearer(d.ALICE, "https://cognitiveservices.azure.com/.default"), 401),
        (bearer(d.OWNER), 401),
        (bearer(d.OPENAI_ONLY), 401),
    ],
    ids=["no-credential", "key", "cognitiveservices-audience", "owner-no-data-role", "openai-role-only"],
)
def test_project_routes_need_an_ai_token_and_a_data_role(headers: dict[str, str], status: int) -> None:
    """A project's routes take Entra tokens for https://ai.azure.com only, from a principal with a data role."""
    reply = get(f"{PROJECT}/connections?api-version=v1", headers)
    assert reply.status == status


def test_only_get_and_only_on_the_services_host() -> None:
    """The listings are GET routes on `<res>.services.ai.azure.com`; elsewhere they are not found."""
    ok = bearer(d.ALICE)
    assert (
        get(f"{PROJECT}/deployments?api-version=v1", ok, host=f"{d.RESOURCE}.openai.azure.com").status == 404
    )
    post = Request.build("POST", f"{PROJECT}/deployments?api-version=v1", {"Host": SERVICES, **ok})
    assert handle(CONFIG, post, time.time()).status == 404
