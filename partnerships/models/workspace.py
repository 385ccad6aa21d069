"""A partnership's year of work: modules, meetings, documents, the Replication Plan, the
outcomes reported, and the log of who did what.

Every write goes through `partnerships.workspace` (on the site) or the Wagtail admin's
workspace views (for facilitators); both record an `ActivityEntry`.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class ModuleStatus(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"


class WorkspaceItem(models.Model):
    """What every workspace row shares: its partnership, and who changed it last."""

    partnership = models.ForeignKey(
        "partnerships.PartnershipPage", on_delete=models.CASCADE, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PartnershipModule(WorkspaceItem):
    """How far a partnership is with one module of its programme."""

    partnership = models.ForeignKey(
        "partnerships.PartnershipPage", on_delete=models.CASCADE, related_name="module_rows"
    )
    module = models.ForeignKey(
        "partnerships.ProgrammeModule", on_delete=models.CASCADE, related_name="+"
    )
    starts_on = models.DateField("starts", null=True, blank=True)
    due_on = models.DateField("due", null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ModuleStatus.choices, default=ModuleStatus.NOT_STARTED
    )
    outputs = models.TextField(
        "what was produced", blank=True, help_text="The outputs of the module, once done."
    )

    panels = [
        FieldPanel("partnership"),
        FieldPanel("module"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("due_on")]),
        FieldPanel("status"),
        FieldPanel("outputs"),
    ]

    class Meta:
        verbose_name = "module of a partnership"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "module"], name="one_row_per_module")
        ]

    def __str__(self):
        return f"{self.module.name} ({self.partnership.title})"


class Meeting(WorkspaceItem):
    class Kind(models.TextChoices):
        ONLINE = "online", "Online meeting"
        WORKSHOP = "workshop", "Workshop"
        SITE_VISIT = "site-visit", "Site visit"

    partnership = models.ForeignKey(
        "partnerships.PartnershipPage", on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ONLINE)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField("date and time")
    place = models.CharField(
        "place",
        max_length=200,
        blank=True,
        help_text="Where it happens; an online meeting takes place in the partnership's room.",
    )
    agenda = models.TextField(blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="partnership_meetings"
    )
    notes = models.TextField(blank=True, help_text="What was said and decided.")
    # A site visit's plan, and its report afterwards.
    visit_hosts = models.TextField(
        "hosts", blank=True, help_text="Who receives the visitors, and from which departments."
    )
    visit_programme = models.TextField(
        "visits", blank=True, help_text="The sites and projects to see, in order."
    )
    visit_travel = models.TextField("travel", blank=True, help_text="Who travels, how and when.")
    report = models.TextField(
        "visit report", blank=True, help_text="After a site visit: what the visitors learned."
    )

    panels = [
        FieldPanel("partnership"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("starts_at")]),
        FieldPanel("title"),
        FieldPanel("place"),
        FieldPanel("agenda"),
        FieldPanel("attendees"),
        FieldPanel("notes"),
        MultiFieldPanel(
            [
                FieldPanel("visit_hosts"),
                FieldPanel("visit_programme"),
                FieldPanel("visit_travel"),
                FieldPanel("report"),
            ],
            heading="Site visit",
        ),
    ]

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["partnership", "starts_at"])]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%d %b %Y})"

    @property
    def is_site_visit(self):
        return self.kind == self.Kind.SITE_VISIT

    @property
    def is_past(self):
        return self.starts_at < timezone.now()


class PlanAction(WorkspaceItem):
    """One action of a Twin City's Replication Plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in-progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    partnership = models.ForeignKey(
        "partnerships.PartnershipPage", on_delete=models.CASCADE, related_name="plan_actions"
    )
    title = models.CharField("action", max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
        help_text="The person who answers for the action.",
    )
    owner_team = models.CharField(
        "owning team",
        max_length=200,
        blank=True,
        help_text="Or the department that carries it out, for example “City transport office”.",
    )
    due_on = models.DateField("due")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    practice = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The business case, permitting guide or city (and its action) it replicates.",
    )
    practice_note = models.CharField(
        "practice replicated",
        max_length=200,
        blank=True,
        help_text="Which of the page's actions, for a city: for example “Umeå Climate Roadmap”.",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("partnership"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("owner_team")]),
        FieldRowPanel([FieldPanel("due_on"), FieldPanel("status")]),
        FieldPanel("practice"),
        FieldPanel("practice_note"),
    ]

    class Meta:
        ordering = ["sort_order", "due_on", "pk"]
        verbose_name = "Replication Plan action"

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not self.owner_id and not self.owner_team.strip():
            raise ValidationError({"owner": "Say who answers for the action: a person or a team."})

    @property
    def is_open(self):
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    def is_overdue(self, today=None):
        return self.is_open and self.due_on < (today or datetime.date.today())


class PlanSignature(models.Model):
    """A member city's sign-off of the Replication Plan as it stands."""

    partnership = models.ForeignKey(
        "partnerships.PartnershipPage", on_delete=models.CASCADE, related_name="plan_signatures"
    )
    city = models.ForeignKey("hub.CityProfilePage", on_delete=models.CASCADE, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "city"], name="one_signature_per_city")
        ]

    def __str__(self):
        return f"{self.city} signed {self.partnership}"


class WorkspaceDocument(WorkspaceItem):
    """A document the partners share: a file in the Wagtail documents, or a link."""

    partnership = models.ForeignKey(
        "partnerships.PartnershipPage", on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(max_length=200)
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.URLField("link", blank=True, help_text="Or a link to where the document lives.")
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("partnership"),
        FieldPanel("title"),
        FieldPanel("document"),
        FieldPanel("url"),
    ]

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name = "workspace document"

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if bool(self.document_id) == bool(self.url):
            raise ValidationError({"url": "Give either a file from the documents or a link."})

    @property
    def href(self):
        return self.document.url if self.document_id else self.url


class Outcome(WorkspaceItem):
    """A figure the partnership reports for a period."""

    class Metric(models.TextChoices):
        MW_DEPLOYED = "mw-deployed", "Capacity deployed (MW)"
        EMISSIONS_AVOIDED = "emissions-avoided", "Emissions avoided (t CO₂e a year)"
        JOBS = "jobs", "Jobs created"
        PEOPLE_ENGAGED = "people-engaged", "People reached by community engagement"
        ACTIONS_REPLICATED = "actions-replicated", "Actions replicated"

    # The figures each kind of partnership reports: H2 Twin Cities' siblings and mentors
    # report what they deployed, the Cities Mission's twins the actions they replicated.
    METRICS_BY_KIND = {
        "sibling": ["mw-deployed", "emissions-avoided", "jobs", "people-engaged"],
        "mentor-mentee": ["mw-deployed", "emissions-avoided", "jobs", "people-engaged"],
        "mission-twin": ["actions-replicated", "emissions-avoided", "people-engaged"],
    }

    partnership = models.ForeignKey(
        "partnerships.PartnershipPage", on_delete=models.CASCADE, related_name="outcomes"
    )
    metric = models.CharField(max_length=24, choices=Metric.choices)
    period = models.CharField(
        max_length=40, help_text="The period the figure covers, for example “2026 H1”."
    )
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(
        "source or note", max_length=300, blank=True, help_text="Where the figure comes from."
    )

    panels = [
        FieldPanel("partnership"),
        FieldRowPanel([FieldPanel("metric"), FieldPanel("period"), FieldPanel("value")]),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["period", "metric"]

    def __str__(self):
        return f"{self.get_metric_display()}: {self.value:g} ({self.period})"

    @classmethod
    def metrics_for(cls, kind):
        """The (value, label) choices a partnership of this kind reports."""
        wanted = cls.METRICS_BY_KIND.get(kind, cls.Metric.values)
        return [(value, label) for value, label in cls.Metric.choices if value in wanted]

    def clean(self):
        super().clean()
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": "A figure reported cannot be negative."})
        if self.partnership_id and self.metric:
            allowed = dict(self.metrics_for(self.partnership.kind))
            if self.metric not in allowed:
                raise ValidationError(
                    {
                        "metric": f"A {self.partnership.get_kind_display().lower()} partnership "
                        f"reports {', '.join(label.lower() for label in allowed.values())}."
                    }
                )


class ActivityEntry(models.Model):
    """One change to a partnership's workspace: who did what, and when."""

    partnership = models.ForeignKey(
        "partnerships.PartnershipPage", on_delete=models.CASCADE, related_name="activity"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    happened_at = models.DateTimeField(default=timezone.now, db_index=True)
    summary = models.CharField(max_length=300)

    class Meta:
        ordering = ["-happened_at", "-pk"]
        verbose_name_plural = "activity entries"
        indexes = [models.Index(fields=["partnership", "-happened_at"])]

    def __str__(self):
        return self.summary
