"""Import footprint: the package root and the azure integration pull in no optional dependency."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

OPTIONAL = (
    "openai",
    "anthropic",
    "httpx",
    "httpx2",
    "aiohttp",
    "azure.identity",
    "azure.ai.inference",
    "requests",
)


@pytest.mark.parametrize("module", ["inference_doctor", "inference_doctor.azure", "inference_doctor.cli"])
def test_import_loads_no_optional_dependency(module):
    """Importing the module in a fresh interpreter loads none of openai, httpx, aiohttp, azure-identity, ..."""
    code = f"import sys, json, {module}; print(json.dumps([m for m in {OPTIONAL!r} if m in sys.modules]))"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(proc.stdout) == []


def test_openai_integration_imports_openai_only_when_asked():
    """inference_doctor.openai is where openai and httpx come in, and nowhere before."""
    code = (
        "import sys, json, inference_doctor, inference_doctor.azure; before = 'openai' in sys.modules; "
        "import inference_doctor.openai; print(json.dumps([before, 'openai' in sys.modules]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(proc.stdout) == [False, True]


def test_identity_integration_imports_azure_identity_only_when_asked():
    """inference_doctor.identity is where azure-identity comes in: not with the root, the azure policies or the
    engine that diagnoses credential failures."""
    code = (
        "import sys, json, inference_doctor, inference_doctor.azure; inference_doctor.diagnose_credential_failure('x'); "
        "before = 'azure.identity' in sys.modules; "
        "import inference_doctor.identity; print(json.dumps([before, 'azure.identity' in sys.modules]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(proc.stdout) == [False, True]


def test_explain_loads_only_what_it_runs():
    """`inference-doctor explain <text>` loads the engine and the explain command, and no module of the other
    commands (check, demo, the emulator)."""
    code = (
        "import sys, json, io; from inference_doctor.cli import main; "
        'main([\'explain\', \'Error code: 401 - {"error": {"code": "401", "message": "Access denied due to '
        "invalid subscription key or wrong API endpoint.\"}}'], out=io.StringIO()); "
        "print(json.dumps(sorted(sys.modules)))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = set(json.loads(proc.stdout))
    assert "inference_doctor.cli.explain" in loaded
    for module in ("cli.check", "cli.commands", "cli.demo", "emulator"):
        assert f"inference_doctor.{module}" not in loaded
    # the standard library's slower modules come in only on the paths that use them; typing and dataclasses
    # (with inspect) not at all: the Literals and the dataclass machinery are made on first use (record.py)
    for module in (
        "logging",
        "urllib.parse",
        "base64",
        "difflib",
        "email.utils",
        "typing",
        "dataclasses",
        "inspect",
    ):
        assert module not in loaded, module


@pytest.mark.parametrize(
    "module", ["inference_doctor", "inference_doctor.azure", "inference_doctor.anthropic"]
)
def test_integration_import_leaves_the_matcher_for_the_first_failure(module):
    """Importing the package or the azure integration loads no rule, reader or catalog module: the engine comes
    in with the first response diagnosed (or the first use of diagnose / SCENARIOS), not at start-up."""
    code = f"import sys, json, {module}; print(json.dumps(sorted(m for m in sys.modules if m.startswith('inference_doctor.engine.'))))"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = json.loads(proc.stdout)
    assert not [m for m in loaded if m.split(".")[2] in ("match", "catalog", "read", "rules", "evidence")], (
        loaded
    )


def test_lazy_names_are_the_engine_s():
    """The names the package root loads on first use are the engine's own objects, and listed by dir()."""
    import inference_doctor
    from inference_doctor.engine import catalog, diagnosis, match

    assert inference_doctor.diagnose is match.diagnose
    assert inference_doctor.diagnose_text is match.diagnose_text
    assert inference_doctor.diagnose_credential_failure is match.diagnose_credential_failure
    assert inference_doctor.SCENARIOS is catalog.SCENARIOS
    assert inference_doctor.Scenario is catalog.Scenario
    assert inference_doctor.get_scenario is catalog.get_scenario
    assert inference_doctor.ScenarioId is diagnosis.ScenarioId
    assert set(inference_doctor.__all__) - {"__version__"} <= set(dir(inference_doctor))
    with pytest.raises(AttributeError):
        inference_doctor.no_such_name  # noqa: B018


def test_no_pattern_is_compiled_at_import():
    """No module of the engine or the CLI calls re.compile at module level: patterns go through
    engine.regex.lazy, compiled on first use (CONTRIBUTING.md, Performance notes)."""
    src = Path(__file__).resolve().parents[2] / "src" / "inference_doctor"
    found = []
    for path in [*sorted((src / "engine").rglob("*.py")), *sorted((src / "cli").rglob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        stack: list[ast.AST] = list(tree.body)
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue  # runs when called, not at import
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "compile"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
            ):
                found.append(f"{path.relative_to(src)}:{node.lineno}")
            stack.extend(ast.iter_child_nodes(node))
    assert not found


def test_anthropic_integration_imports_anthropic_and_not_openai():
    """inference_doctor.anthropic brings in anthropic, and neither openai nor the openai integration."""
    code = (
        "import sys, json, inference_doctor; before = 'anthropic' in sys.modules; "
        "import inference_doctor.anthropic; "
        "print(json.dumps([before, 'anthropic' in sys.modules, 'openai' in sys.modules, "
        "'inference_doctor.openai' in sys.modules]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(proc.stdout) == [False, True, False, False]
