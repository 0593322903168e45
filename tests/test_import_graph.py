"""Imports point one way across the whole project, lazy ones (inside functions) included.

``tests/evaluation/test_imports.py`` checks evaluation/ on its own at import time; this
walks every import, so a cycle closed by an in-function import (as the three CLIs once
did: assistant/cli.py → drafting/cli.py → assistant/cli.py) fails too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).parents[1]
PACKAGES = ("assistant", "ingest", "evaluation")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
    }


def _imported(node: ast.Import | ast.ImportFrom, known: set[str]) -> Iterator[str]:
    """The project modules an import statement loads (a package's __init__ included)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif node.level or not node.module:
        return  # relative imports: none in this project
    else:
        names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
    for name in names:
        if name in known:
            yield name


def import_graph() -> dict[str, set[str]]:
    """module → the project modules it imports anywhere in its body."""
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text("utf-8"))
        targets = {
            target
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for target in _imported(node, known)
        }
        graph[name] = targets - {name}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle, each found once from its smallest module name."""
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target == path[0]:
                cycles.append([*path, target])
            elif target not in path and target > path[0]:
                visit(target, [*path, target])

    for start in sorted(graph):
        visit(start, [start])
    return cycles


def test_find_cycles_sees_a_lazy_cycle() -> None:
    graph = {"a.cli": {"b.cli"}, "b.cli": {"a.console", "a.cli"}, "a.console": set()}
    assert find_cycles(graph) == [["a.cli", "b.cli", "a.cli"]]


def test_the_clis_share_console_and_import_one_way() -> None:
    graph = import_graph()
    assert {"assistant.drafting.cli", "evaluation.cli"} <= graph["assistant.cli"]
    for module in ("assistant.drafting.cli", "evaluation.cli"):
        assert "assistant.cli" not in graph[module]
        assert "assistant.console" in graph[module]


def test_no_import_cycles() -> None:
    assert find_cycles(import_graph()) == []
