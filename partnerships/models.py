"""Programmes and the partnerships they run."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class PartnershipIndexPage(Page):
    intro = models.TextField(blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["partnerships.ProgrammePage"]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = "partnership index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = ProgrammePage.objects.child_of(self).live().order_by("title")
        return context


class ProgrammePage(Page):
    """A twinning or mentoring programme, such as H2 Twin Cities."""

    summary = models.TextField(blank=True)

    parent_page_types = ["partnerships.PartnershipIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [FieldPanel("summary")]

    class Meta:
        verbose_name = "programme"
