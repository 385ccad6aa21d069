from django import template

from workshops.models import WorkshopRoom

register = template.Library()


@register.inclusion_tag("workshops/includes/room_link.html")
def workshop_room_link(page):
    """A link to the live room of a webinar or partnership page, if it has one."""
    room = WorkshopRoom.objects.filter(page_id=page.pk).first() if page else None
    return {"room": room}
