"""The room page and its transcript."""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .models import Message, WorkshopRoom

TRANSCRIPT_PAGE_SIZE = 100


def _room_for(request, slug):
    """The room and the visitor's access; a room its visitor may not see is answered here.

    A room follows its page: a visitor its page refuses is sent to the page, which asks
    for the password or a sign-in as Wagtail does (the room's title is not shown), and a
    room whose page is unpublished or deleted is a 404 to all but its facilitators.
    """
    room = get_object_or_404(WorkshopRoom.objects.select_related("page"), slug=slug)
    access = room.access(request.user, request=request)
    if access.refusal == "withdrawn":
        raise Http404("This room's page is no longer published.")
    if access.page_restricted:
        return room, access, redirect(room.page.url)
    return room, access, None


def room(request, slug):
    room, access, refused = _room_for(request, slug)
    if refused:
        return refused
    facilitator, readable = access.facilitator, access.read
    status = 200
    if not readable and request.user.is_authenticated:
        # Signed in but not a member: say so, with the same words the socket's 4403 means.
        status = 403
    context = {
        "room": room,
        "readable": readable,
        "facilitator": facilitator,
        "can_write": access.write and not room.is_closed,
        "page": room.page.specific if room.page_id else None,
    }
    return render(request, "workshops/room.html", context, status=status)


def transcript(request, slug):
    room, access, refused = _room_for(request, slug)
    if refused:
        return refused
    if not access.read:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return render(request, "workshops/room.html", {"room": room}, status=403)
    messages = (
        Message.objects.visible()
        .filter(room=room)
        .select_related("author")
        .annotate(vote_count=Count("votes"))
        .order_by("seq")
    )
    page_obj = Paginator(messages, TRANSCRIPT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workshops/transcript.html",
        {"room": room, "page_obj": page_obj, "transcript_messages": page_obj.object_list},
    )
