"""Two people in a live workshop room, each in their own context of the session's Chromium.

The room and its participants are committed (the live server must see them) under names
no other test uses, and deleted again at the end, so later browser tests never meet them.
"""

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from tests.workshops.helpers import session_cookie
from workshops.models import WorkshopRoom


@pytest.fixture
def room(committed_db):
    room = WorkshopRoom.objects.create(slug=f"live-room-{uuid.uuid4().hex[:8]}", title="Live room")
    yield room
    room.delete()


@pytest.fixture
def signed_in(committed_db, new_context, live_url):
    """Open a path in a new context, signed in as a new user with that first name."""
    users, session_keys = [], []

    def open_as(first_name, path):
        username = f"{first_name.lower()}-{uuid.uuid4().hex[:8]}"
        user = get_user_model().objects.create_user(username, first_name=first_name)
        users.append(user)
        name, _, key = session_cookie(user).partition("=")
        session_keys.append(key)
        context = new_context()
        context.add_cookies([{"name": name, "value": key, "url": live_url}])
        page = context.new_page()
        page.goto(path)
        return page

    yield open_as
    Session.objects.filter(session_key__in=session_keys).delete()
    for user in users:
        user.delete()


def messages(page):
    return page.locator("[data-messages] .workshop__body")


def send(page, text):
    page.fill("#workshop-body", text)
    page.press("#workshop-body", "Enter")


def test_two_participants_chat_see_presence_and_catch_up_after_going_offline(
    signed_in, room, browser_watch
):
    # A reconnection attempt made while Ben is offline fails, and Chromium may log that
    # (it depends on when the back-off timer fires): allow exactly that failure.
    browser_watch.allow_console(
        rf"^WebSocket connection to 'ws://[^/']+{re.escape(room.websocket_path)}[^']*' failed"
    )
    ada = signed_in("Ada", room.get_absolute_url())
    ben = signed_in("Ben", room.get_absolute_url())
    for page in (ada, ben):
        expect(page.locator("[data-connection]")).to_have_text("Connected")
    expect(ada.locator("[data-participants] li")).to_have_text(["Ada", "Ben"])
    expect(ben.locator("[data-participants] li")).to_have_text(["Ada", "Ben"])

    send(ada, "Hello Ben, <b>welcome</b>")
    expect(messages(ben)).to_have_text(["Hello Ben, <b>welcome</b>"])
    expect(ben.locator("[data-announcer]")).to_have_text("Ada says: Hello Ben, <b>welcome</b>")
    send(ben, "Hi Ada")
    expect(messages(ada)).to_have_text(["Hello Ben, <b>welcome</b>", "Hi Ada"])

    # Ben loses his connection; Ada keeps writing; Ben writes something too.
    ben.context.set_offline(True)
    expect(ben.locator("[data-connection]")).to_have_attribute("data-state", "offline")
    for n in range(1, 4):
        send(ada, f"While you were away {n}")
    expect(messages(ada)).to_have_count(5)
    send(ben, "Written offline")
    expect(ben.locator(".workshop__message--pending")).to_have_count(1)

    ben.context.set_offline(False)
    expected = [
        "Hello Ben, <b>welcome</b>",
        "Hi Ada",
        "While you were away 1",
        "While you were away 2",
        "While you were away 3",
        "Written offline",
    ]
    expect(ben.locator("[data-connection]")).to_have_text("Connected", timeout=15_000)
    expect(messages(ben)).to_have_text(expected)
    expect(ben.locator(".workshop__message--pending")).to_have_count(0)
    # Ada sees Ben's offline message exactly once.
    expect(messages(ada)).to_have_text(expected)
    ids = ben.locator("[data-messages] [data-id]").evaluate_all(
        "items => items.map(item => Number(item.dataset.id))"
    )
    assert ids == sorted(ids) == list(range(1, 7))


def test_questions_upvotes_and_raised_hands(signed_in, room):
    ada = signed_in("Ada", room.get_absolute_url())
    ben = signed_in("Ben", room.get_absolute_url())
    for page in (ada, ben):
        expect(page.locator("[data-connection]")).to_have_text("Connected")

    ada.check("[data-as-question]")
    send(ada, "Who paid for the electrolyser?")
    question = ben.locator("[data-questions] li")
    expect(question).to_contain_text("Who paid for the electrolyser?")
    ben.get_by_role("button", name=re.compile("^Upvote: Who paid")).click()
    expect(ada.locator("[data-questions] li")).to_contain_text("1 upvote")
    expect(question.get_by_role("button", name=re.compile("^You upvoted"))).to_be_disabled()

    hand = ben.get_by_role("button", name="Raise hand")
    hand.focus()
    ben.keyboard.press("Enter")
    expect(ben.get_by_role("button", name="Lower hand")).to_have_attribute("aria-pressed", "true")
    expect(ada.locator("[data-participants] li", has_text="Ben")).to_contain_text("hand raised")


def test_a_guest_reads_a_public_room_and_is_told_how_to_join(page, room):
    page.goto(room.get_absolute_url())
    expect(page.locator("[data-connection]")).to_have_text("Connected")
    expect(page.get_by_role("link", name="create an account")).to_have_attribute(
        "href", f"/accounts/signup/?next={room.get_absolute_url()}"
    )
    expect(page.locator("[data-composer]")).to_be_hidden()


def test_more_messages_typed_offline_than_the_rate_limit_allows_all_arrive_once(
    signed_in, room, browser_watch
):
    browser_watch.allow_console(
        rf"^WebSocket connection to 'ws://[^/']+{re.escape(room.websocket_path)}[^']*' failed"
    )
    ada = signed_in("Ada", room.get_absolute_url())
    ben = signed_in("Ben", room.get_absolute_url())
    for page in (ada, ben):
        expect(page.locator("[data-connection]")).to_have_text("Connected")
    ben.context.set_offline(True)
    expect(ben.locator("[data-connection]")).to_have_attribute("data-state", "offline")
    typed = [f"Offline thought {n}" for n in range(1, 9)]  # 8: more than 5 in 5 seconds
    for text in typed:
        send(ben, text)
    expect(ben.locator(".workshop__message--pending")).to_have_count(8)

    ben.context.set_offline(False)
    # Paced to the limit, every one is stored; none is given back or dropped.
    expect(ben.locator(".workshop__message--pending")).to_have_count(0, timeout=30_000)
    expect(messages(ben)).to_have_text(typed)
    expect(messages(ada)).to_have_text(typed, timeout=15_000)
    assert list(room.messages.order_by("seq").values_list("body", flat=True)) == typed
    assert ben.input_value("#workshop-body") == ""


def test_a_facilitator_hides_a_message_in_the_wagtail_admin(committed_db, new_context, live_url):
    from django.contrib.auth.models import Group

    from home.roles import FACILITATORS, Report, setup_facilitators
    from workshops.models import Message

    setup_facilitators(Report())
    fay = get_user_model().objects.create_user(f"fay-{uuid.uuid4().hex[:8]}", first_name="Fay")
    fay.groups.add(Group.objects.get(name=FACILITATORS))
    room = WorkshopRoom.objects.create(slug=f"admin-room-{uuid.uuid4().hex[:8]}", title="Permits")
    room.facilitators.add(fay)
    message = Message.objects.create(room=room, seq=1, body="Something rude")
    name, _, key = session_cookie(fay).partition("=")
    try:
        context = new_context()
        context.add_cookies([{"name": name, "value": key, "url": live_url}])
        page = context.new_page()
        page.goto("/admin/workshop_messages/")
        expect(page.get_by_role("link", name="Something rude")).to_be_visible()
        page.get_by_role("link", name="Something rude").click()
        page.get_by_label("State").select_option("hidden")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".messages")).to_contain_text("updated")
        message.refresh_from_db()
        assert (message.state, message.hidden_by_id) == ("hidden", fay.pk)
    finally:
        room.delete()
        Session.objects.filter(session_key=key).delete()
        fay.delete()
