"""The one place registrations are written: register, cancel, and the emails they send.

Seats are counted while the webinar's row is locked, so two people registering at the
same moment cannot both take the last seat (SQLite runs one writing transaction at a
time; PostgreSQL is asked with SELECT ... FOR UPDATE).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from core.links import absolute_url
from hub.calendar import webinars_calendar
from hub.models import WebinarPage

from .models import Registration


class RegistrationClosed(Exception):
    """The webinar has started, or takes its registrations elsewhere."""


@dataclass
class Outcome:
    registration: Registration
    created: bool  # False: the address was already registered, and was sent its email again


def seats_left(webinar):
    """Free seats, or None when the webinar has no limit."""
    if webinar.capacity is None:
        return None
    taken = Registration.objects.filter(webinar=webinar).confirmed().count()
    return max(webinar.capacity - taken, 0)


def register(webinar, *, name, email, organisation="", city="", request=None):
    if not (webinar.is_ahead and webinar.registers_here):
        raise RegistrationClosed(webinar)
    with transaction.atomic():
        WebinarPage.objects.select_for_update().filter(pk=webinar.pk).first()
        existing = (
            Registration.objects.active().filter(webinar=webinar, email__iexact=email).first()
        )
        if existing is not None:
            registration, created = existing, False
        else:
            left = seats_left(webinar)
            registration = Registration.objects.create(
                webinar=webinar,
                name=name,
                email=email,
                organisation=organisation,
                city=city,
                status=Registration.Status.CONFIRMED
                if left is None or left > 0
                else Registration.Status.WAITING,
            )
            created = True
        transaction.on_commit(lambda: send_confirmation(registration, request))
    return Outcome(registration, created)


def cancel(registration, request=None):
    """Cancel; a freed seat goes to the first person waiting, who is told by email.

    Returns the registration promoted, if any. Cancelling twice changes nothing."""
    with transaction.atomic():
        WebinarPage.objects.select_for_update().filter(pk=registration.webinar_id).first()
        registration.refresh_from_db()
        if registration.is_cancelled:
            return None
        had_seat = registration.has_seat
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = None
        webinar = registration.webinar
        if had_seat and webinar.is_ahead:
            promoted = _promote_next(webinar)
        if promoted is not None:
            transaction.on_commit(lambda: send_confirmation(promoted, request, promoted=True))
    return promoted


def fill_free_seats(webinar, request=None):
    """Give free seats to the people waiting, first come first served: after an editor
    adds seats or removes the limit. Returns those promoted."""
    promoted = []
    if not webinar.is_ahead:
        return promoted
    with transaction.atomic():
        WebinarPage.objects.select_for_update().filter(pk=webinar.pk).first()
        while (registration := _promote_next(webinar)) is not None:
            promoted.append(registration)
        for registration in promoted:
            transaction.on_commit(
                lambda r=registration: send_confirmation(r, request, promoted=True)
            )
    return promoted


def _promote_next(webinar):
    left = seats_left(webinar)
    if left is not None and left <= 0:
        return None
    promoted = Registration.objects.filter(webinar=webinar).waiting().first()
    if promoted is None:
        return None
    promoted.status = Registration.Status.CONFIRMED
    promoted.promoted_at = timezone.now()
    promoted.save(update_fields=["status", "promoted_at"])
    return promoted


# Emails: a plain-text part always, an HTML part beside it.


def _context(registration, request=None):
    webinar = registration.webinar.specific
    return {
        "registration": registration,
        "webinar": webinar,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "webinar_url": webinar.get_full_url(request) or absolute_url(webinar.url or "/", request),
        "manage_url": absolute_url(registration.get_absolute_url(), request),
        "retention_days": settings.WEBINAR_REGISTRATION_RETENTION_DAYS,
    }


def _send(registration, template, subject, context, with_calendar):
    text = render_to_string(f"registrations/email/{template}.txt", context)
    html = render_to_string(f"registrations/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, None, [registration.email])
    message.attach_alternative(html, "text/html")
    if with_calendar:
        webinar = context["webinar"]
        message.attach(
            f"{slugify(webinar.title)}.ics",
            webinars_calendar([webinar], name=webinar.title),
            "text/calendar",
        )
    message.send()


def send_confirmation(registration, request=None, promoted=False):
    context = _context(registration, request)
    context["promoted"] = promoted
    title = context["webinar"].title
    if registration.has_seat:
        subject = (
            f"A seat came free for you: {title}" if promoted else f"You are registered: {title}"
        )
    else:
        subject = f"You are on the waiting list: {title}"
    _send(registration, "confirmation", subject, context, with_calendar=registration.has_seat)


def send_reminder(registration):
    context = _context(registration)
    _send(
        registration,
        "reminder",
        f"Tomorrow: {context['webinar'].title}",
        context,
        with_calendar=True,
    )
