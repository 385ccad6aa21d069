"""The hand queue: raised hands in the order they went up, and who has the floor."""

from core import people

from .models import HandRaise, RoomSession
from .session import SessionError, session_for


def queue_frame(room, session=None):
    session = session or session_for(room)
    hands = list(
        HandRaise.objects.filter(room=room)
        .order_by("raised_at", "pk")
        .values_list("user_id", "raised_at")
    )
    ids = [user_id for user_id, _ in hands]
    descriptions = people.describe_many([*ids, session.floor_id])
    return {
        "type": "queue",
        "queue": [
            {**people.person_frame(user_id, descriptions), "raised_at": at.isoformat()}
            for user_id, at in hands
        ],
        "floor": people.person_frame(session.floor_id, descriptions) if session.floor_id else None,
    }


def give_floor(room, user_id=None):
    """Give the floor to the first in the queue, or to the named participant in it; their
    hand goes down. Returns the new queue frame."""
    session = session_for(room)
    hands = HandRaise.objects.filter(room=room).order_by("raised_at", "pk")
    if user_id is not None:
        if isinstance(user_id, bool) or not isinstance(user_id, int):
            raise SessionError("invalid", "`user` must be a participant's id.")
        hands = hands.filter(user_id=user_id)
    hand = hands.first()
    if hand is None:
        detail = (
            "That participant has not raised a hand." if user_id else "Nobody has raised a hand."
        )
        raise SessionError("invalid", detail)
    hand.delete()
    RoomSession.objects.filter(pk=session.pk).update(floor=hand.user_id)
    session.floor_id = hand.user_id
    return queue_frame(room, session)


def release_floor(room):
    session = session_for(room)
    RoomSession.objects.filter(pk=session.pk).update(floor=None)
    session.floor_id = None
    return queue_frame(room, session)


def clear_queue(room):
    HandRaise.objects.filter(room=room).delete()
    return queue_frame(room)
