"""A world that does not describe one: every mistake named by its field, as `ConfigError`; never a traceback
from `inference-doctor emulator`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inference_doctor.emulator import ConfigError, config_from_dict, load_config

RESOURCE = {"name": "r", "tenant_id": "t"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"resources": [{"tenant_id": "t"}]}, "resources[0].name: missing (a string)"),
        ({"resources": [{"name": 5, "tenant_id": "t"}]}, "resources[0].name: must be a string, not a number"),
        ({"resources": [RESOURCE, {"name": "b"}]}, "resources[1].tenant_id: missing (a string)"),
        ({"resources": [{**RESOURCE, "key_auth": "no"}]}, "resources[0].key_auth: must be true or false, not a string"),
        ({"resources": [{**RESOURCE, "keys": "k"}]}, "resources[0].keys: must be a list, not a string"),
        ({"resources": [{**RESOURCE, "keys": ["k", 3]}]}, "resources[0].keys[1]: must be a string, not a number"),
        ({"resources": [{**RESOURCE, "network": "closed"}]}, "resources[0].network: 'closed' is not one of public"),
        ({"resources": [{**RESOURCE, "tenat": "t"}]}, "resources[0].tenat: unknown field (did you mean tenant_id?)"),
        (
            {"resources": [{**RESOURCE, "deployments": [{"name": "d"}]}]},
            "resources[0].deployments[0].model: missing (a string)",
        ),
        (
            {"resources": [{**RESOURCE, "deployments": [{"name": "d", "model": "m", "operations": ["dance"]}]}]},
            "resources[0].deployments[0].operations[0]: 'dance' is not one of chat",
        ),
        (
            {"resources": [{**RESOURCE, "role_assignments": [{"role": "Owner"}]}]},
            "resources[0].role_assignments[0].principal_id: missing (a string)",
        ),
        ({"resources": {"name": "r"}}, "resources: must be a list, not an object"),
        ({"resources": ["r"]}, "resources[0]: must be an object, not a string"),
        ({"serverless": [{"name": "s", "region": "eastus2", "model": "m"}]}, "serverless[0].keys: missing (a list)"),
        ({"gateways": [{"name": "g", "subscription_keys": []}]}, "gateways[0].backend: missing (a string)"),
        ({"online_endpoints": [{"name": "o", "region": "x", "has_traffic": 1}]}, "online_endpoints[0].has_traffic: must be true or false"),
        ({"clock_skew_seconds": True}, "clock_skew_seconds: must be an integer, not true/false"),
        ({"resourcez": []}, "resourcez: unknown field (did you mean resources?)"),
        ([1], "the configuration: must be an object, not a list"),
    ],
)  # fmt: skip
def test_each_mistake_is_named_by_its_field(data: Any, message: str):
    """The message starts with the field's path and says what was expected."""
    with pytest.raises(ConfigError) as info:
        config_from_dict(data)
    assert str(info.value).startswith(message), str(info.value)


def test_optional_fields_keep_their_defaults():
    """A minimal resource gets the defaults; `project: null` on a role assignment means the resource scope."""
    config = config_from_dict(
        {
            "resources": [
                {**RESOURCE, "role_assignments": [{"principal_id": "o", "role": "R", "project": None}]}
            ]
        }
    )
    (resource,) = config.resources
    assert resource.key_auth is True
    assert resource.network == "public"
    assert resource.roles_of("o", "any-project") == {"R"}


def test_not_json_names_the_place(tmp_path: Path):
    """A file that is not JSON: the file, line and column."""
    path = tmp_path / "world.json"
    path.write_text('{"resources": [\n  {"name": }\n]}', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"world\.json: not JSON \(line 2, column 12"):
        load_config(path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["resources", "name", "tenant_id", "keys", "deployments", "model", "operations", "x"]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_is_a_world_or_a_config_error(data: Any):
    """Whatever the JSON, the loader returns a config or raises ConfigError, never another exception."""
    try:
        config_from_dict(data)
    except ConfigError:
        pass


def _emulator(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inference_doctor", "emulator", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "99999"], "argument --port: 99999 is not a port number (0-65535)"),
        (["--port", "http"], "argument --port: 'http' is not a port number"),
        (["--stream-delay", "-1"], "argument --stream-delay: -1 is not a number of seconds"),
    ],
)
def test_command_line_values_are_checked(argv: list[str], message: str):
    """Out-of-range or non-numeric options are usage errors (exit 2), in one line, no traceback."""
    run = _emulator(*argv)
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"resources": [{"name": 5}]}, "resources[0].name: must be a string, not a number"),
        ({"resources": [{"tenant_id": "t"}]}, "resources[0].name: missing (a string)"),
        ([], "the configuration: must be an object, not a list"),
        ("{not json", "not JSON (line 1, column 2"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_bad_config_file_is_one_line_naming_the_field(tmp_path: Path, content: Any, message: str):
    """`emulator --config` with a bad file: exit 2, one line on stderr naming the field, no traceback."""
    path = tmp_path / "world.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    run = _emulator("--config", str(path))
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert message in line
