"""Reminders the day before: every confirmed registration of a webinar starting within
REMINDER_HOURS gets one email, once, however often the command runs."""

import datetime

from django.db import transaction
from django.utils import timezone

from hub.models import WebinarPage

from . import services
from .models import Registration

REMINDER_HOURS = 24


def due_webinars(now):
    return WebinarPage.objects.live().filter(
        start__gt=now, start__lte=now + datetime.timedelta(hours=REMINDER_HOURS)
    )


def send_reminders(now=None, report=print):
    """Send the reminders due at `now`; `report` is told each step. Returns how many were sent.

    Each registration is claimed (reminded_at set) in the same transaction that sends its
    email, so two runs at once never remind the same person twice, and a failed send
    leaves it to the next run."""
    now = now or timezone.now()
    sent = 0
    webinars = list(due_webinars(now).order_by("start"))
    for webinar in webinars:
        pending = list(
            Registration.objects.confirmed()
            .filter(webinar=webinar, reminded_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if not pending:
            report(f"{webinar.title}: everyone registered has had a reminder.")
            continue
        people = "person" if len(pending) == 1 else "people"
        report(f"{webinar.title}: reminding {len(pending)} {people}.")
        for number, pk in enumerate(pending, start=1):
            with transaction.atomic():
                claimed = Registration.objects.filter(
                    pk=pk, reminded_at__isnull=True, status=Registration.Status.CONFIRMED
                ).update(reminded_at=now)
                if not claimed:
                    continue
                registration = Registration.objects.select_related("webinar").get(pk=pk)
                services.send_reminder(registration)
            sent += 1
            report(f"  [{number}/{len(pending)}] sent")
    report(
        f"Sent {sent} reminder{'s' if sent != 1 else ''} for {len(webinars)} webinar"
        f"{'s' if len(webinars) != 1 else ''} starting in the next {REMINDER_HOURS} hours."
    )
    return sent
