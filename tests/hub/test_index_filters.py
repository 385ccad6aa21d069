"""Index pages: filters in the query string, pagination, and bad values that never break them."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from hub.models import BusinessCasePage, CityProfilePage
from tests import bulk, factories

BAD_VALUES = [
    "topic=no-such-topic",
    "country=ZZ",
    "application=nope",
    "maturity=legendary",
    "topic=%00",
    "country=%00",
    "application=bus%00fleet",
    "topic=" + "x" * 5000,
    "country=" + "Z" * 5000,
    "topic=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "page=-1",
    "page=0",
    "page=abc",
    "page=%00",
    f"page={10**9}",
    "page=" + "9" * 5000,
]


def titles(response):
    return re.findall(r'class="card__title"><a href="[^"]*">([^<]+)</a>', response.content.decode())


def messages_shown(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def content(hub_tree):
    """Three cities in three countries with a business case and a permitting guide each."""
    umea = factories.CityProfilePageFactory(
        parent=hub_tree.cities,
        title="Umeå",
        country="SE",
        maturity="scaling",
        offers=["district-heating"],
        needs=["hydrogen-buses"],
    )
    lyon = factories.CityProfilePageFactory(
        parent=hub_tree.cities,
        title="Lyon",
        country="FR",
        maturity="planning",
        offers=["hydrogen-buses"],
        topics=["heat-pumps"],
    )
    kobe = factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Kobe", country="JP", maturity="piloting"
    )
    factories.BusinessCasePageFactory(
        parent=umea, title="Umeå buses", application="bus-fleet", topics=["hydrogen-buses"]
    )
    factories.BusinessCasePageFactory(
        parent=lyon, title="Lyon hospital", application="hospital", topics=["heat-pumps"]
    )
    factories.BusinessCasePageFactory(
        parent=kobe, title="Kobe port", application="port", topics=["hydrogen-buses"]
    )
    factories.PermittingGuidePageFactory(
        parent=umea, title="Umeå station", application="refuelling", topics=["heat-pumps"]
    )
    factories.PermittingGuidePageFactory(
        parent=kobe, title="Kobe electrolyser", application="production"
    )
    now = timezone.now()
    factories.WebinarPageFactory(
        parent=hub_tree.webinars, title="Heat pump tutorial", topics=["heat-pumps"]
    )
    factories.WebinarPageFactory(
        parent=hub_tree.webinars,
        title="Bus fleet exchange",
        topics=["hydrogen-buses"],
        start=now - datetime.timedelta(days=30),
    )
    return hub_tree


@pytest.mark.parametrize(
    ("index", "query", "expected"),
    [
        ("cities", "", ["Kobe", "Lyon", "Umeå"]),
        ("cities", "country=SE", ["Umeå"]),
        ("cities", "maturity=piloting", ["Kobe"]),
        # A city matches a topic it offers, needs or is tagged with.
        ("cities", "topic=hydrogen-buses", ["Lyon", "Umeå"]),
        ("cities", "topic=heat-pumps", ["Lyon"]),
        ("cities", "topic=district-heating&topic=heat-pumps", ["Lyon", "Umeå"]),
        ("cities", "topic=hydrogen-buses&country=FR", ["Lyon"]),
        ("business_cases", "application=hospital", ["Lyon hospital"]),
        ("business_cases", "country=JP", ["Kobe port"]),
        ("business_cases", "topic=hydrogen-buses", ["Kobe port", "Umeå buses"]),
        ("business_cases", "topic=hydrogen-buses&country=SE", ["Umeå buses"]),
        ("permitting", "application=production", ["Kobe electrolyser"]),
        ("permitting", "country=SE", ["Umeå station"]),
        ("permitting", "topic=heat-pumps", ["Umeå station"]),
        ("webinars", "topic=heat-pumps", ["Heat pump tutorial"]),
        ("webinars", "", ["Bus fleet exchange", "Heat pump tutorial"]),
    ],
)
def test_filters(client, content, index, query, expected):
    response = client.get(f"{getattr(content, index).url}?{query}")
    assert response.status_code == 200
    assert sorted(titles(response)) == expected
    assert not response.context["filterset"].errors


@pytest.mark.parametrize("index", ["cities", "business_cases", "permitting", "webinars"])
def test_bad_values_are_ignored_with_a_message(client, content, index):
    url = getattr(content, index).url
    everything = sorted(titles(client.get(url)))
    for query in BAD_VALUES:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200, query
        assert sorted(titles(response)) == everything, query
        html = response.content.decode()
        assert "<script>alert(1)" not in html
        field = query.partition("=")[0]
        if field == "page":
            assert messages_shown(response), query
        elif field in response.context["filterset"].form.fields:
            assert field in response.context["filterset"].errors, query
            assert "Some filter values were not recognised and have been ignored" in html


def test_a_bad_value_leaves_the_other_filters_working(client, content):
    response = client.get(f"{content.business_cases.url}?application=nope&country=JP")
    assert titles(response) == ["Kobe port"]
    assert "application" in response.context["filterset"].errors


@pytest.fixture
def many_cities(hub_tree):
    bulk.add_cities(hub_tree.cities, 45)
    return hub_tree.cities


def test_pagination_has_twenty_per_page(client, many_cities):
    pages = [titles(client.get(f"{many_cities.url}?page={n}")) for n in (1, 2, 3)]
    assert [len(page) for page in pages] == [20, 20, 5]
    assert len({title for page in pages for title in page}) == 45
    assert "Page 2 of 3" in client.get(f"{many_cities.url}?page=2").content.decode()


def test_page_past_the_end_shows_the_last_page(client, many_cities):
    last = client.get(f"{many_cities.url}?page=3")
    response = client.get(f"{many_cities.url}?page={10**9}")
    assert response.status_code == 200
    assert titles(response) == titles(last)
    assert messages_shown(response) == ["There are only 3 pages of results: showing the last one."]


@pytest.mark.parametrize("page", ["-1", "0", "abc", "%00", "1e3"])
def test_invalid_page_number_shows_the_first_page(client, many_cities, page):
    first = client.get(many_cities.url)
    response = client.get(f"{many_cities.url}?page={page}")
    assert titles(response) == titles(first)
    assert "The page number in the address was not valid" in response.content.decode()


def test_pagination_links_keep_the_filters(client, many_cities):
    response = client.get(f"{many_cities.url}?country=SE&maturity=exploring")
    # 45 cities: country and maturity rotate over 12 and 4 values, so both match 4 of them.
    assert len(titles(response)) == 4
    bulk.add_cities(many_cities, 100, start=45)
    html = client.get(f"{many_cities.url}?maturity=exploring").content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?maturity=exploring&amp;page=2"' in html


def test_moving_a_case_to_another_city_updates_listings(client, content, admin_user):
    case = BusinessCasePage.objects.get(title="Kobe port")
    lyon = CityProfilePage.objects.get(title="Lyon")
    case.move(lyon, pos="last-child", user=admin_user)
    case = BusinessCasePage.objects.get(pk=case.pk)
    assert case.city_id == lyon.pk
    response = client.get(f"{content.business_cases.url}?country=FR")
    assert sorted(titles(response)) == ["Kobe port", "Lyon hospital"]
    assert "Port and shipping · Lyon, France" in response.content.decode()


def test_the_country_filter_offers_the_countries_that_have_cities(client, content):
    response = client.get(content.cities.url)
    html = response.content.decode()
    assert '<option value="SE">Sweden</option>' in html
    assert '<option value="FR">France</option>' in html
    assert ">Brazil</option>" not in html


def test_the_country_choices_follow_publishing_and_restrictions(client, hub_tree, content):
    def choices():
        html = client.get(hub_tree.cities.url).content.decode()
        select = re.search(r'<select name="country".*?</select>', html, re.S).group(0)
        return re.findall(r'<option value="([A-Z]{2})"', select)

    assert choices() == ["FR", "JP", "SE"]
    bergen = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Bergen", country="NO")
    bergen.save_revision().publish()
    assert "NO" in choices()
    PageViewRestriction.objects.create(page=bergen, restriction_type=PageViewRestriction.LOGIN)
    assert "NO" not in choices()
    PageViewRestriction.objects.filter(page=bergen).delete()
    bergen.unpublish()
    assert "NO" not in choices()
