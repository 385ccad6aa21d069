"""Registering for a webinar on TwinHub: seats, the waiting list, the emails and their
links, reminders the day before, and deleting registrations after their period."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from registrations import retention
from registrations.models import Registration
from tests import factories


@pytest.fixture
def webinar(hub_tree):
    return factories.WebinarPageFactory(
        parent=hub_tree.webinars,
        title="Permits for hydrogen stations",
        start=(timezone.now() + datetime.timedelta(days=10)).replace(microsecond=0),
        capacity=2,
        topics=["permitting"],
    )


@pytest.fixture(autouse=True)
def _emails_sent_on_commit(django_capture_on_commit_callbacks, monkeypatch):
    """Registering sends its email once the transaction commits; the test's transaction
    never does, so each request's callbacks run when it ends, as they would."""
    from django.test import Client

    request = Client.request

    def request_and_commit(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(self, **kwargs)

    monkeypatch.setattr(Client, "request", request_and_commit)


@pytest.fixture(autouse=True)
def _no_earlier_requests():
    """The rate limits count in the cache; each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()


def register(client, webinar, email, name="Ana Petrova", **extra):
    data = {
        "registration-name": name,
        "registration-email": email,
        "registration-organisation": extra.get("organisation", "Municipality of Gabrovo"),
        "registration-city": extra.get("city", "Gabrovo"),
        "registration-website": extra.get("website", ""),
    }
    return client.post(f"/registrations/webinar/{webinar.pk}/", data)


def manage_link(message):
    return re.search(r"https?://[^/\s]+(/registrations/[\w-]+/)", message.body).group(1)


def test_seats_then_waiting_list_then_a_seat_when_someone_cancels(client, webinar):
    html = client.get(webinar.url).content.decode()
    assert "2 seats left." in html and "registration-form" in html

    first = register(client, webinar, "ana@gabrovo.test")
    assert first.status_code == 302
    page = client.get(first["Location"]).content.decode()
    assert "You are registered: you have a seat." in page
    register(client, webinar, "ivo@gabrovo.test", name="Ivo Dimov")
    assert "All seats are taken" in client.get(webinar.url).content.decode()
    third = register(client, webinar, "mia@umea.test", name="Mia Berg")
    assert "you are on the waiting list, number 1" in client.get(third["Location"]).text
    fourth = register(client, webinar, "leo@umea.test", name="Leo Berg")
    assert "number 2" in client.get(fourth["Location"]).text
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "ana@gabrovo.test": "confirmed",
        "ivo@gabrovo.test": "confirmed",
        "mia@umea.test": "waiting",
        "leo@umea.test": "waiting",
    }

    # Every email has a plain-text part and an HTML part; seats come with the calendar file.
    assert len(mail.outbox) == 4
    confirmation = mail.outbox[0]
    assert confirmation.to == ["ana@gabrovo.test"]
    assert confirmation.subject == "You are registered: Permits for hydrogen stations"
    assert confirmation.alternatives[0].mimetype == "text/html"
    [(filename, content, mimetype)] = confirmation.attachments
    assert filename == "permits-for-hydrogen-stations.ics" and mimetype == "text/calendar"
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == webinar.start
    waiting = mail.outbox[2]
    assert waiting.subject == "You are on the waiting list: Permits for hydrogen stations"
    assert waiting.attachments == []

    # The cancel link works without signing in; a GET only asks.
    link = manage_link(confirmation)
    mail.outbox.clear()
    assert "Cancel my registration" in client.get(link).text
    assert Registration.objects.get(email="ana@gabrovo.test").status == "confirmed"
    cancelled = client.post(link, {"action": "cancel"})
    assert "Your registration is cancelled." in cancelled.text
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["ana@gabrovo.test"] == "cancelled"
    assert statuses["mia@umea.test"] == "confirmed"  # first in line gets the seat
    assert statuses["leo@umea.test"] == "waiting"
    [promoted] = mail.outbox
    assert promoted.to == ["mia@umea.test"]
    assert promoted.subject == "A seat came free for you: Permits for hydrogen stations"
    assert "A seat came free" in promoted.body and promoted.attachments

    # Cancelling again changes nothing and sends nothing.
    client.post(link, {"action": "cancel"})
    assert len(mail.outbox) == 1
    assert Registration.objects.get(email="leo@umea.test").status == "waiting"


def test_an_address_registers_once_and_gets_its_email_again(client, webinar):
    register(client, webinar, "ana@gabrovo.test")
    again = register(client, webinar, "ANA@gabrovo.test")
    assert again.status_code == 200
    assert "already registered" in again.text
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 2
    assert manage_link(mail.outbox[0]) == manage_link(mail.outbox[1])


def test_bad_input_is_explained_and_saves_nothing(client, webinar):
    response = register(client, webinar, "not an address", name="")
    assert response.status_code == 400
    assert "Give your name" in response.text
    assert "This does not look like an email address" in response.text
    assert Registration.objects.count() == 0
    # The honeypot: a bot's registration is answered as usual and saved nowhere.
    register(client, webinar, "bot@spam.test", website="http://spam.test")
    assert Registration.objects.count() == 0 and mail.outbox == []
    assert client.get("/registrations/not-a-token/").status_code == 404
    assert client.get("/registrations/webinar/999999/").status_code == 404
    assert client.get(f"/registrations/webinar/{'9' * 40}/").status_code == 404


def test_past_and_external_webinars_take_no_registration_here(client, hub_tree):
    past = factories.WebinarPageFactory(
        parent=hub_tree.webinars, start=timezone.now() - datetime.timedelta(days=3)
    )
    elsewhere = factories.WebinarPageFactory(
        parent=hub_tree.webinars, registration_url="https://events.partner.test/register"
    )
    for webinar in (past, elsewhere):
        response = register(client, webinar, "ana@gabrovo.test")
        assert response.status_code == 410
    assert Registration.objects.count() == 0
    html = client.get(elsewhere.url).text
    assert "registration-form" not in html
    assert 'href="https://events.partner.test/register"' in html


def test_reminders_go_once_to_people_with_a_seat_a_day_before(client, hub_tree):
    soon = factories.WebinarPageFactory(
        parent=hub_tree.webinars,
        title="Tomorrow's webinar",
        start=timezone.now() + datetime.timedelta(hours=20),
        capacity=1,
    )
    later = factories.WebinarPageFactory(
        parent=hub_tree.webinars, start=timezone.now() + datetime.timedelta(days=5)
    )
    register(client, soon, "ana@gabrovo.test")
    register(client, soon, "ivo@gabrovo.test")  # waiting list: no reminder
    register(client, later, "mia@umea.test")
    mail.outbox.clear()

    out = _run("send_webinar_reminders")
    assert "Tomorrow's webinar: reminding 1 person." in out
    assert "[1/1] sent" in out
    assert "Sent 1 reminder for 1 webinar starting in the next 24 hours." in out
    [reminder] = mail.outbox
    assert reminder.to == ["ana@gabrovo.test"]
    assert reminder.subject == "Tomorrow: Tomorrow's webinar"
    assert "starts tomorrow" in reminder.body and reminder.alternatives
    assert manage_link(reminder).startswith("/registrations/")

    out = _run("send_webinar_reminders")
    assert "everyone registered has had a reminder" in out
    assert "Sent 0 reminders" in out
    assert len(mail.outbox) == 1


def test_registrations_are_deleted_after_the_retention_period(hub_tree, settings):
    settings.WEBINAR_REGISTRATION_RETENTION_DAYS = 30
    now = timezone.now()
    old = factories.WebinarPageFactory(
        parent=hub_tree.webinars, start=now - datetime.timedelta(days=40)
    )
    recent = factories.WebinarPageFactory(
        parent=hub_tree.webinars, start=now - datetime.timedelta(days=10)
    )
    for webinar, email in ((old, "ana@gabrovo.test"), (recent, "ivo@gabrovo.test")):
        Registration.objects.create(webinar=webinar, name="x", email=email, status="confirmed")
    assert retention.delete_expired(now) == 1
    assert list(Registration.objects.values_list("email", flat=True)) == ["ivo@gabrovo.test"]
    assert retention.delete_expired(now) == 0


def _run(command):
    from io import StringIO

    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_seats_an_editor_adds_go_to_the_people_waiting(
    client, webinar, django_capture_on_commit_callbacks
):
    for email in ("ana@gabrovo.test", "ivo@gabrovo.test", "mia@umea.test", "leo@umea.test"):
        register(client, webinar, email)
    mail.outbox.clear()
    webinar.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        webinar.save_revision().publish()
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["mia@umea.test"] == "confirmed"
    assert statuses["leo@umea.test"] == "waiting"
    assert [m.to for m in mail.outbox] == [["mia@umea.test"]]
    assert mail.outbox[0].subject.startswith("A seat came free for you")
    # A registration with a seat deleted in the admin frees it for the next person waiting.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Registration.objects.get(email="ana@gabrovo.test").delete()
    assert Registration.objects.get(email="leo@umea.test").status == "confirmed"
    assert [m.to for m in mail.outbox] == [["leo@umea.test"]]


def test_editors_list_and_export_registrations_in_the_admin(client, webinar, django_user_model):
    register(client, webinar, "ana@gabrovo.test")
    admin = django_user_model.objects.create_superuser("admin", "admin@twinhub.test", "pw")
    client.force_login(admin)
    listing = client.get("/admin/snippets/registrations/registration/")
    assert listing.status_code == 200
    assert "Ana Petrova" in listing.text and "Has a seat" in listing.text
    export = client.get("/admin/snippets/registrations/registration/?export=csv")
    assert "ana@gabrovo.test" in b"".join(export.streaming_content).decode()
    # People register themselves: the admin adds no registration.
    assert client.get("/admin/snippets/registrations/registration/add/").status_code in (302, 403)


def test_a_registrations_page_is_never_served_from_the_page_cache(client, webinar, settings):
    settings.PAGE_CACHE_ENABLED = True
    response = register(client, webinar, "ana@gabrovo.test")
    link = response["Location"].split("?")[0]
    client.post(link, {"action": "cancel"})
    assert "This registration was cancelled." in client.get(link).text  # no form on it
    Registration.objects.all().delete()
    assert client.get(link).status_code == 404
