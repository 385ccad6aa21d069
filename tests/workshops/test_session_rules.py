"""The session features keep the rooms' rules: a withdrawn or restricted page closes or
restricts the session frames, the record and breakout sub-rooms as it does the room;
session frames get the same bad-text errors; held questions count towards the rate
limit; a past webinar links to the record and the transcript only when there is one."""

import datetime

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.personal_data import export_for
from tests import factories
from workshops import breakouts, polls, questions, services, session
from workshops.consumers import CLOSE_WITHDRAWN
from workshops.models import HeldQuestion, Message, RoomSession, WorkshopRoom

from .helpers import leave, next_frame

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SKIP = ("presence", "queue", "status", "poll", "voted", "agenda", "hand")


def restrict(page, kind="login"):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind)


async def welcomed(connect, room, user):
    socket = await connect(room, user)
    assert (await socket.receive_json_from(timeout=5))["type"] == "welcome"
    return socket


# Frames


async def test_a_withdrawn_page_stops_the_session_frames(connect, room, webinar, users):
    ada = await welcomed(connect, room, users.ada)
    fay = await welcomed(connect, room, users.fay)
    await database_sync_to_async(webinar.unpublish)()
    assert (await next_frame(fay, "closed", skip=SKIP))["reason"] == "withdrawn"
    for frame in (
        {"type": "poll_open", "question": "Which fuel?", "options": ["H2", "Battery"]},
        {"type": "notes", "body": "after", "version": 0},
        {"type": "outcome", "kind": "decision", "text": "Tender two buses."},
        {"type": "agenda", "items": [{"title": "Welcome", "minutes": 5}]},
        {"type": "breakout_start", "groups": 1, "minutes": 5},
    ):
        await fay.send_json_to(frame)
        error = await next_frame(fay, "error", skip=SKIP)
        assert error["code"] == "forbidden", frame
        assert "no longer published" in error["detail"]
    await leave(fay)
    output = {"type": None}
    while output["type"] != "websocket.close":
        output = await ada.receive_output(timeout=5)
    assert output["code"] == CLOSE_WITHDRAWN
    assert await database_sync_to_async(lambda: room.polls.count())() == 0


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "poll_open", "question": "Which\x00fuel?", "options": ["H2", "Battery"]},
        {"type": "poll_open", "question": "Which fuel?", "options": ["H2", "Bat\ud800"]},
        {"type": "agenda", "items": [{"title": "Wel\x01come", "minutes": 5}]},
        {"type": "notes", "body": "a\x00b", "version": 0},
        {"type": "outcome", "kind": "decision", "text": "\ud800"},
        {"type": "reply", "id": 1, "body": "nul\x00"},
        {"type": "moderation", "moder\x00ated": True},
    ],
)
async def test_session_frames_with_unusable_text_get_an_error(connect, room, users, frame):
    fay = await welcomed(connect, room, users.fay)
    await fay.send_json_to(frame)
    error = await next_frame(fay, "error", skip=SKIP)
    assert error["code"] == "invalid"
    assert "control character" in error["detail"] or "surrogate" in error["detail"]
    # The socket goes on, and nothing was stored.
    await fay.send_json_to({"type": "ping"})
    assert (await next_frame(fay, "pong", skip=SKIP))["type"] == "pong"
    await leave(fay)
    assert await database_sync_to_async(lambda: room.polls.count() + room.outcomes.count())() == 0


async def test_held_questions_count_towards_the_rate_limit(connect, room, users):
    await database_sync_to_async(session.session_for)(room)
    await database_sync_to_async(RoomSession.objects.filter(room=room).update)(moderated=True)
    ada = await welcomed(connect, room, users.ada)
    fay = await welcomed(connect, room, users.fay)
    for n in range(5):
        await ada.send_json_to(
            {"type": "chat", "kind": "question", "body": f"Q{n}?", "client_id": f"q{n}"}
        )
        assert (await next_frame(ada, "held", skip=SKIP))["client_id"] == f"q{n}"
    await ada.send_json_to({"type": "chat", "kind": "question", "body": "Q5?", "client_id": "q5"})
    error = await next_frame(ada, "error", skip=(*SKIP, "held"))
    assert error["code"] == "rate_limited" and error["client_id"] == "q5"
    assert error["retry_after"] > 0
    # A resend of a kept question is answered as kept, over the limit too.
    await ada.send_json_to({"type": "chat", "kind": "question", "body": "Q0?", "client_id": "q0"})
    assert (await next_frame(ada, "held", skip=SKIP))["client_id"] == "q0"
    # Approving them all at once is not refused: they were counted when asked.
    held_ids = await database_sync_to_async(
        lambda: list(HeldQuestion.objects.filter(room=room).values_list("pk", flat=True))
    )()
    assert len(held_ids) == 5
    for held_id in held_ids:
        await fay.send_json_to({"type": "approve", "id": held_id})
        chat = await next_frame(fay, "chat", skip=(*SKIP, "held", "held_decided"))
        assert chat["kind"] == "question"
    await leave(ada)
    await leave(fay)


# Sub-rooms


def test_a_breakout_sub_room_follows_its_main_room_page(room, webinar, users):
    for user, channel in ((users.ada, "c.ada"), (users.fay, "c.fay")):
        services.join(room, user, channel)
    breakouts.start(room, users.fay, {"groups": 1, "minutes": 5})
    subroom = WorkshopRoom.objects.get(breakout_group__isnull=False)
    assert subroom.access(users.ada).write
    assert not subroom.access(users.ben).read  # not in the group
    restrict(webinar, "groups")
    access = WorkshopRoom.objects.get(pk=subroom.pk).access(users.ada)
    assert not access.read and access.page_restricted
    PageViewRestriction.objects.all().delete()
    webinar.unpublish()
    access = WorkshopRoom.objects.get(pk=subroom.pk).access(users.ada)
    assert (access.read, access.refusal) == (False, "withdrawn")
    access = WorkshopRoom.objects.get(pk=subroom.pk).access(users.fay)
    assert (access.read, access.write) == (True, False)


async def test_a_withdrawn_main_page_closes_the_breakout_sub_rooms_sockets(
    connect, room, webinar, users
):
    def split():
        for user, channel in ((users.ada, "c.ada"), (users.fay, "c.fay")):
            services.join(room, user, channel)
        breakouts.start(room, users.fay, {"groups": 1, "minutes": 5})
        return WorkshopRoom.objects.get(breakout_group__isnull=False)

    subroom = await database_sync_to_async(split)()
    ada = await welcomed(connect, subroom, users.ada)
    await database_sync_to_async(webinar.unpublish)()
    assert await next_frame(ada, "closed", skip=SKIP) == {"type": "closed", "reason": "withdrawn"}
    output = {"type": None}
    while output["type"] != "websocket.close":
        output = await ada.receive_output(timeout=5)
    assert output["code"] == CLOSE_WITHDRAWN


# The record


def test_a_restricted_page_restricts_its_record(client, room, webinar, users):
    restrict(webinar, "groups")
    url = f"{room.get_absolute_url()}record/"
    for visitor in (None, users.ada):
        client.logout()
        if visitor:
            client.force_login(visitor)
        for query in ("", "?format=json", "?download=html", "?download=pdf"):
            response = client.get(url + query)
            # Sent to the page, which says what it asks for: nothing of the record shows.
            assert response.status_code == 302, (visitor, query)
            assert response["Location"] == webinar.url


def test_a_withdrawn_page_closes_its_record(client, room, webinar, users):
    question, _ = services.store_message(room, users.ada, "What did it cost?", "q", "question")
    webinar.unpublish()
    url = f"{room.get_absolute_url()}record/"
    client.force_login(users.ada)
    assert client.get(url).status_code == 404
    assert client.get(url + "?format=json").status_code == 404
    assert client.get(url + "?download=pdf").status_code == 404
    client.force_login(users.fay)
    page = client.get(url)
    assert page.status_code == 200
    assert "Your written answer to" not in page.content.decode()
    response = client.post(url, {"question": question["id"], "body": "EUR 1 m."})
    assert response.status_code == 403
    assert "no longer published" in response.content.decode()
    assert not Message.objects.get(room=room, seq=question["id"]).answered


def test_an_answer_on_the_record_with_a_control_character_is_refused(client, room, users):
    question, _ = services.store_message(room, users.ada, "What did it cost?", "q", "question")
    client.force_login(users.fay)
    url = f"{room.get_absolute_url()}record/"
    response = client.post(url, {"question": question["id"], "body": "EUR\x00 1 m."})
    assert response.status_code == 400
    assert "control character" in response.content.decode()


# Links from a past webinar


def test_a_past_webinar_links_to_the_record_and_transcript_only_when_there_is_one(
    client, hub_tree, users
):
    past = factories.WebinarPageFactory(
        parent=hub_tree.webinars,
        title="Permits for refuelling stations",
        start=timezone.now() - datetime.timedelta(days=3),
    )
    room = WorkshopRoom.objects.get(page=past)
    record, transcript = (
        f'href="{room.get_absolute_url()}record/"',
        (f'href="{room.get_transcript_url()}"'),
    )
    html = client.get(past.url).text
    assert record not in html and transcript not in html  # nothing happened there
    poll = polls.open_poll(room, users.fay, {"question": "Which fuel?", "options": ["H2", "EV"]})
    polls.close_poll(room, {"poll": poll.pk})
    html = client.get(past.url).text
    assert record in html and transcript not in html  # a poll, but nobody said a word
    services.store_message(room, users.ada, "Ten weeks for the permit.", "m1", "chat")
    html = client.get(past.url).text
    assert record in html and transcript in html


# Personal data


def test_what_a_session_keeps_about_a_person_is_exported_and_removed_with_the_account(room, users):
    ada = users.ada
    session.record_attendance(room, ada)
    poll = polls.open_poll(room, users.fay, {"question": "Which fuel?", "options": ["H2", "EV"]})
    polls.vote(room, ada, {"poll": poll.pk, "options": [poll.options.first().pk]})
    session.session_for(room)
    RoomSession.objects.filter(room=room).update(moderated=True)
    questions.hold(room, ada, "Who pays?", "q1")
    data = export_for(ada)["room_sessions"]
    assert [row["room"] for row in data["attended"]] == [room.title]
    assert data["poll_votes"] == [{"poll": "Which fuel?", "choice": "H2"}]
    assert [row["body"] for row in data["questions_held_for_approval"]] == ["Who pays?"]
    ada.delete()
    assert not room.attendance.exists()
    assert not HeldQuestion.objects.exists()
    assert poll.votes.count() == 0
