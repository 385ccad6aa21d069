"""What is new on a topic, a city or a programme: one definition behind the Atom feeds
and the weekly digest.

Only public pages: feed readers and mailboxes carry no session, so a page behind a view
restriction never reaches them.
"""

from django.db.models import F, Q
from wagtail.models import Page

from hub.models import CityProfilePage, Topic
from partnerships.models import ProgrammePage

FOLLOWABLE_PAGE_TYPES = (CityProfilePage, ProgrammePage)


def _public():
    return Page.objects.live().public().filter(first_published_at__isnull=False)


def about_topic(topic):
    """Pages tagged with the topic."""
    return _public().filter(topic_items__tag=topic)


def about_city(city):
    """The city's own pages: its business cases and permitting guides."""
    return _public().descendant_of(city)


def about_programme(programme):
    """The programme's partnerships and application forms, the cities taking part, and
    those cities' pages."""
    members = list(programme.member_cities.values_list("path", flat=True))
    condition = Q(path__startswith=programme.path) & ~Q(pk=programme.pk)
    for path in members:
        condition |= Q(path__startswith=path)
    return _public().filter(condition)


def about(target):
    if isinstance(target, Topic):
        return about_topic(target)
    target = target.specific
    if isinstance(target, CityProfilePage):
        return about_city(target)
    if isinstance(target, ProgrammePage):
        return about_programme(target)
    raise TypeError(f"{type(target).__name__} cannot be followed")


def newest(queryset, limit=None):
    """Newest first, as specific pages (with their summaries), in a query per page type."""
    ordered = queryset.order_by(F("first_published_at").desc(), "pk").distinct()
    if limit is not None:
        ordered = ordered[:limit]
    return list(ordered.defer_streamfields().specific())


def is_followable(page):
    return isinstance(page.specific, FOLLOWABLE_PAGE_TYPES)
