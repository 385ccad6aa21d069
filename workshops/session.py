"""A room's session: its status from the facts, its agenda, and what a (re)connecting
participant is told of both. Plain synchronous functions; the consumer calls each
through `database_sync_to_async`.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from core import people

from .models import AgendaItem, Attendance, RoomSession, WorkshopRoom

MAX_AGENDA_ITEMS = 30
MAX_ITEM_MINUTES = 600


class SessionError(Exception):
    """A frame the session refuses: `code` is the protocol's error code."""

    def __init__(self, code, detail):
        super().__init__(detail)
        self.code = code
        self.detail = detail


class Status:
    SCHEDULED = "scheduled"
    LIVE = "live"
    ENDED = "ended"
    LABELS = {SCHEDULED: "Scheduled", LIVE: "Live", ENDED: "Ended"}


def session_for(room):
    """The room's session row, made on first use with the times of its webinar."""
    session = RoomSession.objects.filter(room=room).first()
    if session is not None:
        return session
    page = room.page.specific if room.page_id else None
    defaults = {
        "starts_at": getattr(page, "start", None),
        "ends_at": getattr(page, "end", None),
    }
    session, _ = RoomSession.objects.get_or_create(room=room, defaults=defaults)
    return session


def status(room, session, now=None):
    """scheduled, live or ended, from the facts.

    Ended once a facilitator has closed the room or its end time has passed; live once
    a facilitator has opened it (the first facilitator to join does) or its start time
    has come; scheduled before that.
    """
    now = now or timezone.now()
    if room.status == WorkshopRoom.Status.CLOSED or (session.ends_at and now >= session.ends_at):
        return Status.ENDED
    if room.status == WorkshopRoom.Status.LIVE or session.opened_at:
        return Status.LIVE
    if session.starts_at and now >= session.starts_at:
        return Status.LIVE
    return Status.SCHEDULED


def status_frame(room, session):
    value = status(room, session)
    return {
        "value": value,
        "label": Status.LABELS[value],
        "starts_at": session.starts_at.isoformat() if session.starts_at else None,
        "ends_at": session.ends_at.isoformat() if session.ends_at else None,
    }


def agenda_frame(room, session):
    """The agenda with planned times: each item starts when the one before ends."""
    items = list(AgendaItem.objects.filter(room=room).order_by("position"))
    start = session.starts_at
    listed = []
    for item in items:
        listed.append(
            {
                "id": item.pk,
                "title": item.title,
                "minutes": item.minutes,
                "planned_start": start.isoformat() if start else None,
                "started_at": item.started_at.isoformat() if item.started_at else None,
            }
        )
        if start:
            start = start + datetime.timedelta(minutes=item.minutes)
    return {"type": "agenda", "items": listed, "current": session.current_item_id}


_attended = set()  # (room pk, user pk) this process has recorded


def record_attendance(room, user):
    if user.is_authenticated and (room.pk, user.pk) not in _attended:
        # One statement, whether or not they came before (INSERT ... ON CONFLICT DO NOTHING);
        # none for a reconnection to a room this process recorded them in.
        Attendance.objects.bulk_create([Attendance(room=room, user=user)], ignore_conflicts=True)
        if len(_attended) > 100000:
            _attended.clear()
        _attended.add((room.pk, user.pk))


def open_room(room, user):
    """A facilitator opens the room: live from now on (until it is closed)."""
    session = session_for(room)
    if room.status == WorkshopRoom.Status.CLOSED:
        raise SessionError("forbidden", "The room is closed.")
    now = timezone.now()
    RoomSession.objects.filter(pk=session.pk, opened_at__isnull=True).update(opened_at=now)
    WorkshopRoom.objects.filter(pk=room.pk, status=WorkshopRoom.Status.SCHEDULED).update(
        status=WorkshopRoom.Status.LIVE
    )
    room.status = WorkshopRoom.Status.LIVE
    session.opened_at = session.opened_at or now
    return {"type": "status", "status": status_frame(room, session)}


def _clean_items(items):
    if not isinstance(items, list) or len(items) > MAX_AGENDA_ITEMS:
        raise SessionError("invalid", f"`items` must be a list of at most {MAX_AGENDA_ITEMS}.")
    cleaned = []
    for number, item in enumerate(items, 1):
        title = item.get("title") if isinstance(item, dict) else None
        minutes = item.get("minutes", 10) if isinstance(item, dict) else None
        if not isinstance(title, str) or not title.strip() or len(title) > 200:
            raise SessionError("invalid", f"Item {number} needs a title of 1 to 200 characters.")
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise SessionError("invalid", f"Item {number}: `minutes` must be a whole number.")
        if not 1 <= minutes <= MAX_ITEM_MINUTES:
            raise SessionError("invalid", f"Item {number} lasts 1 to {MAX_ITEM_MINUTES} minutes.")
        cleaned.append((title.strip(), minutes))
    return cleaned


def set_agenda(room, items):
    """Replace the agenda (the item under way is kept when its title stays)."""
    cleaned = _clean_items(items)
    session = session_for(room)
    with transaction.atomic():
        current = session.current_item
        AgendaItem.objects.filter(room=room).exclude(pk=current.pk if current else None).delete()
        kept = None
        for position, (title, minutes) in enumerate(cleaned):
            if current is not None and kept is None and title == current.title:
                current.position, current.minutes = position, minutes
                current.save(update_fields=["position", "minutes"])
                kept = current
                continue
            AgendaItem.objects.create(room=room, position=position, title=title, minutes=minutes)
        if current is not None and kept is None:
            current.delete()
            session.current_item = None
            session.save(update_fields=["current_item"])
    return agenda_frame(room, session)


def set_current(room, item_id):
    """Move to an agenda item (None: between items)."""
    session = session_for(room)
    item = None
    if item_id is not None:
        if isinstance(item_id, bool) or not isinstance(item_id, int):
            raise SessionError("invalid", "`id` must be an agenda item's id or null.")
        item = AgendaItem.objects.filter(room=room, pk=item_id).first()
        if item is None:
            raise SessionError("invalid", f"Agenda item {item_id} is not in this room.")
        if item.started_at is None:
            item.started_at = timezone.now()
            item.save(update_fields=["started_at"])
    session.current_item = item
    session.save(update_fields=["current_item"])
    return agenda_frame(room, session)


def welcome_extra(room, user, facilitator, breakout=None):
    """What a (re)connecting participant needs beyond the messages: the status, the
    agenda, the polls, the hand queue, the notes and outcomes, held questions and any
    breakout under way. Recorded as attendance too.

    A breakout group's sub-room has chat, hands and notes only (`SUBROOM_FRAMES`), so
    its welcome is light: no agenda, polls, outcomes, held questions or answers to look
    up, and the breakout it belongs to is the one its access check loaded already.
    `breakout` is the main room's running breakout, when the caller has looked it up."""
    from . import breakouts, hands, notes, polls, questions

    record_attendance(room, user)
    session = session_for(room)
    if facilitator and room.status == WorkshopRoom.Status.LIVE and session.opened_at is None:
        # The first facilitator to join opened the room (services.join): note when.
        session.opened_at = timezone.now()
        RoomSession.objects.filter(pk=session.pk, opened_at__isnull=True).update(
            opened_at=session.opened_at
        )
    if user.is_authenticated:
        people.describe(user)  # kept on the user for the frames this connection sends
    queue = hands.queue_frame(room, session)
    state = {
        "status": status_frame(room, session),
        "queue": queue["queue"],
        "floor": queue["floor"],
        "notes": notes.notes_frame(room, session),
        "breakout": breakouts.breakout_for(room, user, breakout),
        "settings": {
            "moderated": session.moderated,
            "participants_edit_notes": session.participants_edit_notes,
        },
    }
    if room.breakout_group_of() is not None:
        return {
            **state,
            "agenda": {"items": [], "current": None},
            "polls": [],
            "outcomes": [],
            "held": [],
            "answers": {},
        }
    agenda = agenda_frame(room, session)
    return {
        **state,
        "agenda": {"items": agenda["items"], "current": agenda["current"]},
        "polls": polls.polls_for(room, user, facilitator),
        "outcomes": notes.outcomes(room),
        "held": questions.held_for(room, user, facilitator),
        "answers": questions.answers(room),
    }


def status_frame_for(room):
    room.refresh_from_db(fields=["status", "closed_at"])
    return status_frame(room, session_for(room))


def set_settings(room, content):
    """Facilitators choose whether questions are held and who edits the notes."""
    session = session_for(room)
    changed = []
    for key in ("moderated", "participants_edit_notes"):
        if key in content:
            if not isinstance(content[key], bool):
                raise SessionError("invalid", f"`{key}` must be true or false.")
            setattr(session, key, content[key])
            changed.append(key)
    if not changed:
        raise SessionError("invalid", "Say `moderated` or `participants_edit_notes`.")
    session.save(update_fields=changed)
    return {
        "type": "settings",
        "moderated": session.moderated,
        "participants_edit_notes": session.participants_edit_notes,
    }
