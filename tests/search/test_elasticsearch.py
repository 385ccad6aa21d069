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
