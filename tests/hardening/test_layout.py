"""The package's layout: no import cycle between its own modules, and an engine that imports nothing outside itself.

An import counts when it can run: at module level or inside a function (a lazy import still ties the two modules
together). Imports under `if TYPE_CHECKING:` never run and do not count. A submodule's implicit import of its own
package (`engine.read.url` loads `engine.read` first) is not an edge either: every package has it, and a package's
`__init__` that imports its submodules is the usual shape, not a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = "inference_doctor"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import that can run: module level and function level, not under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def import_graph(sources: dict[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """{module: the package's own modules it imports}; `sources` maps a module to (its source, is a package)."""
    modules = set(sources)
    graph: dict[str, set[str]] = {name: set() for name in sources}
    for name, (text, is_package) in sources.items():
        here = name.split(".") if is_package else name.split(".")[:-1]
        for node in _imports(ast.parse(text)):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = here[: len(here) - node.level + 1] if node.level else []
                stem = ".".join([*base, *(node.module.split(".") if node.module else [])])
                # `from pkg import name`: the submodule pkg.name when there is one, else pkg itself
                targets = [f"{stem}.{a.name}" if f"{stem}.{a.name}" in modules else stem for a in node.names]
            for target in targets:
                while target and target not in modules:  # `import a.b.c` of a name inside a module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as [a, b, ..., a], or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def _package_sources() -> dict[str, tuple[str, bool]]:
    return {
        _module_name(path, SRC): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for path in sorted((SRC / PACKAGE).rglob("*.py"))
    }


def test_no_import_cycle_between_the_packages_modules():
    """No module of inference_doctor imports, directly or through others, a module that imports it back."""
    graph = import_graph(_package_sources())
    assert len(graph) > 40, "the walk found too few modules to mean anything"
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_engine_imports_nothing_outside_itself():
    """inference_doctor.engine is pure: it imports none of the cli, the integrations, the emulator, _intercept."""
    graph = import_graph(_package_sources())
    outside = {
        (name, target)
        for name, targets in graph.items()
        if name.startswith(f"{PACKAGE}.engine")
        for target in targets
        if not target.startswith(f"{PACKAGE}.engine")
    }
    assert outside == set()


def test_the_cycle_check_sees_lazy_imports_and_skips_type_checking_ones():
    """A function-level back-import is a cycle; one under `if TYPE_CHECKING:` is not."""
    lazy = {
        "p": ("", True),
        "p.a": ("from .b import f\n", False),
        "p.b": ("def f():\n    from .a import g\n", False),
    }
    assert find_cycle(import_graph(lazy)) == ["p.a", "p.b", "p.a"]
    typed = {
        "p": ("", True),
        "p.a": ("from .b import f\n", False),
        "p.b": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import g\n", False),
    }
    assert find_cycle(import_graph(typed)) is None


def test_the_cycle_check_resolves_packages_and_submodules():
    """`from . import x` and `from ..pkg import name` resolve to the submodule when there is one, else the package."""
    sources = {
        "p": ("from .sub import thing\n", True),
        "p.sub": ("from . import leaf\nthing = 1\n", True),
        "p.sub.leaf": ("from .. import other\n", False),
        "p.other": ("import p.sub.leaf\n", False),
    }
    graph = import_graph(sources)
    assert graph == {
        "p": {"p.sub"},
        "p.sub": {"p.sub.leaf"},
        "p.sub.leaf": {"p.other"},
        "p.other": {"p.sub.leaf"},
    }
    assert find_cycle(graph) == ["p.sub.leaf", "p.other", "p.sub.leaf"]
