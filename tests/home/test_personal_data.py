"""Personal data: the privacy page, a person's download, deleting an account, and the
daily removal of what has passed its period."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from home import people
from home.models import CityMessage, Person
from tests import factories
from workshops import services
from workshops.models import Message, WorkshopRoom

PERIODS = {"contact_messages": 90, "applications": 400, "registrations": 30}


@pytest.fixture
def ada(django_user_model):
    user = django_user_model.objects.create_user(
        "ada", email="ada@aachen.example", password="pw-ada-1234"
    )
    people.save_person(user, display_name="Ada Lovelace", organisation="City of Aachen")
    return user


@pytest.fixture
def room(hub_tree):
    webinar = factories.WebinarPageFactory(parent=hub_tree.webinars, title="Heat", slug="heat")
    return WorkshopRoom.objects.get(page=webinar)


@override_settings(PERSONAL_DATA_RETENTION_DAYS=PERIODS)
def test_the_privacy_page_states_what_why_and_the_periods_from_settings(client, db):
    content = client.get("/privacy/").content.decode()
    assert "Messages sent to a city through its contact form" in content
    assert "90 days, then deleted" in content
    assert "400 days, then deleted" in content
    assert "Until you delete your account." in content
    assert "attributed to “a former participant”" in content
    assert 'href="/accounts/login/?next=/privacy/"' in content


def test_the_footer_links_the_privacy_page(client, home):
    assert 'href="/privacy/"' in client.get("/").content.decode()


def test_a_person_downloads_their_data_as_json(client, ada, room, cities):
    services.store_message(room, ada, "Hello from Aachen", "c1", Message.Kind.CHAT)
    CityMessage.objects.create(
        city=cities.bristol,
        sender=ada,
        sender_name="Ada",
        sender_email="ada@aachen.example",
        subject="Heat pumps",
        body="How did you plan them?",
        delivered_to="staff",
    )
    client.force_login(ada)
    response = client.get("/privacy/my-data/")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "ada"
    assert data["account"]["display_name"] == "Ada Lovelace"
    assert data["account"]["organisation"] == "City of Aachen"
    assert [m["body"] for m in data["room_messages"]] == ["Hello from Aachen"]
    assert [m["subject"] for m in data["contact_messages"]] == ["Heat pumps"]
    assert data["applications"] == []


def test_the_download_needs_a_signed_in_person(client, db):
    response = client.get("/privacy/my-data/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_wrong_password_deletes_nothing(client, ada):
    client.force_login(ada)
    response = client.post("/privacy/delete-account/", {"password": "wrong"})
    assert "That is not your password. Nothing was deleted." in response.content.decode()
    assert Person.objects.filter(user=ada).exists()


def test_deleting_an_account_keeps_room_messages_by_a_former_participant(client, ada, room):
    services.store_message(room, ada, "Our heat network grew by 20 km", "c1", Message.Kind.CHAT)
    services.system_message(room, "The room opens at ten.")
    client.force_login(ada)
    assert (
        "attributed to “a former participant”"
        in client.get("/privacy/delete-account/").content.decode()
    )
    response = client.post("/privacy/delete-account/", {"password": "pw-ada-1234"})
    assert response.status_code == 302 and response["Location"] == "/privacy/"
    assert not type(ada).objects.filter(pk=ada.pk).exists()
    assert not Person.objects.exists()
    message = Message.objects.get(body="Our heat network grew by 20 km")
    assert message.author_name == "a former participant"
    assert Message.objects.get(kind=Message.Kind.SYSTEM).author_name == "TwinHub"
    room.status = WorkshopRoom.Status.CLOSED
    room.save()
    transcript = client.get(f"/workshops/{room.slug}/transcript/").content.decode()
    assert "a former participant" in transcript
    assert "ada" not in transcript.lower().replace("canada", "")


@override_settings(PERSONAL_DATA_RETENTION_DAYS=PERIODS)
def test_expired_personal_data_is_deleted_with_progress_and_only_once(cities, hub_tree):
    programme = factories.ProgrammePageFactory(parent=hub_tree.partnerships, slug="tlp")
    form = factories.ApplicationFormPageFactory(parent=programme)
    old, new = timezone.now() - datetime.timedelta(days=401), timezone.now()
    for when, city in ((old, "Old Town"), (new, "New Town")):
        submission = FormSubmission.objects.create(page=form, form_data={"city": city})
        FormSubmission.objects.filter(pk=submission.pk).update(submit_time=when)
    for days, subject in ((91, "Old question"), (10, "New question")):
        message = CityMessage.objects.create(
            city=cities.bristol,
            sender_name="A",
            sender_email="a@example.org",
            subject=subject,
            body="…",
            delivered_to="staff",
        )
        CityMessage.objects.filter(pk=message.pk).update(
            created=timezone.now() - datetime.timedelta(days=days)
        )

    out = StringIO()
    call_command("delete_expired_personal_data", stdout=out)
    assert "contact_messages: deleted 1 older than 90 days" in out.getvalue()
    assert "applications: deleted 1 older than 400 days" in out.getvalue()
    assert "Done: 2 records deleted." in out.getvalue()
    assert [s.form_data["city"] for s in FormSubmission.objects.all()] == ["New Town"]
    assert list(CityMessage.objects.values_list("subject", flat=True)) == ["New question"]

    again = StringIO()
    call_command("delete_expired_personal_data", stdout=again)
    assert "Done: 0 records deleted." in again.getvalue()
