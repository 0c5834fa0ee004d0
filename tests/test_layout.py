"""The package's layout as a contract: stage subpackages in layers that import only downwards, no
import circles, small modules and thin commands (README, "How the code is laid out")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "classifier"
# Highest first. A module may import from its own unit and from any lower layer, never upwards
# nor sideways: the units of one layer do not know each other.
LAYERS = (
    ("cli", "show"),
    ("tagging", "labelling", "report"),
    ("model", "profile"),
    ("inputs", "outputs", "attribution"),
    ("text",),
    ("schema", "errors", "version"),
)
FACADES = ("classifier", "classifier.__main__")  # the public API may name any layer
MAX_MODULE_LINES = 400
MAX_RUN_LINES = 30
MAX_LOOSE_MODULES = 6
LAYER_OF = {unit: depth for depth, units in enumerate(LAYERS) for unit in units}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(name: str) -> set[str]:
    """The package's modules that ``name`` imports anywhere in its code (lazy imports too)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        found |= {target for target in targets if target in MODULES and target != name}
    return found


def unit_of(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


IMPORTS = {name: imported_modules(name) for name in MODULES}


@pytest.mark.parametrize("name", sorted(set(MODULES) - set(FACADES)))
def test_imports_point_down_the_layers(name):
    unit = unit_of(name)
    assert unit in LAYER_OF, f"{name}: its unit {unit!r} is in no layer of LAYERS"
    wrong = [
        target
        for target in IMPORTS[name]
        if unit_of(target) != unit and LAYER_OF.get(unit_of(target), -1) <= LAYER_OF[unit]
    ]
    assert not wrong, f"{name} imports from its own layer or above: {', '.join(sorted(wrong))}"


def test_no_import_circles():
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = path[path.index(name) :] + [name]
            pytest.fail("import circle: " + " -> ".join(cycle))
        if name in done:
            return
        for target in sorted(IMPORTS[name]):
            if target != "classifier":  # importing the package runs its facade, not a circle
                visit(target, [*path, name])
        done.add(name)

    for name in sorted(MODULES):
        visit(name, [])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{name}: {lines} lines; split it by job"


@pytest.mark.parametrize("path", sorted((PACKAGE / "cli").glob("*.py")), ids=lambda p: p.stem)
def test_commands_are_thin(path):
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and node.name == "run":
            length = node.end_lineno - node.lineno + 1
            assert length <= MAX_RUN_LINES, f"{path.name}: run() is {length} lines"


def test_few_loose_modules_and_documented_subpackages():
    loose = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(loose) <= MAX_LOOSE_MODULES, loose
    subpackages = sorted(path.parent for path in PACKAGE.glob("*/__init__.py"))
    assert {path.name for path in subpackages} == {unit for units in LAYERS for unit in units} - {
        Path(name).stem for name in loose
    }
    for folder in subpackages:
        docstring = ast.get_docstring(ast.parse((folder / "__init__.py").read_text()))
        assert docstring, f"{folder.name}/__init__.py: say the subpackage's job in a docstring"


def test_readme_lays_out_every_subpackage():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is laid out", 1)[-1].split("\n## ", 1)[0]
    for folder in sorted(PACKAGE.glob("*/__init__.py")):
        assert f"`{folder.parent.name}/`" in section, f"README layout lacks {folder.parent.name}/"


@pytest.mark.parametrize("unit", sorted(LAYER_OF))
def test_every_layer_unit_exists(unit):
    assert f"classifier.{unit}" in MODULES, f"LAYERS names {unit}, which the package lacks"
