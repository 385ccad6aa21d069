"""GET /api/recommendations/<city-slug>/: shape, order, reasons and errors."""

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
            "topic_name": first["reasons"][0]["topic_name"],
            "theirs": "offers",
            "yours": "needs",
            "weight": first["score"],
        }
    ]
    assert first["reasons"][0]["topic_name"]
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
