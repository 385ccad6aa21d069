"""Registrations hold personal data (a name, an organisation, an address): they are
deleted WEBINAR_REGISTRATION_RETENTION_DAYS after their webinar ends."""

import datetime

from django.conf import settings

from .models import Registration


def cutoff(now):
    return now - datetime.timedelta(days=settings.WEBINAR_REGISTRATION_RETENTION_DAYS)


def delete_expired(now):
    """Delete the registrations of webinars that ended before the retention period;
    returns how many were deleted."""
    count, _ = Registration.objects.filter(webinar__end__lt=cutoff(now)).delete()
    return count
