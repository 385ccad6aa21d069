"""Moderated questions (held for approval in a room that asks for it) and written answers."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from core import people
from core.text import first_control_character

from . import services
from .models import HeldQuestion, Message, QuestionAnswer, WorkshopRoom
from .session import SessionError, session_for

MAX_ANSWER_LENGTH = 4000


def is_held(room, facilitator):
    """Whether a question from this participant waits for approval."""
    return not facilitator and session_for(room).moderated


def held_frame(held):
    return {
        "type": "held",
        "id": held.pk,
        "client_id": held.client_id,
        "body": held.body,
        "author": {"id": held.author_id, **people.describe(held.author)},
        "created": held.created.isoformat(),
    }


def hold(room, user, body, client_id):
    """Keep a question for the facilitators; returns (frame, created). Resends are kept once,
    even over the rate limit; a new question over it raises services.RateLimited, as a
    message would."""
    held = HeldQuestion.objects.filter(room=room, author=user, client_id=client_id).first()
    if held is not None:
        held.author = user
        return held_frame(held), False
    now = timezone.now()
    try:
        with transaction.atomic():
            # The room row locked, as for a message, so two tabs count each other's.
            list(WorkshopRoom.objects.select_for_update().filter(pk=room.pk).values_list("pk"))
            services.check_rate(room, user, now)
            held = HeldQuestion.objects.create(
                room=room, author=user, body=body, client_id=client_id, created=now
            )
        created = True
    except IntegrityError:
        held = HeldQuestion.objects.get(room=room, author=user, client_id=client_id)
        created = False
    held.author = user
    return held_frame(held), created


def held_for(room, user, facilitator):
    """Questions waiting: all of them for facilitators, a participant's own for them."""
    if not user.is_authenticated:
        return []
    held = HeldQuestion.objects.filter(room=room, state=HeldQuestion.State.HELD)
    if not facilitator:
        held = held.filter(author=user)
    held = list(held.select_related("author").order_by("created", "pk"))
    people.prime([h.author for h in held])
    return [held_frame(h) for h in held]


def _held(room, held_id):
    if isinstance(held_id, bool) or not isinstance(held_id, int):
        raise SessionError("invalid", "`id` must be a held question's id.")
    held = HeldQuestion.objects.filter(room=room, pk=held_id).select_related("author").first()
    if held is None:
        raise SessionError("invalid", f"Held question {held_id} is not in this room.")
    if held.state != HeldQuestion.State.HELD:
        raise SessionError("invalid", "This question has been decided already.")
    return held


def approve(room, user, held_id):
    """Publish a held question; returns its chat frame (for everyone)."""
    held = _held(room, held_id)
    frame, _ = services.store_message(
        room, held.author, held.body, held.client_id, "question", rate_limited=False
    )
    HeldQuestion.objects.filter(pk=held.pk).update(
        state=HeldQuestion.State.APPROVED, decided_by=user, message_id=_message_pk(room, frame)
    )
    return frame, held


def _message_pk(room, frame):
    return Message.objects.filter(room=room, seq=frame["id"]).values_list("pk", flat=True).first()


def decline(room, user, held_id):
    held = _held(room, held_id)
    HeldQuestion.objects.filter(pk=held.pk).update(
        state=HeldQuestion.State.REJECTED, decided_by=user
    )
    return held


def answer_frame(answer):
    return {
        "body": answer.body,
        "by": {"id": answer.answered_by_id, **people.describe(answer.answered_by)},
        "created": answer.created.isoformat(),
    }


def reply(room, user, seq, body):
    """A written answer to a question; marks it answered. Returns the `answered` frame."""
    if not isinstance(body, str) or not body.strip():
        raise SessionError("invalid", "`body` must be some text.")
    if len(body) > MAX_ANSWER_LENGTH:
        raise SessionError("too_long", f"Answers are limited to {MAX_ANSWER_LENGTH} characters.")
    control = first_control_character(body)
    if control:
        raise SessionError("invalid", f"`body` holds a control character ({control}).")
    message = Message.objects.visible().filter(room=room, seq=seq).first()
    if message is None:
        raise SessionError("invalid", f"Message {seq} does not exist in this room.")
    if message.kind != Message.Kind.QUESTION:
        raise SessionError("forbidden", "Only questions can be answered.")
    answer, _ = QuestionAnswer.objects.update_or_create(
        message=message,
        defaults={"body": body.strip(), "answered_by": user, "created": timezone.now()},
    )
    Message.objects.filter(pk=message.pk).update(answered=True)
    answer.answered_by = user
    return {"type": "answered", "id": seq, "answered": True, "answer": answer_frame(answer)}


def answers(room):
    """{message id: written answer} for the room's questions."""
    rows = list(
        QuestionAnswer.objects.filter(message__room=room, message__state=Message.State.VISIBLE)
        .select_related("answered_by", "message")
        .order_by("message__seq")
    )
    people.prime([a.answered_by for a in rows if a.answered_by_id])
    return {str(a.message.seq): answer_frame(a) for a in rows}


def unanswered(room):
    return list(
        Message.objects.visible()
        .filter(room=room, kind=Message.Kind.QUESTION, answered=False)
        .select_related("author")
        .order_by("seq")
    )
