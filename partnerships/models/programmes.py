"""Programmes: the twinning and mentoring schemes partnerships belong to, and their rules."""

from django.db import models
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from core import visibility
from partnerships.engine.scoring import ProgrammeRules


class PartnershipKind(models.TextChoices):
    SIBLING = "sibling", "Sibling cities"
    MENTOR_MENTEE = "mentor-mentee", "Mentor–mentee"
    MISSION_TWIN = "mission-twin", "Mission city–twin city"


class Role(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"
    SIBLING = "sibling", "Sibling city"
    MISSION_CITY = "mission-city", "Mission city"
    TWIN_CITY = "twin-city", "Twin city"


# Which roles the members of each kind of partnership hold.
ROLES_BY_KIND = {
    PartnershipKind.SIBLING: {Role.SIBLING},
    PartnershipKind.MENTOR_MENTEE: {Role.MENTOR, Role.MENTEE},
    PartnershipKind.MISSION_TWIN: {Role.MISSION_CITY, Role.TWIN_CITY},
}


class PartnershipIndexPage(Page):
    intro = models.TextField(blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["partnerships.ProgrammePage"]
    max_count = 1
    show_in_menus_default = True

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = "partnership index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        programmes = ProgrammePage.objects.child_of(self).live()
        context["programmes"] = visibility.visible(programmes, request).order_by("title")
        return context


class ProgrammePage(Page):
    """A twinning or mentoring programme, such as H2 Twin Cities, and its rules."""

    summary = models.TextField(blank=True)
    runs_sibling = models.BooleanField("runs sibling partnerships", default=False)
    runs_mentor_mentee = models.BooleanField("runs mentor–mentee partnerships", default=False)
    runs_mission_twin = models.BooleanField("runs mission–twin partnerships", default=False)
    different_countries = models.BooleanField(
        "partners must be in different countries", default=False
    )
    eligible_countries = CountryField(
        multiple=True, blank=True, help_text="Leave empty to accept cities from every country."
    )
    duration_months = models.PositiveSmallIntegerField("duration in months", null=True, blank=True)
    focus_domains = ParentalManyToManyField(
        "hub.Domain",
        blank=True,
        help_text="Topics of these domains count double when this programme matches cities.",
    )
    website = models.URLField(blank=True)
    member_cities = ParentalManyToManyField(
        "hub.CityProfilePage",
        blank=True,
        related_name="programmes",
        help_text="The cities taking part in this programme.",
    )

    parent_page_types = ["partnerships.PartnershipIndexPage"]
    subpage_types = ["partnerships.PartnershipPage", "applications.ApplicationFormPage"]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("runs_sibling"),
                        FieldPanel("runs_mentor_mentee"),
                        FieldPanel("runs_mission_twin"),
                    ]
                ),
                FieldPanel("different_countries"),
                FieldPanel("eligible_countries"),
                FieldPanel("duration_months"),
                FieldPanel("focus_domains"),
            ],
            heading="Rules",
        ),
        InlinePanel("modules", heading="Modules", label="Module"),
        FieldPanel("member_cities"),
        FieldPanel("website"),
    ]

    class Meta:
        verbose_name = "programme"

    @property
    def kinds(self):
        flags = {
            PartnershipKind.SIBLING: self.runs_sibling,
            PartnershipKind.MENTOR_MENTEE: self.runs_mentor_mentee,
            PartnershipKind.MISSION_TWIN: self.runs_mission_twin,
        }
        return [kind for kind, runs in flags.items() if runs]

    def rules(self):
        """The rules the recommendation engine applies when this programme is chosen."""
        return ProgrammeRules(
            different_countries=self.different_countries,
            eligible_countries=frozenset(country.code for country in self.eligible_countries),
            focus_domains=frozenset(domain.slug for domain in self.focus_domains.all()),
        )

    def twin_kind(self):
        """The kind of partnership a twin match in this programme becomes."""
        if self.runs_mission_twin and not self.runs_sibling:
            return PartnershipKind.MISSION_TWIN
        return PartnershipKind.SIBLING

    def get_context(self, request, *args, **kwargs):
        from .partnerships import PartnershipPage

        context = super().get_context(request, *args, **kwargs)
        context["partnerships"] = (
            PartnershipPage.objects.listable(request)
            .child_of(self)
            .defer_streamfields()
            .prefetch_related("members__city")
            .order_by("-start_date", "title")
        )
        return context


class ProgrammeModule(Orderable):
    """One step of a programme, such as “Co-creating” in the Twinning Learning Programme."""

    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="modules")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    def __str__(self):
        return self.name
