from django import template

from workshops.models import WorkshopRoom

register = template.Library()


@register.inclusion_tag("workshops/includes/room_link.html")
def workshop_room_link(page):
    """A link to the live room of a webinar or partnership page, if it has one."""
    room = WorkshopRoom.objects.filter(page_id=page.pk).first() if page else None
    return {"room": room}


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
