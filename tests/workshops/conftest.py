import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.core.cache import cache

from tests import factories
from workshops import polls, services
from workshops import session as room_session
from workshops.models import WorkshopRoom

from .helpers import session_cookie
from .redis_server import REDIS_SERVER, RedisServer


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit windows, presence keys and remembered message numbers must not leak from
    # one test to the next (room and user ids repeat).
    cache.clear()
    services.frame_rate.windows.clear()
    services._last_seq.clear()
    services._last_sweep[0] = float("-inf")
    room_session._attended.clear()
    polls._option_ids.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(transactional_db):
    def make(username, **extra):
        return get_user_model().objects.create_user(username, password="pw-not-used", **extra)

    return make


@pytest.fixture
def users(make_user):
    class Users:
        ada = make_user("ada", first_name="Ada", last_name="Lovelace")
        ben = make_user("ben", first_name="Ben")
        fay = make_user("fay", first_name="Fay")  # facilitator
        out = make_user("out")  # not invited anywhere

    return Users


@pytest.fixture
def webinar(transactional_db, hub_tree):
    return factories.WebinarPageFactory(parent=hub_tree.webinars, title="Hydrogen buses", slug="h2")


@pytest.fixture
def room(webinar, users):
    room = WorkshopRoom.objects.get(page=webinar)
    room.facilitators.add(users.fay)
    return room


@pytest.fixture
def private_room(users, transactional_db):
    room = WorkshopRoom.objects.create(
        slug="twin-cities", title="Twin cities", visibility=WorkshopRoom.Visibility.MEMBERS
    )
    room.facilitators.add(users.fay)
    room.invited.add(users.ada)
    return room


@pytest.fixture
def connect():
    """Open a room socket as a user (None: anonymous); closes every socket at the end."""
    from config.asgi import application

    opened = []

    async def open_socket(
        room_or_slug, user=None, after=None, origin="http://testserver", cookie=None
    ):
        slug = getattr(room_or_slug, "slug", room_or_slug)
        headers = [(b"host", b"testserver"), (b"origin", origin.encode())]
        if user is not None:
            cookie = await database_sync_to_async(session_cookie)(user)
        if cookie is not None:
            headers.append((b"cookie", cookie.encode()))
        path = f"/ws/workshops/{slug}/"
        if after is not None:
            path += f"?after={after}"
        communicator = WebsocketCommunicator(application, path, headers=headers)
        communicator.accepted, _ = await communicator.connect(timeout=5)
        opened.append(communicator)
        return communicator

    yield open_socket
    # Each test disconnects what it opened; this only catches failures midway.
    for communicator in opened:
        if communicator.future.done():
            continue
        communicator.future.cancel()


@pytest.fixture(scope="session")
def redis_server():
    """One redis-server of the session's own, on a spare port (fault tests kill theirs)."""
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer().start()
    yield server
    server.stop()


def redis_layer(url, prefix="faults"):
    return {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": url}], "prefix": prefix},
        }
    }


@pytest.fixture(params=["memory", "redis"])
def either_layer(request, settings):
    """The test runs twice: on the in-memory channel layer and on Redis pub/sub."""
    if request.param == "redis":
        settings.CHANNEL_LAYERS = redis_layer(request.getfixturevalue("redis_server").url)
    else:
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    return request.param
