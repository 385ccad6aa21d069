"""Demo step for `manage.py load_demo`: every live webinar and partnership gets its room.

Rooms are normally made when a page is published; pages loaded by earlier demo steps
with raw saves, or before this app existed, are caught up here. Idempotent.
"""

from django.apps import apps
from wagtail.models import Page

from .models import ROOM_PAGE_TYPES, WorkshopRoom
from .signals import ensure_room


def load(stdout, style):
    models = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model.__name__ in ROOM_PAGE_TYPES
    ]
    created = 0
    for model in models:
        for page in model.objects.live().exclude(workshop_room__isnull=False):
            ensure_room(page)
            created += 1
    # Rooms of webinars that are over are closed: their record stays readable.
    closed = 0
    for room in WorkshopRoom.objects.filter(page__isnull=False).exclude(status="closed"):
        page = room.page.specific
        if getattr(page, "is_upcoming", True) is False:
            room.status = WorkshopRoom.Status.CLOSED
            room.save(update_fields=["status"])
            closed += 1
    total = WorkshopRoom.objects.count()
    stdout.write(
        style.SUCCESS(f"Workshop rooms: {created} created, {closed} closed, {total} in all.")
    )
