"""The layout's rules, checked on the source: the domain stays pure Python, no import circle
joins two `intake` modules, and no two different things share a module name.

These read the code with the standard library's `ast`; nothing is imported or run.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
INTAKE = ROOT / "intake"
DOMAIN = INTAKE / "domain"
# Layers that may share a module name: one thing seen from each layer.
LAYERS = {"models", "services", "views", "forms", "admin", "domain", "templatetags"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def intake_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted(INTAKE.rglob("*.py"))
        if "migrations" not in path.parts
    }


def imported_names(path: Path, *, module_level_only: bool) -> list[tuple[str, int]]:
    """Every module `path` imports, as (dotted name, line); `from x import y` gives x.y too."""
    tree = ast.parse(path.read_text(), filename=str(path))
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                own = module_name(path)
                package = own if path.name == "__init__.py" else own.rpartition(".")[0]
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found.append((base, node.lineno))
            found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


def import_graph() -> dict[str, set[str]]:
    modules = intake_modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for imported, _line in imported_names(path, module_level_only=False):
            if imported in modules and imported != name:
                graph[name].add(imported)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_domain_imports_nothing_from_django_or_the_rest_of_the_app():
    offences = []
    for path in sorted(DOMAIN.rglob("*.py")):
        for imported, line in imported_names(path, module_level_only=False):
            top = imported.split(".")[0]
            if top == "django" or (top == "intake" and not imported.startswith("intake.domain")):
                offences.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert not offences, "\n".join(offences)


def test_the_domain_guard_sees_a_django_import(tmp_path):
    # The check above must be able to fail: a module that imports Django is caught.
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from django.conf import settings\n    return settings\n")
    assert ("django.conf", 2) in imported_names(sample, module_level_only=False)


def test_no_import_circle_joins_two_intake_modules():
    # Imports inside functions count too: a deferred import is how a circle hides.
    graph = import_graph()
    # A package's __init__ gathering its own submodules is not a circle through the package.
    for name in list(graph):
        graph[name] = {target for target in graph[name] if not name.startswith(target + ".")}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_layers_exist_as_packages(layer):
    assert (INTAKE / layer / "__init__.py").exists()


def test_no_two_different_modules_share_a_name():
    by_name = defaultdict(list)
    for name in intake_modules():
        parts = name.split(".")
        if parts[-1] in {"__init__", "intake"} or len(parts) < 2:
            continue
        layer = parts[1] if len(parts) > 2 else ""
        by_name[parts[-1]].append(layer)
    shared = {
        stem: layers
        for stem, layers in by_name.items()
        if len(layers) > 1 and (len(set(layers)) < len(layers) or not set(layers) <= LAYERS)
    }
    assert shared == {}
