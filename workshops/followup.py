"""After a session: the questions nobody answered go to the room's facilitators and, for
a partnership, to the mentor city's staff (the page's `unanswered_question_recipients()`),
who answer them on the session record."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core import people

from .models import RoomSession, WorkshopRoom
from .questions import unanswered
from .session import session_for


def recipients(room):
    """Users who answer a room's leftover questions: its facilitators, and whoever its
    page names (a partnership names its mentor city's staff)."""
    users = {user.pk: user for user in room.facilitators.filter(is_active=True)}
    page = room.page.specific if room.page_id else None
    named = getattr(page, "unanswered_question_recipients", None)
    if callable(named):
        users.update({user.pk: user for user in named()})
    return [user for user in users.values() if user.email]


def may_answer_on_record(room, user):
    """Who may answer a question in writing on the record: the same people."""
    if not user.is_authenticated:
        return False
    if room.is_facilitator(user):
        return True
    page = room.page.specific if room.page_id else None
    named = getattr(page, "unanswered_question_recipients", None)
    return callable(named) and any(u.pk == user.pk for u in named())


def send_unanswered(room_pk):
    """Send the unanswered questions once per room; returns how many emails went out."""
    room = WorkshopRoom.objects.select_related("page").get(pk=room_pk)
    if room.is_withdrawn():
        return 0  # its page is gone: nobody is asked to answer on a closed record
    session_for(room)
    with transaction.atomic():
        claimed = RoomSession.objects.filter(pk=room.pk, unanswered_sent_at__isnull=True).update(
            unanswered_sent_at=timezone.now()
        )
    if not claimed:
        return 0
    questions = unanswered(room)
    if not questions:
        return 0
    people.prime([q.author for q in questions if q.author_id])
    record_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + room.get_absolute_url() + "record/"
    sent = 0
    for user in recipients(room):
        body = render_to_string(
            "workshops/email/unanswered_questions.txt",
            {
                "room": room,
                "questions": questions,
                "record_url": record_url,
                "name": people.describe(user)["name"],
            },
        )
        count = len(questions)
        subject = f"{count} question{'s' if count != 1 else ''} left unanswered in {room.title}"
        EmailMessage(subject, body, None, [user.email]).send()
        sent += 1
    return sent


def rooms_due():
    """Rooms whose session is over and whose unanswered questions have not gone out."""
    from .session import Status, status

    now = timezone.now()
    due = []
    rooms = WorkshopRoom.objects.filter(breakout_group__isnull=True).select_related("session")
    for room in rooms.exclude(session__unanswered_sent_at__isnull=False):
        if status(room, session_for(room), now) == Status.ENDED:
            due.append(room)
    return due
