"""The home page and the site-wide settings editors keep."""

from django.db import models
from django.db.models import F
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page


class HomePage(Page):
    intro = models.TextField(
        blank=True, help_text="What the hub is, in two or three sentences for a first visit."
    )
    featured = StreamField(
        [
            (
                "page",
                blocks.PageChooserBlock(
                    page_type=[
                        "hub.CityProfilePage",
                        "hub.BusinessCasePage",
                        "hub.PermittingGuidePage",
                        "hub.WebinarPage",
                    ]
                ),
            )
        ],
        blank=True,
        verbose_name="featured content",
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "hub.CityIndexPage",
        "hub.BusinessCaseIndexPage",
        "hub.PermittingGuideIndexPage",
        "hub.WebinarIndexPage",
        "partnerships.PartnershipIndexPage",
    ]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("featured")]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from hub.models import BusinessCasePage, CityProfilePage, WebinarPage

        context = super().get_context(request, *args, **kwargs)
        featured_ids = [block.value.pk for block in self.featured if block.value]
        # Not `specific(defer=True)`: the template reads each page's summary.
        featured = Page.objects.live().filter(pk__in=featured_ids).defer_streamfields().specific()
        by_id = {page.pk: page for page in featured}
        context["featured_pages"] = [by_id[pk] for pk in featured_ids if pk in by_id]
        context["upcoming_webinars"] = (
            WebinarPage.objects.live()
            .filter(end__gte=timezone.now())
            .defer_streamfields()
            .order_by("start")[:3]
        )
        context["newest_cases"] = (
            BusinessCasePage.objects.live()
            .defer_streamfields()
            .select_related("city")
            # Pages created in code may have no publication date: last, not first (PostgreSQL
            # sorts NULLs first in descending order), newest row first among equals.
            .order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:4]
        )
        context["city_count"] = CityProfilePage.objects.live().count()
        return context


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    tagline = models.CharField(max_length=200, blank=True, default="Cities learning from cities")
    footer_text = models.TextField(blank=True)
    contact_email = models.EmailField(blank=True)

    panels = [FieldPanel("tagline"), FieldPanel("footer_text"), FieldPanel("contact_email")]
