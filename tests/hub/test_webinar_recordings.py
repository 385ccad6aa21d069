"""A past webinar offers its recording, captions, transcript and slides first, and its room
only when something was said there; the calendar feed filters by topic."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from icalendar import Calendar
from wagtail.documents.models import Document

from tests import factories
from workshops import services
from workshops.models import Message, WorkshopRoom


def document(title, name, text):
    return Document.objects.create(title=title, file=ContentFile(text.encode(), name=name))


@pytest.fixture
def past(hub_tree):
    return factories.WebinarPageFactory(
        parent=hub_tree.webinars,
        title="Running a bus fleet",
        start=timezone.now() - datetime.timedelta(days=20),
        speakers=[("speaker", {"name": "Fleet manager", "organisation": "Aberdeen"})],
    )


def test_recording_with_captions_transcript_and_slides_comes_first(client, past):
    past.recording = document("Recording", "fleet.webm", "not really a video")
    past.captions = document("Captions", "fleet.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n")
    past.transcript = document("Transcript", "fleet.txt", "Hello, and welcome.")
    past.slides = document("Slides", "fleet.pdf", "%PDF-1.4")
    past.save_revision().publish()
    html = client.get(past.url).text
    assert f'<video controls preload="metadata" src="{past.recording.url}">' in html
    assert f'<track kind="captions" src="{past.captions.url}" srclang="en"' in html
    assert f'<a href="{past.transcript.url}">Read the transcript</a> (TXT)' in html
    assert f'<a href="{past.slides.url}">Download the slides</a> (PDF)' in html
    assert "Add to calendar" not in html and "registration-form" not in html
    # Nobody wrote in the room: no link to an empty transcript.
    assert "Read what was said in the room" not in html
    assert html.index('id="recording-heading"') < html.index('id="speakers-heading"')


def test_room_transcript_offered_only_once_something_was_said(client, past):
    html = client.get(past.url).text
    assert "The recording has not been published yet." in html
    assert "transcript" not in html.lower().replace("read the transcript", "")
    room = WorkshopRoom.objects.get(page=past)
    speaker = get_user_model().objects.create_user("fleet-speaker")
    services.store_message(room, speaker, "Ten minutes per bus.", "m-1", Message.Kind.CHAT)
    html = client.get(past.url).text
    assert f'href="{room.get_transcript_url()}">Read what was said in the room</a>' in html


def test_captions_need_a_video_and_a_webvtt_file(past):
    from django.core.exceptions import ValidationError

    past.captions = document("Captions", "fleet.vtt", "WEBVTT\n")
    with pytest.raises(ValidationError, match="Captions go with a video recording"):
        past.full_clean()
    past.recording = document("Recording", "fleet.webm", "video")
    past.captions = document("Captions", "fleet.srt", "1\n")
    with pytest.raises(ValidationError, match="WebVTT"):
        past.full_clean()


def test_calendar_feed_filters_by_topic_and_links_back(client, hub_tree):
    ahead = timezone.now() + datetime.timedelta(days=5)
    permits = factories.WebinarPageFactory(
        parent=hub_tree.webinars, title="Permits", start=ahead, topics=["permitting"]
    )
    factories.WebinarPageFactory(
        parent=hub_tree.webinars, title="Buses", start=ahead, topics=["hydrogen-buses"]
    )
    response = client.get("/webinars/feed.ics", {"topic": "permitting"})
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "TwinHub webinars: Streamlined permitting"
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Permits"
    assert str(event["url"]) == permits.full_url
    assert permits.full_url in str(event["description"])
    both = Calendar.from_ical(
        client.get("/webinars/feed.ics?topic=permitting&topic=hydrogen-buses").content
    )
    assert sorted(str(e["summary"]) for e in both.walk("VEVENT")) == ["Buses", "Permits"]
    bad = client.get("/webinars/feed.ics", {"topic": "no-such-topic"})
    assert bad.status_code == 400
    assert "Unknown topic: no-such-topic" in bad.text


def test_index_offers_the_topic_calendar(client, hub_tree):
    html = client.get(hub_tree.webinars.url, {"topic": "permitting"}).text
    assert 'href="/webinars/feed.ics?topic=permitting"' in html
