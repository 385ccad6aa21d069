"""The forms and panels of the Workshops view-sets in the Wagtail admin (wagtail_hooks.py).

A room's edit form holds its session's settings (when it runs, whether questions are held
for approval, who edits the notes) beside the room's own fields, and its agenda as an
inline. A poll's form closes it. What is saved here reaches the people in the room at
once: the same `settings`, `agenda` and `poll` frames a facilitator's controls in the room
send, through the room's channel-layer group once the change is committed.
"""

import datetime
import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django import forms
from django.db import transaction
from django.utils.html import format_html, format_html_join
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import Panel
from wagtail.admin.widgets import AdminDateTimeInput

from . import fanout, polls, session
from .models import RoomSession

logger = logging.getLogger(__name__)

SESSION_FIELDS = ("starts_at", "ends_at", "moderated", "participants_edit_notes")


def tell_room(room_id, *frames, event="room.frame"):
    """Send frames to everyone in the room, in every server process, once the transaction
    commits, as the consumer's event `event` (`room.frame`; `room.closed` also makes each
    socket read-only; `room.recheck`, with no frame, has each socket reload the room). A
    channel layer that is down does not fail the admin's save: a participant who
    reconnects gets the state in the welcome frame."""
    group = fanout.group_name(room_id)
    messages = [{"type": event, "text": json.dumps(f, ensure_ascii=False)} for f in frames]

    def send():
        layer = get_channel_layer()
        for message in messages or [{"type": event}]:
            try:
                async_to_sync(layer.group_send)(group, message)
            except Exception:
                logger.exception("Could not tell room %s of a change in the admin", room_id)

    transaction.on_commit(send)


def _session_field(name):
    return RoomSession._meta.get_field(name)


class WorkshopRoomForm(WagtailAdminModelForm):
    """The room, its session's settings and its agenda (the inline formset)."""

    starts_at = forms.DateTimeField(
        label="Starts",
        required=False,
        widget=AdminDateTimeInput,
        help_text="The agenda's planned times count from here. A webinar's room starts with "
        "the webinar.",
    )
    ends_at = forms.DateTimeField(
        label="Ends",
        required=False,
        widget=AdminDateTimeInput,
        help_text="The session counts as ended from then on.",
    )
    moderated = forms.BooleanField(
        label="Hold questions for approval",
        required=False,
        help_text=_session_field("moderated").help_text,
    )
    participants_edit_notes = forms.BooleanField(
        label="Participants may edit the notes",
        required=False,
        help_text="Facilitators always may.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        room = self.instance
        if room.pk:
            existing = RoomSession.objects.filter(room=room).first()
            page = room.page.specific if room.page_id else None
            for name in SESSION_FIELDS:
                if existing is not None:
                    value = getattr(existing, name)
                elif name in ("starts_at", "ends_at"):
                    value = getattr(page, {"starts_at": "start", "ends_at": "end"}[name], None)
                else:
                    value = _session_field(name).default
                self.initial.setdefault(name, value)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The session must end after it starts.")
        return cleaned

    def save(self, commit=True):
        room = super().save(commit=commit)
        if commit:
            room_session = session.session_for(room)
            for name in SESSION_FIELDS:
                setattr(room_session, name, self.cleaned_data.get(name))
            room_session.save(update_fields=SESSION_FIELDS)
            tell_room(
                room.pk,
                {"type": "settings", "moderated": room_session.moderated,
                 "participants_edit_notes": room_session.participants_edit_notes},
                session.agenda_frame(room, room_session),
                {"type": "status", "status": session.status_frame(room, room_session)},
            )  # fmt: skip
        return room


class AgendaTimesPanel(Panel):
    """The agenda as saved, with each item's planned start (read only)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "workshops/admin/agenda_times.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            # Unsaved when the room was never used: its planned times then count from the
            # page's start, as they will once the session row is made.
            room_session = RoomSession.objects.filter(room=self.instance).first() or RoomSession(
                room=self.instance, starts_at=self.form.initial.get("starts_at")
            )
            items = session.agenda_frame(self.instance, room_session)["items"]
            for item in items:
                start = item["planned_start"]
                item["planned"] = datetime.datetime.fromisoformat(start) if start else None
                item["current"] = item["id"] == room_session.current_item_id
            context["items"] = items
            return context


def poll_results_html(poll):
    """How a poll runs, and its options with their votes (facilitators see the counts while
    it is open, whatever participants see)."""
    frame = polls.poll_frame(poll, with_results=True)
    rows = format_html_join(
        "",
        "<li>{}: {} vote{}</li>",
        (
            (option["label"], option["votes"], "" if option["votes"] == 1 else "s")
            for option in frame["options"]
        ),
    )
    voters = frame["voters"]
    facts = [
        "Several choices" if poll.multiple else "One choice",
        "anonymous" if poll.anonymous else "who chose what is on the record",
        f"results shown {poll.get_results_display().lower()}",
        "open" if poll.is_open else "closed",
    ]
    return format_html(
        '<p>{}</p><ul class="poll-results">{}</ul><p>{} voter{}</p>',
        " · ".join(facts),
        rows,
        voters,
        "" if voters == 1 else "s",
    )


class PollResultsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "workshops/admin/poll_results.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["results"] = poll_results_html(self.instance)
            return context


class PollForm(WagtailAdminModelForm):
    """A poll is run in the room; here a facilitator reads it and may close it."""

    close = forms.BooleanField(
        label="Close the poll now",
        required=False,
        help_text="Nobody can vote any more, and everyone in the room sees the results.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.is_open:
            self.fields["close"].disabled = True
            self.fields["close"].initial = True
            self.fields["close"].help_text = "This poll is closed."

    def save(self, commit=True):
        poll = super().save(commit=commit)
        if commit and self.cleaned_data.get("close") and poll.is_open:
            poll = polls.close_poll(poll.room, {"poll": poll.pk})
            tell_room(poll.room_id, {"type": "poll", "poll": polls.poll_frame(poll, True)})
        return poll
