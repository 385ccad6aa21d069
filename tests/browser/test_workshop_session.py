"""A workshop run by a facilitator with two participants, each in their own Chromium
context: a poll, the hand queue, a breakout round and the session record, checked by
axe-core in each state of the room."""

import io
import re
import tempfile
import uuid
from pathlib import Path

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from tests.workshops.helpers import session_cookie
from workshops.models import WorkshopRoom

from .test_accessibility import axe_violations, describe


@pytest.fixture
def room(committed_db):
    room = WorkshopRoom.objects.create(
        slug=f"session-room-{uuid.uuid4().hex[:8]}", title="Hydrogen bus workshop"
    )
    yield room
    WorkshopRoom.objects.filter(slug__startswith=f"{room.slug}-breakout-").delete()
    room.delete()


@pytest.fixture
def people(committed_db, new_context, live_url, room):
    """Fay (facilitator), Ada and Ben, each signed in in their own context, in the room."""
    users, keys, dialogs, errors = [], [], [], []

    def open_as(first_name, facilitator=False):
        username = f"{first_name.lower()}-{uuid.uuid4().hex[:8]}"
        user = get_user_model().objects.create_user(username, first_name=first_name)
        users.append(user)
        if facilitator:
            room.facilitators.add(user)
        name, _, key = session_cookie(user).partition("=")
        keys.append(key)
        context = new_context(viewport={"width": 1280, "height": 1000})
        context.add_cookies([{"name": name, "value": key, "url": live_url}])
        page = context.new_page()
        # The room asks in the page, never in a browser dialog (prompt, confirm, alert).
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(f"{first_name}: {error}"))
        page.goto(room.get_absolute_url())
        expect(page.locator("[data-connection]")).to_have_text("Connected")
        page.user = user
        return page

    class People:
        fay = open_as("Fay", facilitator=True)
        ada = open_as("Ada")
        ben = open_as("Ben")

    for page in (People.fay, People.ada, People.ben):
        expect(page.locator("[data-participants] li")).to_have_count(3)
    yield People
    Session.objects.filter(session_key__in=keys).delete()
    for user in users:
        user.delete()
    assert not dialogs, f"the room opened browser dialogs: {dialogs}"
    assert not errors, f"the room's scripts failed: {errors}"


def shot(page, name):
    """A screenshot to look at: facilitation-<name>.png in the temporary directory."""
    page.screenshot(path=Path(tempfile.gettempdir()) / f"facilitation-{name}.png", full_page=True)


def no_violations(page, state):
    violations = axe_violations(page)
    assert not violations, f"room ({state}) fails WCAG 2.1 AA:\n{describe(violations)}"


def test_a_poll_with_live_results_and_a_changed_vote(people):
    fay, ada, ben = people.fay, people.ada, people.ben
    expect(fay.locator("[data-room-status]")).to_have_text("Live")
    fay.get_by_label("Poll question").fill("Which bus first?")
    fay.get_by_label("Choices, one a line").fill("Hydrogen\nBattery")
    fay.get_by_role("button", name="Open the poll").click()
    poll = ada.locator("[data-polls] article")
    expect(poll.get_by_role("heading")).to_have_text("Which bus first?")
    no_violations(ada, "poll open")

    ada.get_by_label("Hydrogen").check()
    vote = ada.get_by_role("button", name="Vote: Which bus first?")
    vote.focus()
    ada.keyboard.press("Enter")
    expect(poll.get_by_role("status")).to_have_text("Your vote is counted.")
    # Focus stays on the ballot's button, which now offers a change.
    expect(ada.get_by_role("button", name="Change my vote: Which bus first?")).to_be_focused()
    ben.get_by_label("Battery").check()
    ben.get_by_role("button", name="Vote: Which bus first?").click()
    results = fay.locator("[data-polls] .workshop__results li")
    expect(results).to_have_text(["Hydrogen: 1 vote (50 %)", "Battery: 1 vote (50 %)"])

    ada.get_by_label("Battery").check()
    ada.get_by_role("button", name="Change my vote: Which bus first?").click()
    expect(ben.locator("[data-polls] .workshop__results li")).to_have_text(
        ["Hydrogen: 0 votes (0 %)", "Battery: 2 votes (100 %)"]
    )
    fay.get_by_role("button", name="Close the poll: Which bus first?").click()
    expect(ada.locator("[data-polls] article .small").first).to_contain_text("Closed")
    expect(ada.get_by_role("button", name=re.compile("vote", re.I))).to_have_count(0)
    no_violations(fay, "poll closed")
    shot(fay, "poll")

    # A participant who comes back sees the closed poll with its results.
    ada.reload()
    expect(ada.locator("[data-polls] .workshop__results li")).to_have_text(
        ["Hydrogen: 0 votes (0 %)", "Battery: 2 votes (100 %)"]
    )


def test_the_hand_queue_gives_the_floor_in_order(people):
    fay, ada, ben = people.fay, people.ada, people.ben
    ben.get_by_role("button", name="Raise hand").click()
    expect(fay.locator("[data-queue] li")).to_have_text(["Ben"])
    ada.get_by_role("button", name="Raise hand").click()
    for page in (fay, ada, ben):
        expect(page.locator("[data-queue] li")).to_have_text(["Ben", "Ada"])
    no_violations(ben, "hands raised")
    fay.get_by_role("button", name="Give the floor to Ben").click()
    expect(ben.locator("[data-floor]")).to_have_text("You have the floor: please speak now.")
    expect(ada.locator("[data-floor]")).to_have_text("Ben has the floor.")
    expect(ada.locator("[data-queue] li")).to_have_text(["Ada"])
    expect(ben.get_by_role("button", name="Raise hand")).to_be_visible()
    fay.get_by_role("button", name="End Ben's turn").click()
    expect(ada.locator("[data-floor]")).to_have_text("")
    fay.get_by_role("button", name="Clear the queue").click()
    expect(ada.locator("[data-queue] li")).to_have_count(0)
    expect(ada.get_by_role("button", name="Raise hand")).to_have_attribute("aria-pressed", "false")
    no_violations(fay, "queue cleared")


def test_a_breakout_round_brings_the_groups_notes_back(people, room):
    fay, ada, ben = people.fay, people.ada, people.ben
    fay.get_by_label("Number of groups").fill("2")
    fay.get_by_role("button", name="Start the breakout").click()
    go = ada.get_by_role("link", name=re.compile(r"^Go to Group \d$"))
    expect(go).to_be_focused()
    expect(ben.get_by_role("link", name=re.compile(r"^Go to Group \d$"))).to_be_visible()
    no_violations(ada, "breakout running")
    go.click()
    expect(ada.locator("[data-connection]")).to_have_text("Connected")
    expect(ada.locator("h1")).to_contain_text("Hydrogen bus workshop: group")
    expect(ada.locator("[data-breakout]")).to_contain_text("Your notes go back to the main room.")
    ada.get_by_label("Shared notes").fill("Ask Aberdeen about the refuelling permit.")
    ada.get_by_role("button", name="Save the notes").click()
    expect(ada.locator("[data-notes-status]")).to_have_text("Saved by Ada (version 1).")
    shot(ada, "breakout-group")
    no_violations(ada, "in a breakout group")

    fay.get_by_role("button", name="Bring everyone back").click()
    ada.wait_for_url(f"**{room.get_absolute_url()}")
    expect(ada.locator("[data-connection]")).to_have_text("Connected")
    expect(fay.locator("[data-breakout]")).to_contain_text(
        "notes: Ask Aberdeen about the refuelling permit."
    )
    shot(fay, "breakout-back")


def test_the_record_after_the_session(people, room, new_context):
    fay, ada = people.fay, people.ada
    fay.get_by_label("Agenda items, one a line, minutes after a bar").fill(
        "Welcome | 5\nBus tenders | 30"
    )
    fay.get_by_role("button", name="Save the agenda").click()
    expect(ada.locator("[data-agenda] li")).to_have_count(2)
    fay.get_by_role("button", name="Take up the agenda item: Bus tenders").click()
    expect(ada.locator("[data-current-item]")).to_have_text("Now: Bus tenders")
    fay.get_by_label("What was decided or is to be done").fill("Tender two buses together.")
    fay.get_by_role("button", name="Record it").click()
    expect(ada.locator("[data-outcomes] li")).to_have_text(["Decision: Tender two buses together."])
    ada.check("[data-as-question]")
    ada.fill("#workshop-body", "Who maintains the buses?")
    ada.press("#workshop-body", "Enter")
    expect(fay.locator("[data-questions] li")).to_contain_text("Who maintains the buses?")
    # Authors have no upvote button for their own question.
    expect(ada.get_by_role("button", name=re.compile("^Upvote"))).to_have_count(0)
    upvote = people.ben.get_by_role("button", name="Upvote: Who maintains the buses?")
    upvote.focus()
    people.ben.keyboard.press("Enter")
    # Focus stays on the button, now saying it is done.
    expect(
        people.ben.get_by_role("button", name="You upvoted: Who maintains the buses?")
    ).to_be_focused()
    expect(ada.locator("[data-questions] li")).to_contain_text("1 upvote")
    # Closing asks first, under the button; Escape keeps the room open.
    close = fay.get_by_role("button", name="Close the room for everyone", exact=True)
    close.click()
    expect(close).to_have_attribute("aria-expanded", "true")
    confirm = fay.get_by_role("group", name="Close the room for everyone?")
    expect(confirm).to_be_visible()
    expect(fay.get_by_role("button", name="Keep the room open")).to_be_focused()
    no_violations(fay, "asked to close")
    shot(fay, "close-confirmation")
    fay.keyboard.press("Escape")
    expect(confirm).to_be_hidden()
    expect(close).to_be_focused()
    expect(ada.locator("[data-room-status]")).not_to_have_text("Ended")
    close.press("Enter")
    fay.get_by_role("button", name="Yes, close the room for everyone").click()
    expect(ada.locator("[data-room-status]")).to_have_text("Ended")
    no_violations(ada, "ended")

    fay.goto(f"{room.get_absolute_url()}record/")
    expect(fay.locator("h1")).to_have_text("Session record: Hydrogen bus workshop")
    expect(fay.locator("#record-decisions + ul")).to_have_text("Tender two buses together.")
    answer = fay.get_by_label("Your written answer to: Who maintains the buses?")
    answer.fill("The operator, under the city's contract.")
    fay.get_by_role("button", name="Publish the answer").click()
    expect(fay.locator("blockquote")).to_contain_text("The operator, under the city's contract.")
    no_violations(fay, "record")
    shot(fay, "record")

    # The record as a PDF, from the link beside the other exports.
    with fay.expect_download() as download_info:
        fay.get_by_role("link", name="Download as PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{room.slug}-record.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    text = " ".join(
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(content)).pages
    )
    for words in (
        "Session record: Hydrogen bus workshop",
        "Tender two buses together.",
        "Who maintains the buses?",
        "The operator, under the city's contract.",
    ):
        assert words in text, words
    # Once the room is for its members only, a visitor gets no PDF but the sign-in page.
    WorkshopRoom.objects.filter(pk=room.pk).update(visibility=WorkshopRoom.Visibility.MEMBERS)
    stranger = new_context().request
    response = stranger.get(f"{room.get_absolute_url()}record/?download=pdf", max_redirects=0)
    assert response.status == 302
    assert response.headers["location"].startswith("/accounts/login/")
    assert not response.body().startswith(b"%PDF")


def test_a_written_answer_in_the_room(people):
    fay, ada, ben = people.fay, people.ada, people.ben
    question = "Who pays for the hydrogen?"
    ada.check("[data-as-question]")
    ada.fill("#workshop-body", question)
    ada.press("#workshop-body", "Enter")
    toggle = fay.get_by_role("button", name=f"Answer in writing: {question}")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    fay.keyboard.press("Enter")
    answer = fay.get_by_label(f"Your written answer to: {question}")
    expect(answer).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    # Escape (or Cancel) closes the form and gives the focus back to its button.
    fay.keyboard.press("Escape")
    expect(answer).to_be_hidden()
    expect(toggle).to_be_focused()
    fay.keyboard.press("Enter")
    expect(answer).to_be_focused()
    fay.keyboard.type("The city, with the EU grant")
    # The list is drawn again when someone upvotes: what is typed, and the focus, stay.
    ben.get_by_role("button", name=f"Upvote: {question}").click()
    expect(fay.locator("[data-questions] li")).to_contain_text("1 upvote")
    expect(answer).to_be_focused()
    expect(answer).to_have_value("The city, with the EU grant")
    fay.keyboard.type(" for the first two years.")
    no_violations(fay, "writing an answer")
    shot(fay, "written-answer-form")
    fay.get_by_role("button", name=f"Publish the answer to: {question}").click()
    expected = "Fay answered: The city, with the EU grant for the first two years."
    expect(ada.locator("[data-questions] .workshop__answer")).to_have_text(expected)
    expect(fay.locator("[data-questions] .workshop__answer")).to_have_text(expected)
    expect(toggle).to_have_count(0)
    # The focus is back on the question's own controls.
    expect(fay.get_by_role("button", name=f"Mark unanswered: {question}")).to_be_focused()
    no_violations(fay, "answered in writing")
    no_violations(ada, "answered in writing")
    shot(ada, "written-answer")

    # An empty answer is refused in the form, and the focus stays in the text box.
    ada.check("[data-as-question]")
    ada.fill("#workshop-body", "And who pays after that?")
    ada.press("#workshop-body", "Enter")
    second = fay.get_by_role("button", name="Answer in writing: And who pays after that?")
    second.click()
    fay.get_by_role("button", name="Publish the answer to: And who pays after that?").click()
    expect(fay.get_by_role("alert").filter(has_text="Write the answer first.")).to_be_visible()
    expect(fay.get_by_label("Your written answer to: And who pays after that?")).to_be_focused()
    # An answer the server refuses comes back to its form, with the reason.
    box = fay.get_by_label("Your written answer to: And who pays after that?")
    box.fill("The operator\u0007")
    fay.get_by_role("button", name="Publish the answer to: And who pays after that?").click()
    expect(fay.get_by_role("alert").filter(has_text="control character")).to_have_count(1)
    expect(fay.locator(".workshop__reply-form [role=alert]")).to_contain_text("control character")
    expect(box).to_be_focused()
    expect(box).to_have_value("The operator\u0007")
    fay.get_by_role("button", name="Cancel the answer to: And who pays after that?").click()
    expect(second).to_be_focused()
    expect(box).to_be_hidden()


def test_questions_typed_offline_in_a_moderated_room_are_held_once_each(people, browser_watch):
    """The outbox and the held questions together: typed offline, more than the rate limit
    allows at once, each question is held once, approved once and seen once."""
    browser_watch.allow_console(r"^WebSocket connection to 'ws://[^']*' failed")
    fay, ada, ben = people.fay, people.ada, people.ben
    fay.get_by_label("Hold questions for approval").check()
    # The settings frame has reached Ada's page.
    expect(ada.locator('[data-setting="moderated"]')).to_be_checked()
    ada.context.set_offline(True)
    expect(ada.locator("[data-connection]")).to_have_attribute("data-state", "offline")
    typed = [f"Offline question {n}?" for n in range(1, 8)]  # 7: more than 5 in 5 seconds
    for text in typed:
        ada.check("[data-as-question]")
        ada.fill("#workshop-body", text)
        ada.press("#workshop-body", "Enter")
    expect(ada.locator(".workshop__message--pending")).to_have_count(7)
    ada.context.set_offline(False)
    # Paced to the limit, each is kept for approval and leaves the outbox.
    expect(ada.locator(".workshop__message--pending")).to_have_count(0, timeout=30_000)
    expect(fay.locator("[data-held] li")).to_have_count(7, timeout=15_000)
    expect(ben.locator("[data-questions] li")).to_have_count(0)
    for text in typed:
        fay.get_by_role("button", name=f"Approve the question from Ada: {text}").click()
    expect(ben.locator("[data-questions] li")).to_have_count(7, timeout=15_000)
    expect(fay.locator("[data-held] li")).to_have_count(0)
    no_violations(fay, "questions approved")
