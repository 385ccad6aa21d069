"""Facilitators set up and moderate their rooms in the Wagtail admin; there is no Django admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from home.roles import FACILITATORS, Report, setup_facilitators
from workshops.models import Message, WorkshopRoom


@pytest.fixture
def facilitator(django_user_model):
    user = django_user_model.objects.create_user("fay", password="pw-not-used")
    setup_facilitators(Report())
    user.groups.add(Group.objects.get(name=FACILITATORS))
    return user


@pytest.fixture
def rooms(facilitator):
    mine = WorkshopRoom.objects.create(slug="mine", title="Permits, my room")
    mine.facilitators.add(facilitator)
    other = WorkshopRoom.objects.create(slug="other", title="Someone else's room")
    for room, body in ((mine, "a rude remark"), (other, "not yours to see")):
        Message.objects.create(room=room, seq=1, body=body)
    return mine, other


def test_a_facilitator_sees_and_moderates_only_their_rooms(client, facilitator, rooms):
    mine, other = rooms
    client.force_login(facilitator)
    listing = client.get(reverse("workshop_rooms:index"))
    assert listing.status_code == 200
    assert "Permits, my room" in listing.content.decode()
    assert "Someone else" not in listing.content.decode()
    messages = client.get(reverse("workshop_messages:index")).content.decode()
    assert "a rude remark" in messages
    assert "not yours to see" not in messages

    message = mine.messages.get()
    response = client.post(
        reverse("workshop_messages:edit", args=[message.pk]), {"state": "hidden"}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.state, message.hidden_by, message.body) == ("hidden", facilitator,
                                                               "a rude remark")  # fmt: skip
    assert message.hidden_at is not None

    theirs = other.messages.get()
    assert client.get(reverse("workshop_messages:edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("workshop_rooms:edit", args=[other.pk])).status_code == 404
    # Rooms come with their pages and messages from the rooms: nothing is added here.
    assert client.get(reverse("workshop_rooms:add")).status_code in (302, 403)
    assert client.get(reverse("workshop_messages:add")).status_code in (302, 403)


def test_a_facilitator_changes_who_is_invited(client, facilitator, rooms, django_user_model):
    mine, _ = rooms
    guest = django_user_model.objects.create_user("ada")
    client.force_login(facilitator)
    response = client.post(
        reverse("workshop_rooms:edit", args=[mine.pk]),
        {
            "title": mine.title,
            "slug": mine.slug,
            "visibility": "members",
            "status": "scheduled",
            "facilitators": [facilitator.pk],
            "invited": [guest.pk],
        },  # fmt: skip
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert list(mine.invited.all()) == [guest]
    assert mine.visibility == "members"


def test_there_is_no_django_admin(client, db):
    assert client.get("/django-admin/").status_code == 404
