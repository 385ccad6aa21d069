"""The room protocol, frame by frame, through Channels' WebsocketCommunicator.

These run against the configured channel layer: in memory by default, the real Redis
server when REDIS_URL is set.
"""

import json

import pytest
from channels.db import database_sync_to_async

from workshops import fanout
from workshops.consumers import CLOSE_UNAVAILABLE
from workshops.models import HandRaise, Message, QuestionVote, WorkshopRoom

from .helpers import leave, next_frame, no_frame_but_presence, unlimited

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def chat(body, client_id, kind=None):
    frame = {"type": "chat", "body": body, "client_id": client_id}
    if kind:
        frame["kind"] = kind
    return frame


@database_sync_to_async
def add_messages(room, count, author):
    from workshops import services

    with unlimited():
        return [
            services.store_message(room, author, f"note {n}", f"c{n}", "chat")[0]
            for n in range(count)
        ]


async def test_welcome_has_room_you_participants_and_last_50_messages(connect, room, users):
    await add_messages(room, 60, users.ben)
    ada = await connect(room, users.ada)
    welcome = await ada.receive_json_from()
    assert welcome["type"] == "welcome"
    assert welcome["room"]["slug"] == "h2"
    assert welcome["room"]["title"] == "Hydrogen buses"
    assert welcome["you"] == {
        "id": users.ada.pk,
        "name": "Ada Lovelace",
        "city": "",
        "organisation": "",
        "anonymous": False,
        "facilitator": False,
        "can_write": True,
    }
    assert [p["name"] for p in welcome["participants"]] == ["Ada Lovelace"]
    assert [m["id"] for m in welcome["history"]] == list(range(11, 61))
    assert welcome["history"][-1]["body"] == "note 59"
    await leave(ada)


async def test_after_returns_every_later_message(connect, room, users):
    await add_messages(room, 60, users.ben)
    ada = await connect(room, users.ada, after=5)
    welcome = await ada.receive_json_from()
    assert [m["id"] for m in welcome["history"]] == list(range(6, 61))
    await leave(ada)


async def test_bad_after_sends_latest_and_says_why(connect, room, users):
    await add_messages(room, 3, users.ben)
    ada = await connect(room, users.ada, after="x")
    welcome = await ada.receive_json_from()
    assert [m["id"] for m in welcome["history"]] == [1, 2, 3]
    error = await next_frame(ada, "error")
    assert error["code"] == "invalid"
    await leave(ada)


async def test_chat_is_stored_then_broadcast_to_everyone_sender_included(connect, room, users):
    ada = await connect(room, users.ada)
    ben = await connect(room, users.ben)
    await ada.receive_json_from()
    await ben.receive_json_from()
    await ada.send_json_to(chat("Hello from Ada", "a-1"))
    for communicator in (ada, ben):
        frame = await next_frame(communicator, "chat")
        assert frame["id"] == 1
        assert frame["client_id"] == "a-1"
        assert frame["kind"] == "chat"
        assert frame["author"]["name"] == "Ada Lovelace"
        assert frame["body"] == "Hello from Ada"
        assert frame["created"].startswith("20")
    stored = await database_sync_to_async(Message.objects.get)(room=room, seq=1)
    assert stored.body == "Hello from Ada"
    assert stored.author_id == users.ada.pk
    await leave(ada)
    await leave(ben)


async def test_one_listener_per_room_in_a_process_and_none_after_the_last_leaves(
    connect, room, users
):
    from channels.layers import get_channel_layer

    from workshops import fanout

    key = (id(get_channel_layer()), f"workshop.{room.pk}")
    ada = await connect(room, users.ada)
    ben = await connect(room, users.ben)
    await ada.receive_json_from()
    await ben.receive_json_from()
    assert len(fanout._registry()[key].members) == 2
    await leave(ada)
    await ben.send_json_to(chat("still here", "b-1"))
    assert (await next_frame(ben, "chat"))["body"] == "still here"
    await leave(ben)
    assert key not in fanout._registry()
    # A room left empty starts a fresh listener for the next arrival.
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    await ada.send_json_to(chat("back again", "a-2"))
    assert (await next_frame(ada, "chat"))["body"] == "back again"
    await leave(ada)


async def test_a_failing_room_listener_closes_its_sockets_so_clients_reconnect(
    connect, room, users, monkeypatch
):
    from channels.layers import get_channel_layer

    from workshops import fanout

    layer = get_channel_layer()
    working_receive = layer.receive

    async def receive(channel):
        if channel in {listener.channel for listener in fanout._registry().values()}:
            raise ConnectionError("the channel layer went away")
        return await working_receive(channel)

    monkeypatch.setattr(layer, "receive", receive)
    ada = await connect(room, users.ada)
    output = {"type": None}
    while output["type"] != "websocket.close":  # the welcome may come first
        output = await ada.receive_output(timeout=5)
    assert output["code"] == CLOSE_UNAVAILABLE

    monkeypatch.setattr(layer, "receive", working_receive)
    ada = await connect(room, users.ada, after=0)
    assert (await ada.receive_json_from())["type"] == "welcome"
    await ada.send_json_to(chat("back", "a-1"))
    assert (await next_frame(ada, "chat"))["body"] == "back"
    await leave(ada)


async def test_question_is_broadcast_with_votes(connect, room, users):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    await ada.send_json_to(chat("Who pays for the station?", "q-1", kind="question"))
    frame = await next_frame(ada, "chat")
    assert frame["kind"] == "question"
    assert frame["votes"] == 0
    assert frame["answered"] is False
    await leave(ada)


async def test_resend_is_answered_with_stored_message_and_not_rebroadcast(connect, room, users):
    ada = await connect(room, users.ada)
    ben = await connect(room, users.ben)
    await ada.receive_json_from()
    await ben.receive_json_from()
    await ada.send_json_to(chat("Only once", "same"))
    first = await next_frame(ada, "chat")
    await next_frame(ben, "chat")
    await ada.send_json_to(chat("Only once", "same"))
    again = await next_frame(ada, "chat")
    assert again == first
    await no_frame_but_presence(ben)
    count = await database_sync_to_async(Message.objects.filter(room=room).count)()
    assert count == 1
    await leave(ada)
    await leave(ben)


async def test_two_authors_may_use_the_same_client_id(connect, room, users):
    ada = await connect(room, users.ada)
    ben = await connect(room, users.ben)
    await ada.receive_json_from()
    await ben.receive_json_from()
    await ada.send_json_to(chat("from Ada", "1"))
    await next_frame(ada, "chat")
    await next_frame(ben, "chat")
    await ben.send_json_to(chat("from Ben", "1"))
    frame = await next_frame(ben, "chat")
    assert frame["id"] == 2
    assert frame["body"] == "from Ben"
    await leave(ada)
    await leave(ben)


async def test_presence_on_join_and_leave(connect, room, users):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    presence = await next_frame(ada, "presence", skip=())
    assert [p["name"] for p in presence["participants"]] == ["Ada Lovelace"]
    ben = await connect(room, users.ben)
    welcome = await ben.receive_json_from()
    assert {p["name"] for p in welcome["participants"]} == {"Ada Lovelace", "Ben"}
    presence = await next_frame(ada, "presence", skip=())
    assert {p["name"] for p in presence["participants"]} == {"Ada Lovelace", "Ben"}
    await leave(ben)
    presence = await next_frame(ada, "presence", skip=())
    assert [p["name"] for p in presence["participants"]] == ["Ada Lovelace"]
    await leave(ada)


async def test_facilitators_are_listed_first_and_guests_counted(connect, room, users):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    fay = await connect(room, users.fay)
    await fay.receive_json_from()
    guest = await connect(room)
    welcome = await guest.receive_json_from()
    assert [(p["name"], p["facilitator"]) for p in welcome["participants"]] == [
        ("Fay", True),
        ("Ada Lovelace", False),
    ]
    assert welcome["guests"] == 1
    for communicator in (ada, fay, guest):
        await leave(communicator)


async def test_hand_is_broadcast_and_listed(connect, room, users):
    ada = await connect(room, users.ada)
    ben = await connect(room, users.ben)
    await ada.receive_json_from()
    await ben.receive_json_from()
    await ada.send_json_to({"type": "hand", "raised": True})
    frame = await next_frame(ben, "hand")
    assert frame == {
        "type": "hand",
        "user": {"id": users.ada.pk, "name": "Ada Lovelace", "city": "", "organisation": ""},
        "raised": True,
    }
    late = await connect(room, users.fay)
    welcome = await late.receive_json_from()
    assert {p["name"]: p["hand"] for p in welcome["participants"]}["Ada Lovelace"] is True
    await ada.send_json_to({"type": "hand", "raised": False})
    frame = await next_frame(ben, "hand")
    assert frame["raised"] is False
    assert not await database_sync_to_async(HandRaise.objects.exists)()
    for communicator in (ada, ben, late):
        await leave(communicator)


async def test_facilitator_lowers_a_hand_others_cannot(connect, room, users):
    ada = await connect(room, users.ada)
    ben = await connect(room, users.ben)
    fay = await connect(room, users.fay)
    for communicator in (ada, ben, fay):
        await communicator.receive_json_from()
    await ada.send_json_to({"type": "hand", "raised": True})
    await next_frame(ada, "hand")
    await next_frame(ben, "hand")
    await next_frame(fay, "hand")
    await ben.send_json_to({"type": "hand", "raised": False, "user": users.ada.pk})
    assert (await next_frame(ben, "error"))["code"] == "forbidden"
    await fay.send_json_to({"type": "hand", "raised": False, "user": users.ada.pk})
    frame = await next_frame(ada, "hand")
    assert frame["user"]["id"] == users.ada.pk
    assert frame["raised"] is False
    for communicator in (ada, ben, fay):
        await leave(communicator)


async def test_hand_is_lowered_when_the_participant_leaves(connect, room, users):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    await ada.send_json_to({"type": "hand", "raised": True})
    await next_frame(ada, "hand")
    await leave(ada)
    assert not await database_sync_to_async(HandRaise.objects.exists)()


async def test_upvote_counts_once_per_participant(connect, room, users):
    ada = await connect(room, users.ada)
    ben = await connect(room, users.ben)
    await ada.receive_json_from()
    await ben.receive_json_from()
    await ada.send_json_to(chat("Is the permit regional?", "q", kind="question"))
    question = await next_frame(ben, "chat")
    await next_frame(ada, "chat")
    await ben.send_json_to({"type": "upvote", "id": question["id"]})
    assert await next_frame(ada, "upvote") == {"type": "upvote", "id": question["id"], "votes": 1}
    await next_frame(ben, "upvote")
    await ben.send_json_to({"type": "upvote", "id": question["id"]})
    repeat = await next_frame(ben, "upvote")
    assert repeat["votes"] == 1
    assert "already" in repeat["detail"]
    await no_frame_but_presence(ada)
    assert await database_sync_to_async(QuestionVote.objects.count)() == 1
    rejoin = await connect(room, users.ben)
    welcome = await rejoin.receive_json_from()
    assert welcome["questions"][0]["votes"] == 1
    assert welcome["questions"][0]["voted"] is True
    for communicator in (ada, ben, rejoin):
        await leave(communicator)


async def test_upvote_only_on_questions_that_exist(connect, room, users):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    await ada.send_json_to(chat("just chat", "c"))
    message = await next_frame(ada, "chat")
    await ada.send_json_to({"type": "upvote", "id": message["id"]})
    assert (await next_frame(ada, "error"))["code"] == "forbidden"
    await ada.send_json_to({"type": "upvote", "id": 999})
    assert (await next_frame(ada, "error"))["code"] == "invalid"
    await ada.send_json_to({"type": "upvote", "id": "1"})
    assert (await next_frame(ada, "error"))["code"] == "invalid"
    await leave(ada)


async def test_facilitator_marks_a_question_answered(connect, room, users):
    ada = await connect(room, users.ada)
    fay = await connect(room, users.fay)
    await ada.receive_json_from()
    await fay.receive_json_from()
    await ada.send_json_to(chat("How long did the permit take?", "q", kind="question"))
    question = await next_frame(fay, "chat")
    await next_frame(ada, "chat")
    await ada.send_json_to({"type": "answer", "id": question["id"]})
    assert (await next_frame(ada, "error"))["code"] == "forbidden"
    await fay.send_json_to({"type": "answer", "id": question["id"]})
    assert await next_frame(ada, "answered") == {
        "type": "answered",
        "id": question["id"],
        "answered": True,
    }
    stored = await database_sync_to_async(Message.objects.get)(room=room, seq=question["id"])
    assert stored.answered is True
    await leave(ada)
    await leave(fay)


async def test_hide_removes_message_everywhere_but_keeps_the_record(connect, room, users):
    ada = await connect(room, users.ada)
    fay = await connect(room, users.fay)
    await ada.receive_json_from()
    await fay.receive_json_from()
    await ada.send_json_to(chat("something rude", "r"))
    message = await next_frame(fay, "chat")
    await next_frame(ada, "chat")
    await ada.send_json_to({"type": "hide", "id": message["id"]})
    assert (await next_frame(ada, "error"))["code"] == "forbidden"
    await fay.send_json_to({"type": "hide", "id": message["id"]})
    assert await next_frame(ada, "hidden") == {"type": "hidden", "id": message["id"]}
    stored = await database_sync_to_async(Message.objects.get)(room=room, seq=message["id"])
    assert stored.state == Message.State.HIDDEN
    assert stored.hidden_by_id == users.fay.pk
    assert stored.hidden_at is not None
    late = await connect(room, users.ben)
    welcome = await late.receive_json_from()
    assert welcome["history"] == []
    assert welcome["hidden"] == [message["id"]]
    for communicator in (ada, fay, late):
        await leave(communicator)


async def test_close_ends_the_room_for_everyone(connect, room, users):
    ada = await connect(room, users.ada)
    fay = await connect(room, users.fay)
    await ada.receive_json_from()
    await fay.receive_json_from()
    await ada.send_json_to({"type": "close"})
    assert (await next_frame(ada, "error"))["code"] == "forbidden"
    await fay.send_json_to({"type": "close"})
    system = await next_frame(ada, "chat")
    assert system["kind"] == "system"
    assert "closed the room" in system["body"]
    assert await next_frame(ada, "closed") == {"type": "closed"}
    await ada.send_json_to(chat("too late", "late"))
    error = await next_frame(ada, "error")
    assert error["code"] == "forbidden"
    assert error["client_id"] == "late"
    late = await connect(room, users.ben)
    welcome = await late.receive_json_from()
    assert welcome["room"]["status"] == "closed"
    assert welcome["you"]["can_write"] is False
    await late.send_json_to(chat("still too late", "late2"))
    assert (await next_frame(late, "error"))["code"] == "forbidden"
    stored = await database_sync_to_async(WorkshopRoom.objects.get)(pk=room.pk)
    assert stored.status == WorkshopRoom.Status.CLOSED
    assert await database_sync_to_async(Message.objects.filter(kind="chat").count)() == 0
    for communicator in (ada, fay, late):
        await leave(communicator)


async def test_first_facilitator_to_join_makes_the_room_live(connect, room, users):
    ada = await connect(room, users.ada)
    assert (await ada.receive_json_from())["room"]["status"] == "scheduled"
    fay = await connect(room, users.fay)
    assert (await fay.receive_json_from())["room"]["status"] == "live"
    await leave(ada)
    await leave(fay)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json", "invalid"),
        ("[1, 2]", "invalid"),
        (json.dumps({"body": "no type"}), "invalid"),
        (json.dumps({"type": "dance"}), "invalid"),
        (json.dumps({"type": "chat", "client_id": "x"}), "invalid"),
        (json.dumps({"type": "chat", "body": "   ", "client_id": "x"}), "invalid"),
        (json.dumps({"type": "chat", "body": "hi"}), "invalid"),
        (json.dumps({"type": "chat", "body": "hi", "client_id": "x" * 65}), "invalid"),
        (json.dumps({"type": "chat", "body": "hi", "client_id": "x", "kind": "system"}), "invalid"),
        (json.dumps({"type": "chat", "body": "x" * 2001, "client_id": "x"}), "too_long"),
        (
            json.dumps({"type": "chat", "body": "x", "client_id": "x", "pad": "y" * 65_536}),
            "too_long",
        ),
        (json.dumps({"type": "hand"}), "invalid"),
        (json.dumps({"type": "upvote"}), "invalid"),
    ],
)
async def test_bad_frames_get_an_error_and_the_connection_stays_open(
    connect, room, users, raw, code
):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    await ada.send_to(text_data=raw)
    error = await next_frame(ada, "error")
    assert error["code"] == code
    assert error["detail"]
    await ada.send_json_to(chat("still here", "after-error"))
    assert (await next_frame(ada, "chat"))["body"] == "still here"
    await leave(ada)


async def test_binary_frames_are_invalid(connect, room, users):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    await ada.send_to(bytes_data=b"\x00\x01")
    assert (await next_frame(ada, "error"))["code"] == "invalid"
    await leave(ada)


async def test_a_2000_character_message_is_accepted(connect, room, users):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    await ada.send_json_to(chat("é" * 2000, "long"))
    assert len((await next_frame(ada, "chat"))["body"]) == 2000
    await leave(ada)


async def test_more_than_five_messages_in_five_seconds_is_rate_limited(connect, room, users):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    for n in range(5):
        await ada.send_json_to(chat(f"quick {n}", f"q{n}"))
        assert (await next_frame(ada, "chat"))["body"] == f"quick {n}"
    await ada.send_json_to(chat("one too many", "q5"))
    error = await next_frame(ada, "error")
    assert error["code"] == "rate_limited"
    assert error["client_id"] == "q5"
    assert 0 < error["retry_after"] <= 5  # when the oldest of the five leaves the window
    # A resend of a stored message is still answered, and the limit is per participant.
    await ada.send_json_to(chat("quick 0", "q0"))
    assert (await next_frame(ada, "chat"))["id"] == 1
    ben = await connect(room, users.ben)
    await ben.receive_json_from()
    await ben.send_json_to(chat("my first", "b0"))
    assert (await next_frame(ben, "chat"))["body"] == "my first"
    assert await database_sync_to_async(Message.objects.count)() == 6
    await leave(ada)
    await leave(ben)


async def test_body_is_stored_as_plain_text(connect, room, users):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    await ada.send_json_to(chat("<script>alert(1)</script>", "x"))
    assert (await next_frame(ada, "chat"))["body"] == "<script>alert(1)</script>"
    await leave(ada)


async def test_ping_gets_pong(connect, room, users):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    await ada.send_json_to({"type": "ping"})
    assert await next_frame(ada, "pong") == {"type": "pong", "last_id": 0}
    await ada.send_json_to(chat("one", "c1"))
    await next_frame(ada, "chat")
    await ada.send_json_to({"type": "ping"})
    assert await next_frame(ada, "pong") == {"type": "pong", "last_id": 1}
    await leave(ada)


# Permissions


async def test_unknown_room_closes_with_4404(connect, users):
    ada = await connect("no-such-room", users.ada)
    assert (await ada.receive_output())["code"] == 4404


async def test_private_room_refuses_non_members_with_4403(connect, private_room, users):
    outsider = await connect(private_room, users.out)
    assert (await outsider.receive_output())["code"] == 4403
    guest = await connect(private_room)
    assert (await guest.receive_output())["code"] == 4403


async def test_private_room_admits_invited_and_facilitators(connect, private_room, users):
    for user in (users.ada, users.fay):
        communicator = await connect(private_room, user)
        assert (await communicator.receive_json_from())["you"]["can_write"] is True
        await leave(communicator)


async def test_private_room_admits_members_of_its_page(connect, room, users, monkeypatch):
    from hub.models import WebinarPage

    room.visibility = WorkshopRoom.Visibility.MEMBERS
    await database_sync_to_async(room.save)()
    monkeypatch.setattr(WebinarPage, "member_user_ids", lambda page: [users.ben.pk], raising=False)
    ben = await connect(room, users.ben)
    assert (await ben.receive_json_from())["type"] == "welcome"
    outsider = await connect(room, users.ada)
    assert (await outsider.receive_output())["code"] == 4403
    await leave(ben)


async def test_guests_read_a_public_room_but_cannot_write(connect, room, users):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    guest = await connect(room)
    welcome = await guest.receive_json_from()
    assert welcome["you"]["anonymous"] is True
    assert welcome["you"]["can_write"] is False
    for frame in (chat("hi", "g"), {"type": "hand", "raised": True}, {"type": "upvote", "id": 1}):
        await guest.send_json_to(frame)
        assert (await next_frame(guest, "error"))["code"] == "forbidden"
    await ada.send_json_to(chat("guests can read this", "a"))
    assert (await next_frame(guest, "chat"))["body"] == "guests can read this"
    await leave(ada)
    await leave(guest)


async def test_guests_need_to_sign_in_when_the_room_says_so(connect, room, users):
    room.anonymous_can_read = False
    await database_sync_to_async(room.save)()
    guest = await connect(room)
    assert (await guest.receive_output())["code"] == 4401
    room.anonymous_can_read = True
    room.visibility = WorkshopRoom.Visibility.SIGNED_IN
    await database_sync_to_async(room.save)()
    guest = await connect(room)
    assert (await guest.receive_output())["code"] == 4401
    ada = await connect(room, users.ada)
    assert (await ada.receive_json_from())["type"] == "welcome"
    await leave(ada)


async def test_another_origin_is_refused(connect, room, users):
    stranger = await connect(room, users.ada, origin="http://evil.example")
    assert stranger.accepted is False
    assert not await database_sync_to_async(room.connections.exists)()


async def test_catch_up_is_paged_and_more_comes_on_request(connect, room, users):
    await add_messages(room, 250, users.ben)
    await database_sync_to_async(
        lambda: Message.objects.filter(room=room, seq=150).update(state=Message.State.HIDDEN)
    )()
    ada = await connect(room, users.ada, after=0)
    welcome = await ada.receive_json_from()
    assert [m["id"] for m in welcome["history"]] == list(range(1, 101))
    assert (welcome["upto"], welcome["more"]) == (100, True)
    await ada.send_json_to({"type": "history", "after": 100})
    page = await next_frame(ada, "history")
    assert [m["id"] for m in page["messages"]] == [n for n in range(101, 202) if n != 150]
    assert (page["upto"], page["more"]) == (201, True)
    await ada.send_json_to({"type": "history", "after": 201})
    page = await next_frame(ada, "history")
    assert [m["id"] for m in page["messages"]] == list(range(202, 251))
    assert (page["upto"], page["more"]) == (250, False)
    await leave(ada)


async def test_a_page_of_long_messages_stays_under_the_frame_size_limit(connect, room, users):
    from workshops import services

    def long_messages():
        with unlimited():
            for n in range(30):
                services.store_message(room, users.ben, "é" * 2000, f"l{n}", "chat")

    await database_sync_to_async(long_messages)()
    await add_messages(room, 40, users.fay)
    ada = await connect(room, users.ada, after=0)
    raw = await ada.receive_from()
    assert len(raw.encode()) <= services.HISTORY_PAGE_BYTES + 10_000  # and the welcome's rest
    welcome = json.loads(raw)
    assert welcome["more"] is True
    seen, upto, more = [m["id"] for m in welcome["history"]], welcome["upto"], True
    while more:
        await ada.send_json_to({"type": "history", "after": upto})
        raw = await ada.receive_from()
        while json.loads(raw)["type"] == "presence":
            raw = await ada.receive_from()
        assert len(raw.encode()) <= services.HISTORY_PAGE_BYTES
        page = json.loads(raw)
        seen += [m["id"] for m in page["messages"]]
        upto, more = page["upto"], page["more"]
    assert seen == list(range(1, 71))
    await leave(ada)


async def test_a_failed_broadcast_is_retried_on_a_fresh_connection(
    connect, room, users, monkeypatch
):
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    working = layer.group_send
    failures = []

    async def flaky(group, message):
        if not failures:
            failures.append(group)
            raise ConnectionError("stale pooled connection")
        return await working(group, message)

    ada = await connect(room, users.ada)
    ben = await connect(room, users.ben)
    await ada.receive_json_from()
    await ben.receive_json_from()
    monkeypatch.setattr(layer, "group_send", flaky)
    await ada.send_json_to(chat("through the restart", "r1"))
    assert (await next_frame(ben, "chat"))["body"] == "through the restart"
    assert (await next_frame(ada, "chat"))["id"] == 1
    assert failures
    await leave(ada)
    await leave(ben)


async def test_a_layer_that_stays_down_closes_the_room_with_4503_and_loses_nothing(
    connect, room, users, monkeypatch
):
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    ada = await connect(room, users.ada)
    ben = await connect(room, users.ben)
    await ada.receive_json_from()
    await ben.receive_json_from()

    async def down(group, message):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(fanout, "BROADCAST_RETRIES", (0, 0))
    monkeypatch.setattr(layer, "group_send", down)
    await ada.send_json_to(chat("while it is down", "d1"))
    # The sender hears it is stored, so it leaves the outbox; then both hear why they close.
    assert (await next_frame(ada, "chat"))["client_id"] == "d1"
    for communicator in (ada, ben):
        assert (await next_frame(communicator, "unavailable"))["detail"]
        output = {"type": None}
        while output["type"] != "websocket.close":
            output = await communicator.receive_output(timeout=5)
        assert output["code"] == CLOSE_UNAVAILABLE
    monkeypatch.undo()
    ben = await connect(room, users.ben, after=0)
    welcome = await ben.receive_json_from()
    assert [m["body"] for m in welcome["history"]] == ["while it is down"]
    await leave(ben)
