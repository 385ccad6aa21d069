"""Faults mid-conversation: Redis killed and restarted, a server process restarted.

Two Daphne processes share a redis-server of the test's own; participants on both keep
writing through the fault. Afterwards every participant has every stored message exactly
once, in order, and every message anyone wrote is stored exactly once: zero lost, zero
duplicated. The clients are tests/workshops/client.py, which keeps the browser client's
promises (gap fetching, an outbox kept until stored, paced resends).

About 25 s each, so they run apart: `make test-faults` (CI runs it on PostgreSQL).
"""

import asyncio
import time
from collections import Counter

import pytest
from channels.db import database_sync_to_async

from workshops.consumers import CLOSE_UNAVAILABLE
from workshops.models import Message, WorkshopRoom

from .client import RoomClient
from .helpers import session_cookie
from .redis_server import REDIS_SERVER, RedisServer
from .servers import DaphneServer

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed"),
]
NAMES = ("ada", "ben", "cem", "dag")


@pytest.fixture
def redis():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def servers(redis):
    started = []

    def start(port=None):
        env = {"REDIS_URL": redis.url, "CHANNEL_PREFIX": "faults", "CACHE_PREFIX": "faults"}
        server = DaphneServer(port, env=env).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def room(make_user):
    room = WorkshopRoom.objects.create(slug="faults", title="Faults")
    room.cookies = {name: session_cookie(make_user(name)) for name in NAMES}
    return room


def clients_on(room, servers_by_name):
    def url_for(server):
        return lambda after: server.ws_url(f"/ws/workshops/{room.slug}/?after={after}")

    return [
        RoomClient(name, url_for(server), server.origin, room.cookies[name]).start()
        for name, server in servers_by_name.items()
    ]


def write(clients, phase, count):
    for client in clients:
        for n in range(count):
            client.write(f"{client.name}-{phase}-{n}", f"{client.name} {phase} {n}")


@database_sync_to_async
def stored(room):
    return list(Message.objects.filter(room=room).order_by("seq").values_list("seq", "client_id"))


async def settle(clients, room, expected, timeout=90):
    """Wait until every outbox is empty and every client has every stored message."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = await stored(room)
        if len(rows) == expected and all(c.settled(rows[-1][0]) for c in clients):
            return rows
        for client in clients:
            await client.ping()  # as the browser does every 20 s: a pong names the last id
        await asyncio.sleep(0.5)
    state = {c.name: (len(c.outbox), c.upto, c.reconnects) for c in clients}
    raise AssertionError(f"not settled: {len(await stored(room))} stored, clients {state}")


def assert_nothing_lost_or_duplicated(clients, rows, written):
    client_ids = Counter(client_id for _, client_id in rows)
    assert set(client_ids) == written  # every message written is stored...
    assert max(client_ids.values()) == 1  # ...once
    ids = [seq for seq, _ in rows]
    for client in clients:
        assert sorted(client.messages) == ids, client.name  # every one reaches everyone
        assert [client.messages[i]["client_id"] for i in ids] == [c for _, c in rows]
        assert not client.outbox


async def test_redis_killed_and_restarted_mid_conversation(room, servers, redis):
    one, two = servers(), servers()
    clients = clients_on(room, dict(zip(NAMES, (one, two, one, two), strict=True)))
    written = set()
    try:
        write(clients, "before", 3)
        rows = await settle(clients, room, 12)
        redis.kill()
        write(clients, "during", 3)  # stored; the broadcasts fail and the rooms say so
        await asyncio.sleep(2)
        redis.start()
        write(clients, "after", 3)
        rows = await settle(clients, room, 36)
        written = {f"{n}-{p}-{i}" for n in NAMES for p in ("before", "during", "after")
                   for i in range(3)}  # fmt: skip
    finally:
        for client in clients:
            await client.stop()
    assert_nothing_lost_or_duplicated(clients, rows, written)
    # Told why, and closed so they reconnect, rather than left connected and deaf.
    assert all(client.unavailable > 0 for client in clients)
    assert all(client.reconnects > 0 for client in clients)
    assert all(code == CLOSE_UNAVAILABLE for c in clients for code in c.close_codes[:1])


async def test_a_server_process_restarted_mid_conversation(room, servers):
    one, two = servers(), servers()
    clients = clients_on(room, dict(zip(NAMES, (one, two, one, two), strict=True)))
    try:
        write(clients, "before", 3)
        await settle(clients, room, 12)
        one.stop()
        write(clients, "during", 3)  # ada and cem keep theirs in the outbox meanwhile
        await asyncio.sleep(1)
        restarted = servers(one.port)
        assert restarted.port == one.port
        write(clients, "after", 3)
        rows = await settle(clients, room, 36)
    finally:
        for client in clients:
            await client.stop()
    written = {f"{n}-{p}-{i}" for n in NAMES for p in ("before", "during", "after")
               for i in range(3)}  # fmt: skip
    assert_nothing_lost_or_duplicated(clients, rows, written)
    assert {c.name: c.reconnects > 0 for c in clients} == {
        "ada": True, "ben": False, "cem": True, "dag": False}  # fmt: skip
