"""Rooms follow their pages: made when a page goes live, told when its privacy changes.

A webinar or partnership page gets its workshop room when it is published. When a
room's page is unpublished, deleted or gets (or loses) a view restriction, every socket
of the room works out again what its visitor may do (`WorkshopConsumer.room_recheck`):
a visitor who may no longer read is told why and disconnected, one who may no longer
write is told the room is closed to writing.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from . import fanout
from .models import ROOM_PAGE_TYPES, WorkshopRoom

logger = logging.getLogger(__name__)

# Partnerships are for their members; webinars are public.
VISIBILITY_FOR = {
    "WebinarPage": WorkshopRoom.Visibility.PUBLIC,
    "PartnershipPage": WorkshopRoom.Visibility.MEMBERS,
}


@receiver(post_save, dispatch_uid="workshops.create_room_for_page")
def create_room_for_page(sender, instance, raw=False, **kwargs):
    # Connected for every model (PartnershipPage is not importable here); the class
    # name check keeps it to the two page types.
    if raw or sender.__name__ not in ROOM_PAGE_TYPES or not getattr(instance, "live", False):
        return
    ensure_room(instance)


def ensure_room(page):
    """The page's room, created if it has none yet."""
    room = WorkshopRoom.objects.filter(page_id=page.pk).first()
    if room is not None:
        return room
    slug = slugify(page.slug)[:200] or f"room-{page.pk}"
    if WorkshopRoom.objects.filter(slug=slug).exists():
        slug = f"{slug}-{page.pk}"
    return WorkshopRoom.objects.create(
        page=page,
        slug=slug,
        title=page.title,
        visibility=VISIBILITY_FOR[type(page).__name__],
    )


def recheck_rooms(room_ids):
    """Ask every socket of these rooms (and of their breakout groups' sub-rooms), in every
    server process, to check its rights again.

    Sent once the transaction commits. A channel layer that is down (Redis restarting)
    does not fail the editor's action: sockets connecting later are checked anyway.
    """
    room_ids = list(room_ids)
    if not room_ids:
        return
    # Breakout groups' sub-rooms follow their main room's page too.
    room_ids += WorkshopRoom.objects.filter(
        breakout_group__breakout__room_id__in=room_ids
    ).values_list("pk", flat=True)

    def send():
        layer = get_channel_layer()
        for room_id in room_ids:
            try:
                async_to_sync(layer.group_send)(
                    fanout.group_name(room_id), {"type": "room.recheck"}
                )
            except Exception:
                logger.exception("Could not tell room %s that its page changed", room_id)

    transaction.on_commit(send)


def _rooms_under(path):
    return WorkshopRoom.objects.filter(page__path__startswith=path).values_list("pk", flat=True)


@receiver(page_unpublished, dispatch_uid="workshops.page_unpublished")
@receiver(page_published, dispatch_uid="workshops.page_published")
def page_live_changed(sender, instance, **kwargs):
    recheck_rooms(WorkshopRoom.objects.filter(page_id=instance.pk).values_list("pk", flat=True))


@receiver(pre_delete, dispatch_uid="workshops.page_deleted")
def page_deleted(sender, instance, **kwargs):
    # Every model's deletions pass here; only pages (any of their classes) matter.
    if not isinstance(instance, Page):
        return
    rooms = WorkshopRoom.objects.filter(page_id=instance.pk)
    ids = list(rooms.values_list("pk", flat=True))
    if ids:
        # The record stays, closed, and open to its facilitators only.
        rooms.update(
            page_withdrawn=True, status=WorkshopRoom.Status.CLOSED, closed_at=timezone.now()
        )
        recheck_rooms(ids)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="workshops.restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="workshops.restriction_deleted")
def restriction_changed(sender, instance, **kwargs):
    recheck_rooms(_rooms_under(instance.page.path))


@receiver(
    m2m_changed,
    sender=PageViewRestriction.groups.through,
    dispatch_uid="workshops.restriction_groups",
)
def restriction_groups_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        recheck_rooms(_rooms_under(instance.page.path))
