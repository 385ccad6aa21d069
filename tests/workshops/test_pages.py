"""The room page, the transcript, rooms made with their pages, and message numbering."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests import factories
from workshops import services
from workshops.models import Message, WorkshopRoom

from .helpers import unlimited


@pytest.fixture
def webinar(hub_tree):
    return factories.WebinarPageFactory(
        parent=hub_tree.webinars, title="Permits for H2", slug="permits"
    )


@pytest.fixture
def room(webinar):
    return WorkshopRoom.objects.get(page=webinar)


@pytest.fixture
def ada(django_user_model):
    return django_user_model.objects.create_user("ada", password="pw-not-used")


def test_a_published_webinar_gets_a_public_room(webinar):
    room = WorkshopRoom.objects.get(page=webinar)
    assert room.slug == "permits"
    assert room.title == "Permits for H2"
    assert room.visibility == WorkshopRoom.Visibility.PUBLIC
    assert room.status == WorkshopRoom.Status.SCHEDULED


def test_a_draft_webinar_has_no_room_until_published(hub_tree):
    draft = factories.WebinarPageFactory(parent=hub_tree.webinars, live=False)
    assert not WorkshopRoom.objects.filter(page=draft).exists()
    draft.save_revision().publish()
    assert WorkshopRoom.objects.filter(page=draft).count() == 1
    draft.save_revision().publish()
    assert WorkshopRoom.objects.filter(page=draft).count() == 1


def test_room_slug_clash_gets_the_page_id(hub_tree):
    WorkshopRoom.objects.create(slug="taken", title="Someone else")
    page = factories.WebinarPageFactory(parent=hub_tree.webinars, slug="taken")
    assert WorkshopRoom.objects.get(page=page).slug == f"taken-{page.pk}"


def test_a_room_only_belongs_to_webinars_and_partnerships(home):
    from django.core.exceptions import ValidationError

    room = WorkshopRoom(slug="x", title="x", page=home)
    with pytest.raises(ValidationError, match="webinar or a partnership"):
        room.full_clean()


def test_webinar_page_links_to_its_room(client, webinar, room):
    content = client.get(webinar.url).content.decode()
    assert f'href="/workshops/{room.slug}/"' in content
    room.status = WorkshopRoom.Status.CLOSED
    room.save()
    content = client.get(webinar.url).content.decode()
    assert f'href="/workshops/{room.slug}/transcript/"' in content


def test_room_page_for_a_guest_of_a_public_room(client, room, webinar):
    response = client.get(f"/workshops/{room.slug}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-socket-path="/ws/workshops/permits/"' in content
    assert "/static/js/workshop.js" in content
    assert "reading as a guest" in content
    assert "/accounts/signup/" in content
    assert webinar.url in content


def test_private_room_tells_guests_how_to_join_and_refuses_outsiders(client, ada):
    room = WorkshopRoom.objects.create(
        slug="pair", title="Pair", visibility=WorkshopRoom.Visibility.MEMBERS
    )
    response = client.get("/workshops/pair/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/accounts/login/?next=/workshops/pair/" in content
    assert "data-socket-path" not in content
    client.force_login(ada)
    response = client.get("/workshops/pair/")
    assert response.status_code == 403
    assert "Ask one of its facilitators to invite you" in response.content.decode()
    room.invited.add(ada)
    response = client.get("/workshops/pair/")
    assert response.status_code == 200
    assert "data-socket-path" in response.content.decode()


def test_unknown_room_is_404(client, db):
    assert client.get("/workshops/nowhere/").status_code == 404
    assert client.get("/workshops/nowhere/transcript/").status_code == 404


def test_transcript_shows_visible_messages_escaped_and_paginated(client, room, ada):
    with unlimited():
        for n in range(105):
            services.store_message(room, ada, f"line {n}", f"c{n}", "chat")
        services.store_message(room, ada, "<script>alert('x')</script>", "xss", "question")
    Message.objects.filter(room=room, seq=3).update(state=Message.State.HIDDEN)
    response = client.get(f"/workshops/{room.slug}/transcript/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "line 0" in content
    assert "line 2<" not in content  # hidden
    assert "line 101" not in content  # the 101st visible message is on page 2
    assert "Page 1 of 2" in content
    content = client.get(f"/workshops/{room.slug}/transcript/?page=2").content.decode()
    assert "line 101" in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content
    assert "<script>alert" not in content
    assert "0 upvotes" in content


def test_transcript_queries_do_not_grow_with_messages(client, room, ada, django_assert_num_queries):
    for n in range(3):
        services.store_message(room, ada, f"line {n}", f"c{n}", "question")
    client.get(f"/workshops/{room.slug}/transcript/")  # the site's navigation is cached
    # The room, the message count for the paginator, one page of messages and the
    # authors' names and cities.
    with django_assert_num_queries(4):
        client.get(f"/workshops/{room.slug}/transcript/")
    with unlimited():
        for n in range(3, 60):
            services.store_message(room, ada, f"line {n}", f"c{n}", "question")
    with django_assert_num_queries(4):
        client.get(f"/workshops/{room.slug}/transcript/")


def test_transcript_of_a_signed_in_room_asks_guests_to_sign_in(client, room):
    room.visibility = WorkshopRoom.Visibility.SIGNED_IN
    room.save()
    response = client.get(f"/workshops/{room.slug}/transcript/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_get_distinct_consecutive_numbers(django_user_model):
    room = WorkshopRoom.objects.create(slug="busy", title="Busy")
    writers = [django_user_model.objects.create_user(f"w{n}") for n in range(6)]

    def write(user):
        try:
            return [
                services.store_message(room, user, f"{user} {n}", f"m{n}", "chat")[0]["id"]
                for n in range(10)
            ]
        finally:
            connection.close()  # each thread has its own connection

    with unlimited(), ThreadPoolExecutor(max_workers=6) as pool:
        numbers = [seq for result in pool.map(write, writers) for seq in result]
    assert sorted(numbers) == list(range(1, 61))
    room.refresh_from_db()
    assert room.last_seq == 60


def test_a_resend_does_not_use_up_a_number(room, ada):
    services.store_message(room, ada, "first", "a", "chat")
    frame, created = services.store_message(room, ada, "first", "a", "chat")
    assert created is False
    assert frame["id"] == 1
    assert services.store_message(room, ada, "second", "b", "chat")[0]["id"] == 2


def test_connections_of_a_dead_server_process_expire(room, ada, django_user_model):
    import datetime

    from django.utils import timezone

    from workshops.models import Connection

    ben = django_user_model.objects.create_user("ben")
    services.join(room, ada, "specific.dead!1")
    Connection.objects.update(last_seen=timezone.now() - services.STALE_AFTER * 2)
    assert services.participants(room)["participants"] == []
    # The next join (or heartbeat) once the sweep interval has passed deletes them.
    services._last_sweep[0] -= services.SWEEP_SECONDS
    services.join(room, ben, "specific.alive!1")
    assert [p["name"] for p in services.participants(room)["participants"]] == [
        f"Participant {ben.pk}"
    ]
    assert not Connection.objects.filter(channel_name="specific.dead!1").exists()
    services.heartbeat("specific.alive!1")
    alive = Connection.objects.get(channel_name="specific.alive!1")
    assert timezone.now() - alive.last_seen < datetime.timedelta(minutes=1)


def test_the_rate_limit_is_a_sliding_window(room, ada):
    """Five in any five seconds: five stored 4.1 s ago still hold back the sixth."""
    import datetime

    from django.utils import timezone

    limit = services.rate_limit()
    for n in range(limit["messages"]):
        services.store_message(room, ada, f"m{n}", f"m{n}", "chat")
    now = timezone.now()
    Message.objects.filter(room=room).update(created=now - datetime.timedelta(seconds=4.1))
    with pytest.raises(services.RateLimited) as refused:
        services.store_message(room, ada, "sixth", "m-6", "chat")
    assert 0.5 < refused.value.retry_after <= 0.9 + 0.5
    assert room.messages.count() == 5
    room.refresh_from_db()
    assert room.last_seq == 5  # the refused message used up no number
    # Once the five are older than the window, the next goes through.
    Message.objects.filter(room=room).update(
        created=now - datetime.timedelta(seconds=limit["seconds"] + 0.1)
    )
    assert services.store_message(room, ada, "sixth", "m-6", "chat")[0]["id"] == 6
