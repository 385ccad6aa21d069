"""GET /api/recommendations/<city-slug>/: shape, order, reasons and errors."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def get(client, slug, **params):
    return client.get(f"/api/recommendations/{slug}/", params)


def test_mentors_for_a_city_best_first_with_reasons(client, world):
    response = get(client, "leeds", kind="mentor")
    assert response.status_code == 200
    data = response.json()
    assert data["city"] == {"slug": "leeds", "title": "Leeds", "country": "GB"}
    assert data["kind"] == "mentor"
    # Everyone further along who offers hydrogen buses; equal scores in title order.
    assert [r["city"]["slug"] for r in data["results"]] == ["aberdeen", "kobe", "oslo"]
    first = data["results"][0]
    assert first["city"] == {
        "slug": "aberdeen",
        "title": "Aberdeen",
        "country": "GB",
        "url": "/cities/aberdeen/",
        "maturity": "scaling",
    }
    assert first["reasons"] == [
        {
            "topic": "hydrogen-buses",
            "topic_name": "Hydrogen bus fleets",
            "theirs": "offers",
            "yours": "needs",
            "weight": first["reasons"][0]["weight"],
        }
    ]
    # Every number that moved the score is explained: Aberdeen is further along (no
    # change), and both have 120,000 people (similar size, a tenth more).
    assert [(f["factor"], f["effect"]) for f in first["factors"]] == [
        ("maturity", 1.0),
        ("size", 1.1),
    ]
    assert "Similar size: 120,000 and 120,000 people." in first["factors"][1]["sentence"]
    assert first["score"] == round(first["reasons"][0]["weight"] * 1.1, 6)
    assert first["strength"] == "strong match"
    assert isinstance(first["score"], float) and first["score"] > 0


def test_existing_partner_is_left_out(client, world):
    slugs = [r["city"]["slug"] for r in get(client, "aberdeen", kind="twin").json()["results"]]
    assert "kobe" not in slugs
    assert "aberdeen" not in slugs


def test_limit_and_default_kind(client, world):
    data = get(client, "leeds", limit=1).json()
    assert data["kind"] == "mentor"
    assert len(data["results"]) == 1


@pytest.mark.parametrize(
    "params, message",
    [
        ({"kind": "friend"}, "kind must be one of mentor, mentee, twin"),
        ({"limit": "ten"}, "limit must be a whole number from 1 to 50"),
        ({"limit": "0"}, "limit must be a whole number from 1 to 50"),
        ({"limit": "51"}, "limit must be a whole number from 1 to 50"),
    ],
)
def test_bad_parameters_answer_400(client, world, params, message):
    response = get(client, "leeds", **params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_unknown_city_answers_404(client, world):
    response = get(client, "atlantis")
    assert response.status_code == 404
    assert response.json() == {"error": "No published city has the slug 'atlantis'."}


def test_unpublished_city_is_unknown(client, world):
    world.oslo.unpublish()
    assert get(client, "oslo").status_code == 404
    slugs = [r["city"]["slug"] for r in get(client, "leeds").json()["results"]]
    assert "oslo" not in slugs


def test_new_city_appears_without_waiting_for_the_cache(client, world):
    get(client, "leeds")
    factories.CityProfilePageFactory(
        parent=world.tree.cities,
        slug="abu-dhabi",
        title="Abu Dhabi",
        country="AE",
        maturity="scaling",
        offers=["hydrogen-buses"],
    )
    slugs = [r["city"]["slug"] for r in get(client, "leeds").json()["results"]]
    assert "abu-dhabi" in slugs


def test_query_count_does_not_grow_with_cities(client, world):
    def queries():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert get(client, "leeds", limit=50).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(15):
        factories.CityProfilePageFactory(
            parent=world.tree.cities,
            country="FR",
            maturity="scaling",
            offers=["hydrogen-buses"],
            needs=["cycling"],
        )
    assert queries() == before
    with CaptureQueriesContext(connection) as warm:
        get(client, "leeds", limit=50)
    assert len(warm) <= 1


def test_changed_needs_show_at_once(client, world):
    assert get(client, "leeds").json()["results"]
    leeds = world.leeds
    leeds.needs.set([])
    leeds.save_revision().publish()
    assert get(client, "leeds").json()["results"] == []


# A city described by its parameters: GET /api/recommendations/?…


def described(client, **params):
    return client.get("/api/recommendations/", params)


def test_a_described_city_gets_the_same_shape_with_no_city(client, world):
    response = described(
        client, kind="mentor", needs="hydrogen-buses", maturity="exploring", country="IT"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["city"] is None
    assert data["kind"] == "mentor"
    assert [r["city"]["slug"] for r in data["results"]] == ["aberdeen", "kobe", "oslo"]
    first = data["results"][0]
    assert set(first) == {"city", "score", "strength", "share", "reasons", "factors"}
    assert first["reasons"][0]["topic"] == "hydrogen-buses"
    assert first["factors"][0]["factor"] == "maturity"


def test_size_and_climate_from_the_parameters_move_the_score(client, world):
    world.kobe.latitude = Decimal("34.7")
    world.kobe.save_revision().publish()
    plain = described(client, kind="mentor", needs="hydrogen-ports").json()["results"][0]
    alike = described(
        client, kind="mentor", needs="hydrogen-ports", population=110_000, latitude=35.1
    ).json()["results"][0]
    assert plain["city"]["slug"] == alike["city"]["slug"] == "kobe"
    assert {f["factor"] for f in alike["factors"]} == {"maturity", "size", "climate"}
    assert alike["score"] == round(plain["score"] * 1.1 * 1.1, 6)


def test_text_adds_the_suggested_topics_to_the_needs(client, world):
    data = described(
        client, kind="mentor", text="We want hydrogen buses in our port", maturity="exploring"
    ).json()
    suggested = [topic["slug"] for topic in data["suggested_topics"]]
    assert "hydrogen-buses" in suggested
    assert "kobe" in [r["city"]["slug"] for r in data["results"]]


def test_an_empty_answer_says_why(client, world):
    data = described(client, kind="mentee", needs="cycling").json()
    assert data["results"] == []
    assert data["why_none"]["code"] == "no-offers"
    assert "Add a topic you can share" in data["why_none"]["remedy"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"kind": "friend", "needs": "cycling"}, "kind must be one of mentor, mentee, twin"),
        ({"limit": "0", "needs": "cycling"}, "limit must be a whole number from 1 to 50"),
        ({"needs": "cycling", "maturity": "hopeful"}, "maturity must be one of exploring"),
        ({"needs": "cycling", "country": "ZZ"}, "country must be an ISO 3166 two-letter code"),
        ({"needs": "cycling,flying-cars"}, "needs has unknown topics: flying-cars"),
        ({"offers": "teleporting"}, "offers has unknown topics: teleporting"),
        ({"needs": "cycling", "population": "lots"}, "population must be a number"),
        ({"needs": "cycling", "latitude": "91"}, "latitude must be a number from -90 to 90"),
        ({"needs": "cycling", "programme": "nope"}, "No published programme has the slug"),
        ({"kind": "twin"}, "Describe the city: give needs, offers or text."),
    ],
)
def test_bad_descriptions_answer_400(client, world, params, message):
    response = described(client, **params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_a_programmes_rules_apply_to_a_described_city(client, world):
    data = described(
        client,
        needs="hydrogen-buses",
        country="GB",
        maturity="exploring",
        programme="h2-twin-cities",
    ).json()
    assert "aberdeen" not in [r["city"]["slug"] for r in data["results"]]
