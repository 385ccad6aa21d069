"""Permitting guides: the steps, authorities and timelines a project went through."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from hub.blocks import PermitStepBlock

from .base import HubPage
from .business_cases import EndUse
from .listing import CityChildPage, FilteredIndexPage


class PermittingGuidePage(CityChildPage, HubPage):
    jurisdiction = models.CharField(
        max_length=200, help_text="The authority level whose rules apply, e.g. “State of Bavaria”."
    )
    application = models.CharField(
        "technology or application", max_length=30, choices=EndUse.choices
    )
    steps = StreamField([("step", PermitStepBlock())], blank=True)
    acceptance_practices = RichTextField(
        "community and end-user acceptance",
        blank=True,
        features=["bold", "italic", "ul", "ol", "link"],
    )

    parent_page_types = ["hub.CityProfilePage"]
    subpage_types = []

    content_panels = HubPage.content_panels + [
        FieldRowPanel([FieldPanel("jurisdiction"), FieldPanel("application")]),
        FieldPanel("steps"),
        FieldPanel("acceptance_practices"),
    ]

    search_fields = HubPage.search_fields + [
        index.SearchField("jurisdiction"),
        index.SearchField("steps"),
        index.SearchField("acceptance_practices"),
        index.RelatedFields("city", [index.SearchField("title", boost=2)]),
        index.FilterField("application"),
        index.FilterField("city_id"),
    ]

    api_fields = HubPage.api_fields + [
        APIField("city_id"),
        APIField("jurisdiction"),
        APIField("application"),
        APIField("steps"),
        APIField("total_days"),
        APIField("acceptance_practices"),
    ]

    class Meta:
        verbose_name = "permitting guide"

    @property
    def total_days(self):
        """The whole timeline, taking the steps one after another."""
        return sum(step.value["duration_days"] or 0 for step in self.steps)

    def timeline(self):
        """The steps one after another on a day scale, for the timeline chart."""
        from hub import charts

        steps = [
            (step.value["step"], step.value["authority"], step.value["duration_days"] or 0)
            for step in self.steps
        ]
        total = sum(days for _, _, days in steps)
        return charts.timeline(
            f"Timeline: {self.title}",
            f"{len(steps)} step{'s' if len(steps) != 1 else ''} taken one after another, "
            f"{total} day{'s' if total != 1 else ''} in all.",
            steps,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_pages"] = self.related_pages(request)
        return context


class PermittingGuideIndexPage(FilteredIndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    filterset_path = "hub.filters.PermittingGuideFilter"

    class Meta:
        verbose_name = "permitting guide index"

    def get_base_queryset(self, request):
        return (
            PermittingGuidePage.objects.listable(request)
            .defer_streamfields()
            .select_related("city")
            .prefetch_related("topic_items__tag")
            .order_by("title")
        )
