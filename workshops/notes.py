"""Shared notes and typed outcomes: decisions, and action items with an owner and a due date.

An action item recorded in a room that belongs to a page sends `action_item_recorded`
(core/signals.py); the partnerships app listens and adds it to the partnership's
activity log. This app never imports partnerships.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from core import people
from core.signals import action_item_planned, action_item_recorded

from .models import Outcome, RoomSession
from .session import SessionError, session_for
from .session_models import MAX_NOTES_LENGTH, MAX_OUTCOME_LENGTH


def notes_frame(room, session=None):
    session = session or session_for(room)
    return {
        "type": "notes",
        "body": session.notes,
        "version": session.notes_version,
        "by": (
            {"id": session.notes_updated_by_id, **people.describe(session.notes_updated_by_id)}
            if session.notes_updated_by_id
            else None
        ),
    }


def may_edit_notes(room, facilitator):
    return facilitator or session_for(room).participants_edit_notes


def save_notes(room, user, body, version):
    """Save the notes if nobody saved since `version`; else a `conflict` error."""
    if not isinstance(body, str):
        raise SessionError("invalid", "`body` must be text.")
    if len(body) > MAX_NOTES_LENGTH:
        raise SessionError("too_long", f"Notes are limited to {MAX_NOTES_LENGTH} characters.")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SessionError("invalid", "`version` must be the version you edited.")
    session = session_for(room)
    updated = RoomSession.objects.filter(pk=session.pk, notes_version=version).update(
        notes=body, notes_version=F("notes_version") + 1, notes_updated_by=user
    )
    if not updated:
        raise SessionError(
            "conflict",
            "Someone saved the notes meanwhile: their version is shown; add yours to it.",
        )
    session.refresh_from_db()
    return notes_frame(room, session)


def outcome_frame(outcome, descriptions=None):
    owner = None
    if outcome.owner_id:
        found = (descriptions or {}).get(outcome.owner_id) or people.describe(outcome.owner_id)
        owner = {"id": outcome.owner_id, **found}
    return {
        "id": outcome.pk,
        "kind": outcome.kind,
        "text": outcome.text,
        "owner": owner,
        "owner_name": owner["name"] if owner else outcome.owner_name,
        "due": outcome.due.isoformat() if outcome.due else None,
        "created": outcome.created.isoformat(),
        "planned": outcome.planned_at is not None,
    }


def outcomes(room):
    rows = list(Outcome.objects.filter(room=room).order_by("created", "pk"))
    descriptions = people.describe_many(o.owner_id for o in rows)
    return [outcome_frame(o, descriptions) for o in rows]


def add_outcome(room, user, content):
    kind = content.get("kind")
    text = content.get("text")
    if kind not in Outcome.Kind.values:
        raise SessionError("invalid", '`kind` must be "decision" or "action".')
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_OUTCOME_LENGTH:
        raise SessionError("invalid", f"`text` must be 1 to {MAX_OUTCOME_LENGTH} characters.")
    owner, owner_name, due = None, "", None
    if kind == Outcome.Kind.ACTION:
        owner_id = content.get("owner")
        owner_name = content.get("owner_name", "")
        if owner_id is not None:
            if isinstance(owner_id, bool) or not isinstance(owner_id, int):
                raise SessionError("invalid", "`owner` must be a participant's id.")
            owner = get_user_model().objects.filter(pk=owner_id).first()
            if owner is None:
                raise SessionError("invalid", "`owner` is not a participant.")
        if not isinstance(owner_name, str) or len(owner_name) > 200:
            raise SessionError("invalid", "`owner_name` must be at most 200 characters.")
        owner_name = owner_name.strip()
        if owner is None and not owner_name:
            raise SessionError("invalid", "An action item needs an owner.")
        try:
            due = datetime.date.fromisoformat(content.get("due"))
        except (TypeError, ValueError):
            raise SessionError("invalid", "`due` must be a date, YYYY-MM-DD.") from None
    outcome = Outcome.objects.create(
        room=room,
        kind=kind,
        text=text.strip(),
        owner=owner,
        owner_name=owner_name,
        due=due,
        created_by=user,
    )
    frame = outcome_frame(outcome)
    if kind == Outcome.Kind.ACTION and room.page_id:
        action_item_recorded.send(
            sender=Outcome,
            page_id=room.page_id,
            user=user,
            action={"text": frame["text"], "owner_name": frame["owner_name"], "due": frame["due"]},
        )
    return frame


def remove_outcome(room, outcome_id):
    if isinstance(outcome_id, bool) or not isinstance(outcome_id, int):
        raise SessionError("invalid", "`id` must be an outcome's id.")
    deleted, _ = Outcome.objects.filter(room=room, pk=outcome_id).delete()
    if not deleted:
        raise SessionError("invalid", f"Outcome {outcome_id} is not in this room.")


def plan_action(room, user, outcome_id):
    """Turn an action item into an action of the room's page's Replication Plan, once.
    Returns False when the page has no plan to take it."""
    outcome = Outcome.objects.filter(room=room, pk=outcome_id, kind=Outcome.Kind.ACTION).first()
    if outcome is None:
        raise SessionError("invalid", "That action item is not in this room.")
    if outcome.planned_at is not None:
        raise SessionError("invalid", "This action is in the Replication Plan already.")
    if not room.page_id:
        return False
    frame = outcome_frame(outcome)
    responses = action_item_planned.send(
        sender=Outcome,
        page_id=room.page_id,
        user=user,
        action={
            "text": frame["text"],
            "owner": outcome.owner_id,
            "owner_name": frame["owner_name"],
            "due": frame["due"],
        },
    )
    if not any(answer for _, answer in responses):
        return False
    Outcome.objects.filter(pk=outcome.pk).update(planned_at=timezone.now())
    return True
