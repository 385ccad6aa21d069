"""What a programme manager does with a matching round: propose, override, accept.

Every change is written to the round's audit trail in the same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug

from hub.models import Topic

from .corpus import city_vector, load_corpus
from .engine.assignment import Host, propose, score_matrix
from .engine.scoring import explain_pair
from .models import (
    MatchingRound,
    MatchStatus,
    PartnershipMember,
    PartnershipPage,
    ProposedMatch,
    RoundAuditEntry,
)


def _vectors(corpus, cities):
    """The engine's vectors for city pages: from the corpus for live cities, and read
    from the page for a draft (an applicant not published yet is matched like any other;
    publishing it is a separate decision)."""
    vectors = []
    for city in cities:
        vector = corpus.get(city.slug)
        if vector is None or vector.id != city.pk:
            vector = city_vector(
                id=city.pk,
                slug=city.slug,
                title=city.title,
                country=str(city.country),
                maturity=city.maturity,
                offers=[tag.slug for tag in city.offers.all()],
                needs=[tag.slug for tag in city.needs.all()],
                population=city.population,
                latitude=city.latitude,
                languages=city.working_languages,
            )
        vectors.append(vector)
    return vectors


def audit(matching_round, user, action, detail):
    """Write one entry of the round's audit trail: who did what."""
    RoundAuditEntry.objects.create(round=matching_round, user=user, action=action, detail=detail)


# How a round is built from a programme's call: provided by the app that keeps the calls
# and their applications (`applications`, which builds on this one), so that
# `match_cities --from-applications` needs not import it.
_call_round_builder = None


def provide_call_rounds(builder):
    """`builder(programme, capacity=None, kind=None)` builds a round from the programme's
    call and returns what it did (round, applicants, hosts, ineligible, converted)."""
    global _call_round_builder
    _call_round_builder = builder


def round_from_programme_call(programme, capacity=None, kind=None):
    if _call_round_builder is None:
        raise ValidationError("No installed app keeps calls, so no round can be built from one.")
    return _call_round_builder(programme, capacity=capacity, kind=kind)


class NeedsConfirmation(ValidationError):
    """An override the manager must confirm, with a reason, before it is made."""


@transaction.atomic
def propose_matches(matching_round: MatchingRound, user=None):
    """Replace the round's open proposals with the optimal assignment.

    Accepted pairs stay: their applicants and the host slots they use are left out.
    """
    accepted = list(matching_round.matches.filter(status=MatchStatus.ACCEPTED))
    taken = {match.applicant_id for match in accepted}
    used = {}
    for match in accepted:
        used[match.host_id] = used.get(match.host_id, 0) + 1
    matching_round.matches.exclude(status=MatchStatus.ACCEPTED).delete()

    corpus = load_corpus()
    rules = matching_round.programme.rules()
    hosts = list(matching_round.hosts.select_related("city"))
    applicants = [
        a.city
        for a in matching_round.applicants.select_related("city").prefetch_related(
            "city__offer_items__tag", "city__need_items__tag"
        )
        if a.city_id not in taken
    ]
    host_vectors = _vectors(corpus, [host.city for host in hosts])
    proposal = propose(
        _vectors(corpus, applicants),
        [
            Host(vector, host.capacity - used.get(host.city_id, 0))
            for vector, host in zip(host_vectors, hosts, strict=True)
        ],
        matching_round.kind,
        corpus,
        rules,
    )
    ProposedMatch.objects.bulk_create(
        [
            ProposedMatch(
                round=matching_round,
                applicant_id=pair.applicant.id,
                host_id=pair.host.id,
                score=pair.score,
                reasons=[reason.as_dict() for reason in pair.reasons],
                factors=[factor.as_dict() for factor in pair.factors],
            )
            for pair in proposal.pairs
        ]
        + [
            ProposedMatch(
                round=matching_round,
                applicant_id=item.applicant.id,
                status=MatchStatus.UNMATCHED,
                unmatched_reason=item.detail or item.why,
                suggestion=item.suggestion,
            )
            for item in proposal.unmatched
        ]
    )
    audit(
        matching_round,
        user,
        "propose",
        f"Proposed {len(proposal.pairs)} pairs (total score {proposal.total}); "
        f"{len(proposal.unmatched)} applicants unmatched.",
    )
    return proposal


@transaction.atomic
def override_match(match: ProposedMatch, host, user=None, reason="", confirmed=False):
    """Give an applicant another host (or none), within the host's capacity.

    A host that shares no topic with the applicant (a score of 0), or that a programme
    rule forbids, needs `confirmed` and a `reason`: without them NeedsConfirmation says
    why, and nothing changes. The audit trail keeps who overrode, and why.
    """
    matching_round = match.round
    if match.status == MatchStatus.ACCEPTED:
        raise ValidationError("This pair is already accepted; it can no longer change.")
    previous = match.host.title if match.host else "no host"
    warning = ""
    if host is None:
        match.host = None
        match.score = 0
        match.reasons = []
        match.factors = []
        match.status = MatchStatus.UNMATCHED
        match.unmatched_reason = "Left out by a manager."
        match.suggestion = ""
    else:
        slot = matching_round.hosts.filter(city=host).first()
        if slot is None:
            raise ValidationError(f"{host.title} is not a host in this round.")
        load = matching_round.matches.filter(host=host).exclude(pk=match.pk).count()
        if load >= slot.capacity:
            raise ValidationError(
                f"{host.title} already has {load} of {slot.capacity} places taken."
            )
        corpus = load_corpus()
        rules = matching_round.programme.rules()
        applicant_vector, host_vector = _vectors(corpus, [match.applicant, host])
        _, allowed = score_matrix(
            [applicant_vector], [host_vector], matching_round.kind, corpus, rules
        )
        explained = explain_pair(applicant_vector, host_vector, matching_round.kind, corpus, rules)
        if not allowed[0, 0]:
            warning = (
                f"{match.applicant.title} and {host.title} break a rule of "
                f"{matching_round.programme.title}: "
                f"{rules.ruled_out_because(applicant_vector) or 'they are already partners'}."
            )
        elif explained.score <= 0:
            warning = (
                f"{match.applicant.title} and {host.title} share no topic this round scores "
                "(a score of 0)."
            )
        if warning and not (confirmed and reason.strip()):
            message = f"{warning} Confirm, and say why, to pair them anyway."
            if confirmed:
                message = f"{warning} Give a reason for pairing them anyway."
            raise NeedsConfirmation(message)
        match.host = host
        match.score = explained.score
        match.reasons = [r.as_dict() for r in explained.reasons]
        match.factors = [factor.as_dict() for factor in explained.factors]
        match.status = MatchStatus.PROPOSED
        match.unmatched_reason = ""
        match.suggestion = ""
    match.overridden = True
    match.save()
    new = host.title if host else "no host"
    detail = f"{match.applicant.title}: {previous} → {new}."
    if warning:
        detail += f" Confirmed over a warning ({warning}) Reason: {reason.strip()}"
    elif reason.strip():
        detail += f" Reason: {reason.strip()}"
    audit(matching_round, user, "override", detail)
    return match


def create_draft_partnership(programme, first, second, kind, summary, topic_slugs=(), user=None):
    """A draft PartnershipPage under `programme` for two cities, for a manager to publish.

    `kind` is a recommendation kind (`engine.kinds`): the programme's table says which
    partnership it becomes and which role each city takes, `first` being the host (or the
    recommended city) and `second` the applicant (or the city that asked).
    """
    partnership_kind, first_role, second_role = programme.partnership_for(kind)
    title = f"{first.title} and {second.title}"
    slug = find_available_slug(programme, slugify(title))
    start = timezone.localdate()
    months = programme.duration_months
    page = PartnershipPage(
        title=title,
        slug=slug,
        kind=partnership_kind,
        live=False,
        summary=summary,
        start_date=start,
        end_date=start + datetime.timedelta(days=round_days(months)) if months else None,
    )
    page.members = [
        PartnershipMember(city=first, role=first_role, sort_order=0),
        PartnershipMember(city=second, role=second_role, sort_order=1),
    ]
    page.topics.set(list(Topic.objects.filter(slug__in=list(topic_slugs))))
    programme.add_child(instance=page)
    page.save_revision(user=user)
    return page


def _partnership_for(match: ProposedMatch, user):
    matching_round = match.round
    return create_draft_partnership(
        matching_round.programme,
        match.host,
        match.applicant,
        matching_round.kind,
        summary=f"Paired in the matching round “{matching_round.name}”.",
        topic_slugs=[reason["topic"] for reason in match.reasons],
        user=user,
    )


def round_days(months):
    return int(months * 365.25 / 12)


@transaction.atomic
def accept_match(match: ProposedMatch, user=None):
    """Accept a pair: it becomes a draft PartnershipPage under the round's programme."""
    if match.status != MatchStatus.PROPOSED or match.host is None:
        raise ValidationError("Only a proposed pair with a host can be accepted.")
    page = _partnership_for(match, user)
    match.status = MatchStatus.ACCEPTED
    match.partnership = page
    match.save()
    audit(
        match.round,
        user,
        "accept",
        f"{match.host.title} and {match.applicant.title} accepted "
        f"as the draft partnership “{page.title}”.",
    )
    return page


def accept_all(matching_round: MatchingRound, user=None):
    matches = matching_round.matches.filter(
        status=MatchStatus.PROPOSED, host__isnull=False
    ).select_related("round__programme", "host", "applicant")
    return [accept_match(match, user) for match in matches]
