"""Both cities of a proposed pair consent to it (or decline it with a reason) before a
programme manager makes it a partnership."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.test import Client as DjangoClient
from django.test import TestCase
from django.urls import reverse

from home.models import Person
from home.roles import PROGRAMME_MANAGERS
from partnerships import consent
from partnerships.models import (
    MatchingRound,
    MatchStatus,
    PairConsent,
    ProposedMatch,
    RoundApplicant,
    RoundHost,
)
from partnerships.rounds import propose_matches

pytestmark = pytest.mark.django_db


class Client(DjangoClient):
    """Requests whose emails go out as after a commit in production."""

    def post(self, *args, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().post(*args, **kwargs)


def person(username, city=None, status=Person.CityStatus.CONFIRMED):
    user = User.objects.create_user(username, email=f"{username}@example.org", password="pw")
    Person.objects.create(
        user=user,
        display_name=username.title(),
        city=city,
        city_status=status if city else "",
    )
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager():
    group = Group.objects.create(name=PROGRAMME_MANAGERS)
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="partnerships",
            codename__in=["add_matchinground", "change_matchinground", "view_matchinground"],
        ),
    )
    user = person("paul")
    user.groups.add(group)
    return user


@pytest.fixture
def cohort(world, manager):
    """A proposed round (Aberdeen hosts Bergen, Kobe hosts Leeds), sent for consent."""
    matching_round = MatchingRound.objects.create(
        name="2025 call", programme=world.programme, kind="mentor"
    )
    for city in (world.aberdeen, world.kobe):
        RoundHost.objects.create(round=matching_round, city=city, capacity=1)
    for city in (world.bergen, world.leeds):
        RoundApplicant.objects.create(round=matching_round, city=city)
    propose_matches(matching_round, manager)
    staff = {
        slug: person(name, getattr(world, slug))
        for slug, name in [
            ("aberdeen", "alison"),
            ("bergen", "berit"),
            ("kobe", "kenji"),
            ("leeds", "lucy"),
        ]
    }
    response = signed_in(manager).post(
        reverse("partnerships_round_matches", args=[matching_round.pk]),
        {"action": "send-consent"},
        follow=True,
    )
    assert "Sent 2 pairs to both cities for consent." in response.content.decode()

    class Cohort:
        pass

    c = Cohort()
    c.round, c.staff, c.manager, c.world = matching_round, staff, manager, world
    c.bergen = matching_round.matches.get(applicant=world.bergen)
    c.leeds = matching_round.matches.get(applicant=world.leeds)
    assert c.bergen.host == world.aberdeen and c.leeds.host == world.kobe
    return c


def url(match):
    return reverse("pair_consent", args=[match.pk])


def test_each_city_is_asked_by_email_and_in_its_inbox(cohort):
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alison@example.org",
        "berit@example.org",
        "kenji@example.org",
        "lucy@example.org",
    ]
    [to_berit] = [m for m in mail.outbox if m.to == ["berit@example.org"]]
    assert "proposes Bergen as the applicant of a partnership with Aberdeen" in to_berit.body
    assert url(cohort.bergen) in to_berit.body
    inbox = signed_in(cohort.staff["bergen"]).get(reverse("city_inbox")).content.decode()
    assert "Pairs proposed to Bergen" in inbox
    assert "Aberdeen (host) and Bergen (applicant)" in inbox
    assert "waiting for Bergen's answer" in inbox
    assert "Kobe (host)" not in inbox


def test_both_cities_accept_and_the_manager_is_told(cohort):
    alison = signed_in(cohort.staff["aberdeen"])
    response = alison.post(url(cohort.bergen), {"decision": "accept"}, follow=True)
    assert "Your city&#x27;s answer is recorded: you accept the pair." in response.content.decode()
    assert "Aberdeen has answered: accepted." in response.content.decode()
    assert not consent.pair_status(cohort.bergen).consented
    mail.outbox.clear()
    signed_in(cohort.staff["bergen"]).post(url(cohort.bergen), {"decision": "accept"})
    assert consent.pair_status(cohort.bergen).consented
    assert [m.to for m in mail.outbox] == [["paul@example.org"]]
    assert "Both cities accept the pair Aberdeen – Bergen" in mail.outbox[0].body
    # Answering twice is refused in words, not recorded twice.
    again = alison.post(url(cohort.bergen), {"decision": "decline", "reason": "Changed mind"})
    assert again.status_code == 400
    assert "Aberdeen has answered for this pair already." in again.content.decode()
    assert PairConsent.objects.filter(city=cohort.world.aberdeen).count() == 1
    assert ProposedMatch.objects.get(pk=cohort.bergen.pk).status == MatchStatus.PROPOSED


def test_a_declined_pair_goes_back_to_the_round_with_its_reason(cohort):
    kenji = signed_in(cohort.staff["kobe"])
    missing = kenji.post(url(cohort.leeds), {"decision": "decline", "reason": "  "})
    assert missing.status_code == 400
    assert "Say why your city declines this pair." in missing.content.decode()
    assert ProposedMatch.objects.get(pk=cohort.leeds.pk).host == cohort.world.kobe
    mail.outbox.clear()
    kenji.post(
        url(cohort.leeds),
        {"decision": "decline", "reason": "Our port team is on a tender until June."},
    )
    leeds = ProposedMatch.objects.get(pk=cohort.leeds.pk)
    assert (leeds.status, leeds.host) == (MatchStatus.UNMATCHED, None)
    assert leeds.unmatched_reason == (
        "Kobe declined the pair with Leeds: Our port team is on a tender until June."
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["lucy@example.org", "paul@example.org"]
    manager = signed_in(cohort.manager)
    html = manager.get(reverse("partnerships_round_matches", args=[cohort.round.pk])).content
    assert "Kobe declined the pair with Leeds: Our port team is on a tender" in html.decode()
    audit = cohort.round.audit_entries.get(action="decline")
    assert audit.user == cohort.staff["kobe"] and "tender until June" in audit.detail
    # Proposing the round again does not offer the declined pair a second time.
    propose_matches(cohort.round, cohort.manager)
    leeds = cohort.round.matches.get(applicant=cohort.world.leeds)
    assert leeds.host is None and "Kobe declined the pair with Leeds" in leeds.unmatched_reason


def test_only_the_pairs_cities_staff_answer(cohort, client):
    pair = url(cohort.bergen)
    anonymous = client.post(pair, {"decision": "accept"})
    assert anonymous.status_code == 302 and "/login" in anonymous.url
    others = [
        cohort.staff["kobe"],  # a host of the round, not of this pair
        person("olaf", cohort.world.bergen, status=Person.CityStatus.REQUESTED),
        person("reader"),
    ]
    for user in others:
        visitor = signed_in(user)
        assert visitor.get(pair).status_code == 403
        assert visitor.post(pair, {"decision": "decline", "reason": "No"}).status_code == 403
    # The manager sees the page but answers for no city.
    manager = signed_in(cohort.manager)
    assert manager.get(pair).status_code == 200
    assert manager.post(pair, {"decision": "accept"}).status_code == 403
    assert not PairConsent.objects.exists()
    missing = reverse("pair_consent", args=[999999])
    assert signed_in(cohort.staff["bergen"]).get(missing).status_code == 404


def test_the_round_screen_shows_who_has_answered(cohort):
    signed_in(cohort.staff["aberdeen"]).post(url(cohort.bergen), {"decision": "accept"})
    manager = signed_in(cohort.manager)
    screen = reverse("partnerships_round_matches", args=[cohort.round.pk])
    html = manager.get(screen).content.decode()
    assert "Aberdeen: accepted by Alison" in html
    assert "Bergen: not answered yet" in html
    assert "Not consented by both cities." in html
    # Accepting stays the manager's step; the admin says who had not consented.
    response = manager.post(
        screen, {"action": "accept", "match": cohort.bergen.pk}, follow=True
    ).content.decode()
    assert "Bergen had not consented to this pair when it was accepted." in response
    assert ProposedMatch.objects.get(pk=cohort.bergen.pk).partnership is not None
    signed_in(cohort.staff["kobe"]).post(url(cohort.leeds), {"decision": "accept"})
    signed_in(cohort.staff["leeds"]).post(url(cohort.leeds), {"decision": "accept"})
    assert "Consented by both cities." in manager.get(screen).content.decode()
    response = manager.post(
        screen, {"action": "accept", "match": cohort.leeds.pk}, follow=True
    ).content.decode()
    assert "had not consented" not in response
