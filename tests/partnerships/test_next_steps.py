"""After a recommendation: write to the city, ask a programme for an introduction, propose a
partnership; the city's staff see each on their city's page and answer it."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client as DjangoClient
from django.test import TestCase
from django.utils import timezone

from home.models import CityMessage, Person
from home.roles import PROGRAMME_MANAGERS
from partnerships.models import (
    IntroductionRequest,
    PartnershipPage,
    PartnershipProposal,
    RequestStatus,
)

pytestmark = pytest.mark.django_db


class Client(DjangoClient):
    """A client whose requests commit as they would in production, as far as the emails
    sent after a commit are concerned (tests run inside a transaction)."""

    def post(self, *args, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().post(*args, **kwargs)


@pytest.fixture
def client():
    return Client()


def person(username, city=None, groups=()):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password="pass-for-tests"
    )
    Person.objects.create(
        user=user,
        display_name=username.replace("-", " ").title(),
        city=city,
        city_status=Person.CityStatus.CONFIRMED if city else "",
    )
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(world):
    class People:
        aberdeen_officer = person("aberdeen-officer", world.aberdeen)
        aberdeen_colleague = person("aberdeen-colleague", world.aberdeen)
        kobe_officer = person("kobe-officer", world.kobe)
        leeds_officer = person("leeds-officer", world.leeds)
        manager = person("programme-manager", groups=[PROGRAMME_MANAGERS])
        reader = person("a-reader")

    return People


def contact(client, city, **fields):
    data = {
        "name": "Ana Ruiz",
        "email": "ana@valencia.example",
        "organisation": "Valencia energy agency",
        "subject": "Your bus depot",
        "body": "How did you train the mechanics for the fuel cell buses?",
        "website": "",
    }
    data.update(fields)
    return client.post(f"/contact/{city.slug}/", data)


def test_a_message_reaches_each_staff_member_without_showing_addresses(client, world, people):
    response = contact(client, world.aberdeen)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Your message to Aberdeen is on its way" in page
    assert "Aberdeen's staff have it now" in page
    message = CityMessage.objects.get()
    assert message.delivered_to == CityMessage.Delivery.STAFF
    # One email each: nobody sees a colleague's address.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "aberdeen-colleague@example.org",
        "aberdeen-officer@example.org",
    ]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert "How did you train the mechanics" in mail.outbox[0].body
    assert "/accounts/city/" in mail.outbox[0].body


def test_a_city_without_staff_sends_to_the_programme_managers_and_says_so(client, world, people):
    response = contact(client, world.bergen)
    page = client.get(response["Location"]).content.decode()
    assert "Bergen has no confirmed staff on TwinHub yet" in page
    assert "programme managers" in page
    assert [m.to for m in mail.outbox] == [["programme-manager@example.org"]]
    assert "has no confirmed staff on TwinHub yet" in mail.outbox[0].body


def test_missing_fields_are_named_and_nothing_is_sent(client, world, people):
    response = contact(client, world.aberdeen, email="not-an-address", body="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "This does not look like an email address" in html
    assert "Write your message." in html
    assert 'value="Ana Ruiz"' in html  # what was typed is kept
    assert CityMessage.objects.count() == 0 and mail.outbox == []


def test_the_honeypot_stores_nothing(client, world, people):
    response = contact(client, world.aberdeen, website="http://spam.example")
    assert response.status_code == 302
    assert CityMessage.objects.count() == 0 and mail.outbox == []


def test_one_sender_is_limited_to_five_messages_an_hour(client, world, people):
    for _ in range(5):
        assert contact(client, world.aberdeen).status_code == 302
    response = contact(client, world.aberdeen)
    assert response.status_code == 429
    assert "Nothing was sent this time" in response.content.decode()
    assert CityMessage.objects.count() == 5


def test_staff_answer_on_their_citys_page_and_the_sender_gets_it(client, world, people):
    contact(client, world.aberdeen)
    mail.outbox.clear()
    staff = signed_in(people.aberdeen_officer)
    inbox = staff.get("/accounts/city/").content.decode()
    assert "Requests to Aberdeen" in inbox
    assert "How did you train the mechanics" in inbox
    assert "ana@valencia.example" not in inbox  # the sender's address stays with the site
    message = CityMessage.objects.get()
    response = staff.post(
        "/accounts/city/",
        {"message": message.pk, f"reply-{message.pk}-body": "We trained them with the maker."},
    )
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == ["ana@valencia.example"]
    assert "We trained them with the maker." in email.body
    assert "Aberdeen Officer, Aberdeen" in email.body
    assert "aberdeen-officer@example.org" not in email.body + str(email.reply_to)
    assert "We trained them with the maker." in staff.get("/accounts/city/").content.decode()
    message.refresh_from_db()
    assert message.answered_at is not None


def test_only_the_citys_staff_and_managers_open_its_requests(world, people):
    aberdeen = f"/accounts/city/{world.aberdeen.pk}/"
    assert signed_in(people.leeds_officer).get(aberdeen).status_code == 403
    assert signed_in(people.manager).get(aberdeen).status_code == 200
    assert Client().get(aberdeen).status_code == 302  # to the sign-in page
    assert "not confirmed staff" in signed_in(people.reader).get("/accounts/city/").content.decode()


def test_old_messages_are_deleted_after_the_retention_period(client, world, people):
    contact(client, world.aberdeen)
    contact(client, world.aberdeen, subject="A newer one")
    CityMessage.objects.filter(subject="Your bus depot").update(
        created=timezone.now() - datetime.timedelta(days=400)
    )
    call_command("delete_expired_personal_data", stdout=StringIO())
    assert list(CityMessage.objects.values_list("subject", flat=True)) == ["A newer one"]


# Proposals


def propose(client, world, **fields):
    data = {
        "city": "kobe",
        "programme": "h2-twin-cities",
        "kind": "mentor",
        "message": "Mentor us on hydrogen buses for a year.",
    }
    data.update(fields)
    return client.post("/partnerships/proposals/new/", data)


def test_a_proposal_accepted_by_the_other_citys_staff_becomes_a_draft_partnership(world, people):
    leeds = signed_in(people.leeds_officer)
    response = propose(leeds, world)
    assert response.status_code == 302
    assert "Kobe's staff have it now" in leeds.get(response["Location"]).content.decode()
    proposal = PartnershipProposal.objects.get()
    assert (proposal.from_city_id, proposal.to_city_id) == (world.leeds.pk, world.kobe.pk)
    assert [m.to for m in mail.outbox] == [["kobe-officer@example.org"]]
    mail.outbox.clear()

    kobe = signed_in(people.kobe_officer)
    inbox = kobe.get("/accounts/city/").content.decode()
    assert "Leeds proposes a partnership in H2 Twin Cities" in inbox
    assert "Mentor us on hydrogen buses" in inbox
    response = kobe.post(
        f"/partnerships/proposals/{proposal.pk}/answer/",
        {"decision": "accept", f"proposal-{proposal.pk}-answer": "Gladly."},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == RequestStatus.ACCEPTED
    page = proposal.partnership
    assert page.live is False
    assert page.get_parent().specific == world.programme
    assert page.kind == "mentor-mentee"
    assert {(m.city.slug, m.role) for m in page.members.all()} == {
        ("kobe", "mentor"),
        ("leeds", "mentee"),
    }
    assert list(page.topics.values_list("slug", flat=True)) == ["hydrogen-buses"]
    told = {m.to[0] for m in mail.outbox}
    assert {"leeds-officer@example.org", "programme-manager@example.org"} <= told
    assert (
        "waits for a programme manager to publish it"
        in kobe.get("/accounts/city/").content.decode()
    )


def test_a_declined_proposal_tells_the_proposer(world, people):
    propose(signed_in(people.leeds_officer), world)
    proposal = PartnershipProposal.objects.get()
    mail.outbox.clear()
    signed_in(people.kobe_officer).post(
        f"/partnerships/proposals/{proposal.pk}/answer/", {"decision": "decline"}
    )
    proposal.refresh_from_db()
    assert proposal.status == RequestStatus.DECLINED
    assert PartnershipPage.objects.filter(live=False).count() == 0
    assert [m.to for m in mail.outbox] == [["leeds-officer@example.org"]]
    assert "Kobe declined" in mail.outbox[0].body


def test_another_citys_staff_cannot_answer(world, people):
    propose(signed_in(people.leeds_officer), world)
    proposal = PartnershipProposal.objects.get()
    outsider = signed_in(people.aberdeen_officer)
    response = outsider.post(
        f"/partnerships/proposals/{proposal.pk}/answer/", {"decision": "accept"}
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == RequestStatus.OPEN


def test_only_a_citys_confirmed_staff_can_propose(world, people):
    reader = signed_in(people.reader)
    page = reader.get("/partnerships/proposals/new/?city=aberdeen").content.decode()
    assert "Only the confirmed staff of a city can propose a partnership" in page
    assert 'href="/contact/aberdeen/"' in page
    propose(reader, world)
    assert PartnershipProposal.objects.count() == 0


def test_a_proposal_the_programme_rules_forbid_is_refused_with_the_rule(world, people):
    # H2 Twin Cities pairs cities of different countries; Leeds and Aberdeen are both British.
    response = propose(signed_in(people.leeds_officer), world, city="aberdeen")
    assert response.status_code == 400
    assert "pairs cities of different countries only" in response.content.decode()
    assert PartnershipProposal.objects.count() == 0


def test_the_same_proposal_twice_is_refused(world, people):
    leeds = signed_in(people.leeds_officer)
    propose(leeds, world)
    response = propose(leeds, world)
    assert response.status_code == 400
    assert "already has a proposal to Kobe" in response.content.decode()


# Introductions


def test_an_introduction_request_reaches_the_managers_and_the_staff_who_welcome_it(world, people):
    leeds = signed_in(people.leeds_officer)
    response = leeds.post(
        "/partnerships/introductions/new/",
        {"city": "kobe", "programme": "h2-twin-cities", "note": "We would like to meet Kobe."},
    )
    assert response.status_code == 302
    assert "introduction to Kobe is on its way" in leeds.get(response["Location"]).content.decode()
    request = IntroductionRequest.objects.get()
    assert request.from_city_id == world.leeds.pk
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kobe-officer@example.org",
        "programme-manager@example.org",
    ]
    mail.outbox.clear()
    manager = signed_in(people.manager)
    inbox = manager.get(f"/accounts/city/{world.kobe.pk}/").content.decode()
    assert "Leeds Officer of Leeds asks H2 Twin Cities to introduce them" in inbox
    manager.post(
        f"/partnerships/introductions/{request.pk}/answer/",
        {"decision": "accept", f"introduction-{request.pk}-answer": "Kobe's port team is keen."},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    [email] = mail.outbox
    assert email.to == ["leeds-officer@example.org"]
    assert "Kobe's port team is keen." in email.body
    assert "/contact/kobe/" in email.body


def test_an_introduction_needs_a_note_and_a_sign_in(client, world, people):
    assert client.get("/partnerships/introductions/new/?city=kobe").status_code == 302
    response = signed_in(people.leeds_officer).post(
        "/partnerships/introductions/new/", {"city": "kobe", "programme": "h2-twin-cities"}
    )
    assert response.status_code == 400
    assert "Say in a sentence or two why you would like to meet." in response.content.decode()
    assert IntroductionRequest.objects.count() == 0


def test_every_card_offers_the_next_steps(client, world):
    html = client.get("/search/partners/", {"city": "leeds"}).content.decode()
    card = html.split('href="/cities/aberdeen/"', 1)[1].split("</li>\n", 1)[0]
    assert 'href="/contact/aberdeen/"' in html
    assert "/partnerships/introductions/new/?city=aberdeen" in html
    assert "/partnerships/proposals/new/?city=aberdeen&amp;kind=mentor" in html
    assert "Aberdeen has experience with Hydrogen bus fleets" in card


def test_programme_managers_follow_messages_and_proposals_in_the_admin(client, world, people):
    from home.roles import setup_roles

    setup_roles()
    contact(client, world.bergen)  # Bergen has no staff: the managers answer
    manager = person("round-manager", groups=[PROGRAMME_MANAGERS])
    admin = signed_in(manager)
    listing = admin.get("/admin/snippets/home/citymessage/").content.decode()
    assert "Your bus depot" in listing
    message = CityMessage.objects.get()
    assert f'href="/accounts/city/{world.bergen.pk}/#message-{message.pk}"' in listing
    assert admin.get("/admin/snippets/partnerships/partnershipproposal/").status_code == 200
