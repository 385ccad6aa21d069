"""Related content by shared topics, and the webinars' lists and calendar files."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from tests import factories


def related_titles(response):
    return [page.title for page in response.context["related_pages"]]


@pytest.fixture
def pages(hub_tree):
    city = factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Aberdeen", topics=["hydrogen-buses", "heat-pumps"]
    )
    other_city = factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Namie", topics=["hydrogen-production"]
    )
    return {
        "city": city,
        "case": factories.BusinessCasePageFactory(
            parent=city, title="Bus fleet", topics=["hydrogen-buses", "heat-pumps"]
        ),
        "guide": factories.PermittingGuidePageFactory(
            parent=other_city, title="Station permit", topics=["hydrogen-buses"]
        ),
        "webinar": factories.WebinarPageFactory(
            parent=hub_tree.webinars, title="Bus webinar", topics=["hydrogen-buses", "heat-pumps"]
        ),
        "draft": factories.WebinarPageFactory(
            parent=hub_tree.webinars, title="Draft webinar", topics=["hydrogen-buses"], live=False
        ),
        "unrelated": other_city,
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Most shared topics first, then the oldest page; never the page itself or drafts.
        ("city", ["Bus fleet", "Bus webinar", "Station permit"]),
        ("case", ["Aberdeen", "Bus webinar", "Station permit"]),
        ("guide", ["Aberdeen", "Bus fleet", "Bus webinar"]),
        ("webinar", ["Aberdeen", "Bus fleet", "Station permit"]),
    ],
)
def test_content_pages_show_related_content_by_shared_topics(client, pages, name, expected):
    response = client.get(pages[name].url)
    assert related_titles(response) == expected
    html = response.content.decode()
    assert "Related by topic" in html
    section = html[html.index("Related by topic") :]
    for title in expected:
        assert title in section
    assert "Draft webinar" not in html
    assert "Namie</a></h3>" not in section


def test_page_without_shared_topics_shows_no_related_section(client, pages):
    response = client.get(pages["unrelated"].url)
    assert related_titles(response) == []
    assert "Related by topic" not in response.content.decode()


def test_related_content_costs_no_query_per_page(client, hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, topics=["heat-pumps"])
    factories.CityProfilePageFactory(parent=hub_tree.cities, topics=["heat-pumps"])

    def count():
        client.get(city.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(city.url)
        return len(queries), len(response.context["related_pages"])

    one = count()
    for _ in range(3):
        factories.CityProfilePageFactory(parent=hub_tree.cities, topics=["heat-pumps"])
    four = count()
    assert (one[1], four[1]) == (1, 4)
    assert one[0] == four[0]


@pytest.fixture
def webinars(hub_tree):
    now = timezone.now().replace(microsecond=0)
    upcoming = factories.WebinarPageFactory(
        parent=hub_tree.webinars,
        title="Hydrogen valleys",
        start=now + datetime.timedelta(days=10),
        timezone="Asia/Tokyo",
    )
    past = factories.WebinarPageFactory(
        parent=hub_tree.webinars,
        title="Permitting electrolysers",
        start=now - datetime.timedelta(days=10),
        recording_url="https://video.partner.test/recording",
    )
    draft = factories.WebinarPageFactory(parent=hub_tree.webinars, title="Not yet", live=False)
    return {"upcoming": upcoming, "past": past, "draft": draft}


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_webinar_calendar_file(client, webinars):
    webinar = webinars["upcoming"]
    response = client.get(f"{webinar.url}calendar/")
    assert "attachment" in response["Content-Disposition"]
    found = events(response)
    assert list(found) == ["Hydrogen valleys"]
    event = found["Hydrogen valleys"]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start.tzinfo is not None and end.tzinfo is not None
    assert start == webinar.start
    assert end == webinar.start + datetime.timedelta(hours=1, minutes=30)
    assert str(event["url"]).endswith(webinar.url)
    # Registration is on TwinHub: the event links back to the webinar's page.
    assert f"Details and registration: {webinar.full_url}" in str(event["description"])


def test_webinar_feed_lists_every_published_webinar(client, webinars):
    found = events(client.get("/webinars/feed.ics"))
    assert sorted(found) == ["Hydrogen valleys", "Permitting electrolysers"]
    for name in ("upcoming", "past"):
        webinar = webinars[name]
        event = found[webinar.title]
        assert event.decoded("dtstart") == webinar.start
        assert event.decoded("dtend") == webinar.end
    uids = {str(event["uid"]) for event in found.values()}
    assert len(uids) == 2
    # Past webinars do not invite readers to register.
    assert "Register" not in str(found["Permitting electrolysers"].get("description", ""))


def test_webinar_index_lists_upcoming_and_past(client, webinars, hub_tree):
    response = client.get(hub_tree.webinars.url)
    assert [w.title for w in response.context["upcoming"]] == ["Hydrogen valleys"]
    assert [w.title for w in response.context["items"]] == ["Permitting electrolysers"]
    html = response.content.decode()
    upcoming, past = html.split('id="past-heading"')
    assert "Hydrogen valleys" in upcoming and "Registration open" in upcoming
    tokyo = webinars["upcoming"].start.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert f"{tokyo:%H:%M}</time> (Asia/Tokyo)" in upcoming
    assert "Permitting electrolysers" in past and "Recording available" in past
    assert "Not yet" not in html


def test_webinar_page_shows_local_time_and_the_right_actions(client, webinars):
    upcoming = webinars["upcoming"]
    html = client.get(upcoming.url).content.decode()
    local = upcoming.start.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert local.strftime("%H:%M") in html
    assert "(Asia/Tokyo)" in html
    assert 'id="register-heading"' in html and "registration-form" in html
    assert f'href="{upcoming.url}calendar/"' in html

    past = webinars["past"]
    past_html = client.get(past.url).content.decode()
    assert "registration-form" not in past_html
    assert "Add to calendar" not in past_html and f"{past.url}calendar/" not in past_html
    assert 'href="https://video.partner.test/recording"' in past_html


def test_city_page_lists_its_own_published_cases_and_guides(client, hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Aberdeen")
    other = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Kobe")
    factories.BusinessCasePageFactory(parent=city, title="Hydrogen buses")
    factories.BusinessCasePageFactory(parent=city, title="Unfinished case", live=False)
    factories.BusinessCasePageFactory(parent=other, title="Kobe port")
    factories.PermittingGuidePageFactory(parent=city, title="Refuelling permit")
    factories.PermittingGuidePageFactory(parent=other, title="Kobe permit")
    html = client.get(city.url).content.decode()
    cases = html[html.index('id="cases-heading"') : html.index('id="guides-heading"')]
    assert "Hydrogen buses" in cases
    assert "Unfinished case" not in html
    assert "Kobe port" not in cases
    guides = html[html.index('id="guides-heading"') :]
    assert "Refuelling permit" in guides
    assert "Kobe permit" not in guides


def test_webinar_index_shows_the_next_upcoming_and_pages_through_all_of_them(client, hub_tree):
    now = timezone.now()
    for n in range(13):
        begins = now + datetime.timedelta(days=n + 1)
        factories.WebinarPageFactory(
            parent=hub_tree.webinars,
            title=f"Upcoming {n:02d}",
            start=begins,
            end=begins + datetime.timedelta(hours=1),
            topics=["permitting"],
        )
    index = client.get(hub_tree.webinars.url)
    assert [w.title for w in index.context["upcoming"]] == [f"Upcoming {n:02d}" for n in range(10)]
    assert 'when=upcoming">All upcoming webinars</a>' in index.content.decode()

    everything = client.get(hub_tree.webinars.url, {"when": "upcoming", "topic": "permitting"})
    assert [w.title for w in everything.context["items"]] == [
        f"Upcoming {n:02d}" for n in range(13)
    ]
    html = everything.content.decode()
    assert "Past webinars" not in html
    assert 'href="?topic=permitting">Back to upcoming and past webinars' in html
