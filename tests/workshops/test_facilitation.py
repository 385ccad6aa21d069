"""The session frames a facilitator runs a workshop with, and their refusals, through
Channels' WebsocketCommunicator on the configured channel layer (in memory, or Redis
when REDIS_URL is set)."""

import asyncio
import datetime

import pytest
from channels.db import database_sync_to_async
from django.core import mail
from django.utils import timezone

from workshops import session as room_session
from workshops.models import (
    HandRaise,
    Message,
    Outcome,
    PollVote,
    RoomSession,
    WorkshopRoom,
)

from .helpers import leave, next_frame

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SKIP = ("presence", "queue", "status", "poll", "voted", "agenda")


async def joined(connect, room, *people):
    sockets = []
    for person in people:
        socket = await connect(room, person)
        welcome = await socket.receive_json_from(timeout=5)
        assert welcome["type"] == "welcome"
        sockets.append(socket)
    return sockets


async def error_of(socket, skip=SKIP):
    return await next_frame(socket, "error", skip=skip)


async def leave_all(*sockets):
    for socket in sockets:
        await leave(socket)


@database_sync_to_async
def set_session(room, **values):
    room_session.session_for(room)
    RoomSession.objects.filter(room=room).update(**values)


# Status, agenda and who is who


async def test_status_follows_the_facts(connect, room, users):
    await set_session(room, starts_at=timezone.now() + datetime.timedelta(hours=1), ends_at=None)
    (ada,) = await joined(connect, room, users.ada)
    await leave(ada)
    ada = await connect(room, users.ada)
    welcome = await ada.receive_json_from(timeout=5)
    assert welcome["status"]["value"] == "scheduled"
    assert welcome["status"]["label"] == "Scheduled"
    await ada.send_json_to({"type": "open"})
    assert (await error_of(ada))["code"] == "forbidden"
    fay = await connect(room, users.fay)
    welcome = await fay.receive_json_from(timeout=5)
    # The first facilitator to arrive opens the room.
    assert welcome["status"]["value"] == "live"
    await fay.send_json_to({"type": "close"})
    status = await next_frame(ada, "status", skip=("presence", "chat", "closed", "queue"))
    assert status["status"]["value"] == "ended"
    await leave_all(ada, fay)


async def test_a_room_past_its_end_time_has_ended(connect, room, users):
    await set_session(room, ends_at=timezone.now() - datetime.timedelta(minutes=1))
    (ada,) = await joined(connect, room, users.ada)
    await leave(ada)
    ada = await connect(room, users.ada)
    assert (await ada.receive_json_from(timeout=5))["status"]["value"] == "ended"
    await leave(ada)


async def test_facilitator_sets_the_agenda_and_moves_through_it(connect, room, users):
    ada, fay = await joined(connect, room, users.ada, users.fay)
    items = [{"title": "Welcome", "minutes": 5}, {"title": "Hydrogen buses", "minutes": 30}]
    await fay.send_json_to({"type": "agenda", "items": items})
    agenda = await next_frame(ada, "agenda", skip=("presence",))
    assert [(i["title"], i["minutes"]) for i in agenda["items"]] == [
        ("Welcome", 5),
        ("Hydrogen buses", 30),
    ]
    first, second = agenda["items"]
    start = datetime.datetime.fromisoformat(first["planned_start"])
    assert datetime.datetime.fromisoformat(second["planned_start"]) - start == datetime.timedelta(
        minutes=5
    )
    assert agenda["current"] is None
    await fay.send_json_to({"type": "agenda", "current": second["id"]})
    agenda = await next_frame(ada, "agenda", skip=("presence",))
    assert agenda["current"] == second["id"]
    await leave(ada)
    ada = await connect(room, users.ada)
    welcome = await ada.receive_json_from(timeout=5)
    assert welcome["agenda"]["current"] == second["id"]
    assert [i["title"] for i in welcome["agenda"]["items"]] == ["Welcome", "Hydrogen buses"]
    await leave_all(ada, fay)


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"type": "agenda", "items": "Welcome"}, "invalid"),
        ({"type": "agenda", "items": [{"title": ""}]}, "invalid"),
        ({"type": "agenda", "items": [{"title": "Long", "minutes": 0}]}, "invalid"),
        ({"type": "agenda", "current": 999}, "invalid"),
        ({"type": "agenda"}, "invalid"),
    ],
)
async def test_agenda_errors(connect, room, users, frame, code):
    (fay,) = await joined(connect, room, users.fay)
    await fay.send_json_to(frame)
    assert (await error_of(fay))["code"] == code
    await leave(fay)


async def test_only_facilitators_change_the_agenda(connect, room, users):
    (ada,) = await joined(connect, room, users.ada)
    await ada.send_json_to({"type": "agenda", "items": [{"title": "Mine", "minutes": 5}]})
    assert (await error_of(ada))["code"] == "forbidden"
    await leave(ada)


async def test_frames_name_people_by_display_name_and_city(connect, room, users, hub_tree):
    from home import people as home_people
    from tests import factories

    city = await database_sync_to_async(factories.CityProfilePageFactory)(
        parent=hub_tree.cities, title="Aberdeen"
    )

    @database_sync_to_async
    def confirm():
        home_people.save_person(users.ben, display_name="Ben Hydrogen", organisation="ACC")
        person = users.ben.person
        person.city = city
        person.city_status = person.CityStatus.CONFIRMED
        person.save()

    await confirm()
    ada, ben = await joined(connect, room, users.ada, users.ben)
    await ben.send_json_to({"type": "chat", "body": "Hello", "client_id": "b1"})
    frame = await next_frame(ada, "chat")
    assert frame["author"] == {
        "id": users.ben.pk,
        "name": "Ben Hydrogen",
        "city": "Aberdeen",
        "organisation": "ACC",
    }
    await ben.send_json_to({"type": "hand", "raised": True})
    hand = await next_frame(ada, "hand")
    assert hand["user"]["city"] == "Aberdeen"
    queue = await next_frame(ada, "queue", skip=("presence",))
    assert queue["queue"][0]["name"] == "Ben Hydrogen"
    await leave(ada)
    ada = await connect(room, users.ada)
    welcome = await ada.receive_json_from(timeout=5)
    listed = {p["name"]: p["city"] for p in welcome["participants"]}
    assert listed == {"Ben Hydrogen": "Aberdeen", "Ada Lovelace": ""}
    # Grouped by city: people with a city first, by city, then the others.
    assert [p["name"] for p in welcome["participants"]] == ["Ben Hydrogen", "Ada Lovelace"]
    await leave_all(ada, ben)


# Polls


async def open_poll(fay, **extra):
    frame = {"type": "poll_open", "question": "Which fuel first?", "options": ["H2", "Battery"]}
    await fay.send_json_to({**frame, **extra})
    return (await next_frame(fay, "poll", skip=("presence",)))["poll"]


async def test_poll_votes_change_and_results_are_live(connect, room, users):
    ada, ben, fay = await joined(connect, room, users.ada, users.ben, users.fay)
    poll = await open_poll(fay)
    assert poll["state"] == "open"
    h2, battery = (o["id"] for o in poll["options"])
    seen = await next_frame(ada, "poll", skip=("presence",))
    assert seen["poll"]["question"] == "Which fuel first?"
    await ada.send_json_to({"type": "vote", "poll": poll["id"], "options": [h2]})
    assert await next_frame(ada, "voted", skip=("presence", "poll")) == {
        "type": "voted",
        "poll": poll["id"],
        "options": [h2],
    }
    await ben.send_json_to({"type": "vote", "poll": poll["id"], "options": [h2]})
    await next_frame(ben, "voted", skip=("presence", "poll"))
    # Ada changes her mind while the poll is open; the same vote twice is refused.
    await ada.send_json_to({"type": "vote", "poll": poll["id"], "options": [battery]})
    await next_frame(ada, "voted", skip=("presence", "poll"))
    await ada.send_json_to({"type": "vote", "poll": poll["id"], "options": [battery]})
    assert (await error_of(ada))["code"] == "already_voted"
    for _ in range(10):
        results = (await next_frame(ben, "poll", skip=("presence",)))["poll"]
        if results["voters"] == 2 and results["options"][1]["votes"] == 1:
            break
    assert [o["votes"] for o in results["options"]] == [1, 1]
    await fay.send_json_to({"type": "poll_close", "poll": poll["id"]})
    for _ in range(10):
        closed = (await next_frame(ada, "poll", skip=("presence", "voted")))["poll"]
        if closed["state"] == "closed":
            break
    assert closed["state"] == "closed"
    await ben.send_json_to({"type": "vote", "poll": poll["id"], "options": [battery]})
    assert (await error_of(ben))["code"] == "closed"
    await leave(ada)
    ada = await connect(room, users.ada)
    welcome = await ada.receive_json_from(timeout=5)
    (kept,) = welcome["polls"]
    assert kept["state"] == "closed" and kept["mine"] == [battery]
    assert [o["votes"] for o in kept["options"]] == [1, 1]
    assert await database_sync_to_async(PollVote.objects.count)() == 2
    await leave_all(ada, ben, fay)


async def test_results_after_closing_stay_hidden_from_participants(connect, room, users):
    ada, fay = await joined(connect, room, users.ada, users.fay)
    poll = await open_poll(fay, results="closed", anonymous=True)
    h2 = poll["options"][0]["id"]
    await ada.send_json_to({"type": "vote", "poll": poll["id"], "options": [h2]})
    await next_frame(ada, "voted", skip=("presence", "poll"))
    public = (await next_frame(ada, "poll", skip=("presence",)))["poll"]
    for _ in range(5):
        if public["voters"] == 1:
            break
        public = (await next_frame(ada, "poll", skip=("presence",)))["poll"]
    assert public["voters"] == 1
    assert "votes" not in public["options"][0]
    # The facilitator sees the counts while it is open.
    for _ in range(10):
        staff = (await next_frame(fay, "poll", skip=("presence",)))["poll"]
        if "votes" in staff["options"][0] and staff["voters"] == 1:
            break
    assert staff["options"][0]["votes"] == 1
    await leave_all(ada, fay)


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"type": "poll_open", "question": "", "options": ["a", "b"]}, "invalid"),
        ({"type": "poll_open", "question": "Q", "options": ["a"]}, "invalid"),
        ({"type": "poll_open", "question": "Q", "options": ["a", "a"]}, "invalid"),
        ({"type": "poll_open", "question": "Q", "options": ["a", "b"], "results": "x"}, "invalid"),
        ({"type": "vote", "poll": 999, "options": [1]}, "invalid"),
        ({"type": "poll_close", "poll": "x"}, "invalid"),
    ],
)
async def test_poll_errors(connect, room, users, frame, code):
    (fay,) = await joined(connect, room, users.fay)
    await fay.send_json_to(frame)
    assert (await error_of(fay))["code"] == code
    await leave(fay)


async def test_poll_ballot_errors_and_roles(connect, room, users):
    ada, fay = await joined(connect, room, users.ada, users.fay)
    await ada.send_json_to({"type": "poll_open", "question": "Q", "options": ["a", "b"]})
    assert (await error_of(ada))["code"] == "forbidden"
    poll = await open_poll(fay)
    ids = [o["id"] for o in poll["options"]]
    for options in ([], ids, [ids[0] + 1000], "a"):
        await ada.send_json_to({"type": "vote", "poll": poll["id"], "options": options})
        assert (await error_of(ada))["code"] == "invalid"
    await ada.send_json_to({"type": "poll_close", "poll": poll["id"]})
    assert (await error_of(ada))["code"] == "forbidden"
    await leave_all(ada, fay)


async def test_guests_cannot_vote(connect, room, users):
    fay, guest = await joined(connect, room, users.fay, None)
    poll = await open_poll(fay)
    await guest.send_json_to(
        {"type": "vote", "poll": poll["id"], "options": [poll["options"][0]["id"]]}
    )
    assert (await error_of(guest))["code"] == "forbidden"
    await leave_all(fay, guest)


# The hand queue


async def test_hand_queue_in_order_and_the_floor(connect, room, users):
    ada, ben, fay = await joined(connect, room, users.ada, users.ben, users.fay)
    await ben.send_json_to({"type": "hand", "raised": True})
    await next_frame(fay, "hand")
    await ada.send_json_to({"type": "hand", "raised": True})
    await next_frame(fay, "hand")
    for _ in range(5):
        queue = await next_frame(fay, "queue", skip=("presence", "hand"))
        if len(queue["queue"]) == 2:
            break
    assert [p["id"] for p in queue["queue"]] == [users.ben.pk, users.ada.pk]
    await ada.send_json_to({"type": "floor"})
    assert (await error_of(ada, skip=("presence", "queue", "hand")))["code"] == "forbidden"
    await fay.send_json_to({"type": "floor"})
    for _ in range(5):
        queue = await next_frame(ben, "queue", skip=("presence", "hand"))
        if queue["floor"]:
            break
    assert queue["floor"]["id"] == users.ben.pk
    assert [p["id"] for p in queue["queue"]] == [users.ada.pk]
    await fay.send_json_to({"type": "floor", "user": users.ben.pk})
    assert (await error_of(fay, skip=("presence", "queue", "hand")))["code"] == "invalid"
    await fay.send_json_to({"type": "clear_hands"})
    for _ in range(5):
        queue = await next_frame(ada, "queue", skip=("presence", "hand"))
        if not queue["queue"]:
            break
    assert queue["queue"] == []
    assert not await database_sync_to_async(HandRaise.objects.exists)()
    await fay.send_json_to({"type": "floor"})
    error = await error_of(fay, skip=("presence", "queue", "hand"))
    assert error == {"type": "error", "code": "invalid", "detail": "Nobody has raised a hand."}
    await leave_all(ada, ben, fay)


# Moderated questions


async def test_moderated_questions_wait_for_approval(connect, room, users):
    await set_session(room, moderated=True)
    ada, ben, fay = await joined(connect, room, users.ada, users.ben, users.fay)
    await ada.send_json_to(
        {"type": "chat", "kind": "question", "body": "Who pays?", "client_id": "q1"}
    )
    held = await next_frame(fay, "held")
    assert held["body"] == "Who pays?" and held["author"]["name"] == "Ada Lovelace"
    assert (await next_frame(ada, "held"))["client_id"] == "q1"
    assert await ben.receive_nothing(timeout=0.3) or (await ben.receive_json_from())["type"] in SKIP
    await ben.send_json_to({"type": "approve", "id": held["id"]})
    assert (await error_of(ben))["code"] == "forbidden"
    await fay.send_json_to({"type": "approve", "id": held["id"]})
    question = await next_frame(ben, "chat")
    assert question["kind"] == "question" and question["body"] == "Who pays?"
    await fay.send_json_to({"type": "approve", "id": held["id"]})
    assert (await error_of(fay, skip=(*SKIP, "chat", "held_decided")))["code"] == "invalid"
    # Authors cannot upvote their own question; others can.
    await ada.send_json_to({"type": "upvote", "id": question["id"]})
    error = await error_of(ada, skip=(*SKIP, "chat", "held"))
    assert error["detail"] == "You cannot upvote your own question."
    await ben.send_json_to({"type": "upvote", "id": question["id"]})
    assert (await next_frame(ben, "upvote"))["votes"] == 1
    # A written answer.
    await fay.send_json_to({"type": "reply", "id": question["id"], "body": "The city, in 2027."})
    answered = await next_frame(ada, "answered", skip=(*SKIP, "chat", "held", "upvote"))
    assert answered["answer"]["body"] == "The city, in 2027."
    assert answered["answer"]["by"]["name"] == "Fay"
    await leave_all(ada, ben, fay)


async def test_declined_question_is_never_shown(connect, room, users):
    await set_session(room, moderated=True)
    ada, fay = await joined(connect, room, users.ada, users.fay)
    await ada.send_json_to({"type": "chat", "kind": "question", "body": "Spam?", "client_id": "q"})
    held = await next_frame(fay, "held")
    await fay.send_json_to({"type": "decline", "id": held["id"]})
    decided = await next_frame(ada, "held_decided", skip=(*SKIP, "held"))
    assert decided == {"type": "held_decided", "id": held["id"], "approved": False}
    assert not await database_sync_to_async(Message.objects.filter(kind="question").exists)()
    await fay.send_json_to({"type": "decline", "id": 999})
    assert (await error_of(fay, skip=(*SKIP, "held", "held_decided")))["code"] == "invalid"
    await leave_all(ada, fay)


async def test_reply_errors(connect, room, users):
    ada, fay = await joined(connect, room, users.ada, users.fay)
    await ada.send_json_to({"type": "chat", "body": "just chat", "client_id": "c"})
    chat = await next_frame(fay, "chat")
    await fay.send_json_to({"type": "reply", "id": chat["id"], "body": "no"})
    assert (await error_of(fay, skip=(*SKIP, "chat")))["code"] == "forbidden"
    await fay.send_json_to({"type": "reply", "id": 999, "body": "no"})
    assert (await error_of(fay, skip=(*SKIP, "chat")))["code"] == "invalid"
    await ada.send_json_to({"type": "reply", "id": chat["id"], "body": "me"})
    assert (await error_of(ada, skip=(*SKIP, "chat")))["code"] == "forbidden"
    await leave_all(ada, fay)


# Notes and outcomes


async def test_notes_are_shared_and_conflicts_lose_nothing(connect, room, users):
    ada, fay = await joined(connect, room, users.ada, users.fay)
    await ada.send_json_to({"type": "notes", "body": "mine", "version": 0})
    assert (await error_of(ada))["code"] == "forbidden"
    await fay.send_json_to({"type": "notes", "body": "Agreed: a joint tender.", "version": 0})
    notes = await next_frame(ada, "notes")
    assert notes["body"] == "Agreed: a joint tender." and notes["version"] == 1
    assert notes["by"]["name"] == "Fay"
    await fay.send_json_to({"type": "moderation", "participants_edit_notes": True})
    await next_frame(ada, "settings", skip=(*SKIP, "notes"))
    await ada.send_json_to({"type": "notes", "body": "stale edit", "version": 0})
    # The stale writer gets the current notes back, then the error.
    current = await next_frame(ada, "notes", skip=SKIP)
    assert current["body"] == "Agreed: a joint tender."
    assert (await error_of(ada))["code"] == "conflict"
    await ada.send_json_to({"type": "notes", "body": "Agreed. Ada adds a date.", "version": 1})
    await next_frame(fay, "notes", skip=(*SKIP, "settings"))  # her own save, first
    latest = await next_frame(fay, "notes", skip=(*SKIP, "settings"))
    assert (latest["version"], latest["by"]["name"]) == (2, "Ada Lovelace")
    await leave_all(ada, fay)


async def test_outcomes_decisions_and_action_items(connect, room, users):
    ada, fay = await joined(connect, room, users.ada, users.fay)
    await fay.send_json_to({"type": "outcome", "kind": "decision", "text": "Buy two buses."})
    decision = (await next_frame(ada, "outcome"))["outcome"]
    assert decision["kind"] == "decision" and decision["text"] == "Buy two buses."
    await fay.send_json_to(
        {
            "type": "outcome",
            "kind": "action",
            "text": "Draft the tender",
            "owner": users.ada.pk,
            "due": "2027-01-31",
        }
    )
    action = (await next_frame(ada, "outcome"))["outcome"]
    assert action["owner"]["name"] == "Ada Lovelace" and action["due"] == "2027-01-31"
    for frame in (
        {"type": "outcome", "kind": "wish", "text": "x"},
        {"type": "outcome", "kind": "action", "text": "x", "due": "2027-01-31"},
        {"type": "outcome", "kind": "action", "text": "x", "owner_name": "ACC", "due": "soon"},
        {"type": "outcome_remove", "id": 999},
    ):
        await fay.send_json_to(frame)
        assert (await error_of(fay, skip=(*SKIP, "outcome")))["code"] == "invalid"
    await ada.send_json_to({"type": "outcome", "kind": "decision", "text": "mine"})
    assert (await error_of(ada, skip=(*SKIP, "outcome")))["code"] == "forbidden"
    await fay.send_json_to({"type": "outcome_remove", "id": decision["id"]})
    assert (await next_frame(ada, "outcome_removed", skip=(*SKIP, "outcome")))["id"] == decision[
        "id"
    ]
    assert await database_sync_to_async(Outcome.objects.count)() == 1
    await leave_all(ada, fay)


# Breakouts


@database_sync_to_async
def subroom_of(room, number):
    return WorkshopRoom.objects.get(
        breakout_group__breakout__room=room, breakout_group__number=number
    )


async def test_breakout_round_with_group_notes_returning(connect, room, users):
    ada, ben, fay = await joined(connect, room, users.ada, users.ben, users.fay)
    await fay.send_json_to({"type": "breakout_start", "groups": 2, "mode": "random", "minutes": 10})
    breakout = (await next_frame(ada, "breakout"))["breakout"]
    assert breakout["state"] == "running"
    members = sorted(m["id"] for g in breakout["groups"] for m in g["members"])
    assert members == sorted([users.ada.pk, users.ben.pk])
    assert all(len(g["members"]) == 1 for g in breakout["groups"])
    await fay.send_json_to({"type": "breakout_start", "groups": 2})
    assert (await error_of(fay, skip=(*SKIP, "breakout")))["code"] == "forbidden"
    ada_group = next(
        g["number"] for g in breakout["groups"] if g["members"][0]["id"] == users.ada.pk
    )
    subroom = await subroom_of(room, ada_group)
    (ada_sub,) = await joined(connect, subroom, users.ada)
    other = await subroom_of(room, 3 - ada_group)
    ben_in_wrong = await connect(other, users.ada)
    # Ada is not in the other group: the members-only sub-room refuses her.
    assert (await ben_in_wrong.receive_output())["type"] == "websocket.close"
    await ada_sub.send_json_to(
        {"type": "notes", "body": "Group notes: ask Aberdeen.", "version": 0}
    )
    assert (await next_frame(ada_sub, "notes"))["version"] == 1
    await fay.send_json_to({"type": "breakout_end"})
    back = await next_frame(ada_sub, "breakout", skip=(*SKIP, "notes"))
    assert back["breakout"]["state"] == "ended"
    assert back["breakout"]["parent"]["url"] == room.get_absolute_url()
    ended = (await next_frame(ada, "breakout", skip=(*SKIP, "breakout")))["breakout"]
    for _ in range(3):
        if ended["state"] == "ended":
            break
        ended = (await next_frame(ada, "breakout"))["breakout"]
    notes = {g["number"]: g["notes"] for g in ended["groups"]}
    assert notes[ada_group] == "Group notes: ask Aberdeen."
    await fay.send_json_to({"type": "breakout_end"})
    assert (await error_of(fay, skip=(*SKIP, "breakout")))["code"] == "invalid"
    await leave_all(ada, ben, fay, ada_sub)


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"type": "breakout_start", "groups": 0}, "invalid"),
        ({"type": "breakout_start", "groups": 51}, "invalid"),
        ({"type": "breakout_start", "groups": 2, "mode": "zodiac"}, "invalid"),
        ({"type": "breakout_start", "groups": 2, "minutes": 0}, "invalid"),
        ({"type": "breakout_start", "groups": 2, "mode": "manual", "assignments": {}}, None),
    ],
)
async def test_breakout_errors(connect, room, users, frame, code):
    ada, fay = await joined(connect, room, users.ada, users.fay)
    if code is None:
        frame = {**frame, "assignments": {str(users.ada.pk): 3}}
        code = "unknown_group"
    await fay.send_json_to(frame)
    assert (await error_of(fay))["code"] == code
    await ada.send_json_to({"type": "breakout_start", "groups": 2})
    assert (await error_of(ada))["code"] == "forbidden"
    await leave_all(ada, fay)


async def test_breakout_by_city_and_by_hand(connect, room, users):
    ada, ben, fay = await joined(connect, room, users.ada, users.ben, users.fay)
    assignments = {str(users.ada.pk): 1, str(users.ben.pk): 1}
    await fay.send_json_to(
        {"type": "breakout_start", "groups": 2, "mode": "manual", "assignments": assignments}
    )
    breakout = (await next_frame(ada, "breakout"))["breakout"]
    assert [len(g["members"]) for g in breakout["groups"]] == [2, 0]
    await fay.send_json_to({"type": "breakout_end"})
    await next_frame(ada, "breakout")
    await fay.send_json_to({"type": "breakout_start", "groups": 2, "mode": "city"})
    breakout = (await next_frame(ada, "breakout"))["breakout"]
    # Neither has a city: each is their own, and the two are spread over the groups.
    assert sorted(len(g["members"]) for g in breakout["groups"]) == [1, 1]
    await leave_all(ada, ben, fay)


# After the session


async def test_closing_sends_unanswered_questions_once(connect, room, users):
    @database_sync_to_async
    def emails():
        users.fay.email = "fay@example.org"
        users.fay.save()

    await emails()
    ada, fay = await joined(connect, room, users.ada, users.fay)
    await ada.send_json_to({"type": "chat", "kind": "question", "body": "Costs?", "client_id": "q"})
    await next_frame(fay, "chat")
    await fay.send_json_to({"type": "close"})
    await next_frame(ada, "closed", skip=(*SKIP, "chat"))
    for _ in range(600):  # the first email loads the template engine: give it time
        if mail.outbox:
            break
        await asyncio.sleep(0.1)
    assert len(mail.outbox) == 1
    (email,) = mail.outbox
    assert email.to == ["fay@example.org"]
    assert "Costs?" in email.body and f"/workshops/{room.slug}/record/" in email.body
    from workshops import followup

    assert await database_sync_to_async(followup.send_unanswered)(room.pk) == 0
    await leave_all(ada, fay)
