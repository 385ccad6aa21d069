"""Rooms follow their pages: who may open the page may open its room, and nobody else.

Each kind of Wagtail view restriction (a password, a sign-in, groups) is set on a webinar,
and the room page, the transcript and the socket are tried by each kind of visitor. An
unpublished or deleted page closes its room to writing and tells its open sockets why.
"""

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from wagtail.models import PageViewRestriction

from workshops.consumers import CLOSE_FORBIDDEN, CLOSE_SIGN_IN_REQUIRED, CLOSE_WITHDRAWN
from workshops.models import Message, WorkshopRoom

from .helpers import leave, next_frame

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSED = PageViewRestriction.passed_view_restrictions_session_key


def restrict(page, kind, groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="open sesame" if kind == "password" else ""
    )
    restriction.groups.set(groups)
    return restriction


def password_session(restriction):
    """A guest session that has entered the page's password."""
    session = SessionStore()
    session[PASSED] = [restriction.pk]
    session.save()
    return session.session_key


@pytest.fixture
def insiders(make_user):
    group = Group.objects.create(name="Hydrogen valley")
    member = make_user("member")
    member.groups.add(group)
    return group, member


def _room_page(client, room):
    return client.get(f"/workshops/{room.slug}/"), client.get(f"/workshops/{room.slug}/transcript/")


@pytest.mark.parametrize("kind", ["password", "login", "groups"])
def test_a_restricted_page_keeps_its_room_and_transcript_from_who_may_not_open_it(
    client, room, webinar, users, insiders, kind
):
    group, member = insiders
    restriction = restrict(webinar, kind, groups=[group] if kind == "groups" else ())
    Message.objects.create(room=room, seq=1, body="said behind the restriction")
    refused = [None] if kind == "login" else [None, users.ada]
    for visitor in refused:
        client.logout()
        if visitor:
            client.force_login(visitor)
        for response in _room_page(client, room):
            # Sent to the page, which asks for the password or a sign-in: no title, no words.
            assert response.status_code == 302
            assert response["Location"] == webinar.url
    admitted = {"password": None, "login": users.ada, "groups": member}[kind]
    client.logout()
    if admitted:
        client.force_login(admitted)
    else:
        session = client.session
        session[PASSED] = [restriction.pk]
        session.save()
    room_page, transcript = _room_page(client, room)
    assert room_page.status_code == 200
    assert "data-socket-path" in room_page.content.decode()
    assert "said behind the restriction" in transcript.content.decode()


@pytest.mark.parametrize("kind", ["password", "login", "groups"])
async def test_a_restricted_page_refuses_the_room_socket_to_who_may_not_open_it(
    connect, room, webinar, users, insiders, kind
):
    group, member = insiders
    restriction = await database_sync_to_async(restrict)(
        webinar, kind, groups=[group] if kind == "groups" else ()
    )
    guest = await connect(room)
    assert (await guest.receive_output())["code"] == CLOSE_SIGN_IN_REQUIRED
    if kind != "login":
        outsider = await connect(room, users.ada)
        assert (await outsider.receive_output())["code"] == CLOSE_FORBIDDEN
    admitted = {"password": None, "login": users.ada, "groups": member}[kind]
    if admitted is None:
        key = await database_sync_to_async(password_session)(restriction)
        socket = await connect(room, cookie=f"{settings.SESSION_COOKIE_NAME}={key}")
        welcome = await socket.receive_json_from()
        assert welcome["type"] == "welcome"
        assert welcome["you"]["can_write"] is False  # a guest reads; writing needs an account
    else:
        socket = await connect(room, admitted)
        welcome = await socket.receive_json_from()
        assert welcome["you"]["can_write"] is True
    await leave(socket)


async def test_a_restriction_added_during_a_session_disconnects_who_it_keeps_out(
    connect, room, webinar, users, insiders
):
    group, member = insiders
    ada = await connect(room, users.ada)
    insider = await connect(room, member)
    await ada.receive_json_from()
    await insider.receive_json_from()
    await database_sync_to_async(restrict)(webinar, "groups", groups=[group])
    assert await next_frame(ada, "closed") == {"type": "closed", "reason": "forbidden"}
    output = {"type": None}
    while output["type"] != "websocket.close":
        output = await ada.receive_output(timeout=5)
    assert output["code"] == CLOSE_FORBIDDEN
    await insider.send_json_to({"type": "chat", "body": "still in", "client_id": "m1"})
    assert (await next_frame(insider, "chat"))["body"] == "still in"
    await leave(insider)


@pytest.mark.parametrize("how", ["unpublish", "delete"])
async def test_an_unpublished_or_deleted_page_closes_its_room_and_tells_its_sockets(
    connect, room, webinar, users, client, how
):
    ada = await connect(room, users.ada)
    fay = await connect(room, users.fay)
    await ada.receive_json_from()
    await fay.receive_json_from()
    await ada.send_json_to({"type": "chat", "body": "before", "client_id": "a1"})
    await next_frame(fay, "chat")
    await database_sync_to_async(getattr(webinar, how))()
    # A participant is told why, then disconnected with the close code the client shows.
    assert await next_frame(ada, "closed", skip=("presence", "chat")) == {
        "type": "closed",
        "reason": "withdrawn",
    }
    output = {"type": None}
    while output["type"] != "websocket.close":
        output = await ada.receive_output(timeout=5)
    assert output["code"] == CLOSE_WITHDRAWN
    # The facilitator keeps the record open to read, and may no longer write.
    assert await next_frame(fay, "closed", skip=("presence", "chat")) == {
        "type": "closed",
        "reason": "withdrawn",
    }
    await fay.send_json_to({"type": "chat", "body": "after", "client_id": "f1"})
    error = await next_frame(fay, "error")
    assert error["code"] == "forbidden"
    assert "closed to writing" in error["detail"] or "closed" in error["detail"]
    await leave(fay)

    again = await connect(room, users.ada)
    assert (await again.receive_output())["code"] == CLOSE_WITHDRAWN
    bodies = await database_sync_to_async(
        lambda: list(Message.objects.filter(room=room).values_list("body", flat=True))
    )()
    assert bodies == ["before"]

    def pages():
        return [client.get(f"/workshops/{room.slug}/").status_code,
                client.get(f"/workshops/{room.slug}/transcript/").status_code]  # fmt: skip

    assert await database_sync_to_async(pages)() == [404, 404]
    assert await database_sync_to_async(
        lambda: WorkshopRoom.objects.get(pk=room.pk).is_withdrawn()
    )()
