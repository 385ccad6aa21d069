from django import template

from workshops.models import Message, WorkshopRoom

register = template.Library()


@register.inclusion_tag("workshops/includes/room_link.html")
def workshop_room_link(page, ended=False):
    """A link to the live room of a webinar or partnership page, if it has one.

    Once the event has `ended`, the room is only worth a link when something was said in
    it: then the link goes to its transcript.
    """
    room = WorkshopRoom.objects.filter(page_id=page.pk).first() if page else None
    if room is not None and ended:
        said = Message.objects.visible().filter(room=room).exists()
        return {"room": room if said else None, "transcript": True}
    return {"room": room, "transcript": room is not None and room.is_closed}
