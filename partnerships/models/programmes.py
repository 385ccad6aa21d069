"""Programmes: the twinning and mentoring schemes partnerships belong to, and their rules."""

from django.db import models
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from core import visibility
from partnerships.engine.kinds import PARTNERSHIP_ROLES, kinds_run_by, partnership_for
from partnerships.engine.scoring import PARTNER_PREFERENCES, ProgrammeRules


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


# Which roles the members of each kind of partnership hold (from the engine's table of kinds).
ROLES_BY_KIND = {
    PartnershipKind(kind): {Role(role) for role in roles}
    for kind, roles in PARTNERSHIP_ROLES.items()
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
    partner_preference = models.CharField(
        max_length=20,
        blank=True,
        choices=[(key, f"Partners in {label}") for key, label in PARTNER_PREFERENCES.items()],
        help_text="Recommendations and rounds score such partners higher (and say so).",
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
                FieldPanel("partner_preference"),
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
            partner_preference=self.partner_preference,
            name=self.title,
        )

    def partnership_for(self, kind):
        """(PartnershipKind, role of the recommended city or host, role of the other) for a
        match of recommendation kind `kind` in this programme."""
        partnership, (theirs, yours) = partnership_for(kind, [str(k) for k in self.kinds])
        return PartnershipKind(partnership), Role(theirs), Role(yours)

    def twin_kind(self):
        """The kind of partnership a twin match in this programme becomes."""
        return self.partnership_for("twin")[0]

    def recommendation_kinds(self):
        """The recommendation kinds this programme runs (all of them when it names none)."""
        kinds = kinds_run_by([str(kind) for kind in self.kinds])
        return kinds or None

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
    months = models.PositiveSmallIntegerField(
        "length in months",
        null=True,
        blank=True,
        help_text="How long the module runs; each partnership's dates follow from its start.",
    )
    expected_outputs = models.TextField(
        blank=True, help_text="What the partners should have produced by the module's end."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("months")]),
        FieldPanel("expected_outputs"),
    ]

    def __str__(self):
        return self.name
