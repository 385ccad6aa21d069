"""Dependencies point one way: an app imports only the apps below it (docs/architecture.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each app, and the project apps it may import. Migrations are left out: Django writes
# their dependencies from the models.
MAY_IMPORT = {
    "core": set(),
    "hub": {"core"},
    "workshops": {"core"},
    "home": {"core", "hub"},
    "search": {"core", "hub"},
    "partnerships": {"core", "hub", "home"},
    "applications": {"core", "hub", "home", "partnerships"},
    "registrations": {"core", "hub"},
    "follows": {"core", "hub", "partnerships"},
}
PROJECT_PACKAGES = set(MAY_IMPORT) | {"demo", "config"}


def imported_packages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            yield name.split(".")[0], node.lineno


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_app_imports_only_the_apps_below_it(app):
    allowed = MAY_IMPORT[app] | {app}
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {package}"
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for package, line in imported_packages(path)
        if package in PROJECT_PACKAGES and package not in allowed
    ]
    assert not wrong, "\n".join(wrong)


def test_every_app_has_a_place_in_the_layers():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps - {"demo"} == set(MAY_IMPORT)
