"""The partnership workspace's rules and writes, for the site's forms and the admin alike.

Reads: `modules_of` (each module of the programme with its dates and status, late ones
flagged), `plan_of` (the Replication Plan's actions and who has signed it). Writes:
`changed` after any workspace row is saved (site form or admin), `removed` before one is
deleted, and `sign_plan`. Each write lands in the partnership's activity log with who
did it; a change to the plan's actions withdraws the signatures it had, since the cities
signed another text.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from home import people

from . import membership
from .models import (
    ActivityEntry,
    Meeting,
    ModuleStatus,
    Outcome,
    PartnershipModule,
    PlanAction,
    PlanSignature,
    ProgrammeModule,
    WorkspaceDocument,
)


def _today():
    return timezone.localdate()


def add_months(day, months):
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


# Modules


@dataclass
class ModuleView:
    module: ProgrammeModule
    row: PartnershipModule | None
    starts_on: datetime.date | None
    due_on: datetime.date | None
    status: str
    outputs: str = ""

    @property
    def status_label(self):
        return ModuleStatus(self.status).label

    @property
    def is_done(self):
        return self.status == ModuleStatus.DONE

    @property
    def is_late(self):
        return not self.is_done and self.due_on is not None and self.due_on < _today()

    @property
    def expected_outputs(self):
        return self.module.expected_outputs


def programme_modules(partnership):
    """The programme's modules, in order (one query, without loading the programme)."""
    parent_path = partnership.path[: -partnership.steplen]
    return list(ProgrammeModule.objects.filter(page__path=parent_path).order_by("sort_order", "pk"))


def modules_of(partnership, rows=None, modules=None):
    """Each module of the programme with its dates and status for this partnership.

    A module nobody has touched yet is not started, with dates that follow from the
    partnership's start and the lengths of the modules before it. Two queries, none
    when the programme's `modules` and the partnership's `rows` are given."""
    if modules is None:
        modules = programme_modules(partnership)
    if rows is None:
        rows = PartnershipModule.objects.filter(partnership=partnership)
    by_module = {row.module_id: row for row in rows}
    views, start = [], partnership.start_date
    for module in modules:
        due = add_months(start, module.months) if start and module.months else None
        row = by_module.get(module.pk)
        views.append(
            ModuleView(
                module=module,
                row=row,
                starts_on=(row.starts_on if row and row.starts_on else start),
                due_on=(row.due_on if row and row.due_on else due),
                status=row.status if row else ModuleStatus.NOT_STARTED,
                outputs=row.outputs if row else "",
            )
        )
        start = due
    return views


def partnerships_of_city(city):
    """The city's live partnerships, each with its next meeting (title and time)."""
    from django.db.models import OuterRef, Subquery

    from .models import PartnershipPage

    upcoming = Meeting.objects.filter(
        partnership=OuterRef("pk"), starts_at__gte=timezone.now()
    ).order_by("starts_at")
    return list(
        PartnershipPage.objects.live()
        .filter(members__city=city)
        .annotate(
            next_meeting_title=Subquery(upcoming.values("title")[:1]),
            next_meeting_at=Subquery(upcoming.values("starts_at")[:1]),
        )
        .order_by("title")
        .distinct()
    )


# The Replication Plan


@dataclass
class PlanView:
    actions: list
    signatures: list
    cities: list  # the member cities, each of which signs
    unsigned: list = field(default_factory=list)

    @property
    def is_signed(self):
        return bool(self.actions) and not self.unsigned

    @property
    def status_label(self):
        if not self.actions:
            return "Not started"
        if self.is_signed:
            return "Signed"
        if self.signatures:
            return f"Signed by {len(self.signatures)} of {len(self.cities)} cities"
        return "Draft"

    def overdue(self, today=None):
        return [action for action in self.actions if action.is_overdue(today)]


def plan_of(partnership):
    actions = list(
        PlanAction.objects.filter(partnership=partnership).select_related(
            "owner__person__city", "practice"
        )
    )
    signatures = list(
        PlanSignature.objects.filter(partnership=partnership).select_related(
            "city", "signed_by__person__city"
        )
    )
    cities = [member.city for member in partnership.members.all()]
    signed_ids = {signature.city_id for signature in signatures}
    unsigned = [city for city in cities if city.pk not in signed_ids]
    return PlanView(actions=actions, signatures=signatures, cities=cities, unsigned=unsigned)


# Writes


def record(partnership, user, summary):
    """Log one change: who (None when done by the site itself) and what."""
    return ActivityEntry.objects.create(
        partnership=partnership,
        actor=user if user is not None and user.is_authenticated else None,
        summary=summary[:300],
    )


def _day(value):
    return date_format(value, "j F Y")


def describe_change(instance, created):
    """What the activity log says about a saved workspace row."""
    if isinstance(instance, PartnershipModule):
        status = ModuleStatus(instance.status).label.lower()
        return f"set {instance.module.name} to “{status}”"
    if isinstance(instance, Meeting):
        when = _day(timezone.localtime(instance.starts_at))
        kind = instance.get_kind_display().lower()
        if created:
            return f"scheduled the {kind} “{instance.title}” for {when}"
        if instance.is_site_visit and instance.report:
            return f"updated the {kind} “{instance.title}” of {when} and its report"
        return f"updated the {kind} “{instance.title}” of {when}"
    if isinstance(instance, PlanAction):
        verb = "added" if created else "changed"
        status = instance.get_status_display().lower()
        return f"{verb} the plan action “{instance.title}” ({status}, due {_day(instance.due_on)})"
    if isinstance(instance, WorkspaceDocument):
        return f"{'added' if created else 'changed'} the document “{instance.title}”"
    if isinstance(instance, Outcome):
        metric = instance.get_metric_display().lower()
        return f"reported {metric}: {instance.value:g} for {instance.period}"
    return f"{'added' if created else 'changed'} {instance}"


@transaction.atomic
def changed(instance, user, created):
    """After a workspace row was saved: log it, and withdraw the plan's signatures when
    the plan changed."""
    partnership = instance.partnership
    if hasattr(instance, "updated_by_id") and user is not None and user.is_authenticated:
        type(instance).objects.filter(pk=instance.pk).update(updated_by=user)
    record(partnership, user, describe_change(instance, created))
    if isinstance(instance, PlanAction):
        withdraw_signatures(partnership, user)


@transaction.atomic
def removed(instance, user):
    """Before a workspace row is deleted: log it (and withdraw signatures of a plan)."""
    record(instance.partnership, user, f"removed “{instance}”")
    if isinstance(instance, PlanAction):
        withdraw_signatures(instance.partnership, user)


def withdraw_signatures(partnership, user):
    signatures = PlanSignature.objects.filter(partnership=partnership)
    cities = [s.city.title for s in signatures.select_related("city")]
    if cities:
        signatures.delete()
        record(
            partnership,
            user,
            f"The plan changed, so the signatures of {', '.join(cities)} were withdrawn: "
            "it needs signing again",
        )


@transaction.atomic
def sign_plan(partnership, user):
    """The user signs the Replication Plan for their member city."""
    city = membership.signing_city(user, partnership)
    if city is None:
        raise PermissionDenied(
            "Only the confirmed staff of a member city can sign the Replication Plan for it."
        )
    if not PlanAction.objects.filter(partnership=partnership).exists():
        raise ValidationError("The plan has no actions yet: add them before signing.")
    signature, created = PlanSignature.objects.get_or_create(
        partnership=partnership, city=city, defaults={"signed_by": user}
    )
    if not created:
        raise ValidationError(
            f"{city.title} has already signed the plan "
            f"({people.display_name(signature.signed_by)}, {_day(signature.signed_at)})."
        )
    record(partnership, user, f"signed the Replication Plan for {city.title}")
    plan = plan_of(partnership)
    if plan.is_signed:
        record(partnership, None, "The Replication Plan is signed by every member city")
    return plan
