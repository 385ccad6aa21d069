"""A webinar or partnership page gets its workshop room when it goes live."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.text import slugify

from .models import ROOM_PAGE_TYPES, WorkshopRoom

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
