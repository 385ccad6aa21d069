"""Listings and pages run the same number of SQL queries however many rows the hub holds."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub import models as hub
from tests import bulk


def add_webinars(index, count, start=0):
    now = timezone.now()
    pairs = []
    for n in range(start, start + count):
        # Two in three in the past (paged), the rest upcoming (listed in full).
        begins = now + datetime.timedelta(days=n + 1 if n % 3 == 0 else -(n + 1))
        pairs.append(
            (
                index,
                hub.WebinarPage(
                    title=f"Webinar {n}",
                    slug=f"webinar-{n}",
                    summary="A tutorial on hydrogen permitting.",
                    start=begins,
                    end=begins + datetime.timedelta(hours=1),
                    registration_url="https://events.partner.test/register",
                ),
            )
        )
    webinars = bulk.add_pages(pairs)
    topic_ids = list(hub.Topic.objects.order_by("pk").values_list("pk", flat=True)[:6])
    bulk.tag(hub.PageTopic, webinars, topic_ids)
    return webinars


def query_count(client, url):
    client.get(url)  # fill per-process caches (the site's root paths) first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


@pytest.fixture
def urls(hub_tree):
    cities = bulk.add_cities(hub_tree.cities, 10)
    add_webinars(hub_tree.webinars, 10)
    city = hub.CityProfilePage.objects.get(pk=cities[0].pk)
    return {
        "home page": "/",
        "city index": hub_tree.cities.url,
        "city page": city.url,
        "business case index": hub_tree.business_cases.url,
        "business case page": hub.BusinessCasePage.objects.child_of(city).get().url,
        "permitting index": hub_tree.permitting.url,
        "permitting guide page": hub.PermittingGuidePage.objects.child_of(city).get().url,
        "webinar index": hub_tree.webinars.url,
        "webinar page": hub.WebinarPage.objects.order_by("path").first().url,
        "filtered city index": f"{hub_tree.cities.url}?topic=renewable-energy&country=SE",
        "filtered business case index": f"{hub_tree.business_cases.url}?application=bus-fleet",
        "last page of business cases": f"{hub_tree.business_cases.url}?page=999",
    }


def test_query_count_does_not_grow_with_rows(client, hub_tree, urls):
    with_10 = {name: query_count(client, url) for name, url in urls.items()}

    bulk.add_cities(hub_tree.cities, 190, start=10)
    add_webinars(hub_tree.webinars, 190, start=10)
    assert hub.CityProfilePage.objects.live().count() == 200
    with_200 = {name: query_count(client, url) for name, url in urls.items()}

    grown = {
        name: (len(with_10[name]), len(with_200[name]))
        for name in urls
        if len(with_200[name]) != len(with_10[name])
    }
    details = "\n\n".join(f"{name}:\n" + "\n".join(with_200[name]) for name in grown)
    assert not grown, f"query counts (10 cities, 200 cities): {grown}\n{details}"


def test_listings_show_a_full_page_of_rows(client, hub_tree):
    bulk.add_cities(hub_tree.cities, 45)
    content = client.get(hub_tree.cities.url).content.decode()
    assert content.count('class="card__title"') == 20
    assert "Page 1 of 3" in content
