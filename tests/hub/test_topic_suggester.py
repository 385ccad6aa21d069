"""GET /api/topics/suggest/: topics from a city's own words, from the vocabulary and the
hub's own pages."""

import pytest
from wagtail.models import PageViewRestriction

from hub.models import Topic
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/topics/suggest/"


def suggest(client, **params):
    return client.get(URL, params)


def slugs(response):
    return [topic["slug"] for topic in response.json()["topics"]]


def test_a_paragraph_gives_its_topics_best_first(client):
    text = (
        "Our council wants to replace its diesel buses with fuel cell buses, and we do not "
        "know which permits a refuelling station needs."
    )
    response = suggest(client, text=text)
    assert response.status_code == 200
    topics = response.json()["topics"]
    assert len(topics) <= 5
    assert {"hydrogen-buses", "hydrogen-refuelling", "permitting"} <= set(slugs(response))
    assert set(topics[0]) == {"slug", "name", "score"}
    scores = [topic["score"] for topic in topics]
    assert scores == sorted(scores, reverse=True)
    assert topics[0]["name"] == Topic.objects.get(slug=topics[0]["slug"]).name


def test_stems_and_synonyms_match(client):
    # "retrofitting" is a synonym of deep renovation; "communities" stems to "community".
    assert slugs(suggest(client, text="retrofitting flats"))[0] == "building-renovation"
    assert "energy-communities" in slugs(suggest(client, text="renewable energy communities"))


def test_limit(client):
    text = "hydrogen buses trucks refuelling ports storage production industry safety"
    assert len(slugs(suggest(client, text=text, limit=2))) == 2
    assert len(slugs(suggest(client, text=text))) == 5


def test_words_about_nothing_suggest_nothing(client):
    assert slugs(suggest(client, text="the weather was nice yesterday")) == []


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "text must describe a challenge"),
        ({"text": "   "}, "text must describe a challenge"),
        ({"text": "buses", "limit": "many"}, "limit must be a whole number from 1 to 20"),
        ({"text": "buses", "limit": "0"}, "limit must be a whole number from 1 to 20"),
        ({"text": "buses", "limit": "21"}, "limit must be a whole number from 1 to 20"),
    ],
)
def test_bad_parameters_answer_400(client, params, message):
    response = suggest(client, **params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_the_hubs_own_pages_teach_it_their_words(client, hub_tree):
    # No topic's name or synonyms say "trolleybus"; a case tagged with clean public
    # transport does, so the word now suggests that topic.
    assert "public-transport" not in slugs(suggest(client, text="trolleybus overhead wires"))
    factories.BusinessCasePageFactory(
        parent=factories.CityProfilePageFactory(parent=hub_tree.cities),
        title="Trolleybus lines with overhead wires",
        summary="Electric trolleybuses replace diesel on four routes.",
        topics=["public-transport"],
    )
    assert slugs(suggest(client, text="trolleybus overhead wires"))[0] == "public-transport"


def test_private_pages_teach_it_nothing(client, hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities)
    PageViewRestriction.objects.create(page=city, restriction_type=PageViewRestriction.LOGIN)
    factories.BusinessCasePageFactory(
        parent=city,
        title="Trolleybus lines with overhead wires",
        topics=["public-transport"],
    )
    assert "public-transport" not in slugs(suggest(client, text="trolleybus overhead wires"))


def test_an_editors_new_synonym_counts_at_once(client):
    assert slugs(suggest(client, text="geothermal wells")) == []
    topic = Topic.objects.get(slug="district-heating")
    topic.synonyms = [*topic.synonyms, "geothermal"]
    topic.save()
    assert slugs(suggest(client, text="geothermal wells"))[0] == "district-heating"
