"""The editors' panel on the Wagtail dashboard: what needs their attention.

Each list is capped and costs a fixed number of queries however much content there is.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import GroupPagePermission, Page, WorkflowState

from home.models import Person
from hub.models import (
    BusinessCasePage,
    CityNeed,
    CityOffer,
    CityProfilePage,
    PermittingGuidePage,
    WebinarPage,
)

# Content whose facts age: a webinar is over once it is past, an index page has no facts.
MAINTAINED_PAGE_TYPES = (CityProfilePage, BusinessCasePage, PermittingGuidePage)


class Capped:
    """The first `limit` rows of a queryset and how many there are in all."""

    def __init__(self, queryset, limit):
        self.items = list(queryset[:limit])
        self.total = queryset.count()

    @property
    def more(self):
        return self.total - len(self.items)


class EditorDashboardPanel(Component):
    name = "editor_overview"
    template_name = "home/admin/editor_dashboard.html"
    order = 150
    limit = 10
    stale_after = timedelta(days=365)

    def awaiting_review(self):
        states = (
            WorkflowState.objects.filter(
                status=WorkflowState.STATUS_IN_PROGRESS,
                base_content_type=ContentType.objects.get_for_model(Page),
            )
            .select_related("requested_by", "workflow", "current_task_state__task")
            .order_by("created_at", "pk")
        )
        capped = Capped(states, self.limit)
        pages = Page.objects.in_bulk([int(state.object_id) for state in capped.items])
        capped.items = [
            (state, pages[int(state.object_id)])
            for state in capped.items
            if int(state.object_id) in pages
        ]
        return capped

    def upcoming_webinars(self, now):
        webinars = WebinarPage.objects.filter(end__gte=now).defer_streamfields().order_by("start")
        return Capped(webinars, self.limit)

    def cities_without_offers_or_needs(self):
        cities = (
            CityProfilePage.objects.live()
            .defer_streamfields()
            .annotate(
                has_offers=Exists(CityOffer.objects.filter(content_object=OuterRef("pk"))),
                has_needs=Exists(CityNeed.objects.filter(content_object=OuterRef("pk"))),
            )
            .filter(Q(has_offers=False) | Q(has_needs=False))
            .order_by("title")
        )
        return Capped(cities, self.limit)

    def stale_pages(self, now):
        pages = (
            Page.objects.live()
            .type(*MAINTAINED_PAGE_TYPES)
            .annotate(
                updated_at=Coalesce(
                    "latest_revision_created_at", "last_published_at", "first_published_at"
                )
            )
            .filter(updated_at__lt=now - self.stale_after)
            .select_related("content_type")
            .order_by("updated_at", "pk")
        )
        return Capped(pages, self.limit)

    def get_context_data(self, parent_context):
        now = timezone.now()
        return {
            "awaiting_review": self.awaiting_review(),
            "upcoming_webinars": self.upcoming_webinars(now),
            "cities_without_offers_or_needs": self.cities_without_offers_or_needs(),
            "stale_pages": self.stale_pages(now),
        }


class CityPublisherPanel(Component):
    """A city publisher's own city on their dashboard: its pages, drafts and reviews.

    A fixed number of queries, however many pages the city has: the cities the user may
    edit, their pages with a flag for a review in progress, the count behind each cap and
    the staff requests waiting for the city.
    """

    name = "city_publisher_overview"
    template_name = "home/admin/publisher_dashboard.html"
    order = 140
    limit = 20

    def __init__(self, user):
        self.user = user

    @staticmethod
    def cities_of(user):
        """The city profiles the user's groups may edit (their own subtree each)."""
        city_ids = GroupPagePermission.objects.filter(
            group__user=user,
            page__content_type=ContentType.objects.get_for_model(CityProfilePage),
            permission__codename="change_page",
        ).values("page_id")
        return (
            CityProfilePage.objects.filter(pk__in=city_ids).defer_streamfields().order_by("title")
        )

    def get_context_data(self, parent_context):
        page_type = ContentType.objects.get_for_model(Page)
        reviews = WorkflowState.objects.filter(
            base_content_type=page_type,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        cities = []
        for city in self.cities_of(self.user):
            pages = (
                Page.objects.descendant_of(city, inclusive=True)
                .annotate(in_review=Exists(reviews))
                .select_related("content_type")
                .order_by("path")
            )
            cities.append((city, Capped(pages, self.limit)))
        waiting = dict(
            Person.objects.filter(
                city__in=[city for city, _ in cities], city_status=Person.CityStatus.REQUESTED
            )
            .values_list("city_id")
            .annotate(n=Count("pk"))
        )
        return {"cities": [(city, pages, waiting.get(city.pk, 0)) for city, pages in cities]}
