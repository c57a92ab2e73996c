"""User-described worlds (JSON), and serving from the command line."""

from __future__ import annotations

import json
import threading
import urllib.request
from pathlib import Path

import pytest

from inference_doctor.emulator import config_from_dict, load_config, serve_forever

WORLD = {
    "resources": [
        {
            "name": "my-res",
            "tenant_id": "tid",
            "keys": ["k" * 32],
            "network": "firewall-denied",
            "deployments": [{"name": "chat", "model": "gpt-4o", "operations": ["chat", "responses"]}],
            "role_assignments": [{"principal_id": "oid", "role": "Cognitive Services User", "project": None}],
        }
    ],
    "serverless": [{"name": "ep", "region": "westus3", "keys": ["s" * 32], "model": "m"}],
    "gateways": [{"name": "gw", "subscription_keys": ["g"], "backend": "my-res"}],
    "online_endpoints": [{"name": "ml", "region": "eastus"}],
}


def test_json_file_describes_a_world(tmp_path: Path) -> None:
    """A JSON file becomes the same frozen dataclasses."""
    path = tmp_path / "world.json"
    path.write_text(json.dumps(WORLD))
    config = load_config(path)
    resource = config.resource("MY-RES")
    assert resource is not None
    assert resource.network == "firewall-denied"
    assert resource.deployment("chat") is not None
    assert resource.roles_of("oid", None) == {"Cognitive Services User"}
    assert config.serverless[0].host == "ep.westus3.models.ai.azure.com"
    assert config.gateways[0].host == "gw.azure-api.net"
    assert config.online_endpoints[0].host == "ml.eastus.inference.ml.azure.com"


@pytest.mark.parametrize(
    "change",
    [
        {"network": "closed"},
        {"deployments": [{"name": "x", "model": "y", "operations": ["dance"]}]},
        {"keys": "k"},
    ],
)
def test_invalid_world_is_rejected(change: dict[str, object]) -> None:
    """Unknown network rules, operations and mistyped fields raise ValueError."""
    resource = dict(WORLD["resources"][0])
    with pytest.raises(ValueError):
        config_from_dict({"resources": [{**resource, **change}]})


def test_serve_forever_serves_until_stopped() -> None:
    """serve_forever prints its address and hosts, answers requests, and stops cleanly when asked."""
    lines: list[str] = []
    statuses: list[int] = []
    stop = threading.Event()

    def probe(address: str) -> None:
        request = urllib.request.Request(
            f"{address}/nothing", headers={"Host": "contoso-ai.openai.azure.com"}
        )
        try:
            urllib.request.urlopen(request, timeout=5)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
        finally:
            stop.set()

    def record(line: str) -> None:
        lines.append(line)
        if line.startswith("inference-doctor emulator listening on "):
            prober.start()

    prober = threading.Thread(target=lambda: probe(lines[0].rsplit(" ", 1)[1]))
    before = threading.active_count()
    serve_forever(print=record, stop=stop)
    prober.join()
    assert lines[0].startswith("inference-doctor emulator listening on http://127.0.0.1:")
    assert any("contoso-ai.openai.azure.com" in line for line in lines)
    assert lines[-1] == "inference-doctor emulator stopped"
    assert statuses == [404]
    assert threading.active_count() == before


def test_serve_forever_ends_quietly_on_ctrl_c(tmp_path: Path) -> None:
    """A KeyboardInterrupt while serving ends serve_forever normally (here from a JSON world)."""
    path = tmp_path / "world.json"
    path.write_text(json.dumps(WORLD))
    lines: list[str] = []

    def record(line: str) -> None:
        lines.append(line)
        if "my-res" in line:
            raise KeyboardInterrupt

    serve_forever(str(path), print=record)
    assert lines[-1] == "inference-doctor emulator stopped"
