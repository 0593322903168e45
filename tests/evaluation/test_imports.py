"""evaluation/ imports point one way: no cycles, imports at module top."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "evaluation"
LAZY_ALLOWED = {"httpx"}
"""Optional dependencies a module may import inside a function."""
LAZY_MODULES = {"cli"}
"""``planassist eval``: imports stay inside the command so ``planassist --help`` stays fast."""


def _module_level(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports that run (or are type-checked) at import time: not inside a function."""
    found: list[ast.Import | ast.ImportFrom] = []
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            todo.extend(ast.iter_child_nodes(node))
    return found


def _internal(node: ast.Import | ast.ImportFrom) -> set[str]:
    """The evaluation modules an import statement loads (by file stem)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif node.module == "evaluation":
        names = [f"evaluation.{alias.name}" for alias in node.names]
    else:
        names = [node.module or ""]
    stems = set()
    for name in names:
        if name.startswith("evaluation."):
            stem = name.split(".")[1]
            stems.add(stem if (PACKAGE / f"{stem}.py").exists() else "__init__")
    return stems


def _trees() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text("utf-8")) for path in PACKAGE.glob("*.py")}


def test_no_import_cycles() -> None:
    graph = {
        stem: set().union(*map(_internal, _module_level(tree))) - {stem}
        for stem, tree in _trees().items()
    }
    cycles: list[list[str]] = []

    def visit(stem: str, path: list[str]) -> None:
        for target in sorted(graph[stem]):
            if target in path:
                cycles.append([*path[path.index(target) :], target])
            else:
                visit(target, [*path, target])

    for stem in graph:
        visit(stem, [stem])
    assert cycles == []


def test_no_imports_inside_functions() -> None:
    lazy = []
    for stem, tree in _trees().items():
        if stem in LAZY_MODULES:
            continue
        module_level = set(map(id, _module_level(tree)))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in module_level:
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                module = node.module if isinstance(node, ast.ImportFrom) else None
                if not {module, *names} & LAZY_ALLOWED:
                    lazy.append(f"{stem}.py:{node.lineno}")
    assert lazy == []
