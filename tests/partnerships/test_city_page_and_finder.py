"""Where people see recommendations: the city page section and the partner finder."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def test_city_page_lists_its_partnerships_and_recommended_partners(client, world):
    html = client.get("/cities/aberdeen/").content.decode()
    assert "Partnerships" in html
    assert 'href="/partnerships/h2-twin-cities/aberdeen-kobe/"' in html
    assert "Kobe</a> (sibling city)" in html
    assert "Recommended partners" in html
    # Leeds and Bergen need the hydrogen buses Aberdeen offers.
    assert "Leeds wants to learn Hydrogen bus fleets, which you can share." in html
    section = html.split("Recommended partners", 1)[1]
    assert "Bergen" in section and "Leeds" in section


def test_mentor_reason_in_plain_words(client, world):
    html = client.get("/cities/leeds/").content.decode()
    assert "Aberdeen has experience with Hydrogen bus fleets, which you want to learn." in html
    # Who teaches whom, and how strong the match is, in words rather than numbers.
    assert "They teach" in html
    assert "match" in html.split("Aberdeen</a>", 1)[0].rsplit('class="card"', 1)[1]


def test_city_page_query_count_does_not_grow_with_partnerships(client, world):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cities/aberdeen/").status_code == 200
        return len(captured)

    client.get("/cities/aberdeen/")  # warm the corpus and site caches
    before = count()
    for other in (world.bergen, world.leeds, world.oslo):
        factories.PartnershipPageFactory(
            parent=world.programme,
            kind="mentor-mentee",
            members=[(world.aberdeen, "mentor"), (other, "mentee")],
        )
    client.get("/cities/aberdeen/")
    assert count() == before
    html = client.get("/cities/aberdeen/").content.decode()
    assert html.count('class="card__type">Mentor–mentee · Mentor') == 3


def test_finder_form_shows_for_a_first_visit(client, world):
    response = client.get("/search/partners/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Find partner cities" in html
    assert "Partners for" not in html


def test_finder_for_a_city(client, world):
    html = client.get("/search/partners/", {"city": "bergen"}).content.decode()
    assert "<title>Partners for Bergen · TwinHub</title>" in html
    # The results come first: their heading before the form.
    assert html.index("Partners for Bergen</h1>") < html.index('id="finder-form"')
    assert "Aberdeen has experience with Hydrogen bus fleets, which you want to learn." in html
    assert html.count('id="kind-') == 3


def test_finder_for_a_visitor_describing_itself(client, world):
    params = {
        "needs": ["hydrogen-ports"],
        "offers": ["cycling"],
        "maturity": "exploring",
        "country": "IT",
    }
    html = client.get("/search/partners/", params).content.decode()
    assert "Partners for your city" in html
    assert (
        "Kobe has experience with Hydrogen in ports and shipping, which you want to learn." in html
    )
    assert 'href="/cities/kobe/"' in html


def test_finder_applies_a_programme_rule(client, world):
    params = {
        "needs": ["hydrogen-buses"],
        "maturity": "exploring",
        "country": "GB",
        "programme": "h2-twin-cities",
    }
    html = client.get("/search/partners/", params).content.decode()
    mentors = html.split("Mentors:", 1)[1].split("Mentees:", 1)[0]
    assert "Aberdeen" not in mentors  # same country as the visitor
    assert "Kobe" in mentors


@pytest.mark.parametrize(
    "params, message",
    [
        ({"maturity": "planning"}, "tick at least one topic"),
        ({"needs": ["cycling"], "population": "-5"}, "greater than or equal to 1"),
        ({"needs": ["cycling"], "latitude": "95"}, "less than or equal to 90"),
        ({"city": "bergen", "needs": ["cycling"]}, "Choose your city or describe it, not both"),
        ({"city": "atlantis"}, "Select a valid choice"),
        (
            {"needs": ["no-such-topic"], "maturity": "planning", "country": "IT"},
            "Select a valid choice",
        ),
    ],
)
def test_finder_explains_bad_input(client, world, params, message):
    response = client.get("/search/partners/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Partners for" not in html


@pytest.mark.parametrize(
    "params",
    [{"city": "bergen"}, {"text": "hydrogen buses", "needs": ["cycling"], "country": "IT"}],
)
def test_finder_query_count_does_not_grow_with_cities(client, world, params):
    def count():
        client.get("/search/partners/", params)  # warm the corpus after any change
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/partners/", params).status_code == 200
        return len(captured)

    before = count()
    for _ in range(15):
        factories.CityProfilePageFactory(
            parent=world.tree.cities,
            country="FR",
            maturity="scaling",
            offers=["hydrogen-buses", "cycling"],
            needs=["district-heating"],
        )
    assert count() == before


def test_the_twins_heading_says_similar_stage_only_when_true(client, world):
    # Leeds is exploring; its twins include Oslo (piloting) and Aberdeen (scaling).
    html = client.get("/search/partners/", {"city": "leeds"}).content.decode()
    heading = html.split('id="kind-twin">', 1)[1].split("</h2>", 1)[0]
    assert heading.startswith("Twins: cities to learn from and teach in turn")
    assert "similar stage" not in heading
    assert "A very different stage: Scaling, you are at Exploring." in html
