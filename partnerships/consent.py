"""Consent of a round's proposed pairs: every write, and every email it causes.

- `request_consent`: a programme manager sends the round's proposed pairs to both
  cities' staff, who are told by email and answer in their city's inbox.
- `answer`: a confirmed staff member of the host or the applicant accepts the pair for
  their city, or declines it with a reason. A declined pair goes back to the round: its
  applicant is unmatched again, with the decline as the reason the manager sees.

Accepting a pair into a partnership stays the manager's step (`rounds.accept_match`);
`status_of` tells the round's admin screen who has answered what.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from home import people
from home.messages import absolute, notify

from .models import ConsentDecision, MatchStatus, PairConsent, ProposedMatch
from .rounds import audit, declined_reason


def consent_url(match):
    return reverse("pair_consent", args=[match.pk])


def may_answer(user, match):
    """Whether `user` answers for one of the pair's cities: its confirmed staff only."""
    city = people.staff_city(user)
    return (
        city is not None
        and match.host_id is not None
        and city.pk
        in {
            match.host_id,
            match.applicant_id,
        }
    )


@dataclass
class PairStatus:
    """Who has answered a pair: the host's and the applicant's answers (None: waiting)."""

    host: PairConsent | None = None
    applicant: PairConsent | None = None
    answers: list = field(default_factory=list)

    @property
    def consented(self):
        return all(
            answer is not None and answer.decision == ConsentDecision.ACCEPTED
            for answer in (self.host, self.applicant)
        )

    def waiting_for(self, match):
        """The cities that have not accepted yet, by name."""
        return [
            city.title
            for city, answer in ((match.host, self.host), (match.applicant, self.applicant))
            if answer is None or answer.decision != ConsentDecision.ACCEPTED
        ]


def status_of(matches):
    """{match pk: PairStatus} for proposed pairs, in one query whatever their number."""
    matches = [match for match in matches if match.host_id]
    if not matches:
        return {}
    round_ids = {match.round_id for match in matches}
    answers = PairConsent.objects.filter(round_id__in=round_ids).select_related(
        "answered_by__person"
    )
    by_pair = {}
    for answer in answers:
        by_pair.setdefault((answer.round_id, answer.applicant_id, answer.host_id), []).append(
            answer
        )
    found = {}
    for match in matches:
        status = PairStatus()
        for answer in by_pair.get((match.round_id, match.applicant_id, match.host_id), []):
            status.answers.append(answer)
            if answer.city_id == match.host_id:
                status.host = answer
            elif answer.city_id == match.applicant_id:
                status.applicant = answer
        found[match.pk] = status
    return found


def pair_status(match):
    return status_of([match]).get(match.pk) or PairStatus()


@transaction.atomic
def request_consent(matching_round, user=None):
    """Send every proposed pair not sent yet to both cities' staff; return (sent pairs,
    the cities with no confirmed staff to answer)."""
    matches = list(
        matching_round.matches.filter(
            status=MatchStatus.PROPOSED, host__isnull=False, consent_requested_at__isnull=True
        ).select_related("host", "applicant", "round__programme")
    )
    if not matches:
        raise ValidationError("Every proposed pair has been sent for consent already.")
    now = timezone.now()
    ProposedMatch.objects.filter(pk__in=[match.pk for match in matches]).update(
        consent_requested_at=now
    )
    city_ids = {m.host_id for m in matches} | {m.applicant_id for m in matches}
    staff = {}
    for person_user in people.staff_of_cities(city_ids).select_related("person"):
        staff.setdefault(person_user.person.city_id, []).append(person_user)
    emails = []
    for match in matches:
        link = absolute(consent_url(match))
        for city, other, role in (
            (match.host, match.applicant, "host"),
            (match.applicant, match.host, "applicant"),
        ):
            body = (
                f"The matching round “{matching_round.name}” of "
                f"{matching_round.programme.title} proposes {city.title} as the {role} "
                f"of a partnership with {other.title}.\n\n"
                f"Accept the pair, or decline it with a reason, on TwinHub: {link}\n"
            )
            emails.append(
                (staff.get(city.pk, []), f"TwinHub: a partnership with {other.title}?", body)
            )
    without_staff = sorted(
        {c.title for m in matches for c in (m.host, m.applicant) if c.pk not in staff}
    )
    detail = f"Sent {len(matches)} pairs to both cities for consent."
    if without_staff:
        detail += f" No confirmed staff to answer for: {', '.join(without_staff)}."
    audit(matching_round, user, "consent sent", detail)
    transaction.on_commit(lambda: [notify(*email) for email in emails])
    return matches, without_staff


@transaction.atomic
def answer(match, user, accept, reason=""):
    """The user's city accepts the pair, or declines it with a reason."""
    if not may_answer(user, match):
        raise PermissionDenied("Only the staff of the two cities of this pair can answer.")
    match = (
        ProposedMatch.objects.select_for_update(of=("self",))
        .select_related("round__programme", "host", "applicant")
        .get(pk=match.pk)
    )
    if match.status != MatchStatus.PROPOSED or match.host is None:
        raise ValidationError("This pair is no longer proposed, so it cannot be answered.")
    if match.consent_requested_at is None:
        raise ValidationError("This pair has not been sent to the cities for consent yet.")
    city = people.staff_city(user)
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": "Say why your city declines this pair."})
    pair = {"round": match.round, "applicant": match.applicant, "host": match.host}
    if PairConsent.objects.filter(**pair, city=city).exists():
        raise ValidationError(f"{city.title} has answered for this pair already.")
    consent = PairConsent.objects.create(
        **pair,
        city=city,
        decision=ConsentDecision.ACCEPTED if accept else ConsentDecision.DECLINED,
        reason=reason,
        answered_by=user,
        answered_at=timezone.now(),
    )
    who = f"{people.display_name(user)} ({city.title})"
    host, applicant = match.host, match.applicant
    managers = list(people.hub_managers())
    admin_link = absolute(reverse("partnerships_round_matches", args=[match.round_id]))
    if accept:
        audit(
            match.round,
            user,
            "consent",
            f"{who} accepts the pair {host.title} – {applicant.title}.",
        )
        if pair_status(match).consented:
            transaction.on_commit(
                lambda: notify(
                    managers,
                    f"TwinHub: {host.title} and {applicant.title} both consent",
                    f"Both cities accept the pair {host.title} – {applicant.title} of the round "
                    f"“{match.round.name}”. Accept it as a partnership: {admin_link}\n",
                )
            )
        return consent
    match.status = MatchStatus.UNMATCHED
    match.host = None
    match.score = 0
    match.reasons = []
    match.factors = []
    other = applicant if city.pk == host.pk else host
    match.unmatched_reason = declined_reason(consent)
    match.suggestion = "Give the applicant another host, or propose the round again."
    match.consent_requested_at = None
    match.save()
    audit(
        match.round,
        user,
        "decline",
        f"{who} declines the pair {host.title} – {applicant.title}. Reason: {reason}",
    )
    told = {u.pk: u for u in managers}
    told.update({u.pk: u for u in people.city_staff(other)})
    transaction.on_commit(
        lambda: notify(
            told.values(),
            f"TwinHub: {city.title} declines the pair with {other.title}",
            f"{who} declines the pair {host.title} – {applicant.title} of the round "
            f"“{match.round.name}”:\n\n{reason}\n\nThe applicant is back in the round: "
            f"{admin_link}\n",
        )
    )
    return consent
