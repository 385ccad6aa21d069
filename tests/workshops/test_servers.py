"""Rooms across real server processes: two Daphnes on one Redis, and a restart."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from websockets.asyncio.client import connect as ws_connect

from workshops.models import Message, WorkshopRoom

from .helpers import session_cookie
from .servers import DaphneServer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def room(make_user):
    room = WorkshopRoom.objects.create(slug="across", title="Across processes")
    room.cookies = {
        name: session_cookie(make_user(name, first_name=name)) for name in ("ada", "ben")
    }
    return room


@pytest.fixture
def servers():
    started = []

    def start(port=None):
        server = DaphneServer(port).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def open_socket(server, room, name, after=None):
    path = f"/ws/workshops/{room.slug}/" + (f"?after={after}" if after is not None else "")
    return ws_connect(
        server.ws_url(path),
        origin=server.origin,
        additional_headers={"Cookie": room.cookies[name]},
        open_timeout=20,
    )


async def frame_of(socket, frame_type, timeout=10):
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await socket.recv())
            if frame["type"] == frame_type:
                return frame


async def presence_with(socket, names, timeout=10):
    async with asyncio.timeout(timeout):
        while True:
            frame = await frame_of(socket, "presence", timeout)
            if {p["name"] for p in frame["participants"]} == names:
                return frame


@pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="REDIS_URL is not set: the in-memory channel layer cannot span processes",
)
async def test_a_message_sent_to_one_process_reaches_a_participant_on_another(room, servers):
    first, second = servers(), servers()
    async with open_socket(first, room, "ada") as ada, open_socket(second, room, "ben") as ben:
        assert (await frame_of(ada, "welcome"))["room"]["slug"] == "across"
        await frame_of(ben, "welcome")
        # Presence is shared too: each side sees both participants.
        await presence_with(ada, {"ada", "ben"})
        await ada.send(json.dumps({"type": "chat", "body": "via process one", "client_id": "a1"}))
        received = await frame_of(ben, "chat")
        assert received["body"] == "via process one"
        assert received["author"]["name"] == "ada"
        await ben.send(json.dumps({"type": "chat", "body": "back via two", "client_id": "b1"}))
        assert (await frame_of(ada, "chat"))["body"] == "via process one"
        assert (await frame_of(ada, "chat"))["body"] == "back via two"
        await ben.send(json.dumps({"type": "hand", "raised": True}))
        assert (await frame_of(ada, "hand"))["user"]["name"] == "ben"


async def test_restart_loses_no_stored_message_and_clients_catch_up(room, servers):
    server = servers()
    async with open_socket(server, room, "ada") as ada, open_socket(server, room, "ben") as ben:
        await frame_of(ada, "welcome")
        await frame_of(ben, "welcome")
        for n in (1, 2):
            await ada.send(
                json.dumps({"type": "chat", "body": f"before {n}", "client_id": f"b{n}"})
            )
            assert (await frame_of(ben, "chat"))["id"] == n
        server.stop()
        with pytest.raises(Exception):  # noqa: B017 (any close or timeout: the server is gone)
            async with asyncio.timeout(10):
                while True:
                    await ben.recv()

    restarted = servers(server.port)
    async with open_socket(restarted, room, "ada", after=2) as ada:
        assert (await frame_of(ada, "welcome"))["history"] == []
        for n in (3, 4):
            await ada.send(json.dumps({"type": "chat", "body": f"after {n}", "client_id": f"a{n}"}))
            await frame_of(ada, "chat")
        # Ben comes back with the last id he saw and gets exactly what he missed.
        async with open_socket(restarted, room, "ben", after=2) as ben:
            welcome = await frame_of(ben, "welcome")
            assert [(m["id"], m["body"]) for m in welcome["history"]] == [
                (3, "after 3"),
                (4, "after 4"),
            ]
    bodies = await database_sync_to_async(
        lambda: list(
            Message.objects.filter(room=room).order_by("seq").values_list("body", flat=True)
        )
    )()
    assert bodies == ["before 1", "before 2", "after 3", "after 4"]
