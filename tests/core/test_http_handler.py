"""Every HTTP request's synchronous part runs on the process's one HTTP thread
(core.asgi.OneThreadASGIHandler), which keeps its database connection between
requests, and WebSockets are left to Channels."""

import asyncio
import itertools
import json
import threading
import time

import pytest
from channels.testing import HttpCommunicator
from django.db import connection, connections
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from config.asgi import django_asgi_app
from core.asgi import OneThreadASGIHandler

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def where_am_i(request):
    started = time.monotonic()
    connection.ensure_connection()
    time.sleep(0.05)
    return HttpResponse(
        json.dumps(
            {
                "thread": threading.get_ident(),
                "connection": id(connection.connection),
                "started": started,
                "ended": time.monotonic(),
            }
        ),
        content_type="application/json",
    )


urlpatterns = [path("where-am-i/", where_am_i)]


@pytest.fixture
def closes_the_http_threads_connection():
    yield
    # The thread outlives the test; its connection must not outlive the test database.
    OneThreadASGIHandler.executor.submit(connections.close_all).result()


async def get(path_):
    response = await HttpCommunicator(django_asgi_app, "GET", path_).get_response(timeout=10)
    assert response["status"] == 200
    return json.loads(response["body"])


@override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"])
async def test_requests_at_once_are_served_one_after_another_on_one_thread(
    closes_the_http_threads_connection,
):
    first, second, third = await asyncio.gather(*(get("/where-am-i/") for _ in range(3)))
    assert first["thread"] == second["thread"] == third["thread"] != threading.get_ident()
    spans = sorted((answer["started"], answer["ended"]) for answer in (first, second, third))
    assert all(earlier[1] <= later[0] for earlier, later in itertools.pairwise(spans))


@override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"])
async def test_the_database_connection_is_kept_from_one_request_to_the_next(
    closes_the_http_threads_connection,
):
    first = await get("/where-am-i/")
    second = await get("/where-am-i/")
    assert first["connection"] == second["connection"]


async def test_a_websocket_is_not_for_this_handler():
    with pytest.raises(ValueError, match="only handle ASGI/HTTP"):
        await django_asgi_app({"type": "websocket"}, None, None)
