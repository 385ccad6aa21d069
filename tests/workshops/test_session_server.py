"""What the server keeps true of a session by itself, through Channels'
WebsocketCommunicator on the configured channel layer (in memory, or Redis when
REDIS_URL is set): breakouts end on time with nobody's page open, every frame that
changes the room is rate limited, one ballot per participant in a single-choice poll
however many tabs vote at once, and a welcome whose cost does not grow with the room."""

import asyncio
import datetime
import uuid

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from workshops import breakout_end, services
from workshops import session as room_session
from workshops.consumers import WorkshopConsumer
from workshops.models import (
    AgendaItem,
    Breakout,
    Message,
    Outcome,
    Poll,
    PollOption,
    PollVote,
    RoomSession,
    WorkshopRoom,
)

from .helpers import leave, next_frame, unlimited

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SKIP = ("presence", "queue", "status", "poll", "voted", "agenda", "notes", "hand")


async def joined(connect, room, *people):
    sockets = []
    for person in people:
        socket = await connect(room, person)
        welcome = await socket.receive_json_from(timeout=5)
        assert welcome["type"] == "welcome", welcome
        sockets.append(socket)
    return sockets


async def leave_all(*sockets):
    for socket in sockets:
        await leave(socket)


# Breakouts end on the server


async def start_breakout(connect, room, users):
    """Fay splits Ada and Ben into two groups; each goes to their group's sub-room, and
    Fay closes her laptop. Returns Ada's and Ben's main-room sockets, their sub-room
    sockets and the breakout frame."""
    ada, ben, fay = await joined(connect, room, users.ada, users.ben, users.fay)
    await fay.send_json_to({"type": "breakout_start", "groups": 2, "minutes": 10})
    breakout = (await next_frame(ada, "breakout"))["breakout"]
    await next_frame(ben, "breakout")
    await leave(fay)
    subs = []
    for person in (users.ada, users.ben):
        (sub,) = await joined(connect, group_slug(breakout, person), person)
        subs.append(sub)
    return (ada, ben), subs, breakout


def group_slug(breakout, person):
    """The slug of the sub-room of `person`'s group."""
    group = next(g for g in breakout["groups"] if g["members"][0]["id"] == person.pk)
    return group["url"].strip("/").split("/")[-1]


@database_sync_to_async
def move_end(breakout_id, seconds_from_now):
    """The breakout's end time moved, as if that much time had passed."""
    ends_at = timezone.now() + datetime.timedelta(seconds=seconds_from_now)
    Breakout.objects.filter(pk=breakout_id).update(ends_at=ends_at)
    RoomSession.objects.filter(room__breakout_group__breakout_id=breakout_id).update(
        ends_at=ends_at
    )
    return ends_at


async def everyone_is_brought_back(mains, subs, room, notes=None):
    for sub in subs:
        back = await next_frame(sub, "breakout", skip=SKIP)
        assert back["breakout"]["state"] == "ended"
        assert back["breakout"]["parent"]["url"] == room.get_absolute_url()
    for main in mains:
        ended = await next_frame(main, "breakout", skip=SKIP)
        assert ended["breakout"]["state"] == "ended"
        if notes is not None:
            assert notes in [g["notes"] for g in ended["breakout"]["groups"]]
    assert await database_sync_to_async(
        WorkshopRoom.objects.filter(
            breakout_group__breakout__room=room, status=WorkshopRoom.Status.CLOSED
        ).count
    )() == len(subs)


async def test_a_late_frame_ends_the_breakout_with_the_facilitator_gone(connect, room, users):
    mains, subs, breakout = await start_breakout(connect, room, users)
    ada_sub, ben_sub = subs
    await ada_sub.send_json_to({"type": "notes", "body": "Ask Aberdeen.", "version": 0})
    await next_frame(ada_sub, "notes")
    await leave(ada_sub)
    # Ada's sub-room socket learns the new end time from its welcome.
    await move_end(breakout["id"], 0.5)
    (ada_sub,) = await joined(connect, group_slug(breakout, users.ada), users.ada)
    await asyncio.sleep(0.6)
    # Any frame after the end time ends it, a ping too.
    await ada_sub.send_json_to({"type": "ping"})
    await everyone_is_brought_back(mains, [ada_sub, ben_sub], room, notes="Ask Aberdeen.")
    await leave_all(*mains, ada_sub, ben_sub)


async def test_connecting_after_the_end_time_ends_the_breakout(connect, room, users):
    mains, subs, breakout = await start_breakout(connect, room, users)
    await move_end(breakout["id"], -1)
    # A participant arriving in the main room finds it over: it ends, for everyone.
    late = await connect(room, users.out)
    welcome = await late.receive_json_from(timeout=5)
    assert welcome["breakout"] is None
    await everyone_is_brought_back(mains, subs, room)
    # A sub-room opened afterwards sends its visitor back at once.
    again = await connect(group_slug(breakout, users.ada), users.ada)
    welcome = await again.receive_json_from(timeout=5)
    assert welcome["breakout"]["state"] == "ended"
    assert not welcome["you"]["can_write"]
    await leave_all(*mains, *subs, late, again)


async def test_the_starting_process_ends_the_breakout_on_time(connect, room, users):
    mains, subs, breakout = await start_breakout(connect, room, users)
    ends_at = await move_end(breakout["id"], 0.3)
    # The same timer breakout_start set, for the nearer end time; nobody sends anything.
    breakout_end.schedule(get_channel_layer(), breakout["id"], ends_at)
    await everyone_is_brought_back(mains, subs, room)
    assert await database_sync_to_async(
        Breakout.objects.filter(pk=breakout["id"], ended_at__isnull=False).exists
    )()
    await leave_all(*mains, *subs)


async def test_cron_ends_overdue_breakouts(connect, room, users):
    mains, subs, breakout = await start_breakout(connect, room, users)
    await move_end(breakout["id"], -1)
    await database_sync_to_async(call_command)("end_overdue_breakouts")
    await everyone_is_brought_back(mains, subs, room)
    # Once ended, it stays ended: the facilitator's late button is told so.
    fay = await connect(room, users.fay)
    await fay.receive_json_from(timeout=5)
    await fay.send_json_to({"type": "breakout_end"})
    assert (await next_frame(fay, "error", skip=SKIP))["code"] == "invalid"
    await leave_all(*mains, *subs, fay)


async def test_a_breakout_group_runs_chat_hands_and_notes_only(connect, room, users):
    mains, subs, breakout = await start_breakout(connect, room, users)
    for frame in (
        {"type": "poll_open", "question": "Which?", "options": ["A", "B"]},
        {"type": "agenda", "current": None},
        {"type": "breakout_start", "groups": 2},
    ):
        await subs[0].send_json_to(frame)
        assert (await next_frame(subs[0], "error", skip=SKIP))["code"] == "forbidden"
    await subs[0].send_json_to({"type": "hand", "raised": True})
    assert (await next_frame(subs[0], "hand", skip=SKIP))["raised"] is True
    await leave_all(*mains, *subs)


# Every frame that changes the room is rate limited


async def test_every_session_frame_is_rate_limited(connect, room, users, settings):
    settings.WORKSHOP_RATE_LIMIT = {"messages": 3, "seconds": 5}
    ada, fay = await joined(connect, room, users.ada, users.fay)
    # Refused frames change nothing and do not count.
    for _ in range(4):
        await ada.send_json_to({"type": "vote", "poll": 999, "options": [1]})
        assert (await next_frame(ada, "error", skip=SKIP))["code"] == "invalid"
    for raised in (True, False, True):
        await ada.send_json_to({"type": "hand", "raised": raised})
        assert (await next_frame(ada, "hand", skip=SKIP))["raised"] is raised
    await ada.send_json_to({"type": "hand", "raised": False})
    error = await next_frame(ada, "error", skip=SKIP)
    assert error["code"] == "rate_limited"
    assert 0 < error["retry_after"] <= 5
    # The same window holds for every kind of frame, notes and votes alike.
    await ada.send_json_to({"type": "upvote", "id": 1})
    assert (await next_frame(ada, "error", skip=SKIP))["code"] == "rate_limited"
    # Facilitators too: outcomes, polls, the agenda.
    for text in ("One", "Two", "Three"):
        await fay.send_json_to({"type": "outcome", "kind": "decision", "text": text})
        await next_frame(fay, "outcome", skip=(*SKIP, "error"))
    await fay.send_json_to({"type": "outcome", "kind": "decision", "text": "Four"})
    error = await next_frame(fay, "error", skip=(*SKIP, "outcome"))
    assert error["code"] == "rate_limited"
    assert await database_sync_to_async(Outcome.objects.count)() == 3
    # Deciding on what participants sent is not limited: it keeps pace with them.
    for _ in range(2):
        await fay.send_json_to({"type": "clear_hands"})
        await next_frame(fay, "queue", skip=("presence", "status", "outcome", "hand"))
    # Reading is not limited.
    await ada.send_json_to({"type": "ping"})
    assert (await next_frame(ada, "pong", skip=(*SKIP, "outcome")))["type"] == "pong"
    await leave_all(ada, fay)


# One ballot in a single-choice poll, however many tabs vote at once


@database_sync_to_async
def make_poll(room, user, multiple=False):
    poll = Poll.objects.create(room=room, question="Which bus?", multiple=multiple, created_by=user)
    options = [
        PollOption.objects.create(poll=poll, position=n, label=label)
        for n, label in enumerate(["Hydrogen", "Battery", "Trolley"])
    ]
    return poll, [o.pk for o in options]


async def ballot_answer(tab):
    """A tab's answer to its vote: `voted`, or an error."""
    for _ in range(20):
        frame = await tab.receive_json_from(timeout=5)
        if frame["type"] in ("voted", "error"):
            return frame
    raise AssertionError("no answer to the vote")


async def test_two_tabs_voting_at_once_leave_one_ballot(connect, room, users):
    poll, options = await make_poll(room, users.fay)
    with unlimited():
        first, second = await joined(connect, room, users.ada, users.ada)
        for round_ in range(6):
            one, other = options[round_ % 3], options[(round_ + 1) % 3]
            await asyncio.gather(
                first.send_json_to({"type": "vote", "poll": poll.pk, "options": [one]}),
                second.send_json_to({"type": "vote", "poll": poll.pk, "options": [other]}),
            )
            answers = [await ballot_answer(tab) for tab in (first, second)]
            stored = await database_sync_to_async(list)(
                PollVote.objects.filter(poll=poll, user=users.ada).values_list(
                    "option_id", flat=True
                )
            )
            assert len(stored) == 1
            # The last one stored wins, one of the two the tabs sent; a tab whose ballot
            # was the one stored already is told so.
            assert stored[0] in {one, other}
            for answer in answers:
                if answer["type"] == "error":
                    assert answer["code"] == "already_voted"
        await leave_all(first, second)


def test_the_database_refuses_a_second_single_choice_vote(make_user, transactional_db):
    ada = make_user("ada")
    room = WorkshopRoom.objects.create(slug="r", title="R")
    poll = Poll.objects.create(room=room, question="Which?")
    one, two = (PollOption.objects.create(poll=poll, position=n, label=str(n)) for n in (1, 2))
    PollVote.objects.create(poll=poll, option=one, user=ada, single=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        PollVote.objects.create(poll=poll, option=two, user=ada, single=True)
    # A multiple-choice poll takes several.
    many = Poll.objects.create(room=room, question="Which ones?", multiple=True)
    a, b = (PollOption.objects.create(poll=many, position=n, label=str(n)) for n in (1, 2))
    PollVote.objects.create(poll=many, option=a, user=ada)
    PollVote.objects.create(poll=many, option=b, user=ada)


# A welcome whose cost does not grow with the room


def welcome_queries(room, user):
    consumer = WorkshopConsumer()
    consumer.room = WorkshopRoom.objects.select_related("page").get(pk=room.pk)
    consumer.user = get_user_model().objects.get(pk=user.pk)  # as a new connection has it
    consumer.access = consumer.room.access(user)
    consumer.channel_name = f"test.{uuid.uuid4().hex}"
    with CaptureQueriesContext(connection) as queries:
        state = consumer._welcome_state(None)
    return len(queries), state


def fill(room, user, count):
    """`count` each of questions, polls (one vote each), outcomes and agenda items."""
    start = room.last_seq
    for n in range(count):
        Message.objects.create(
            room=room, seq=start + n + 1, author=user, kind="question", body=f"Q{n}"
        )
        poll = Poll.objects.create(room=room, question=f"P{n}", created_by=user)
        option = PollOption.objects.create(poll=poll, position=0, label="Yes")
        PollOption.objects.create(poll=poll, position=1, label="No")
        PollVote.objects.create(poll=poll, option=option, user=user, single=True)
        Outcome.objects.create(room=room, kind="decision", text=f"D{n}", created_by=user)
        AgendaItem.objects.create(room=room, position=n, title=f"Item {n}")
    WorkshopRoom.objects.filter(pk=room.pk).update(last_seq=start + count)
    room.refresh_from_db()


def fresh_process():
    """As a server process that has not seen the room: no sweep done, no attendance kept."""
    services._last_sweep[0] = float("-inf")
    room_session._attended.clear()


def test_a_welcome_costs_the_same_whatever_the_room_holds(room, users):
    room_session.session_for(room)
    fill(room, users.ada, 1)
    fresh_process()
    few, _ = welcome_queries(room, users.ben)
    fill(room, users.ada, 12)
    fresh_process()
    many, state = welcome_queries(room, users.ben)
    assert len(state["polls"]) == 13 and len(state["questions"]) == 13
    assert len(state["outcomes"]) == 13 and len(state["agenda"]["items"]) == 13
    assert many == few
    # A reconnection costs less: the process has recorded the attendance and swept.
    again, _ = welcome_queries(room, users.ben)
    # However many polls, questions, outcomes and agenda items the room holds.
    assert (many, again) == (22, 18)


def test_a_breakout_group_welcome_is_light(room, users):
    from workshops import breakouts

    for user in (users.ada, users.ben):
        services.join(room, user, f"main.{user.pk}")
    breakouts.start(room, users.fay, {"groups": 1, "minutes": 10})
    subroom = WorkshopRoom.objects.get(breakout_group__breakout__room=room)
    count, state = welcome_queries(subroom, users.ada)
    assert state["breakout"]["state"] == "running"
    assert state["polls"] == [] and state["outcomes"] == []
    main, _ = welcome_queries(room, users.ben)
    assert count < main, (count, main)


@database_sync_to_async
def ask(room, user, count):
    start = room.last_seq
    Message.objects.bulk_create(
        Message(room=room, seq=start + n + 1, author=user, kind="question", body=f"Q{n}")
        for n in range(count)
    )
    WorkshopRoom.objects.filter(pk=room.pk).update(last_seq=start + count)


async def test_questions_come_in_pages_like_the_history(connect, room, users):
    await ask(room, users.ada, services.HISTORY_PAGE + 30)
    ben = await connect(room, users.ben)
    welcome = await ben.receive_json_from(timeout=5)
    assert len(welcome["questions"]) == services.HISTORY_PAGE
    assert welcome["questions_more"] is True
    last = welcome["questions"][-1]["id"]
    await ben.send_json_to({"type": "questions", "after": last})
    page = await next_frame(ben, "questions", skip=SKIP)
    assert [q["id"] for q in page["questions"]] == list(range(last + 1, services.HISTORY_PAGE + 31))
    assert page["more"] is False
    await ben.send_json_to({"type": "questions", "after": -1})
    assert (await next_frame(ben, "error", skip=SKIP))["code"] == "invalid"
    await leave(ben)


def test_pings_read_the_latest_number_once_a_second(room, users):
    assert services.recent_last_seq_known(room) is None
    with CaptureQueriesContext(connection) as queries:
        assert services.last_seq(room) == 0
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert services.recent_last_seq_known(room) == 0
    assert len(queries) == 0
    # A message this process stores is known at once.
    services.store_message(room, users.ada, "Hello", "c1", "chat")
    assert services.recent_last_seq_known(room) == 1
