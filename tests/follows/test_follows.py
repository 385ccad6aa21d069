"""Following topics, cities and programmes: the weekly digest, its unsubscribe link, and
the Atom feeds advertised on the pages."""

import datetime
import re
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from follows import digest
from follows.models import DigestDelivery, Follow
from hub.models import Topic
from tests import factories

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user(
        "gabrovo-officer", email="officer@gabrovo.test", password="pass-for-tests"
    )


@pytest.fixture
def programme(hub_tree, cities):
    programme = factories.ProgrammePageFactory(
        parent=hub_tree.partnerships, title="H2 Twin Cities", slug="h2-twin-cities"
    )
    programme.member_cities.add(cities.gabrovo)
    programme.save_revision().publish()
    return programme


def published(factory, **kwargs):
    """A page as publishing leaves it: with the time it was first published."""
    kwargs.setdefault("first_published_at", timezone.now())
    return factory(**kwargs)


def run(command):
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_signed_in_person_follows_from_the_pages(client, officer, cities, programme):
    city_html = client.get(cities.bristol.url).text
    assert "Sign in to follow Bristol" in city_html
    client.force_login(officer)
    assert "Follow Bristol" in client.get(cities.bristol.url).text
    for kind, target in (
        ("page", cities.bristol.pk),
        ("page", programme.pk),
        ("topic", "permitting"),
    ):
        response = client.post(
            "/follows/toggle/",
            {"kind": kind, "target": target, "action": "follow", "next": cities.bristol.url},
        )
        assert response.status_code == 302 and response["Location"] == cities.bristol.url
    # Following twice keeps one follow.
    client.post("/follows/toggle/", {"kind": "topic", "target": "permitting"})
    assert Follow.objects.filter(user=officer).count() == 3
    assert "Stop following Bristol" in client.get(cities.bristol.url).text
    topic_page = client.get("/search/", {"topic": "permitting"}).text
    assert "Stop following Streamlined permitting" in topic_page
    listing = client.get("/follows/").text
    assert (
        "Bristol" in listing and "H2 Twin Cities" in listing and "Streamlined permitting" in listing
    )

    client.post(
        "/follows/toggle/", {"kind": "page", "target": cities.bristol.pk, "action": "unfollow"}
    )
    assert Follow.objects.filter(user=officer).count() == 2
    # What cannot be followed is refused with a message, and nothing changes.
    wrong = client.post("/follows/toggle/", {"kind": "page", "target": "99999999"}, follow=True)
    assert "That is not a topic, city or programme you can follow." in wrong.text
    assert client.post("/follows/toggle/", {"kind": "topic", "target": "nope"}).status_code == 302
    assert Follow.objects.filter(user=officer).count() == 2


def test_following_needs_signing_in(client, cities):
    response = client.post("/follows/toggle/", {"kind": "page", "target": cities.bristol.pk})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Follow.objects.count() == 0


def test_weekly_digest_once_per_person_per_period(client, officer, cities, programme, hub_tree):
    from follows import services

    services.follow(officer, cities.gabrovo)
    services.follow(officer, Topic.objects.get(slug="permitting"))
    nobody = type(officer).objects.create_user("no-follows", email="quiet@umea.test")
    assert nobody not in digest.recipients()
    published(
        factories.BusinessCasePageFactory,
        parent=cities.gabrovo,
        title="Gabrovo's solar energy community",
        topics=["renewable-energy"],
    )
    published(
        factories.PermittingGuidePageFactory,
        parent=cities.bristol,
        title="Bristol's heat network permit",
        topics=["permitting"],
    )
    published(
        factories.BusinessCasePageFactory,
        parent=cities.bristol,
        title="Bristol's buses",
        topics=["hydrogen-buses"],
    )

    out = run("send_follow_digests")
    period = digest.period_of(timezone.now())
    assert f"Digest {period}: 1 person follows something." in out
    assert f"[1/1] person {officer.pk}: 2 new pages, sent" in out
    assert f"Sent 1 digest for {period}." in out
    [email] = mail.outbox
    assert email.to == ["officer@gabrovo.test"]
    assert "Gabrovo's solar energy community" in email.body
    assert "Bristol's heat network permit" in email.body
    assert "Bristol's buses" not in email.body
    assert email.alternatives[0].mimetype == "text/html"
    link = re.search(r"https?://[^/\s]+(/follows/unsubscribe/[^/\s]+/)", email.body).group(1)
    assert email.extra_headers["List-Unsubscribe"].endswith(f"{link}>")

    # A second run in the same period sends nothing.
    out = run("send_follow_digests")
    assert f"[1/1] person {officer.pk}: already sent for {period}" in out
    assert "Sent 0 digests" in out
    assert len(mail.outbox) == 1
    assert DigestDelivery.objects.filter(user=officer).count() == 1

    # The unsubscribe link works without signing in; a GET only asks.
    client.logout()
    assert "Unsubscribe from the weekly digest" in client.get(link).text
    assert officer in digest.recipients()
    assert "You are unsubscribed." in client.post(link).text
    assert officer not in digest.recipients()
    assert client.get("/follows/unsubscribe/made-up-token/").status_code == 404


def test_next_period_lists_only_what_is_new_since(officer, cities, monkeypatch):
    from follows import services

    services.follow(officer, cities.gabrovo)
    published(factories.BusinessCasePageFactory, parent=cities.gabrovo, title="First case")
    digest.send_digests(report=lambda line: None)
    later = timezone.now() + datetime.timedelta(days=7)
    published(
        factories.BusinessCasePageFactory,
        parent=cities.gabrovo,
        title="Second case",
        first_published_at=later,
    )
    assert digest.send_digests(now=later + datetime.timedelta(hours=1), report=print) == 1
    assert "Second case" in mail.outbox[-1].body
    assert "First case" not in mail.outbox[-1].body
    # Nothing new: nobody gets an empty email.
    lines = []
    digest.send_digests(now=later + datetime.timedelta(days=7), report=lines.append)
    assert any("nothing new, no email" in line for line in lines)
    assert len(mail.outbox) == 2


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (the site's own feed)
    return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")], feed


def test_atom_feeds_per_topic_and_city_are_advertised(client, cities, programme):
    case = published(
        factories.BusinessCasePageFactory,
        parent=cities.gabrovo,
        title="Gabrovo's energy community",
        topics=["energy-communities"],
    )
    private = published(
        factories.BusinessCasePageFactory,
        parent=cities.gabrovo,
        title="Private draft case",
        topics=["energy-communities"],
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    titles, feed = entries(client.get("/feeds/cities/gabrovo.atom"))
    assert titles == ["Gabrovo's energy community"]
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == case.full_url
    titles, _ = entries(client.get("/feeds/topics/energy-communities.atom"))
    assert titles == ["Gabrovo's energy community"]
    titles, _ = entries(client.get("/feeds/programmes/h2-twin-cities.atom"))
    assert titles == ["Gabrovo's energy community"]  # a member city's page
    assert client.get("/feeds/topics/no-such-topic.atom").status_code == 404
    assert client.get("/feeds/cities/nowhere.atom").status_code == 404

    link = '<link rel="alternate" type="application/atom+xml" title="TwinHub: new on {}" href="{}">'
    assert (
        link.format("Gabrovo", "/feeds/cities/gabrovo.atom") in client.get(cities.gabrovo.url).text
    )
    assert link.format("H2 Twin Cities", "/feeds/programmes/h2-twin-cities.atom") in (
        client.get(programme.url).text
    )
    topic_page = client.get("/search/", {"topic": "energy-communities"}).text
    assert link.format("Energy communities", "/feeds/topics/energy-communities.atom") in topic_page
    assert "application/atom+xml" not in client.get("/search/", {"q": "energy"}).text


def test_a_feed_costs_the_same_queries_however_many_pages_it_lists(client, cities):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/feeds/cities/gabrovo.atom").status_code == 200
        return len(captured)

    published(factories.BusinessCasePageFactory, parent=cities.gabrovo, title="Case 1")
    published(factories.PermittingGuidePageFactory, parent=cities.gabrovo, title="Guide 1")
    queries()  # the site's root paths are cached on the first request
    few = queries()
    for number in range(2, 6):
        published(factories.BusinessCasePageFactory, parent=cities.gabrovo, title=f"Case {number}")
        published(
            factories.PermittingGuidePageFactory, parent=cities.gabrovo, title=f"Guide {number}"
        )
    assert queries() == few
