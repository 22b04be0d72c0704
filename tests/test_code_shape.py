"""The generator's code stays in small modules with one job each: limits on size, and no import cycles.

An import counts as an edge wherever it is written, at module level or
inside a function: a cycle through a function-level import still means
two modules that cannot be understood (or changed) apart.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in sorted(PACKAGE.glob("*.py"))}


def _imports(name: str, tree: ast.Module, modules: set[str]) -> set[str]:
    """The package's modules that module ``name`` imports, at any level of its code."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 or (node.module or "").split(".")[0] == "generator":
                parts = (node.module or "").split(".")
                target = parts[0] if node.level == 1 else (parts[1] if len(parts) > 1 else "")
                if target:
                    found.add(target)
                else:  # ``from . import a, b``
                    found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[1] for alias in node.names
                         if alias.name.startswith("generator.") and alias.name.count(".") >= 1)
    return (found & modules) - {name}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_import_cycles_are_found_through_function_level_imports():
    """The checker itself: ``render`` importing ``cite`` at the top and ``cite`` importing ``render``
    inside a function (as they once did) is a cycle."""
    cite = ast.parse("def f():\n    from .render import TEMPLATES\n")
    render = ast.parse("from .cite import cited\nfrom . import charts\n")
    modules = {"cite", "render", "charts"}
    graph = {"cite": _imports("cite", cite, modules), "render": _imports("render", render, modules), "charts": set()}
    assert graph["cite"] == {"render"} and graph["render"] == {"cite", "charts"}
    assert import_cycles(graph) == [["cite", "render"]]
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_generator_modules_import_each_other_without_cycles():
    modules = _modules()
    graph = {name: _imports(name, tree, set(modules)) for name, tree in modules.items()}
    assert graph["render"], "the walk found no imports: the checker is broken"
    assert import_cycles(graph) == []


def test_no_generator_module_is_over_600_lines():
    long = {path.name: n for path in sorted(PACKAGE.glob("*.py"))
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, long


def test_no_generator_function_is_over_80_lines():
    """Each function and method counts on its own (a class's methods, not the class; a nested function is
    part of the function around it), from its first decorator to its last line."""
    long = {}
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                lines = node.end_lineno - first + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{name}.{node.name}"] = lines
    assert not long, long
