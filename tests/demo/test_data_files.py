"""The demo's data files: every one is loaded, bad records are refused with a message that
names the file, the record and the field, and the database is left as it was."""

import ast
import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management.base import CommandError

from demo import builders, loader
from tests.demo.test_load_demo import PASSWORD, run_load_demo, snapshot

APPS_BELOW_DEMO = ["applications", "config", "core", "home", "hub", "partnerships", "search"]
APPS_BELOW_DEMO += ["follows", "registrations", "workshops"]


def test_every_data_file_is_loaded_and_every_loaded_file_exists():
    on_disk = sorted(path.name for path in loader.DATA_DIR.glob("*.yaml"))
    loaded = loader.files_of(builders.STEPS)
    assert sorted(set(loaded)) == on_disk
    assert len(loaded) == len(set(loaded)), "a file is loaded by two sections"
    assert not [path for path in loader.DATA_DIR.rglob("*") if path.suffix in {".yml", ".json"}]


def test_no_app_imports_the_demo():
    """Dependencies point one way: `demo` imports the apps, never the reverse."""
    offenders = []
    for app in APPS_BELOW_DEMO:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                offenders += [f"{path}: {name}" for name in names if name.split(".")[0] == "demo"]
    assert offenders == []


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of demo/data that the loader reads instead, for a test to spoil."""
    shutil.copytree(loader.DATA_DIR, tmp_path, dirs_exist_ok=True)
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)

    def change(filename, number, edit):
        path = tmp_path / filename
        records = yaml.safe_load(path.read_text(encoding="utf-8"))
        edit(records[number - 1])
        path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
        return path

    return change


def unknown_topic_in_a_block(city):
    city["actions"][1]["topics"] = ["climate-governance", "hydrogen-bus"]


MALFORMED = [
    pytest.param(
        "business_cases.yaml",
        3,
        lambda case: case.update(topics=["hydrogen-production", "hydrogen-bus"]),
        "record 3 “Solar-powered electrolyser at FH2R”, field “topics”: "
        "unknown topics: hydrogen-bus",
        id="unknown topic",
    ),
    pytest.param(
        "mission_cities.yaml",
        2,
        unknown_topic_in_a_block,
        "record 2 “Bristol”, field “actions, item 2, topics”: unknown topics: hydrogen-bus",
        id="unknown topic inside a block",
    ),
    pytest.param(
        "permitting_guides.yaml",
        2,
        lambda guide: guide.pop("city"),
        "record 2 “Permitting an electrolyser in California”, field “city”: required, but missing",
        id="missing reference",
    ),
    pytest.param(
        "h2_twin_cities.yaml",
        4,
        lambda city: city.pop("country"),
        "record 4 “Aberdeen”, field “country”: This field cannot be blank.",
        id="missing required page field",
    ),
    pytest.param(
        "webinars.yaml",
        1,
        lambda webinar: webinar["agenda"][1].pop("title"),
        "field “agenda”: item 2, title: This field is required.",
        id="missing required block field",
    ),
    pytest.param(
        "partnerships.yaml",
        6,
        lambda partnership: partnership.update(sumary=partnership.pop("summary")),
        "record 6 “Aberdeen and Kobe”, field “sumary”: not a field of a partnership",
        id="misspelt field",
    ),
    pytest.param(
        "partnerships.yaml",
        7,
        lambda partnership: partnership["members"][1].update(city="nuevo-leo"),
        "record 7 “Houston mentoring Nuevo León”, field “members”: no city profile “nuevo-leo”",
        id="unknown city",
    ),
    pytest.param(
        "people.yaml",
        1,
        lambda person: person.update(role="admin"),
        "record 1 “editor”, field “role”: expected one of editor, facilitator, "
        "programme-manager, publisher, staff, found 'admin'",
        id="bad value",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("filename", "number", "edit", "message"), MALFORMED)
def test_a_malformed_record_is_refused_and_nothing_is_written(
    data_copy, filename, number, edit, message
):
    path = data_copy(filename, number, edit)
    before = snapshot()

    with pytest.raises(CommandError) as refused:
        run_load_demo(admin_password=PASSWORD)

    assert str(refused.value).startswith(f"{path}, record {number} ")
    assert message in str(refused.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_file_that_is_not_yaml_is_named(data_copy):
    (loader.DATA_DIR / "webinars.yaml").write_text("- slug: [unclosed\n", encoding="utf-8")
    before = snapshot()

    with pytest.raises(CommandError, match=r"webinars\.yaml is not valid YAML"):
        run_load_demo(admin_password=PASSWORD)

    assert snapshot() == before
