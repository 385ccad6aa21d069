"""The room page and its transcript."""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from core import people

from . import followup, notes, questions
from . import record as record_data
from .models import Message, WorkshopRoom
from .session import SessionError

TRANSCRIPT_PAGE_SIZE = 100


def _room_for(request, slug):
    room = get_object_or_404(WorkshopRoom.objects.select_related("page"), slug=slug)
    facilitator = room.is_facilitator(request.user)
    return room, facilitator, facilitator or room.can_read(request.user)


def room(request, slug):
    room, facilitator, readable = _room_for(request, slug)
    status = 200
    if not readable and request.user.is_authenticated:
        # Signed in but not a member: say so, with the same words the socket's 4403 means.
        status = 403
    context = {
        "room": room,
        "readable": readable,
        "facilitator": facilitator,
        "can_write": readable and request.user.is_authenticated and not room.is_closed,
        "page": room.page.specific if room.page_id else None,
    }
    return render(request, "workshops/room.html", context, status=status)


def transcript(request, slug):
    room, facilitator, readable = _room_for(request, slug)
    if not readable:
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
    page_obj.object_list = list(page_obj.object_list)
    people.prime([message.author for message in page_obj.object_list if message.author_id])
    return render(
        request,
        "workshops/transcript.html",
        {"room": room, "page_obj": page_obj, "transcript_messages": page_obj.object_list},
    )


def record(request, slug):
    """The session record, restricted like the room: as a page, an HTML document to keep
    (`?download=html`) or JSON (`?format=json`). Who answers leftover questions may answer
    them here."""
    room, facilitator, readable = _room_for(request, slug)
    if not readable:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return render(request, "workshops/room.html", {"room": room}, status=403)
    may_answer = followup.may_answer_on_record(room, request.user)
    error = ""
    if request.method == "POST":
        if not may_answer:
            return HttpResponseForbidden("Only the room's facilitators answer on the record.")
        if "plan" in request.POST:
            if not facilitator:
                return HttpResponseForbidden("Only the room's facilitators plan actions.")
            try:
                planned = notes.plan_action(room, int(request.POST["plan"]))
            except (ValueError, SessionError) as refusal:
                error = getattr(refusal, "detail", "Choose an action item.")
            else:
                if planned:
                    return redirect(f"{request.path}#record-actions")
                error = "This room's page has no Replication Plan."
        else:
            try:
                seq = int(request.POST.get("question", ""))
            except ValueError:
                seq = 0
            try:
                questions.reply(room, request.user, seq, request.POST.get("body", ""))
            except SessionError as refusal:
                error = refusal.detail
            else:
                return redirect(f"{request.path}#question-{seq}")
    data = record_data.build(room)
    if request.GET.get("format") == "json":
        response = JsonResponse(data, json_dumps_params={"indent": 2})
        response["Content-Disposition"] = f'attachment; filename="{room.slug}-record.json"'
        return response
    context = {
        "room": room,
        "record": data,
        "may_answer": may_answer and not request.GET.get("download"),
        "may_plan": (
            facilitator
            and not request.GET.get("download")
            and hasattr(room.page.specific if room.page_id else None, "replication_plan")
        ),
        "error": error,
        "document": request.GET.get("download") == "html",
    }
    if context["document"]:
        response = render(request, "workshops/record_document.html", context)
        response["Content-Disposition"] = f'attachment; filename="{room.slug}-record.html"'
        return response
    return render(request, "workshops/record.html", context, status=400 if error else 200)
