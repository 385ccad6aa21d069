"""The session record: what it shows, its exports, who may read it and answer on it; and
action items reaching a partnership's activity log."""

import datetime
import io
import json

import pypdf
import pytest
from django.core import mail

from home import people as home_people
from partnerships.models import PlanAction
from tests import factories
from workshops import breakouts, followup, notes, polls, questions, services, session
from workshops.models import Connection, WorkshopRoom


@pytest.fixture
def ada(django_user_model):
    return django_user_model.objects.create_user("ada", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def fay(django_user_model):
    return django_user_model.objects.create_user("fay", first_name="Fay", email="fay@example.org")


@pytest.fixture
def room(db, hub_tree, fay):
    webinar = factories.WebinarPageFactory(parent=hub_tree.webinars, title="Hydrogen buses")
    room = WorkshopRoom.objects.get(page=webinar)
    room.facilitators.add(fay)
    return room


def run_a_session(room, ada, fay, city):
    home_people.save_person(ada, display_name="Ada L.", organisation="Aberdeen City Council")
    ada.person.city, ada.person.city_status = city, ada.person.CityStatus.CONFIRMED
    ada.person.save()
    for user, channel in ((ada, "c.ada"), (fay, "c.fay")):
        services.join(room, user, channel)
        session.record_attendance(room, user)
    session.set_agenda(room, [{"title": "Welcome", "minutes": 5}])
    poll = polls.open_poll(room, fay, {"question": "Which fuel?", "options": ["H2", "Battery"]})
    polls.vote(room, ada, {"poll": poll.pk, "options": [poll.options.first().pk]})
    polls.close_poll(room, {"poll": poll.pk})
    services.store_message(room, ada, "Hello <script>x</script>", "m1", "chat")
    asked, _ = services.store_message(room, ada, "Who pays for the buses?", "q1", "question")
    services.store_message(room, ada, "And the fuel?", "q2", "question")
    questions.reply(room, fay, asked["id"], "The city and the EU fund.")
    notes.save_notes(room, fay, "We meet again in March.", 0)
    notes.add_outcome(room, fay, {"kind": "decision", "text": "Tender two buses."})
    notes.add_outcome(
        room,
        fay,
        {"kind": "action", "text": "Draft the tender", "owner": ada.pk, "due": "2027-02-01"},
    )
    breakout = breakouts.start(room, fay, {"groups": 1, "minutes": 5})
    subroom = WorkshopRoom.objects.get(slug__endswith="-1", breakout_group__isnull=False)
    notes.save_notes(subroom, ada, "Group: ask Kobe about permits.", 0)
    breakouts.end(room)
    Connection.objects.all().delete()
    return breakout


@pytest.mark.django_db
def test_the_record_keeps_what_the_session_decided(client, room, ada, fay, hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Aberdeen")
    run_a_session(room, ada, fay, city)
    response = client.get(f"{room.get_absolute_url()}record/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Session record: Hydrogen buses",
        "<strong>Aberdeen</strong>: Ada L.",
        "Welcome (5 min)",
        "Which fuel?",
        "H2: 1 vote (Ada L.)",
        "Who pays for the buses?",
        "The city and the EU fund.",
        "And the fuel?",
        "not answered yet",
        "Tender two buses.",
        "Draft the tender",
        "2027-02-01",
        "We meet again in March.",
        "Group: ask Kobe about permits.",
        "Hello &lt;script&gt;x&lt;/script&gt;",
    ):
        assert text in html, text
    assert "<script>x</script>" not in html
    # Guests may read a public webinar's record but not answer on it.
    assert "Publish the answer" not in html


@pytest.mark.django_db
def test_json_and_document_exports(client, room, ada, fay, hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Aberdeen")
    run_a_session(room, ada, fay, city)
    response = client.get(f"{room.get_absolute_url()}record/?format=json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["attendance"][0] == {
        "city": "Aberdeen",
        "people": [
            {
                "id": ada.pk,
                "name": "Ada L.",
                "city": "Aberdeen",
                "organisation": "Aberdeen City Council",
            }
        ],
    }
    assert data["polls"][0]["options"][0]["votes"] == 1
    assert [q["answered"] for q in data["questions"]] == [True, False]
    assert data["action_items"][0]["owner"]["name"] == "Ada L."
    assert data["breakouts"][0]["groups"][0]["notes"] == "Group: ask Kobe about permits."
    assert [m["body"] for m in data["transcript"]][0] == "Hello <script>x</script>"
    document = client.get(f"{room.get_absolute_url()}record/?download=html")
    assert document["Content-Disposition"].startswith("attachment;")
    assert b"<h1>Session record: Hydrogen buses</h1>" in document.content


def pdf_text(content):
    """The text of a PDF, page after page, with its lines joined by spaces."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.django_db
def test_the_record_as_a_pdf(client, room, ada, fay, hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Umeå")
    run_a_session(room, ada, fay, city)
    record_page = client.get(f"{room.get_absolute_url()}record/").content.decode()
    assert '<a class="button button--secondary" href="?download=pdf"' in record_page
    response = client.get(f"{room.get_absolute_url()}record/?download=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{room.slug}-record.pdf"'
    assert response.content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "Session record: Hydrogen buses"
    text = pdf_text(response.content)
    for words in (
        "Session record: Hydrogen buses",
        "Umeå: Ada L.",
        "Welcome (5 min)",
        "Which fuel?",
        "H2: 1 vote (Ada L.)",
        "Who pays for the buses?",
        "The city and the EU fund.",
        "answered in writing",
        "And the fuel?",
        "not answered yet",
        "Tender two buses.",
        "Draft the tender",
        "2027-02-01",
        "We meet again in March.",
        "Group: ask Kobe about permits.",
        # Said in the chat as it was typed: text, never markup.
        "Hello <script>x</script>",
    ):
        assert words in text, words


@pytest.mark.django_db
def test_record_is_restricted_like_the_room(client, fay, ada, django_user_model):
    room = WorkshopRoom.objects.create(
        slug="private", title="Private", visibility=WorkshopRoom.Visibility.MEMBERS
    )
    room.facilitators.add(fay)
    url = f"{room.get_absolute_url()}record/"
    assert client.get(url).status_code == 302
    assert client.get(url + "?format=json").status_code == 302
    assert client.get(url + "?download=pdf").status_code == 302
    outsider = django_user_model.objects.create_user("out")
    client.force_login(outsider)
    for export in ("?format=json", "?download=pdf"):
        response = client.get(url + export)
        assert response.status_code == 403
        assert response["Content-Type"].startswith("text/html")  # the "how to join" page
        assert b"%PDF" not in response.content
    client.force_login(fay)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_facilitators_answer_leftover_questions_on_the_record(client, room, ada, fay):
    question, _ = services.store_message(room, ada, "What did it cost?", "q", "question")
    url = f"{room.get_absolute_url()}record/"
    client.force_login(ada)
    assert client.post(url, {"question": question["id"], "body": "mine"}).status_code == 403
    client.force_login(fay)
    page = client.get(url).content.decode()
    assert "Your written answer to: What did it cost?" in page
    response = client.post(url, {"question": question["id"], "body": "   "})
    assert response.status_code == 400
    assert "`body` must be some text." in response.content.decode()
    response = client.post(url, {"question": question["id"], "body": "EUR 1.2 m, illustrative."})
    assert response.status_code == 302
    assert "EUR 1.2 m, illustrative." in client.get(url).content.decode()


@pytest.mark.django_db
def test_unanswered_questions_command_sends_each_ended_session_once(room, ada, fay):
    from django.core.management import call_command

    services.store_message(room, ada, "Open question?", "q", "question")
    session.session_for(room)
    room.session.ends_at = room.session.starts_at = None
    room.session.save()
    call_command("send_unanswered_questions")
    assert mail.outbox == []  # not over yet
    room.session.ends_at = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    room.session.save()
    call_command("send_unanswered_questions")
    call_command("send_unanswered_questions")
    assert len(mail.outbox) == 1
    assert "Open question?" in mail.outbox[0].body


@pytest.mark.django_db
def test_action_items_reach_the_partnership_activity_log_and_mentor_staff(hub_tree, fay):
    from django.contrib.auth import get_user_model

    aberdeen = factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Aberdeen", country="GB"
    )
    kobe = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Kobe", country="JP")
    programme = factories.ProgrammePageFactory(
        parent=hub_tree.partnerships, runs_mentor_mentee=True
    )
    partnership = factories.PartnershipPageFactory(
        parent=programme,
        kind="mentor-mentee",
        members=[(aberdeen, "mentor"), (kobe, "mentee")],
    )
    room = WorkshopRoom.objects.get(page=partnership)
    mentor = get_user_model().objects.create_user("mentor", email="m@example.org")
    home_people.save_person(mentor, display_name="Mina Mentor")
    mentor.person.city, mentor.person.city_status = aberdeen, mentor.person.CityStatus.CONFIRMED
    mentor.person.save()
    notes.add_outcome(
        room,
        fay,
        {"kind": "action", "text": "Share the permit", "owner_name": "Kobe", "due": "2027-03-01"},
    )
    (entry,) = partnership.activity.all()
    assert entry.summary == (
        "Action item from the workshop: Share the permit (owner: Kobe, due 2027-03-01)"
    )
    assert entry.actor == fay
    assert [u.pk for u in followup.recipients(room)] == [mentor.pk]  # fay has no partnership
    room.facilitators.add(fay)
    assert {u.pk for u in followup.recipients(room)} == {fay.pk, mentor.pk}
    assert followup.may_answer_on_record(room, mentor)


@pytest.mark.django_db
def test_an_action_item_becomes_a_replication_plan_action_in_one_step(client, hub_tree, fay):
    aberdeen = factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Aberdeen", country="GB"
    )
    kobe = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Kobe", country="JP")
    programme = factories.ProgrammePageFactory(parent=hub_tree.partnerships, runs_sibling=True)
    partnership = factories.PartnershipPageFactory(
        parent=programme, members=[(aberdeen, "sibling"), (kobe, "sibling")]
    )
    room = WorkshopRoom.objects.get(page=partnership)
    room.facilitators.add(fay)
    action = notes.add_outcome(
        room,
        fay,
        {"kind": "action", "text": "Joint bus tender", "owner_name": "Kobe", "due": "2027-06-30"},
    )
    url = f"{room.get_absolute_url()}record/"
    client.force_login(fay)
    page = client.get(url).content.decode()
    assert 'aria-label="Add to the Replication Plan: Joint bus tender"' in page
    assert client.post(url, {"plan": action["id"]}).status_code == 302
    (planned,) = PlanAction.objects.filter(partnership=partnership)
    assert (planned.title, planned.owner, planned.owner_team, planned.status) == (
        "Joint bus tender",
        None,
        "Kobe",
        PlanAction.Status.PLANNED,
    )
    assert planned.due_on == datetime.date(2027, 6, 30)
    assert partnership.activity.filter(
        actor=fay, summary__startswith="added the plan action “Joint bus tender”"
    ).exists()
    assert "In the plan" in client.get(url).content.decode()
    again = client.post(url, {"plan": action["id"]})
    assert again.status_code == 400
    assert "in the Replication Plan already" in again.content.decode()
    assert PlanAction.objects.filter(partnership=partnership).count() == 1
