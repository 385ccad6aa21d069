"""The room page and its transcript."""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from core import people

from . import followup, notes, questions, record_pdf
from . import record as record_data
from .models import Message, WorkshopRoom
from .session import SessionError

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
    page_obj.object_list = list(page_obj.object_list)
    people.prime([message.author for message in page_obj.object_list if message.author_id])
    return render(
        request,
        "workshops/transcript.html",
        {"room": room, "page_obj": page_obj, "transcript_messages": page_obj.object_list},
    )


def record(request, slug):
    """The session record, restricted like the room: as a page, a document to keep
    (`?download=html` or `?download=pdf`) or JSON (`?format=json`). Who answers leftover
    questions may answer them here."""
    room, access, refused = _room_for(request, slug)
    if refused:
        return refused
    if not access.read:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return render(request, "workshops/room.html", {"room": room}, status=403)
    # Answering is writing: not in a room whose page was withdrawn.
    may_answer = access.write and followup.may_answer_on_record(room, request.user)
    error = ""
    if request.method == "POST":
        if not may_answer:
            if room.is_withdrawn():
                return HttpResponseForbidden(
                    "The room's page is no longer published: the record takes no answers."
                )
            return HttpResponseForbidden("Only the room's facilitators answer on the record.")
        if "plan" in request.POST:
            if not access.facilitator:
                return HttpResponseForbidden("Only the room's facilitators plan actions.")
            try:
                planned = notes.plan_action(room, request.user, int(request.POST["plan"]))
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
    if request.GET.get("download") == "pdf":
        response = HttpResponse(record_pdf.render(data), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{room.slug}-record.pdf"'
        return response
    if request.GET.get("format") == "json":
        response = JsonResponse(data, json_dumps_params={"indent": 2})
        response["Content-Disposition"] = f'attachment; filename="{room.slug}-record.json"'
        return response
    context = {
        "room": room,
        "record": data,
        "may_answer": may_answer and not request.GET.get("download"),
        # A page that keeps a Replication Plan (a partnership's) takes action items.
        "may_plan": (
            access.facilitator
            and access.write
            and not request.GET.get("download")
            and hasattr(room.page.specific if room.page_id else None, "plan_actions")
        ),
        "error": error,
        "document": request.GET.get("download") == "html",
    }
    if context["document"]:
        response = render(request, "workshops/record_document.html", context)
        response["Content-Disposition"] = f'attachment; filename="{room.slug}-record.html"'
        return response
    return render(request, "workshops/record.html", context, status=400 if error else 200)
