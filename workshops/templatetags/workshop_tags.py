from django import template

from workshops.models import Message, Outcome, Poll, RoomSession, WorkshopRoom

register = template.Library()


@register.inclusion_tag("workshops/includes/room_link.html")
def workshop_room_link(page, ended=False):
    """A link to the live room of a webinar or partnership page, if it has one.

    Once the event has `ended`, the room is only worth a link when something was said in
    it: then the link goes to its transcript.
    """
    room = WorkshopRoom.objects.filter(page_id=page.pk).first() if page else None
    if room is None:
        return {"room": None}
    if ended:
        # A past event: the record is worth a link once the session kept something, the
        # transcript once something was said.
        said = Message.objects.visible().filter(room=room).exists()
        kept = said or _session_kept_something(room)
        return {"room": room if kept else None, "record": kept, "transcript": said}
    return {"room": room, "record": room.is_closed, "transcript": room.is_closed}


def _session_kept_something(room):
    """Whether the session record holds more than when it ran: notes, polls, outcomes."""
    return (
        Poll.objects.filter(room=room).exists()
        or Outcome.objects.filter(room=room).exists()
        or RoomSession.objects.filter(room=room).exclude(notes="").exists()
    )


@register.filter
def when(value):
    """An ISO 8601 time from the session record as "1 Dec 2026, 13:34 UTC"."""
    import datetime

    from django.utils import dateformat, timezone

    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    return dateformat.format(timezone.localtime(moment, datetime.UTC), "j M Y, H:i") + " UTC"
