"""import_cities: create or update published profiles from CSV or JSON, all or nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from hub.models import CityProfilePage

pytestmark = pytest.mark.django_db

HEADER = "name,country,population,maturity,target_year,offers,needs,motivation\n"
GOOD = (
    HEADER
    + "Jyväskylä,FI,147000,piloting,2030,district-heating;circular-economy,citizen-engagement,"
    "To learn how Mission Cities govern climate work.\n"
    + "Vilnius,LT,600000,planning,,district-heating,building-renovation;climate-governance,\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(path, *args):
    from io import StringIO

    out = StringIO()
    call_command("import_cities", str(path), *args, stdout=out)
    return out.getvalue()


def test_csv_creates_published_profiles(hub_tree, tmp_path):
    output = run(write(tmp_path, "cities.csv", GOOD))
    assert "Imported: 2 created, 0 updated, 0 unchanged." in output
    city = CityProfilePage.objects.get(slug="jyvaskyla")
    assert city.live and city.get_parent().specific == hub_tree.cities
    assert city.title == "Jyväskylä" and city.country.code == "FI"
    assert city.population == 147000 and city.target_year == 2030
    assert city.maturity == "piloting"
    assert sorted(t.slug for t in city.offers.all()) == ["circular-economy", "district-heating"]
    assert [t.slug for t in city.needs.all()] == ["citizen-engagement"]
    assert city.motivation.startswith("To learn")
    assert CityProfilePage.objects.get(slug="vilnius").target_year is None


def test_reimporting_the_same_file_changes_nothing(hub_tree, tmp_path):
    path = write(tmp_path, "cities.csv", GOOD)
    run(path)
    revisions = {p.slug: p.latest_revision_id for p in CityProfilePage.objects.all()}
    output = run(path)
    assert "Imported: 0 created, 0 updated, 2 unchanged." in output
    assert {p.slug: p.latest_revision_id for p in CityProfilePage.objects.all()} == revisions


def test_json_updates_an_existing_city(hub_tree, tmp_path):
    run(write(tmp_path, "cities.csv", GOOD))
    records = [
        {
            "name": "Vilnius",
            "country": "LT",
            "population": 610000,
            "maturity": "piloting",
            "offers": ["district-heating", "public-transport"],
            "needs": "building-renovation",
        }
    ]
    output = run(write(tmp_path, "update.json", json.dumps(records)))
    assert "Update Vilnius (row 1): population 600000 → 610000" in output
    assert "Imported: 0 created, 1 updated, 0 unchanged." in output
    vilnius = CityProfilePage.objects.get(slug="vilnius")
    assert vilnius.population == 610000 and vilnius.maturity == "piloting"
    assert sorted(t.slug for t in vilnius.offers.all()) == ["district-heating", "public-transport"]


def test_dry_run_reports_and_writes_nothing(hub_tree, tmp_path):
    output = run(write(tmp_path, "cities.csv", GOOD), "--dry-run")
    assert "Would create Jyväskylä (row 1)" in output
    assert "Dry run, nothing written: 2 created, 0 updated, 0 unchanged." in output
    assert not CityProfilePage.objects.exists()


@pytest.mark.parametrize(
    "row, message",
    [
        (",FI,1,planning,,,,", "row 2, field name: a name is required"),
        ("Atlantis,XX,1,planning,,,,", "row 2, field country: unknown country 'XX'"),
        ("Atlantis,,1,planning,,,,", "row 2, field country: a country code is required"),
        ("Atlantis,GR,1,thriving,,,,", "row 2, field maturity: 'thriving' is not one of"),
        (
            "Atlantis,GR,1,planning,,warp-drives,,",
            "row 2, field offers: unknown topic 'warp-drives'",
        ),
        (
            "Atlantis,GR,1,planning,,,time-travel,",
            "row 2, field needs: unknown topic 'time-travel'",
        ),
        ("Atlantis,GR,many,planning,,,,", "row 2, field population: 'many' is not a whole number"),
        ("Atlantis,GR,1,planning,2100,,,", "row 2, field target_year: 2100 is not between"),
        ("Jyväskylä,FI,1,planning,,,,", "row 2, field name: 'Jyväskylä' repeats row 1"),
        (
            "Atlantis,GR,99999999999999999999,planning,,,,",
            "row 2, field population: 99999999999999999999 is not between 0 and 2147483647",
        ),
        ("Atlantis,GR,-5,planning,,,,", "row 2, field population: -5 is not between 0 and"),
        (
            "Atlan\x00tis,GR,1,planning,,,,",
            "row 2, field name: 'Atlan\\x00tis' contains the control character U+0000",
        ),
        (
            "Atlantis,GR,1,planning,,,,Sunk\x01 below the waves",
            "row 2, field motivation: 'Sunk\\x01 below the waves' contains the control "
            "character U+0001",
        ),
    ],
)
def test_any_bad_row_aborts_the_whole_import(hub_tree, tmp_path, row, message):
    path = write(
        tmp_path,
        "cities.csv",
        GOOD.splitlines(keepends=True)[0] + GOOD.splitlines()[1] + "\n" + row + "\n",
    )
    with pytest.raises(CommandError) as error:
        run(path)
    assert "Nothing imported" in str(error.value)
    assert message in str(error.value)
    assert not CityProfilePage.objects.exists()


def test_json_values_out_of_range_or_with_nul_are_reported(hub_tree, tmp_path):
    records = [
        {"name": "Big\u0000city", "country": "GR", "population": 99999999999999999999},
        {"name": "Huge", "country": "GR", "population": "9" * 5000},
        {"name": "Tiny", "country": "G\u0000R", "population": 1.5},
    ]
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, "cities.json", json.dumps(records)))
    text = str(error.value)
    assert "row 1, field name: 'Big\\x00city' contains the control character U+0000" in text
    assert "row 1, field population: 99999999999999999999 is not between 0 and" in text
    # A number too long to print whole is shortened in the report.
    assert "row 2, field population: '99999999999999999999…' is not a whole number" in text
    assert "row 3, field country: 'G\\x00R' contains the control character U+0000" in text
    assert "row 3, field population: '1.5' is not a whole number" in text
    assert not CityProfilePage.objects.exists()


def test_every_problem_is_listed_at_once(hub_tree, tmp_path):
    path = write(tmp_path, "bad.csv", HEADER + ",XX,1,planning,,,,\nRome,IT,1,big,,,,\n")
    with pytest.raises(CommandError) as error:
        run(path)
    text = str(error.value)
    assert "3 problem(s)" in text
    assert "row 1, field name" in text and "row 1, field country" in text
    assert "row 2, field maturity" in text


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("cities.xlsx", "x", "use a .csv or .json file"),
        ("cities.json", "{not json", "is not valid JSON"),
        ("cities.json", '{"towns": []}', "must hold a list of cities"),
    ],
)
def test_unreadable_files(hub_tree, tmp_path, name, text, message):
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, name, text))


def test_a_number_too_long_for_json_is_reported(hub_tree, tmp_path):
    text = '[{"name": "Huge", "country": "GR", "population": ' + "9" * 5000 + "}]"
    with pytest.raises(CommandError, match="is not valid JSON"):
        run(write(tmp_path, "cities.json", text))


def test_missing_file(hub_tree, tmp_path):
    with pytest.raises(CommandError, match="No file at"):
        run(tmp_path / "nowhere.csv")
