"""The layout's rules, checked on the source: the domain stays pure Python, no import circle
joins two `intake` modules, no two different things share a module name, and a package's
`__init__` imports nothing, and is imported from by nobody, unless it is one of the few
deliberate front doors.

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
# Packages whose `__init__` imports on purpose, and why. Every other package's `__init__` imports
# nothing, so a caller imports the module it uses and no circle hides behind the package.
FRONT_DOORS = {
    "intake.models": "Django and every caller find the models in one place",
    "intake.admin": "Django's admin autodiscovery imports the package, which registers each area",
    "intake.domain.guidance": "summarise and the rules' public names, as before the split",
}


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


# The only modules at the top of `intake`: Django's own places (apps, checks, signals, urls) and
# the reads several pages share. Anything else goes in the package that says what it is:
# security/ (who may do what, sign-in, limits, the audit's actions and witnesses, redacted logs),
# interop/ (FHIR, CSV, calendar files), web/ (middleware, context, caches of pages, links,
# language, Markdown), pages/ (what a staff page shows, built once: queue rows, the request page,
# reports, charts).
TOP_LEVEL_MODULES = {"apps", "checks", "signals", "urls", "selectors"}


def test_intake_holds_no_loose_module_beyond_the_few_named():
    loose = {path.stem for path in INTAKE.glob("*.py") if path.stem != "__init__"}
    assert loose - TOP_LEVEL_MODULES == set()


@pytest.mark.parametrize("package", ["security", "interop", "web", "pages"])
def test_the_groups_exist_as_packages(package):
    assert (INTAKE / package / "__init__.py").exists()


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


def packages() -> dict[str, Path]:
    """Every `intake` package, by dotted name, with its `__init__.py`."""
    return {
        module_name(path): path
        for path in sorted(INTAKE.rglob("__init__.py"))
        if "migrations" not in path.parts
    }


def imports_in_init(path: Path) -> int:
    """How many import statements a package's `__init__` runs, at any depth."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return sum(isinstance(node, ast.Import | ast.ImportFrom) for node in ast.walk(tree))


def imports_through_inits(paths: list[Path]) -> dict[str, list[str]]:
    """Package -> the places that take something from its `__init__`: a name that is not one of
    its modules (`from intake.services import submit_intake`), or the package itself used as a
    namespace (`from intake import services`). `from intake.services import audit` is the
    module `audit`, not the package's `__init__`."""
    known_packages = packages()
    modules = set(intake_modules()) - set(known_packages)
    found: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and not node.level and node.module:
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    where = f"{shown}:{node.lineno} {alias.name}"
                    if target in known_packages:
                        found[target].append(where)
                    elif node.module in known_packages and target not in modules:
                        found[node.module].append(where)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in known_packages:
                        found[alias.name].append(f"{shown}:{node.lineno}")
    return found


def python_files() -> list[Path]:
    return [
        path
        for folder in (INTAKE, ROOT / "tests", ROOT / "clinic")
        for path in sorted(folder.rglob("*.py"))
        if "migrations" not in path.parts
    ]


def test_only_the_front_doors_have_an_init_that_imports():
    counts = {name: imports_in_init(path) for name, path in packages().items()}

    assert counts["intake.services"] == 0
    assert {name for name, count in counts.items() if count} == set(FRONT_DOORS)


def test_nobody_imports_through_the_init_of_a_package_that_is_not_a_front_door():
    through = imports_through_inits(python_files())

    offences = {name: places for name, places in through.items() if name not in FRONT_DOORS}
    assert offences == {}


def test_the_init_counter_sees_an_import_through_a_package(tmp_path):
    # The checks above must be able to fail: each way of going through an __init__ is caught.
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from intake import services\n"
        "from intake.services import submit_intake, audit\n"
        "def f():\n    from intake.domain import guidance\n"
    )
    assert imports_through_inits([sample]) == {
        "intake.services": ["sample.py:1 services", "sample.py:2 submit_intake"],
        "intake.domain.guidance": ["sample.py:4 guidance"],
    }
    assert imports_in_init(sample) == 3
