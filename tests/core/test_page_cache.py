"""Anonymous visitors get pages from the page cache; every change shows at once, and no
one is ever given a page they may not open or a page rendered for someone else."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from hub import models as hub
from partnerships.models import PartnershipMember
from tests import factories

PASSWORD = "rooftop-solar"  # noqa: S105


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def city(cities):
    return cities.bristol


def test_a_second_anonymous_visit_is_served_from_the_cache(client, city, django_assert_num_queries):
    first = client.get(city.url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(city.url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "Last-Modified" in second
    assert "public" in second["Cache-Control"] and "max-age=0" in second["Cache-Control"]
    # Security headers stay on cached pages.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_each_query_string_is_its_own_page(client, hub_tree, cities):
    everyone = client.get(hub_tree.cities.url)
    swedish = client.get(hub_tree.cities.url, {"country": "BG"})
    assert "Bristol" in everyone.text and "Gabrovo" in everyone.text
    assert "Gabrovo" in swedish.text and "Bristol" not in swedish.text


def test_an_unchanged_page_is_revalidated_without_a_body(client, city):
    etag = client.get(city.url)["ETag"]
    again = client.get(city.url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_a_publish_is_visible_at_once(client, hub_tree, city):
    assert "Bristol" in client.get(city.url).text
    client.get(hub_tree.business_cases.url)

    city.title = "Bristol, City of"
    city.save_revision().publish()
    assert "Bristol, City of" in client.get(city.url).text

    case = factories.BusinessCasePageFactory(parent=city, title="Harbour heat network")
    assert "Harbour heat network" in client.get(hub_tree.business_cases.url).text

    case.unpublish()
    assert "Harbour heat network" not in client.get(hub_tree.business_cases.url).text
    assert client.get(case.url).status_code == 404


def test_a_draft_is_not_shown_and_keeps_the_cached_page(client, city, django_assert_num_queries):
    client.get(city.url)
    city.title = "Draft title"
    city.save_revision()
    with django_assert_num_queries(0):
        assert "Draft title" not in client.get(city.url).text


def test_moving_and_deleting_pages_show_at_once(client, hub_tree, cities):
    case = factories.BusinessCasePageFactory(parent=cities.bristol, title="Tidal energy pilot")
    old_url = case.url
    assert client.get(old_url).status_code == 200
    case.move(cities.gabrovo, pos="last-child")
    case.refresh_from_db()
    moved = client.get(old_url)  # the old address leads to the new one at once
    assert moved.status_code == 301 and moved["Location"] == case.url
    assert client.get(case.url).status_code == 200

    assert "Gabrovo" in client.get(hub_tree.cities.url).text
    cities.gabrovo.delete()
    assert "Gabrovo" not in client.get(hub_tree.cities.url).text


def test_a_topic_edit_shows_at_once(client, hub_tree):
    topic = hub.Topic.objects.get(slug="renewable-energy")
    city = factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Aarhus", offers=["renewable-energy"]
    )
    assert topic.name in client.get(city.url).text
    topic.name = "Wind, sun and water power"
    topic.save()
    assert "Wind, sun and water power" in client.get(city.url).text


def test_a_partnership_change_shows_at_once(client, hub_tree, cities):
    factories.PartnershipPageFactory(
        parent=hub_tree.partnerships,
        title="Bristol and Gabrovo",
        members=[(cities.bristol, "mentor"), (cities.gabrovo, "mentee")],
    )
    assert "Bristol and Gabrovo" in client.get(cities.gabrovo.url).text
    PartnershipMember.objects.filter(city=cities.gabrovo).delete()
    assert "Bristol and Gabrovo" not in client.get(cities.gabrovo.url).text


def test_a_page_made_private_is_never_served_from_the_cache(client, city):
    assert "Bristol" in client.get(city.url).text  # cached while public
    PageViewRestriction.objects.create(
        page=city, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    response = client.get(city.url)
    assert 'name="password"' in response.text
    assert "What Bristol can share" not in response.text


def test_a_private_page_opened_by_one_visitor_is_not_served_to_another(client, city):
    restriction = PageViewRestriction.objects.create(
        page=city, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, city.pk])
    client.post(url, {"password": PASSWORD, "return_url": city.url})
    assert "What Bristol can share" in client.get(city.url).text
    assert "What Bristol can share" in client.get(city.url).text

    stranger = type(client)()
    for _ in range(2):
        response = stranger.get(city.url)
        assert "What Bristol can share" not in response.text


def test_a_page_behind_a_sign_in_is_not_kept_for_anonymous_visitors(
    client, city, django_user_model
):
    PageViewRestriction.objects.create(page=city, restriction_type=PageViewRestriction.LOGIN)
    reader = django_user_model.objects.create_user("reader", password="pass-for-tests")
    signed_in = type(client)()
    signed_in.force_login(reader)
    assert "What Bristol can share" in signed_in.get(city.url).text
    assert client.get(city.url).status_code == 302


def test_a_signed_in_visitor_is_never_served_a_cached_page(client, city, django_user_model):
    anonymous = client.get(city.url)
    assert "Sign in" in anonymous.text
    reader = django_user_model.objects.create_user("reader", password="pass-for-tests")
    signed_in = type(client)()
    signed_in.force_login(reader)
    response = signed_in.get(city.url)
    assert "Signed in as <strong>reader</strong>" in response.text
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
    # ... and what a signed-in visitor saw is never kept for anyone else.
    assert "Signed in as" not in type(client)().get(city.url).text


def test_pages_with_a_form_that_posts_are_not_kept(client, home):
    programme = factories.ProgrammePageFactory(parent=home)
    form_page = factories.ApplicationFormPageFactory(parent=programme)
    first = client.get(form_page.url)
    assert 'name="csrfmiddlewaretoken"' in first.text
    assert "ETag" not in first
    second = type(client)().get(form_page.url)
    assert "ETag" not in second


def test_a_cached_search_still_counts_in_the_query_reports(client, cities, settings):
    from wagtail.contrib.search_promotions.models import Query

    from search import query_log
    from search.models import NoResultQuery

    settings.SEARCH_LOG_FLUSH_SECONDS = 3600
    for _ in range(3):
        client.get("/search/", {"q": "bristol"})
        client.get("/search/", {"q": "zzzqqq"})
    # Rendered once, then twice from the cache: all three counted in memory till the flush.
    assert Query.get("bristol").hits == 0
    query_log.flush()
    assert Query.get("bristol").hits == 3
    assert NoResultQuery.objects.get(query_string="zzzqqq").hits == 3


def test_an_editors_pick_shows_at_once(client, cities):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    client.get("/search/", {"q": "bristol"})
    SearchPromotion.objects.create(
        query=Query.get("bristol"), page=cities.gabrovo, description="Twin of Bristol"
    )
    assert "Twin of Bristol" in client.get("/search/", {"q": "bristol"}).text


def test_api_lists_are_kept_and_follow_publishing(client, cities, django_assert_num_queries):
    url = "/api/v2/pages/?type=hub.CityProfilePage&fields=*"
    assert {item["title"] for item in client.get(url).json()["items"]} == {"Bristol", "Gabrovo"}
    with django_assert_num_queries(0):
        client.get(url)
    cities.gabrovo.unpublish()
    assert {item["title"] for item in client.get(url).json()["items"]} == {"Bristol"}
