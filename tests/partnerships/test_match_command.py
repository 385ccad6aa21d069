"""match_cities: the round from the command line, as JSON or CSV."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("match_cities", *args, stdout=out)
    return out.getvalue()


def test_json_pairs_with_scores_and_reasons(world):
    data = json.loads(
        run(
            "--applicants",
            "leeds,bergen",
            "--hosts",
            "aberdeen,kobe",
            "--capacity",
            "1",
            "--kind",
            "mentor",
        )
    )
    pairs = {pair["applicant"]: pair for pair in data["pairs"]}
    assert set(pairs) == {"leeds", "bergen"}
    # Bergen needs buses and refuelling, which Aberdeen offers both of; Leeds takes Kobe.
    assert pairs["bergen"]["host"] == "aberdeen"
    assert pairs["leeds"]["host"] == "kobe"
    assert {r["topic"] for r in pairs["bergen"]["reasons"]} == {
        "hydrogen-buses",
        "hydrogen-refuelling",
    }
    assert data["unmatched"] == []
    assert data["total_score"] == round(sum(p["score"] for p in data["pairs"]), 6)


def test_programme_rules_and_unmatched_reasons(world):
    data = json.loads(
        run(
            "--applicants",
            "leeds",
            "--hosts",
            "aberdeen",
            "--kind",
            "mentor",
            "--programme",
            "h2-twin-cities",
        )
    )
    assert data["pairs"] == []
    [leeds] = data["unmatched"]
    assert leeds["applicant"] == "leeds" and leeds["why"] == "programme rule"
    assert "pairs cities of different countries only" in leeds["reason"]


def test_csv_output(world):
    rows = list(
        csv.reader(
            StringIO(
                run(
                    "--applicants",
                    "leeds,oslo",
                    "--hosts",
                    "aberdeen",
                    "--capacity",
                    "1",
                    "--kind",
                    "mentor",
                    "--format",
                    "csv",
                )
            )
        )
    )
    assert rows[0] == ["applicant", "host", "score", "reasons", "factors", "unmatched_because"]
    assert len(rows) == 3
    # Refuelling is rarer than buses, so Oslo (needs refuelling) beats Leeds (needs buses).
    [paired] = [row for row in rows[1:] if row[1]]
    assert paired[:2] == ["oslo", "aberdeen"]
    assert "Hydrogen refuelling stations (host offers, applicant needs" in paired[3]
    assert "Aberdeen is further along" in paired[4]
    [unmatched] = [row for row in rows[1:] if row[5]]
    assert unmatched[0] == "leeds"
    assert unmatched[5].startswith("Every host that shares a topic with Leeds is full: Aberdeen")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--applicants", "leeds,atlantis", "--hosts", "kobe"], "atlantis"),
        (["--applicants", "leeds", "--hosts", "kobe", "--capacity", "0"], "at least 1"),
        (["--applicants", "leeds", "--hosts", "kobe", "--programme", "nope"], "No programme"),
    ],
)
def test_errors(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
