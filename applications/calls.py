"""A call's applications as programme managers see them, and what they do with many at once.

`application_rows()` reads every application of the chosen calls with its rule result
(`applications.eligibility`, through the call), its conversion and whether its city was
matched, in a constant number of queries. `convert_many()` converts a selection into
draft cities; `round_from_call()` builds a matching round from a call in one step.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_countries import countries
from wagtail.contrib.forms.models import FormSubmission

from partnerships.engine.kinds import ROUND_KINDS
from partnerships.models import MatchingRound, ProposedMatch, RoundApplicant, RoundHost
from partnerships.rounds import audit

from .conversion import ConversionError, convert_application
from .eligibility import Failure
from .models import ApplicationConversion, ApplicationFormPage


class Status:
    NEW = "new"
    CONVERTED = "converted"
    MATCHED = "matched"
    LABELS = {NEW: "Not converted", CONVERTED: "Converted", MATCHED: "Matched"}


@dataclass
class ApplicationRow:
    submission: FormSubmission
    call: ApplicationFormPage
    failures: list[Failure]
    conversion: ApplicationConversion | None = None
    matched_with: list[str] = field(default_factory=list)

    @property
    def data(self):
        return self.submission.form_data

    @property
    def pk(self):
        return self.submission.pk

    @property
    def city(self):
        return self.data.get("city", "")

    @property
    def country(self):
        return self.data.get("country", "")

    @property
    def country_name(self):
        return countries.name(self.country) or self.country

    @property
    def contact(self):
        return f"{self.data.get('contact_name', '')} <{self.data.get('contact_email', '')}>"

    @property
    def submitted(self):
        return timezone.localtime(self.submission.submit_time)

    @property
    def eligible(self):
        return not self.failures

    @property
    def rule_result(self):
        if self.eligible:
            return "Eligible"
        return "Ineligible: " + " ".join(failure.reason for failure in self.failures)

    @property
    def status(self):
        if self.matched_with:
            return Status.MATCHED
        return Status.CONVERTED if self.conversion else Status.NEW

    @property
    def status_label(self):
        label = Status.LABELS[self.status]
        if self.matched_with:
            label += " with " + ", ".join(self.matched_with)
        return label

    @property
    def city_profile(self):
        return self.conversion.city.title if self.conversion else ""

    @property
    def programme(self):
        return self.call.programme.title

    @property
    def needs(self):
        return ", ".join(self.data.get("needs", []))

    @property
    def offers(self):
        return ", ".join(self.data.get("offers", []))

    @property
    def target_year(self):
        return self.data.get("target_year") or ""


class Calls:
    """The calls (application form pages) a listing covers, with their rules loaded once."""

    def __init__(self, calls):
        self.by_id = {call.pk: call for call in calls}
        for call in calls:
            call.programme = call.get_parent().specific
            call.rules  # noqa: B018 (loads the rules once)

    @cached_property
    def all(self):
        return list(self.by_id.values())


def all_calls():
    return list(ApplicationFormPage.objects.order_by("title").prefetch_related("eligibility_rules"))


def application_rows(calls):
    """Every application of `calls` (a `Calls`), newest first, as `ApplicationRow`s."""
    submissions = list(
        FormSubmission.objects.filter(page_id__in=list(calls.by_id)).order_by("-submit_time", "-pk")
    )
    conversions = {
        conversion.submission_id: conversion
        for conversion in ApplicationConversion.objects.filter(
            submission__in=[s.pk for s in submissions]
        ).select_related("city")
    }
    programmes = {call.programme.pk for call in calls.all}
    matched = {}
    for applicant_id, host in (
        ProposedMatch.objects.filter(
            round__programme_id__in=programmes,
            applicant_id__in=[c.city_id for c in conversions.values()],
            host__isnull=False,
        )
        .values_list("applicant_id", "host__title")
        .distinct()
    ):
        matched.setdefault(applicant_id, []).append(host)
    rows = []
    for submission in submissions:
        call = calls.by_id[submission.page_id]
        conversion = conversions.get(submission.pk)
        rows.append(
            ApplicationRow(
                submission=submission,
                call=call,
                failures=call.rule_failures(submission.form_data),
                conversion=conversion,
                matched_with=sorted(matched.get(conversion.city_id, [])) if conversion else [],
            )
        )
    return rows


@dataclass
class BulkResult:
    converted: list = field(default_factory=list)  # ConversionResults
    failed: list = field(default_factory=list)  # (submission, message)


def convert_many(submissions, user):
    """Convert each application into a draft city (or link it to the existing one); an
    application that cannot be converted is reported and leaves the others alone."""
    result = BulkResult()
    for submission in submissions:
        try:
            result.converted.append(convert_application(submission, user))
        except ConversionError as error:
            result.failed.append((submission, str(error)))
    return result


@dataclass
class RoundFromCall:
    matching_round: MatchingRound
    applicants: list  # city pages
    hosts: list  # city pages
    ineligible: list  # ApplicationRows left out, with the rule they fail
    converted: int  # applications converted on the way


def round_candidates(call, user=None, convert=True):
    """The call's eligible applications as cities (converted now if they were not yet,
    so an unconverted applicant is matched like any other) and the rows left out."""
    calls = Calls([call])
    rows = application_rows(calls)
    eligible = [row for row in rows if row.eligible]
    ineligible = [row for row in reversed(rows) if not row.eligible]  # oldest first
    converted = 0
    applicants = {}
    for row in reversed(eligible):  # oldest first
        if row.conversion is None:
            if not convert:
                continue
            result = convert_application(row.submission, user)
            converted += 1
            city = result.city
        else:
            city = row.conversion.city
        applicants.setdefault(city.pk, city)
    return list(applicants.values()), ineligible, converted


def programme_hosts(programme, applicants=()):
    """The programme's host cities: its member cities, less any that applied."""
    applying = {city.pk for city in applicants}
    return [city for city in programme.member_cities.order_by("title") if city.pk not in applying]


def round_kind(programme):
    """The kind of round a programme's call runs: its first kind a round can be."""
    runs = programme.recommendation_kinds() or []
    return next((kind for kind in ROUND_KINDS if kind in runs), "twin")


@transaction.atomic
def round_from_call(call, user=None, name=None, capacity=None, kind=None):
    """A matching round of the call's programme with every eligible applicant of the call
    and the programme's hosts, each with the call's capacity (or `capacity`); recorded in
    its audit trail."""
    programme = call.get_parent().specific
    applicants, ineligible, converted = round_candidates(call, user)
    hosts = programme_hosts(programme, applicants)
    kind = kind or round_kind(programme)
    capacity = capacity or call.host_capacity
    matching_round = MatchingRound.objects.create(
        name=name or f"{call.title} ({timezone.localdate():%-d %B %Y})",
        programme=programme,
        kind=kind,
    )
    RoundHost.objects.bulk_create(
        [
            RoundHost(round=matching_round, city=city, capacity=capacity, sort_order=n)
            for n, city in enumerate(hosts)
        ]
    )
    RoundApplicant.objects.bulk_create(
        [
            RoundApplicant(round=matching_round, city=city, sort_order=n)
            for n, city in enumerate(applicants)
        ]
    )
    left_out = "; ".join(f"{row.city} ({row.failures[0].reason})" for row in ineligible)
    audit(
        matching_round,
        user,
        "from call",
        f"Built from “{call.title}”: {len(applicants)} eligible applicants "
        f"({converted} converted into draft cities on the way) and {len(hosts)} hosts with "
        f"{capacity} places each."
        + (f" Left out as ineligible: {left_out}." if ineligible else ""),
    )
    return RoundFromCall(matching_round, applicants, hosts, ineligible, converted)


def round_from_programme(programme, capacity=None, kind=None):
    """`round_from_call` for the call of `programme` (for `match_cities`)."""
    call = ApplicationFormPage.objects.child_of(programme).first()
    if call is None:
        raise ValidationError(f"{programme.title} has no call (application form) yet.")
    return round_from_call(call, capacity=capacity, kind=kind)
