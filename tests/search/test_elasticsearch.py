"""The same search against Elasticsearch, when ELASTICSEARCH_URL names a server."""

import os

import pytest
from django.core.management import call_command
from django.test import override_settings

from search.query import HubSearch, SearchOptions

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]

ES_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.elasticsearch9",
        "URLS": [os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")],
        "INDEX": "twinhub-test",
        "TIMEOUT": 10,
        "OPTIONS": {},
        "INDEX_SETTINGS": {},
    }
}


@pytest.fixture
def es_hub(relevance_hub):
    with override_settings(WAGTAILSEARCH_BACKENDS=ES_BACKENDS):
        call_command("update_index", verbosity=0)
        yield relevance_hub


def titles(query, **filters):
    return [page.title for page in HubSearch(SearchOptions(query=query, **filters)).results]


def test_relevance_on_elasticsearch(es_hub):
    assert "Fuel cell bus fleet for city routes" in titles("hydrogen buses")[:3]
    assert {"Gabrovo", "Torino"} <= set(titles("energy community")[:5])
    assert titles("permit refuelling station")[0] == "Permitting a hydrogen refuelling station"
    assert titles("citizen assembly")[0] == "Sarajevo"
    assert titles("umea")[0] == "Umeå"


def test_filters_and_facets_on_elasticsearch(es_hub):
    search = HubSearch(SearchOptions(query="hydrogen", countries=["GB"]))
    assert "Gabrovo" not in [page.title for page in search.results]
    assert search.facets()["country"]["GB"] >= 4


def _database_search(**options):
    """The same search on the database backend: it counts every match in the catalogue."""
    return HubSearch(SearchOptions(**options), backend="database")


@pytest.fixture
def both_backends(es_hub, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        **ES_BACKENDS,
        "database": {"BACKEND": "wagtail.search.backends.database"},
    }
    call_command("update_index", backend_name="database", verbosity=0)
    return es_hub


@pytest.mark.parametrize(
    "options",
    [
        {"query": "hydrogen"},
        {"query": "hydrogen", "countries": ["GB"]},
        {"query": "energy community", "applications": ["production"]},
        {"query": "hydrogen", "types": "city profiles"},
        {"query": "hydrogen", "topics": "hydrogen-buses"},
    ],
)
def test_counts_and_facets_come_from_every_match(both_backends, options):
    from hub.models import CityProfilePage, Topic

    if options.get("types"):
        options = {**options, "types": [CityProfilePage]}
    if options.get("topics"):
        options = {**options, "topics": [Topic.objects.get(slug=options["topics"])]}
    on_elasticsearch = HubSearch(SearchOptions(**options))
    assert on_elasticsearch.sampled
    on_database = _database_search(**options)
    assert on_elasticsearch.count() == on_database.count()
    assert on_elasticsearch.facets() == on_database.facets()


def test_counts_are_not_capped_at_the_sample(es_hub, hub_tree, monkeypatch):
    from search import ranking

    monkeypatch.setattr(ranking, "SAMPLE", 2)
    search = HubSearch(SearchOptions(query="hydrogen"))
    assert search.count() > 2
    assert sum(search.facets()["type"].values()) == search.count()


def test_filters_are_in_the_elasticsearch_query(es_hub):
    from hub.models import Topic
    from search import es_facets

    search = HubSearch(
        SearchOptions(
            query="hydrogen",
            countries=["GB"],
            topics=[Topic.objects.get(slug="hydrogen-buses")],
        )
    )
    request = es_facets.body(search.backend, search.matches[0], search.pages(), search.options)
    filtered = str(request["query"]["bool"]["filter"])
    assert "'GB'" in filtered and str(search.options.topics[0].pk) in filtered
    assert search.count() == len(list(search.results))
