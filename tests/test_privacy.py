"""Private pages stay private everywhere: every listing, feed, related list, recommendation
and finder shows a visitor exactly the pages that visitor may open.

Each kind of Wagtail view restriction (password, login, groups) is set on a page, and each
kind of visitor (a guest, a signed-in user, a member of the group, a guest who entered
the password) reads every place that lists pages.
"""

import datetime

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests import factories

PASSWORD = "open-sesame"
SHARED_TOPICS = ["hydrogen-buses", "hydrogen-refuelling", "energy-communities"]

# What each restricted page is called, and who may open it.
RESTRICTED = {
    "Members-only city": {"member"},
    "Password webinar": {"password"},
    "Signed-in webinar": {"signed_in", "member"},
    "Signed-in bus case": {"signed_in", "member"},
    # Under the members-only city: the restriction of an ancestor applies.
    "Refuelling case in the members-only city": {"member"},
}
VISITORS = ["guest", "signed_in", "member", "password"]


def restrict(page, kind, **extra):
    groups = extra.pop("groups", [])
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, **extra)
    restriction.groups.set(groups)
    return restriction


@pytest.fixture
def hub(hub_tree, django_user_model):
    soon = timezone.now() + datetime.timedelta(days=7)
    open_city = factories.CityProfilePageFactory(
        parent=hub_tree.cities,
        title="Open city",
        country="SE",
        topics=SHARED_TOPICS,
        needs=SHARED_TOPICS,
        offers=["district-heating"],
    )
    factories.CityProfilePageFactory(
        parent=hub_tree.cities,
        title="Other open city",
        country="DK",
        topics=["district-heating"],
        needs=["district-heating"],
        offers=["hydrogen-buses"],
    )
    secret = factories.CityProfilePageFactory(
        parent=hub_tree.cities,
        title="Members-only city",
        country="IS",
        topics=SHARED_TOPICS,
        needs=SHARED_TOPICS,
        offers=SHARED_TOPICS,
        maturity="scaling",
    )
    factories.BusinessCasePageFactory(parent=open_city, title="Open bus case", topics=SHARED_TOPICS)
    login_case = factories.BusinessCasePageFactory(
        parent=open_city, title="Signed-in bus case", topics=SHARED_TOPICS
    )
    factories.BusinessCasePageFactory(
        parent=secret,
        title="Refuelling case in the members-only city",
        application="refuelling",
        topics=SHARED_TOPICS,
    )
    factories.WebinarPageFactory(parent=hub_tree.webinars, title="Open webinar", start=soon)
    password_webinar = factories.WebinarPageFactory(
        parent=hub_tree.webinars, title="Password webinar", start=soon, topics=SHARED_TOPICS
    )
    login_webinar = factories.WebinarPageFactory(
        parent=hub_tree.webinars, title="Signed-in webinar", start=soon
    )
    members = Group.objects.create(name="Twinning members")
    restrict(secret, PageViewRestriction.GROUPS, groups=[members])
    password = restrict(password_webinar, PageViewRestriction.PASSWORD, password=PASSWORD)
    restrict(login_webinar, PageViewRestriction.LOGIN)
    restrict(login_case, PageViewRestriction.LOGIN)

    signed_in = django_user_model.objects.create_user("reader", password="pass-for-tests")
    member = django_user_model.objects.create_user("member", password="pass-for-tests")
    member.groups.add(members)

    class Hub:
        tree = hub_tree
        open = open_city
        members_only = secret
        password_restriction = password
        webinar_behind_password = password_webinar
        users = {"signed_in": signed_in, "member": member}

    return Hub


@pytest.fixture(params=VISITORS)
def visitor(request, hub, client):
    """A client for one kind of visitor, and the restricted titles it may see."""
    kind = request.param
    if kind in hub.users:
        client.force_login(hub.users[kind])
    if kind == "password":
        url = reverse(
            "wagtailcore_authenticate_with_password",
            args=[hub.password_restriction.pk, hub.webinar_behind_password.pk],
        )
        response = client.post(url, {"password": PASSWORD, "return_url": "/"})
        assert response.status_code == 302
    may_see = {title for title, who in RESTRICTED.items() if kind in who}
    return kind, client, may_see


def restricted_titles_in(html):
    """The restricted pages named in `html` as a link, a title or a choice."""
    return {title for title in RESTRICTED if f">{title}<" in html}


def check(visitor, url, among=None):
    """The restricted titles the visitor sees at `url` are exactly those they may open
    (of those `among` lists, for places that only ever show some kinds of page)."""
    kind, client, may_see = visitor
    response = client.get(url)
    assert response.status_code == 200, (kind, url, response.status_code)
    expected = may_see if among is None else may_see & among
    assert restricted_titles_in(response.content.decode()) == expected, (kind, url)


WEBINARS = {"Password webinar", "Signed-in webinar"}
CASES = {"Signed-in bus case", "Refuelling case in the members-only city"}
CITIES = {"Members-only city"}


def test_the_home_page(visitor, hub):
    # The home page lists upcoming webinars and the newest cases (and counts cities).
    check(visitor, "/", among=WEBINARS | CASES)
    kind, client, _ = visitor
    count = 3 if kind == "member" else 2
    assert f"{count} cities share" in client.get("/").content.decode()


def test_the_index_pages_with_and_without_filters(visitor, hub):
    check(visitor, hub.tree.cities.url, among=CITIES)
    check(visitor, f"{hub.tree.cities.url}?country=IS", among=CITIES)
    check(visitor, f"{hub.tree.cities.url}?topic=hydrogen-buses", among=CITIES)
    check(visitor, hub.tree.business_cases.url, among=CASES)
    check(visitor, f"{hub.tree.business_cases.url}?topic=hydrogen-buses", among=CASES)
    check(visitor, hub.tree.webinars.url, among=WEBINARS)
    check(visitor, f"{hub.tree.webinars.url}?when=upcoming", among=WEBINARS)


def test_the_webinar_calendar_feed(visitor, hub):
    kind, client, may_see = visitor
    calendar = icalendar.Calendar.from_ical(client.get(reverse("webinar_feed")).content)
    summaries = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert summaries & set(RESTRICTED) == may_see & WEBINARS, kind
    assert "Open webinar" in summaries


def test_a_public_city_page_its_cases_related_pages_and_recommendations(visitor, hub):
    # The open city's page lists its cases, up to four pages related by topic and its
    # recommended partners: never a page the visitor may not open.
    kind, client, may_see = visitor
    html = client.get(hub.open.url).content.decode()
    shown = restricted_titles_in(html)
    assert shown <= may_see, kind
    # Its own cases are all listed; the members-only city mentors it, for members.
    assert ("Signed-in bus case" in shown) == ("Signed-in bus case" in may_see), kind
    assert ("Members-only city" in shown) == (kind == "member"), kind


def test_the_recommendations_api(visitor, hub):
    kind, client, may_see = visitor
    for recommended in ("mentor", "twin"):
        url = reverse("recommendations_api", args=[hub.open.slug]) + f"?kind={recommended}"
        response = client.get(url)
        assert response.status_code == 200
        titles = {result["city"]["title"] for result in response.json()["results"]}
        assert ("Members-only city" in titles) == ("Members-only city" in may_see), kind
    # The members-only city's own recommendations exist only for those who may open it.
    response = client.get(reverse("recommendations_api", args=[hub.members_only.slug]))
    assert response.status_code == (200 if "Members-only city" in may_see else 404), kind


def test_the_partner_finder(visitor, hub):
    check(visitor, reverse("partner_finder"), among=CITIES)
    check(visitor, reverse("partner_finder") + f"?city={hub.open.slug}", among=CITIES)
    kind, client, may_see = visitor
    # Choosing the members-only city by its slug works only for those who may open it.
    response = client.get(reverse("partner_finder") + f"?city={hub.members_only.slug}")
    chosen = "Partners for Members-only city" in response.content.decode()
    assert chosen == ("Members-only city" in may_see), kind


def test_opening_a_restricted_page_directly_is_still_refused(visitor, hub):
    kind, client, may_see = visitor
    response = client.get(hub.members_only.url)
    if "Members-only city" in may_see:
        assert response.status_code == 200
    else:
        # Wagtail asks guests to sign in and refuses signed-in outsiders.
        assert response.status_code in (302, 403)


def test_removing_a_restriction_shows_the_page_again(client, hub):
    assert "Members-only city" not in client.get(hub.tree.cities.url).content.decode()
    PageViewRestriction.objects.filter(page=hub.members_only).delete()
    assert "Members-only city" in client.get(hub.tree.cities.url).content.decode()


def test_a_page_moved_into_a_restricted_section_leaves_the_listings(client, hub, admin_user):
    case = factories.BusinessCasePageFactory(parent=hub.open, title="Moving case")
    assert "Moving case" in client.get(hub.tree.business_cases.url).content.decode()
    case.move(hub.members_only, pos="last-child", user=admin_user)
    assert "Moving case" not in client.get(hub.tree.business_cases.url).content.decode()


def test_search_shows_public_pages_and_picks_only_those_the_visitor_may_open(visitor, hub):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    query = Query.get("webinar")
    SearchPromotion.objects.create(
        query=query, page=hub.webinar_behind_password, description="Editors' pick"
    )
    kind, client, may_see = visitor
    html = client.get(reverse("search:search"), {"q": "webinar"}).content.decode()
    # Search results list public pages; an editor's pick follows the visitor's access.
    assert restricted_titles_in(html) == may_see & {"Password webinar"}, kind


def test_the_described_recommendations_api(visitor, hub):
    kind, client, may_see = visitor
    for recommended in ("mentor", "twin"):
        response = client.get(
            reverse("described_recommendations_api"),
            {"kind": recommended, "needs": ",".join(SHARED_TOPICS), "maturity": "exploring"},
        )
        assert response.status_code == 200
        titles = {result["city"]["title"] for result in response.json()["results"]}
        assert ("Members-only city" in titles) == ("Members-only city" in may_see), kind


def test_next_steps_to_a_restricted_city_are_refused(visitor, hub):
    kind, client, may_see = visitor
    response = client.get(reverse("contact_city", args=[hub.members_only.slug]))
    assert response.status_code == (200 if "Members-only city" in may_see else 404), kind
