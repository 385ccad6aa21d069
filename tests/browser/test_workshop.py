"""Two people in a live workshop room, in two Chromium contexts against a real Daphne.

The shared browser fixtures (tests/browser/conftest.py) were being written at the same
time as this file, so the few it needs are defined here, with the same rules: one
Chromium and one live server for the session.
"""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect, sync_playwright

from tests.workshops.helpers import session_cookie
from tests.workshops.servers import DaphneServer
from workshops.models import WorkshopRoom

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def workshop_server(django_db_setup):
    server = DaphneServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium(django_db_setup):
    # Playwright's sync API keeps an event loop running in this thread; the ORM calls
    # in these tests are still plain synchronous ones.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def room(transactional_db):
    return WorkshopRoom.objects.create(slug="live-room", title="Live room")


@pytest.fixture
def signed_in(chromium, workshop_server):
    """A page in its own browser context, signed in as a new user of that name."""
    contexts = []

    def open_as(username, path):
        user = get_user_model().objects.create_user(username, first_name=username.title())
        name, _, key = session_cookie(user).partition("=")
        context = chromium.new_context()
        context.add_cookies([{"name": name, "value": key, "url": workshop_server.origin}])
        contexts.append(context)
        page = context.new_page()
        page.goto(workshop_server.origin + path)
        return page

    yield open_as
    for context in contexts:
        context.close()


def messages(page):
    return page.locator("[data-messages] .workshop__body")


def send(page, text):
    page.fill("#workshop-body", text)
    page.press("#workshop-body", "Enter")


def test_two_participants_chat_see_presence_and_catch_up_after_going_offline(signed_in, room):
    ada = signed_in("ada", "/workshops/live-room/")
    ben = signed_in("ben", "/workshops/live-room/")
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
    ada = signed_in("ada", "/workshops/live-room/")
    ben = signed_in("ben", "/workshops/live-room/")
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


def test_a_guest_reads_a_public_room_and_is_told_how_to_join(chromium, workshop_server, room):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(workshop_server.origin + "/workshops/live-room/")
    expect(page.locator("[data-connection]")).to_have_text("Connected")
    expect(page.get_by_role("link", name="create an account")).to_have_attribute(
        "href", "/accounts/signup/?next=/workshops/live-room/"
    )
    expect(page.locator("[data-composer]")).to_be_hidden()
    context.close()
