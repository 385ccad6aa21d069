"""The search page as a reader uses it: relevance, accents, synonyms, facets, pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import NoResultQuery
from search.query import HubSearch, SearchOptions
from tests import factories

pytestmark = pytest.mark.django_db


def titles(query, **filters):
    return [page.title for page in HubSearch(SearchOptions(query=query, **filters)).results]


def result_titles(response):
    return re.findall(r'class="search-result__title"><a href="[^"]*">([^<]*)</a>', response.text)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("umea", "Umeå"), ("UMEA", "Umeå"), ("Umeå", "Umeå"), ("reykjavik", "Reykjavík")],
)
def test_accents_and_capitals_do_not_matter(relevance_hub, query, expected):
    assert titles(query)[0] == expected


def test_topic_synonyms_find_tagged_pages(relevance_hub):
    assert {"Gabrovo", "Torino"} <= set(titles("REC"))
    assert "Fuel cell bus fleet for city routes" in titles("FCEB")[:3]


def test_a_topic_named_in_the_query_widens_it_to_its_synonyms(relevance_hub, hub_tree):
    # This page never says "energy community", but it says "shared solar", a synonym.
    factories.BusinessCasePageFactory(
        parent=relevance_hub.torino,
        title="Shared solar on school roofs",
        summary="Parents and teachers buy shares in shared solar panels.",
        application="other",
    )
    assert "Shared solar on school roofs" in titles("energy communities")


def test_no_page_with_every_word_falls_back_to_any_word(relevance_hub, client):
    response = client.get("/search/", {"q": "how to permit a hydrogen refuelling station quickly"})
    assert response.status_code == 200
    assert result_titles(response)[0] == "Permitting a hydrogen refuelling station"
    assert "No page has all of your words" in response.text


def test_pages_missing_one_word_come_before_pages_with_any_word(hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Harbour town")
    factories.PermittingGuidePageFactory(parent=city, title="Walrus and penguin survey")
    factories.PermittingGuidePageFactory(parent=city, title="Walrus census")
    factories.PermittingGuidePageFactory(parent=city, title="Penguin colony")

    three_words = HubSearch(SearchOptions(query="walrus penguin zebra"))
    assert [page.title for page in three_words.results] == ["Walrus and penguin survey"]
    assert three_words.relaxed

    two_words = HubSearch(SearchOptions(query="walrus zebra"))
    assert sorted(page.title for page in two_words.results) == [
        "Walrus and penguin survey",
        "Walrus census",
    ]
    assert two_words.relaxed

    # With a filter, the relaxed match is ranked over the pages the filter allows.
    guides = HubSearch(
        SearchOptions(query="penguin zebra", types=[factories.hub.PermittingGuidePage])
    )
    assert sorted(page.title for page in guides.results) == [
        "Penguin colony",
        "Walrus and penguin survey",
    ]
    assert guides.facets()["type"] == {"hub.PermittingGuidePage": 2}


def test_text_and_filters_combine_and_filters_survive_a_new_query(relevance_hub, client):
    response = client.get("/search/", {"q": "hydrogen", "type": "hub.BusinessCasePage"})
    assert set(result_titles(response)) == {
        "Fuel cell bus fleet for city routes",
        "Hydrogen refuse trucks",
    }
    # The query form carries the chosen filter, so searching again keeps it.
    assert '<input type="hidden" name="type" value="hub.BusinessCasePage">' in response.text
    response = client.get("/search/", {"q": "trucks", "type": "hub.BusinessCasePage"})
    assert result_titles(response) == ["Hydrogen refuse trucks"]
    # Facet links keep the query text.
    assert 'href="?q=trucks&amp;type=hub.BusinessCasePage&amp;topic=hydrogen-trucks"' in (
        response.text
    )


def test_topic_country_and_application_filters(relevance_hub):
    topic = factories.hub.Topic.objects.get(slug="energy-communities")
    assert set(titles("", topics=[topic])) == {"Gabrovo", "Torino"}
    assert titles("energy", topics=[topic], countries=["IT"]) == ["Torino"]
    assert set(titles("hydrogen", countries=["GB"])) >= {
        "Permitting a hydrogen refuelling station",
        "Hydrogen refuse trucks",
    }
    assert titles("hydrogen", applications=["trucks"]) == ["Hydrogen refuse trucks"]


def test_facet_counts_follow_the_query(relevance_hub):
    facets = HubSearch(SearchOptions(query="hydrogen")).facets()
    assert facets["type"]["hub.BusinessCasePage"] == 2
    assert facets["type"]["hub.PermittingGuidePage"] == 1
    assert "hub.CityProfilePage" in facets["type"]
    assert facets["country"]["GB"] >= 4
    assert "IT" not in facets["country"]
    assert facets["topic"]["hydrogen-trucks"] == 1
    assert "citizen-assemblies" not in facets["topic"]

    narrower = HubSearch(SearchOptions(query="citizen assembly")).facets()
    assert narrower == {
        "type": {"hub.CityProfilePage": 1},
        "topic": {"citizen-assemblies": 1, "district-heating": 1, "low-emission-zones": 1},
        "country": {"BA": 1},
    }


def test_a_facet_keeps_counting_its_other_values_when_one_is_chosen(relevance_hub):
    search = HubSearch(SearchOptions(query="hydrogen", countries=["BG"]))
    assert [page.title for page in search.results] == ["Gabrovo"]
    facets = search.facets()
    assert facets["country"]["GB"] >= 4  # still offered, with its count
    assert facets["type"] == {"hub.CityProfilePage": 1}


def test_a_filter_that_leaves_nothing_still_shows_where_the_matches_are(relevance_hub):
    search = HubSearch(SearchOptions(query="geothermal", countries=["BG"]))
    assert search.count() == 0
    assert search.facets()["country"] == {"IS": 1}


def test_results_show_type_city_topics_and_marked_excerpt(relevance_hub, client):
    response = client.get("/search/", {"q": "refuelling"})
    text = response.text
    assert 'Permitting guide · <a href="/cities/aberdeen/">Aberdeen</a> · United Kingdom' in text
    assert "<mark>refuelling</mark> station" in text
    assert 'href="/search/?topic=hydrogen-refuelling"' in text


def test_excerpt_is_escaped(relevance_hub, client):
    factories.WebinarPageFactory(
        parent=relevance_hub.webinar.get_parent(),
        title="Escaping test",
        summary="Bring <script>alert(1)</script> to the electrolyser session.",
    )
    response = client.get("/search/", {"q": "electrolyser"})
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; to the <mark>electrolyser</mark>" in (
        response.text
    )


def test_results_are_paginated(hub_tree, client):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Paged city")
    for n in range(23):
        factories.PermittingGuidePageFactory(
            parent=city, title=f"Electrolyser permit {n}", summary="An electrolyser permit."
        )
    first = client.get("/search/", {"q": "electrolyser"})
    assert "23 results" in first.text
    assert len(result_titles(first)) == 10
    assert "Page 1 of 3" in first.text
    last = client.get("/search/", {"q": "electrolyser", "page": 3})
    assert len(result_titles(last)) == 3
    assert not set(result_titles(first)) & set(result_titles(last))


def test_page_links_keep_the_search_and_a_missing_page_says_what_is_shown(hub_tree, client):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Paged city")
    for n in range(23):
        factories.PermittingGuidePageFactory(
            parent=city, title=f"Electrolyser permit {n}", summary="An electrolyser permit."
        )
    search = {"q": "electrolyser", "type": "hub.PermittingGuidePage"}
    first = client.get("/search/", search)
    assert 'href="?q=electrolyser&amp;type=hub.PermittingGuidePage&amp;page=2"' in first.text
    assert "showing the" not in first.text

    second = client.get("/search/", {**search, "page": 2})
    assert 'href="?q=electrolyser&amp;type=hub.PermittingGuidePage&amp;page=3"' in second.text
    # Facet links start again from the first page.
    assert 'href="?q=electrolyser&amp;type=hub.PermittingGuidePage&amp;topic=' not in second.text
    assert 'href="?q=electrolyser&amp;type=hub.PermittingGuidePage&amp;country=' in second.text
    assert "&amp;page=2&amp;country=" not in second.text

    junk = client.get("/search/", {**search, "page": "abc"})
    assert "The page number in the address was not valid: showing the first page." in junk.text
    assert len(result_titles(junk)) == 10
    past = client.get("/search/", {**search, "page": 99})
    assert "There are only 3 pages of results: showing the last one." in past.text
    assert len(result_titles(past)) == 3


def test_clearing_filters_keeps_the_words(relevance_hub, client):
    response = client.get("/search/", {"q": "hydrogen", "country": "GB", "page": "2"})
    assert '<a href="?q=hydrogen">Clear all filters</a>' in response.text


def test_results_page_does_not_query_per_result(hub_tree, client):
    captured_last = []

    def queries_for_results(count):
        # The first search after pages change rebuilds the search catalogue, once.
        client.get("/search/", {"q": "electrolyser"})
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": "electrolyser"})
        captured_last[:] = captured.captured_queries
        assert len(result_titles(response)) == count
        return len(captured)

    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Query city")

    def add_pages(n):
        # One of each type per round, so only the number of results grows.
        factories.PermittingGuidePageFactory(
            parent=city, title=f"Electrolyser permit {n}", topics=["permitting"]
        )
        factories.BusinessCasePageFactory(
            parent=city,
            title=f"Electrolyser case {n}",
            topics=["hydrogen-production"],
            application="production",
        )
        factories.WebinarPageFactory(
            parent=hub_tree.webinars, title=f"Electrolyser webinar {n}", topics=["permitting"]
        )

    add_pages(0)
    few = queries_for_results(3)
    for n in range(1, 4):
        add_pages(n)
    many = queries_for_results(10)
    assert many == few, "\n".join(q["sql"][:120] for q in captured_last)


def test_browsing_a_topic_without_words(relevance_hub, client):
    response = client.get("/search/", {"topic": "citizen-assemblies"})
    assert result_titles(response) == ["Sarajevo"]


def test_no_results_suggests_spellings_and_topics(relevance_hub, client):
    response = client.get("/search/", {"q": "hydrogne busses"})
    assert "Nothing found for “hydrogne busses”" in response.text
    assert '<a href="?q=hydrogen+buses">hydrogen buses</a>' in response.text
    assert 'href="/search/?topic=hydrogen-buses"' in response.text
    assert NoResultQuery.objects.get(query_string="hydrogne busses").hits == 1


def test_searches_are_counted_for_editors(relevance_hub, client):
    client.get("/search/", {"q": "Hydrogen buses"})
    client.get("/search/", {"q": "hydrogen buses"})
    client.get("/search/", {"q": "zzzqqq"})
    client.get("/search/", {"q": "zzzqqq"})
    assert Query.get("hydrogen buses").hits == 2
    assert NoResultQuery.objects.get(query_string="zzzqqq").hits == 2
    assert not NoResultQuery.objects.filter(query_string="hydrogen buses").exists()


def test_editors_pick_comes_first(relevance_hub, client):
    SearchPromotion.objects.create(
        query=Query.get("hydrogen"),
        page=relevance_hub.webinar,
        description="Start here: the safety webinar.",
        sort_order=0,
    )
    text = client.get("/search/", {"q": "Hydrogen"}).text
    promoted = text.index("Start here: the safety webinar.")
    assert promoted < text.index('<ol class="search-results"')


def test_autocomplete_offers_titles_and_topics(relevance_hub, client):
    data = client.get("/search/autocomplete/", {"q": "hydrogen re"}).json()
    assert "Hydrogen refuse trucks" in [item["title"] for item in data["titles"]]
    assert "hydrogen-refuelling" in [item["slug"] for item in data["topics"]]
    labels = {item["title"]: item["type_label"] for item in data["titles"]}
    assert labels["Hydrogen refuse trucks"] == "Business case"
    assert {item["type_label"] for item in data["topics"]} == {"Topic"}
    data = client.get("/search/autocomplete/", {"q": "ume"}).json()
    assert [item["title"] for item in data["titles"]] == ["Umeå"]
    # Each suggestion says what it is, for people, beside the API's type name.
    assert data["titles"][0]["type"] == "hub.CityProfilePage"
    assert data["titles"][0]["type_label"] == "City"
    assert client.get("/search/autocomplete/", {"q": ""}).json()["titles"] == []


def test_page_works_without_javascript_and_loads_the_script(relevance_hub, client):
    response = client.get("/search/", {"q": "hydrogen"})
    assert (
        '<form class="search-form" role="search" aria-label="Search the hub" method="get" '
        'action="/search/">'
    ) in response.text
    assert '<script src="/static/js/search.js" defer></script>' in response.text
    assert "<script>" not in response.text


def test_json_api(relevance_hub, client):
    data = client.get("/api/search/", {"q": "refuelling", "type": "hub.PermittingGuidePage"}).json()
    assert set(data) == {"query", "total", "page", "results", "facets"}
    assert data["query"] == "refuelling"
    assert data["total"] == 1
    assert data["page"] == 1
    assert data["results"] == [
        {
            "title": "Permitting a hydrogen refuelling station",
            "url": "http://localhost/cities/aberdeen/refuelling-permit/",
            "type": "hub.PermittingGuidePage",
            "city": "Aberdeen",
            "topics": ["hydrogen-refuelling", "hydrogen-safety", "permitting"],
            "excerpt": "The permits, authorities and timelines behind a public hydrogen "
            "refuelling station.",
        }
    ]
    assert data["facets"]["type"]["hub.CityProfilePage"] == 1  # the type facet ignores type
    assert data["facets"]["topic"]["permitting"] == 1
    assert data["facets"]["country"] == {"GB": 1}
