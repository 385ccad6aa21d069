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
    assert "They want to learn Hydrogen bus fleets, which you can share." in html
    section = html.split("Recommended partners", 1)[1]
    assert "Bergen" in section and "Leeds" in section


def test_mentor_reason_in_plain_words(client, world):
    html = client.get("/cities/leeds/").content.decode()
    assert "They share Hydrogen bus fleets, which you want to learn." in html


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
    assert "Partners for Bergen" in html
    assert "They share Hydrogen bus fleets, which you want to learn." in html
    assert html.count("<h3>") >= 3


def test_finder_for_a_visitor_describing_itself(client, world):
    params = {
        "needs": ["hydrogen-ports"],
        "offers": ["cycling"],
        "maturity": "exploring",
        "country": "IT",
    }
    html = client.get("/search/partners/", params).content.decode()
    assert "Partners for Your city" in html
    assert "They share Hydrogen in ports and shipping, which you want to learn." in html
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
        ({"needs": ["cycling"]}, "Say how far along your city is."),
        ({"needs": ["cycling"], "maturity": "planning"}, "Choose your country."),
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
