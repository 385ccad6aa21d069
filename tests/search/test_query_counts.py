"""What the search page's extras cost in queries: promotions, facets, suggestions and the
query log each take a fixed number, however many promotions, facet values, topics or
logged queries there are (the number of results is covered in test_search_page.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search import query_log
from search.models import NoResultQuery
from tests import factories

pytestmark = pytest.mark.django_db

COUNTRIES = ["SE", "IS", "BG", "IT", "BA", "PL", "DK", "JP"]
TOPICS = [
    "energy-communities",
    "renewable-energy",
    "district-heating",
    "citizen-assemblies",
    "public-transport",
    "hydrogen-buses",
    "hydrogen-refuelling",
    "permitting",
]


def queries(client, params):
    """The queries of a search, once the process has caught up with the pages (its
    first search after a change reads them, once), with the page it answered."""
    client.get("/search/", params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return len(captured), response


def add_cities(hub_tree, start, count, word="geothermal"):
    """Cities with the word, each in its own country with its own topics (new facet
    values), and a guide each (a second type)."""
    for n in range(start, start + count):
        city = factories.CityProfilePageFactory(
            parent=hub_tree.cities,
            title=f"City {n}",
            summary=f"A city that heats with {word} wells.",
            country=COUNTRIES[n % len(COUNTRIES)],
            offers=[TOPICS[n % len(TOPICS)]],
            topics=[TOPICS[(n + 1) % len(TOPICS)]],
        )
        factories.PermittingGuidePageFactory(
            parent=city, title=f"Drilling {word} wells {n}", topics=[TOPICS[(n + 2) % len(TOPICS)]]
        )


def test_facets_cost_the_same_with_more_values(hub_tree, client):
    add_cities(hub_tree, 0, 1)
    few, response = queries(client, {"q": "geothermal"})
    assert response.text.count('class="facet"') == 4  # type, topic, country, application
    add_cities(hub_tree, 1, 7)
    many, response = queries(client, {"q": "geothermal"})
    assert "Japan" in response.text  # the eighth country is counted and shown
    assert many == few


def test_promotions_cost_the_same_however_many(hub_tree, client):
    add_cities(hub_tree, 0, 4)
    query = Query.get("geothermal")
    pages = list(factories.CityProfilePageFactory._meta.model.objects.order_by("pk"))

    def promote(page, order):
        SearchPromotion.objects.create(
            query=query, page=page, description=f"Pick {order}", sort_order=order
        )

    promote(pages[0], 0)
    one, response = queries(client, {"q": "geothermal"})
    assert "Pick 0" in response.text
    for order, page in enumerate(pages[1:], start=1):
        promote(page, order)
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/wells",
        external_link_text="Wells elsewhere",
        sort_order=9,
    )
    several, response = queries(client, {"q": "geothermal"})
    assert "Pick 3" in response.text and "Wells elsewhere" in response.text
    assert several == one


def test_suggestions_cost_the_same_with_more_pages_and_topics(hub_tree, client):
    add_cities(hub_tree, 0, 1)
    few, response = queries(client, {"q": "geothermel"})
    assert "Did you mean" in response.text
    add_cities(hub_tree, 1, 7, word="geothermal")
    add_cities(hub_tree, 8, 4, word="aquifer")
    many, response = queries(client, {"q": "geothermel"})
    assert "Did you mean" in response.text
    assert many == few


def test_the_query_log_costs_the_same_however_many_queries_are_logged(hub_tree, client):
    add_cities(hub_tree, 0, 2)
    first, _ = queries(client, {"q": "geothermal"})
    for n in range(20):
        client.get("/search/", {"q": f"geothermal {n}"})
        client.get("/search/", {"q": f"nothing like this {n}"})
    again, _ = queries(client, {"q": "geothermal"})
    assert again == first
    assert Query.get("geothermal").hits >= 4


def test_the_query_log_is_written_in_the_same_queries_for_any_number_of_searches(
    hub_tree, client, settings
):
    add_cities(hub_tree, 0, 1)
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600

    def flushed(n):
        for k in range(n):
            client.get("/search/", {"q": f"geothermal {k % 5}"})
            client.get("/search/", {"q": f"qqqzzz{k}"})
        with CaptureQueriesContext(connection) as captured:
            query_log.flush()
        return len(captured)

    one = flushed(1)
    assert Query.get("geothermal 0").hits == 1
    many = flushed(20)
    assert many == one
    assert Query.get("geothermal 0").hits == 5  # once, then four more times in twenty
    assert NoResultQuery.objects.get(query_string="qqqzzz0").hits == 2
    assert NoResultQuery.objects.filter(query_string__startswith="qqqzzz").count() == 20
