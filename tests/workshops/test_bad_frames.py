"""A battery of malformed frames, as a guest and as a participant, on both channel layers.

Every frame gets an `error` frame, the socket stays open and usable, the presence list
stays true, and the server goes on serving: the next visitor gets a welcome and a message
sent afterwards is stored and delivered. Then presence is cleaned up however the socket
ends, a cancelled one (a crash, a server shutting down) included.
"""

import json

import pytest
from channels.db import database_sync_to_async

from workshops.models import Connection, HandRaise, Message

from .helpers import leave, next_frame

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def frame(**fields):
    return json.dumps(fields)


def chat(**fields):
    return frame(**{"type": "chat", "body": "hello", "client_id": "c-1", **fields})


BIG = 10**30
MALFORMED = [
    # Not a usable JSON object
    "[" * 30000 + "]" * 30000,
    '{"a":' * 20000 + "1" + "}" * 20000,
    "",
    " ",
    "{",
    '{"type": "chat"',
    "null",
    "5",
    '"a string"',
    "true",
    "[1, 2]",
    "\ufeff" + frame(type="ping"),
    '{"type": "ping",}',
    "{'type': 'ping'}",
    # Type
    frame(body="no type"),
    frame(type=5),
    frame(type=None),
    frame(type=["chat"]),
    frame(type={"chat": 1}),
    frame(type="dance"),
    frame(type="on_chat"),
    frame(type="__init__"),
    frame(type="x" * 10000),
    '{"type": "\\ud800"}',
    frame(type="ch\u0000at"),
    # Text no database or reader can use
    chat(body="\ud800"),
    chat(body="lone low \udfff"),
    chat(client_id="\ud800"),
    chat(body="a\u0000b"),
    chat(client_id="a\u0000"),
    chat(body="bell \u0007"),
    chat(body="escape \u001b[31m"),
    chat(client_id="has space"),
    chat(client_id="<script>"),
    chat(client_id="é"),
    # Wrong types and values
    chat(body=5),
    chat(body=["hello"]),
    chat(body={"text": "hello"}),
    chat(body=None),
    chat(body=True),
    chat(body="   "),
    '{"type": "chat", "body": NaN, "client_id": "c-1"}',
    '{"type": "chat", "body": Infinity, "client_id": "c-1"}',
    chat(client_id=5),
    chat(client_id=["c"]),
    chat(client_id=""),
    chat(client_id="x" * 65),
    frame(type="chat", body="no client id"),
    chat(kind=5),
    chat(kind=["chat"]),
    chat(kind="system"),
    frame(type="upvote"),
    frame(type="upvote", id=BIG),
    '{"type": "upvote", "id": 1e400}',
    frame(type="upvote", id=-1),
    frame(type="upvote", id=0),
    frame(type="upvote", id=True),
    frame(type="upvote", id="1"),
    frame(type="upvote", id=1.5),
    frame(type="upvote", id=[1]),
    frame(type="hide", id=BIG),
    frame(type="answer", id=1, answered="yes"),
    frame(type="hand"),
    frame(type="hand", raised="true"),
    frame(type="hand", raised=None),
    frame(type="hand", raised=1),
    frame(type="hand", raised=False, user=BIG),
    frame(type="hand", raised=False, user=True),
    frame(type="close", extra="x" * 100),
    frame(type="history"),
    frame(type="history", after="1"),
    frame(type="history", after=BIG),
    frame(type="history", after=-1),
    # Too big
    chat(body="x" * 2001),
    chat(pad="y" * 65_536),
    chat(body="é" * 40_000),
    "x" * 1_000_000,
]


def test_the_battery_is_big_enough():
    assert len(MALFORMED) >= 50


@database_sync_to_async
def rows():
    return (
        sorted(Connection.objects.values_list("user__username", flat=True), key=str),
        HandRaise.objects.count(),
    )


@pytest.mark.parametrize("role", ["guest", "participant"])
async def test_every_malformed_frame_gets_an_error_and_the_room_goes_on(
    either_layer, connect, room, users, role
):
    watcher = await connect(room, users.ben)
    await watcher.receive_json_from()
    sender = await connect(room, None if role == "guest" else users.ada)
    welcome = await sender.receive_json_from()
    assert welcome["type"] == "welcome"
    expected_rows = sorted(["ben", None if role == "guest" else "ada"], key=str)

    for raw in MALFORMED:
        await sender.send_input({"type": "websocket.receive", "text": raw})
        error = await next_frame(sender, "error")
        assert error["code"] in {"invalid", "too_long", "forbidden"}, (raw[:80], error)
        assert error["detail"]
    await sender.send_to(bytes_data=b"\x00\xff not text")
    assert (await next_frame(sender, "error"))["code"] == "invalid"

    # The socket is open and answers; presence shows who is there, nobody twice.
    await sender.send_json_to({"type": "ping"})
    assert (await next_frame(sender, "pong"))["type"] == "pong"
    assert await rows() == (expected_rows, 0)
    late = await connect(room, users.fay)
    welcome = await late.receive_json_from()
    assert {p["name"] for p in welcome["participants"]} == (
        {"Ben", "Fay"} if role == "guest" else {"Ben", "Fay", "Ada Lovelace"}
    )
    assert welcome["guests"] == (1 if role == "guest" else 0)
    assert welcome["history"] == []  # nothing malformed was stored

    # The server goes on: a good message is stored and reaches everyone.
    writer = sender if role == "participant" else watcher
    await writer.send_json_to({"type": "chat", "body": "after the battery", "client_id": "ok-1"})
    for communicator in (sender, watcher, late):
        assert (await next_frame(communicator, "chat"))["body"] == "after the battery"
    assert await database_sync_to_async(Message.objects.count)() == 1

    for communicator in (sender, watcher, late):
        await leave(communicator)
    assert await rows() == ([], 0)


async def test_a_socket_that_ends_without_a_disconnect_leaves_no_ghost(
    either_layer, connect, room, users
):
    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    guest = await connect(room)
    await guest.receive_json_from()
    await ada.send_json_to({"type": "hand", "raised": True})
    await next_frame(ada, "hand")
    # Cancelled mid-session, as a crash or a server shutting down ends a consumer.
    for communicator in (ada, guest):
        communicator.future.cancel()
        with pytest.raises(BaseException):  # noqa: B017 (the cancellation itself)
            await communicator.future
    assert await rows() == ([], 0)
    ben = await connect(room, users.ben)
    welcome = await ben.receive_json_from()
    assert [p["name"] for p in welcome["participants"]] == ["Ben"]
    assert welcome["guests"] == 0
    await leave(ben)


async def test_a_frame_the_server_fails_on_gets_an_error_and_the_socket_stays(
    either_layer, connect, room, users, monkeypatch
):
    from workshops import services

    def broken(*args):
        raise RuntimeError("a bug")

    ada = await connect(room, users.ada)
    await ada.receive_json_from()
    await ada.send_json_to({"type": "chat", "body": "a question?", "client_id": "q1",
                            "kind": "question"})  # fmt: skip
    question = await next_frame(ada, "chat")
    monkeypatch.setattr(services, "upvote", broken)
    await ada.send_json_to({"type": "upvote", "id": question["id"]})
    assert (await next_frame(ada, "error"))["code"] == "server_error"
    await ada.send_json_to({"type": "ping"})
    assert (await next_frame(ada, "pong"))["type"] == "pong"
    await leave(ada)
    assert await rows() == ([], 0)
