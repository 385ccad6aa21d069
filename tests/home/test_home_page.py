"""The home page: what the hub is, featured content, upcoming webinars, newest cases."""

import datetime
import re

from django.utils import timezone

from hub import models as hub
from tests import factories


def test_empty_home_page(client, home):
    html = client.get("/").content.decode()
    assert "0 cities share" in html
    assert "No webinar is scheduled right now." in html
    assert "No business case has been published yet." in html
    assert len(re.findall(r"<h1[ >]", html)) == 1


def test_home_page_shows_featured_webinars_and_newest_cases(client, home, hub_tree):
    now = timezone.now()
    factories.WebinarPageFactory(
        parent=hub_tree.webinars, title="Hydrogen valleys", start=now + datetime.timedelta(days=3)
    )
    factories.WebinarPageFactory(
        parent=hub_tree.webinars, title="Old webinar", start=now - datetime.timedelta(days=3)
    )
    kobe = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Kobe")
    lyon = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Lyon")
    factories.CityProfilePageFactory(parent=hub_tree.cities, title="Hidden", live=False)
    for n in range(5):
        factories.BusinessCasePageFactory(parent=kobe, title=f"Case {n}")
    home.intro = "Cities learning from cities."
    home.featured = [("page", lyon), ("page", kobe)]
    home.save_revision().publish()

    response = client.get("/")
    html = response.content.decode()
    assert "Cities learning from cities." in html
    assert "2 cities share" in html
    assert "Hydrogen valleys" in html and "Old webinar" not in html
    # The four newest cases, newest first, with their city.
    assert [case.title for case in response.context["newest_cases"]] == [
        "Case 4",
        "Case 3",
        "Case 2",
        "Case 1",
    ]
    assert "Case 0" not in html
    assert "Bus fleet · Kobe" in html
    # Featured pages keep the editor's order and are the specific pages, summary included.
    featured = response.context["featured_pages"]
    assert [page.title for page in featured] == ["Lyon", "Kobe"]
    assert all(isinstance(page, hub.CityProfilePage) for page in featured)
    assert lyon.summary in html


def test_featured_page_that_was_unpublished_is_left_out(client, home, hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Kobe")
    home.featured = [("page", city)]
    home.save_revision().publish()
    city.unpublish()
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["featured_pages"] == []
