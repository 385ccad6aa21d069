"""The programme managers' overview of every partnership of a programme: module progress,
the next meeting, the Replication Plan's status and what is late. One query per kind of
row, however many partnerships the programme has."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    ActivityEntry,
    Meeting,
    PartnershipMember,
    PartnershipModule,
    PartnershipPage,
    PlanAction,
    PlanSignature,
)
from .workspace import modules_of, programme_modules

CSV_HEADER = [
    "Partnership",
    "Cities",
    "Modules done",
    "Current module",
    "Late modules",
    "Next meeting",
    "Next meeting date",
    "Plan actions",
    "Plan status",
    "Overdue actions",
    "Last activity",
    "Workspace",
]


@dataclass
class Row:
    partnership: PartnershipPage
    cities: list
    modules: list
    next_meeting_title: str
    next_meeting_at: datetime.datetime | None
    action_count: int
    overdue_actions: int
    signature_count: int
    last_activity: datetime.datetime | None

    @property
    def done_count(self):
        return sum(1 for m in self.modules if m.is_done)

    @property
    def current_module(self):
        return next((m for m in self.modules if not m.is_done), None)

    @property
    def late_modules(self):
        return [m for m in self.modules if m.is_late]

    @property
    def late_count(self):
        return len(self.late_modules) + self.overdue_actions

    @property
    def plan_status(self):
        if not self.action_count:
            return "Not started"
        if self.cities and self.signature_count >= len(self.cities):
            return "Signed"
        if self.signature_count:
            return f"Signed by {self.signature_count} of {len(self.cities)} cities"
        return "Draft"


def _count(model, **filters):
    rows = (
        model.objects.filter(partnership=OuterRef("pk"), **filters)
        .order_by()
        .values("partnership")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def rows_for(programme, now=None):
    """A Row for each partnership of the programme, by title."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    upcoming = Meeting.objects.filter(partnership=OuterRef("pk"), starts_at__gte=now).order_by(
        "starts_at"
    )
    partnerships = (
        PartnershipPage.objects.child_of(programme)
        .annotate(
            next_meeting_title=Subquery(upcoming.values("title")[:1]),
            next_meeting_at=Subquery(upcoming.values("starts_at")[:1]),
            action_count=_count(PlanAction),
            overdue_actions=_count(
                PlanAction, status__in=["planned", "in-progress"], due_on__lt=today
            ),
            signature_count=_count(PlanSignature),
            last_activity=Subquery(
                ActivityEntry.objects.filter(partnership=OuterRef("pk"))
                .order_by("-happened_at")
                .values("happened_at")[:1]
            ),
        )
        .prefetch_related(
            Prefetch("members", queryset=PartnershipMember.objects.select_related("city")),
            Prefetch("module_rows", queryset=PartnershipModule.objects.all()),
        )
        .order_by("title")
    )
    partnerships = list(partnerships)
    modules = programme_modules(partnerships[0]) if partnerships else []
    return [
        Row(
            partnership=p,
            cities=[member.city for member in p.members.all()],
            modules=modules_of(p, rows=p.module_rows.all(), modules=modules),
            next_meeting_title=p.next_meeting_title or "",
            next_meeting_at=p.next_meeting_at,
            action_count=p.action_count,
            overdue_actions=p.overdue_actions,
            signature_count=p.signature_count,
            last_activity=p.last_activity,
        )
        for p in partnerships
    ]


def csv_rows(rows, base_url=""):
    for row in rows:
        current = row.current_module
        yield [
            row.partnership.title,
            ", ".join(city.title for city in row.cities),
            f"{row.done_count} of {len(row.modules)}",
            current.module.name if current else "All done",
            ", ".join(m.module.name for m in row.late_modules),
            row.next_meeting_title,
            timezone.localtime(row.next_meeting_at).strftime("%Y-%m-%d %H:%M")
            if row.next_meeting_at
            else "",
            row.action_count,
            row.plan_status,
            row.overdue_actions,
            timezone.localtime(row.last_activity).strftime("%Y-%m-%d %H:%M")
            if row.last_activity
            else "",
            f"{base_url}{row.partnership.url}workspace/",
        ]
