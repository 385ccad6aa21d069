"""Matching rounds: a programme manager pairs a cohort of applicants with host cities."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils.html import format_html
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from partnerships.engine.kinds import KINDS, ROUND_KINDS

# The kinds a round can be, from the engine's table of kinds.
RoundKind = models.TextChoices(
    "RoundKind", [(name.upper(), (name, KINDS[name].round_label)) for name in ROUND_KINDS]
)


class MatchingRound(ClusterableModel):
    name = models.CharField(max_length=200)
    programme = models.ForeignKey(
        "partnerships.ProgrammePage", on_delete=models.PROTECT, related_name="matching_rounds"
    )
    kind = models.CharField(max_length=10, choices=RoundKind.choices, default=RoundKind.TWIN)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("programme"), FieldPanel("kind")]),
        InlinePanel("hosts", heading="Host cities", label="Host"),
        InlinePanel("applicants", heading="Applicant cities", label="Applicant"),
    ]

    class Meta:
        ordering = ["-created_at", "name"]

    def __str__(self):
        return self.name

    def matches_link(self):
        url = reverse("partnerships_round_matches", args=[self.pk])
        return format_html('<a href="{}">Matches</a>', url)

    matches_link.short_description = "Matches"

    def add_applicant(self, city, user=None, source=""):
        """Make the city an applicant of this round, once; return whether it was added.

        `source` says where the city comes from (e.g. which application), for the audit trail.
        """
        with transaction.atomic():
            # Lock the round so two managers adding cities at once get distinct places.
            matching_round = MatchingRound.objects.select_for_update().get(pk=self.pk)
            if matching_round.applicants.filter(city=city).exists():
                return False
            if matching_round.hosts.filter(city=city).exists():
                raise ValidationError(
                    f"{city.title} is a host in “{matching_round.name}”, "
                    "so it cannot also be an applicant."
                )
            last = matching_round.applicants.aggregate(last=models.Max("sort_order"))["last"]
            RoundApplicant.objects.create(
                round=matching_round, city=city, sort_order=0 if last is None else last + 1
            )
            detail = f"{city.title} added as an applicant"
            RoundAuditEntry.objects.create(
                round=matching_round,
                user=user,
                action="add applicant",
                detail=f"{detail} from {source}." if source else f"{detail}.",
            )
        return True


class RoundHost(Orderable):
    round = ParentalKey(MatchingRound, on_delete=models.CASCADE, related_name="hosts")
    city = models.ForeignKey("hub.CityProfilePage", on_delete=models.CASCADE, related_name="+")
    capacity = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="How many applicants this host takes at most.",
    )

    panels = [FieldRowPanel([FieldPanel("city"), FieldPanel("capacity")])]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["round", "city"], name="unique_round_host")]


class RoundApplicant(Orderable):
    round = ParentalKey(MatchingRound, on_delete=models.CASCADE, related_name="applicants")
    city = models.ForeignKey("hub.CityProfilePage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("city")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["round", "city"], name="unique_round_applicant")
        ]


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    UNMATCHED = "unmatched", "Unmatched"


class ProposedMatch(models.Model):
    """One applicant's place in a round: its host (or why it has none), score and reasons."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="matches")
    applicant = models.ForeignKey("hub.CityProfilePage", on_delete=models.CASCADE, related_name="+")
    host = models.ForeignKey(
        "hub.CityProfilePage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    factors = models.JSONField(
        default=list, blank=True, help_text="What besides topics moved the score, in words."
    )
    status = models.CharField(
        max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    unmatched_reason = models.TextField(
        blank=True, help_text="Why the applicant has no host, in words."
    )
    suggestion = models.TextField(blank=True, help_text="What would match the applicant.")
    overridden = models.BooleanField(default=False)
    partnership = models.ForeignKey(
        "partnerships.PartnershipPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["host__title", "-score", "applicant__title"]
        constraints = [
            models.UniqueConstraint(fields=["round", "applicant"], name="one_match_per_applicant")
        ]
        verbose_name_plural = "proposed matches"

    def __str__(self):
        return f"{self.applicant} → {self.host or 'unmatched'}"


class RoundAuditEntry(models.Model):
    """Every change a round goes through: who did what, and when."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="audit_entries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20)
    detail = models.TextField()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "round audit entries"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}: {self.detail}"
