"""Facilitators set up and moderate their rooms in the Wagtail admin (the session, its
moderation and agenda, its polls); there is no Django admin."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from home.roles import FACILITATORS, Report, setup_facilitators
from workshops import polls
from workshops import session as room_session
from workshops.models import Message, PollVote, RoomSession, WorkshopRoom


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
    # Nor does the filter by room name another facilitator's room.
    assert "Permits, my room" in messages
    assert "Someone else" not in messages

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
        room_form(mine, [facilitator], [], visibility="members", invited=[guest]),
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert list(mine.invited.all()) == [guest]
    assert mine.visibility == "members"


def test_there_is_no_django_admin(client, db):
    assert client.get("/django-admin/").status_code == 404


# The session, its moderation and its agenda, in the room's edit form

ROOM_FORM_PREFIX = "agenda_items"


def room_form(room, facilitators, agenda, **session):
    """The room's edit form as a browser posts it; `agenda` is [(id or None, title, minutes,
    order, delete)], `session` the session's fields (and `visibility`, `invited`)."""
    data = {
        "title": room.title,
        "slug": room.slug,
        "visibility": session.get("visibility", room.visibility),
        "status": session.get("status", room.status),
        "facilitators": [user.pk for user in facilitators],
        "invited": [user.pk for user in session.get("invited", [])],
        "starts_at": session.get("starts_at", ""),
        "ends_at": session.get("ends_at", ""),
        f"{ROOM_FORM_PREFIX}-TOTAL_FORMS": str(len(agenda)),
        f"{ROOM_FORM_PREFIX}-INITIAL_FORMS": str(sum(1 for row in agenda if row[0])),
        f"{ROOM_FORM_PREFIX}-MIN_NUM_FORMS": "0",
        f"{ROOM_FORM_PREFIX}-MAX_NUM_FORMS": "30",
    }
    for key in ("moderated", "participants_edit_notes"):
        if session.get(key):
            data[key] = "on"
    for n, (item_id, title, minutes, order, delete) in enumerate(agenda):
        prefix = f"{ROOM_FORM_PREFIX}-{n}-"
        data.update({prefix + "id": item_id or "", prefix + "title": title,
                     prefix + "minutes": str(minutes), prefix + "ORDER": str(order)})  # fmt: skip
        if delete:
            data[prefix + "DELETE"] = "on"
    return data


def test_a_facilitator_sets_the_agenda_and_the_moderation_of_a_room(client, facilitator, rooms):
    mine, other = rooms
    client.force_login(facilitator)
    edit_url = reverse("workshop_rooms:edit", args=[mine.pk])
    form = client.get(edit_url).content.decode()
    assert "Hold questions for approval" in form
    assert "Participants may edit the notes" in form
    assert "No agenda yet" in form
    # The room itself and its record are a click away.
    assert f'href="{mine.get_absolute_url()}record/"' in form

    response = client.post(
        edit_url,
        room_form(
            mine,
            [facilitator],
            [(None, "Welcome", 5, 1, False), (None, "Permits in Umeå", 40, 2, False)],
            starts_at="2026-12-02 10:00",
            ends_at="2026-12-02 11:30",
            moderated=True,
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    session = RoomSession.objects.get(room=mine)
    assert (session.moderated, session.participants_edit_notes) == (True, False)
    assert session.starts_at.hour == 10 and session.ends_at.minute == 30
    items = list(mine.agenda_items.order_by("position"))
    assert [(i.title, i.minutes) for i in items] == [("Welcome", 5), ("Permits in Umeå", 40)]

    # The form shows the agenda with its planned times and the settings as saved.
    form = client.get(edit_url).content.decode()
    assert "10:00</time> · Welcome (5 min)" in form
    assert "10:05</time> · Permits in Umeå (40 min)" in form
    assert re.search(r'<input[^>]*name="moderated"[^>]*checked', form)
    assert not re.search(r'<input[^>]*name="participants_edit_notes"[^>]*checked', form)

    # Reordered, one item dropped, one added; the room runs again without moderation.
    welcome, permits = items
    response = client.post(
        edit_url,
        room_form(
            mine,
            [facilitator],
            [
                (welcome.pk, "Welcome", 5, 2, True),
                (permits.pk, "Permits in Umeå", 30, 1, False),
                (None, "Next steps", 10, 3, False),
            ],
            starts_at="2026-12-02 10:00",
            participants_edit_notes=True,
        ),
    )
    assert response.status_code == 302
    assert [(i.title, i.minutes) for i in mine.agenda_items.order_by("position")] == [
        ("Permits in Umeå", 30),
        ("Next steps", 10),
    ]
    session.refresh_from_db()
    assert (session.moderated, session.participants_edit_notes) == (False, True)
    assert session.ends_at is None
    # The room's welcome frame tells participants the same.
    extra = room_session.welcome_extra(mine, facilitator, facilitator=True)
    assert [item["title"] for item in extra["agenda"]["items"]] == ["Permits in Umeå", "Next steps"]
    assert extra["agenda"]["items"][1]["planned_start"].startswith("2026-12-02T10:30")
    assert extra["settings"] == {"moderated": False, "participants_edit_notes": True}

    # Another facilitator's room stays out of reach.
    assert (
        client.post(
            reverse("workshop_rooms:edit", args=[other.pk]), room_form(other, [facilitator], [])
        ).status_code
        == 404
    )


def test_a_session_cannot_end_before_it_starts(client, facilitator, rooms):
    mine, _ = rooms
    client.force_login(facilitator)
    response = client.post(
        reverse("workshop_rooms:edit", args=[mine.pk]),
        room_form(
            mine,
            [facilitator],
            [(None, "Welcome", 0, 1, False)],
            starts_at="2026-12-02 10:00",
            ends_at="2026-12-02 09:00",
        ),  # fmt: skip
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The session must end after it starts." in page
    assert "Ensure this value is greater than or equal to 1." in page
    assert not mine.agenda_items.exists()


# Polls


@pytest.fixture
def poll(rooms, django_user_model):
    mine, _ = rooms
    poll = polls.open_poll(
        mine, None, {"question": "Which permit first?", "options": ["Grid", "Land"],
                     "results": "closed"},
    )  # fmt: skip
    grid, land = poll.options.all()
    for name, option in (("ada", grid), ("ben", grid), ("cy", land)):
        voter = django_user_model.objects.create_user(name)
        PollVote.objects.create(poll=poll, option=option, user=voter)
    return poll


def test_a_facilitator_reads_a_poll_and_closes_it(client, facilitator, rooms, poll):
    mine, other = rooms
    theirs = polls.open_poll(other, None, {"question": "Not yours", "options": ["a", "b"]})
    client.force_login(facilitator)
    listing = client.get(reverse("workshop_polls:index")).content.decode()
    assert "Which permit first?" in listing
    assert "Open" in listing
    assert "Not yours" not in listing
    assert "Someone else" not in listing  # not even in the filter by room
    filtered = client.get(reverse("workshop_polls:index"), {"room": mine.pk}).content.decode()
    assert "Which permit first?" in filtered

    inspect = client.get(reverse("workshop_polls:inspect", args=[poll.pk])).content.decode()
    assert "Grid: 2 votes" in inspect
    assert "Land: 1 vote<" in inspect
    assert "3 voters" in inspect

    edit_url = reverse("workshop_polls:edit", args=[poll.pk])
    form = client.get(edit_url).content.decode()
    assert "Grid: 2 votes" in form
    assert "results shown once the poll is closed · open" in form
    assert "Close the poll now" in form
    assert client.post(edit_url, {}).status_code == 302
    poll.refresh_from_db()
    assert poll.is_open  # saved without ticking the box: still open
    assert client.post(edit_url, {"close": "on"}).status_code == 302
    poll.refresh_from_db()
    assert not poll.is_open
    assert "This poll is closed." in client.get(edit_url).content.decode()
    assert "Closed" in client.get(reverse("workshop_polls:index")).content.decode()

    # Polls are opened in the room, not typed in here; another room's are out of reach.
    assert client.get(reverse("workshop_polls:add")).status_code in (302, 403)
    for view in ("edit", "inspect"):
        assert client.get(reverse(f"workshop_polls:{view}", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("workshop_polls:edit", args=[theirs.pk]),
                       {"close": "on"}).status_code == 404  # fmt: skip
    theirs.refresh_from_db()
    assert theirs.is_open


def test_someone_who_runs_no_room_sees_no_polls(client, django_user_model, poll):
    stranger = django_user_model.objects.create_user("sam")
    setup_facilitators(Report())
    stranger.groups.add(Group.objects.get(name=FACILITATORS))
    client.force_login(stranger)
    assert "Which permit first?" not in client.get(reverse("workshop_polls:index")).content.decode()
    assert client.get(reverse("workshop_polls:edit", args=[poll.pk])).status_code == 404


# What the admin changes reaches the people in the room at once


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_the_room_hears_what_its_facilitator_changes_in_the_admin(connect, room, users):
    from channels.db import database_sync_to_async
    from django.core import mail
    from django.test import Client

    from workshops import services

    from .helpers import leave, next_frame

    @database_sync_to_async
    def admin_post(view, pk, data):
        users.fay.email = "fay@example.org"
        users.fay.save()
        setup_facilitators(Report())
        users.fay.groups.add(Group.objects.get(name=FACILITATORS))
        client = Client()
        client.force_login(users.fay)
        return client.post(reverse(view, args=[pk]), data).status_code

    ada = await connect(room, users.ada)
    welcome = await ada.receive_json_from()
    assert welcome["settings"]["moderated"] is False
    assert welcome["agenda"]["items"] == []

    data = room_form(room, [users.fay], [(None, "Welcome", 5, 1, False)], moderated=True)
    assert await admin_post("workshop_rooms:edit", room.pk, data) == 302
    skip = ("presence", "queue", "status", "agenda", "settings")
    settings = await next_frame(ada, "settings", skip=skip)
    assert settings == {"type": "settings", "moderated": True, "participants_edit_notes": False}
    agenda = await next_frame(ada, "agenda", skip=skip)
    assert [item["title"] for item in agenda["items"]] == ["Welcome"]

    poll = await database_sync_to_async(polls.open_poll)(
        room, users.fay, {"question": "Grid or land?", "options": ["Grid", "Land"]}
    )
    assert await admin_post("workshop_polls:edit", poll.pk, {"close": "on"}) == 302
    closed = await next_frame(ada, "poll", skip=skip)
    assert closed["poll"]["state"] == "closed"
    assert [option["votes"] for option in closed["poll"]["options"]] == [0, 0]

    # Closing the room in the admin closes it as the room's own button does.
    # (stored as the consumer stores it; nobody is sent it here)
    question = await database_sync_to_async(services.store_message)(
        room, users.ada, "Who pays?", "q1", "question"
    )
    data = room_form(room, [users.fay], [], status="closed")
    assert await admin_post("workshop_rooms:edit", room.pk, data) == 302
    system = await next_frame(ada, "chat", skip=skip)
    assert (system["kind"], system["body"]) == ("system", "Fay closed the room.")
    await next_frame(ada, "closed", skip=skip)
    await ada.send_json_to({"type": "chat", "body": "Still here?", "client_id": "late"})
    refused = await next_frame(ada, "error", skip=skip)
    assert refused["code"] == "forbidden"
    await room.arefresh_from_db()
    assert room.is_closed and room.closed_at is not None
    # Its unanswered questions went to its facilitators, once.
    assert [m.to for m in mail.outbox] == [["fay@example.org"]]
    assert question[0]["body"] in mail.outbox[0].body
    await leave(ada)
