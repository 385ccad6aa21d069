"""What the room consumer does to the database, as plain synchronous functions.

The consumer calls each through `database_sync_to_async`, one call per frame, so a
frame costs one trip to the worker thread and only the queries it needs.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from core import people

from .models import Connection, HandRaise, Message, QuestionVote, WorkshopRoom, display_name

HISTORY_SIZE = 50
# A connection refreshes its row this often; rows older than STALE_AFTER belong to a
# server process that died without saying goodbye.
HEARTBEAT_SECONDS = getattr(settings, "WORKSHOP_HEARTBEAT_SECONDS", 60)
STALE_AFTER = datetime.timedelta(seconds=HEARTBEAT_SECONDS * 3)


class Forbidden(Exception):
    """The participant may not do this; the detail says why."""


class NotFound(Exception):
    """The frame names a message the room does not have."""


def _with_votes(queryset, user):
    queryset = queryset.select_related("author").annotate(vote_count=Count("votes"))
    if user is not None and user.is_authenticated:
        queryset = queryset.annotate(
            voted=Exists(QuestionVote.objects.filter(message=OuterRef("pk"), user=user))
        )
    return queryset


def message_frame(message):
    frame = message.as_frame()
    if message.kind == Message.Kind.QUESTION:
        frame["voted"] = bool(getattr(message, "voted", False))
    return frame


def welcome(room, user, after=None):
    """History, open questions and hidden ids for a (re)connecting participant."""
    visible = Message.objects.visible().filter(room=room)
    if after is None:
        history = list(_with_votes(visible, user).order_by("-seq")[:HISTORY_SIZE])[::-1]
    else:
        history = list(_with_votes(visible.filter(seq__gt=after), user).order_by("seq"))
    # Questions are listed apart from the chat, all of them, with current votes: a
    # participant who was away sees votes and answers that changed meanwhile.
    questions = _with_votes(visible.filter(kind=Message.Kind.QUESTION), user).order_by("seq")
    hidden = Message.objects.filter(room=room, state=Message.State.HIDDEN)
    questions = list(questions)
    people.prime([m.author for m in [*history, *questions] if m.author_id])
    return {
        "history": [message_frame(m) for m in history],
        "questions": [message_frame(m) for m in questions],
        "hidden": list(hidden.order_by("seq").values_list("seq", flat=True)),
    }


def store_message(room, user, body, client_id, kind):
    """Store a message; returns (frame, created). A resent client_id returns the stored one."""
    now = timezone.now()
    try:
        with transaction.atomic():
            seq = room.allocate_seq()
            if seq is None:
                raise Forbidden("The room is closed.")
            message = Message.objects.create(
                room=room,
                seq=seq,
                author=user,
                kind=kind,
                body=body,
                client_id=client_id,
                created=now,
            )
    except IntegrityError:
        # The counter increment rolled back with the insert; answer with what we have.
        existing = stored_message(room, user, client_id)
        if existing is None:
            raise
        return existing, False
    message.author = user
    message.vote_count = 0
    return message_frame(message), True


def stored_message(room, user, client_id):
    """The message this author already stored under client_id, if any."""
    existing = _with_votes(
        Message.objects.filter(room=room, author=user, client_id=client_id), user
    ).first()
    return message_frame(existing) if existing else None


def system_message(room, body):
    with transaction.atomic():
        seq = room.allocate_seq()
        if seq is None:
            return None
        message = Message.objects.create(room=room, seq=seq, kind=Message.Kind.SYSTEM, body=body)
    return message.as_frame()


def _visible_message(room, seq):
    message = Message.objects.visible().filter(room=room, seq=seq).first()
    if message is None:
        raise NotFound(f"Message {seq} does not exist in this room.")
    return message


def upvote(room, user, seq):
    """Count one vote per participant; returns (votes, created)."""
    message = _visible_message(room, seq)
    if message.kind != Message.Kind.QUESTION:
        raise Forbidden("Only questions can be upvoted.")
    if message.author_id == user.pk:
        raise Forbidden("You cannot upvote your own question.")
    try:
        with transaction.atomic():
            QuestionVote.objects.create(message=message, user=user)
        created = True
    except IntegrityError:
        created = False
    return QuestionVote.objects.filter(message=message).count(), created


def mark_answered(room, seq, answered):
    message = _visible_message(room, seq)
    if message.kind != Message.Kind.QUESTION:
        raise Forbidden("Only questions can be marked answered.")
    Message.objects.filter(pk=message.pk).update(answered=answered)


def hide(room, user, seq):
    updated = Message.objects.filter(room=room, seq=seq).update(
        state=Message.State.HIDDEN, hidden_by=user, hidden_at=timezone.now()
    )
    if not updated:
        raise NotFound(f"Message {seq} does not exist in this room.")


def close(room, user):
    """Close the room; returns the system message frame, or None if it was closed already."""
    frame = system_message(room, f"{display_name(user)} closed the room.")
    WorkshopRoom.objects.filter(pk=room.pk).update(
        status=WorkshopRoom.Status.CLOSED, closed_at=timezone.now()
    )
    return frame


def set_hand(room, user, raised):
    if raised:
        HandRaise.objects.get_or_create(room=room, user=user)
    else:
        HandRaise.objects.filter(room=room, user=user).delete()


# Presence


def join(room, user, channel_name):
    """Record an open connection; the first facilitator to arrive makes the room live."""
    now = timezone.now()
    Connection.objects.filter(last_seen__lt=now - STALE_AFTER).delete()
    Connection.objects.update_or_create(
        channel_name=channel_name,
        defaults={"room": room, "user": user if user.is_authenticated else None, "last_seen": now},
    )
    if room.status == WorkshopRoom.Status.SCHEDULED and room.is_facilitator(user):
        WorkshopRoom.objects.filter(pk=room.pk, status=WorkshopRoom.Status.SCHEDULED).update(
            status=WorkshopRoom.Status.LIVE
        )
        room.status = WorkshopRoom.Status.LIVE


def leave(room, user, channel_name):
    """Forget a connection; a participant with no connection left lowers their hand."""
    Connection.objects.filter(channel_name=channel_name).delete()
    if user.is_authenticated and not Connection.objects.filter(room=room, user=user).exists():
        HandRaise.objects.filter(room=room, user=user).delete()


def heartbeat(channel_name):
    Connection.objects.filter(channel_name=channel_name).update(last_seen=timezone.now())


def participants(room):
    """Signed-in participants connected to any server process, and the count of guests.

    Called for every welcome and every presence frame, so with hundreds in a room it
    reads plain values rather than building a Connection and a User per row.
    """
    fresh = Connection.objects.filter(room=room, last_seen__gte=timezone.now() - STALE_AFTER)
    rows = fresh.order_by("connected_at").values_list("user_id", "user__is_superuser")
    users = {}
    guests = 0
    for user_id, is_superuser in rows:
        if user_id is None:
            guests += 1
        elif user_id not in users:
            users[user_id] = is_superuser
    # Display names and cities of everyone present, in one query (core/people.py).
    descriptions = people.describe_many(users)
    hands = set(HandRaise.objects.filter(room=room).values_list("user_id", flat=True))
    facilitators = set(room.facilitators.values_list("pk", flat=True))
    listed = [
        {
            **people.person_frame(user_id, descriptions),
            "facilitator": user_id in facilitators or is_superuser,
            "hand": user_id in hands,
        }
        for user_id, is_superuser in users.items()
    ]
    # Facilitators first, then grouped by city (people without one last), then by name.
    listed.sort(
        key=lambda p: (
            not p["facilitator"],
            p["city"] == "",
            p["city"].casefold(),
            p["name"].casefold(),
        )
    )
    return {"participants": listed, "guests": guests}
