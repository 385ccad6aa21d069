"""Next steps after a recommendation: every write, and every email they cause.

- `ask_for_introduction`: someone asks a programme to introduce them to a city. The
  programme's managers and the city's staff are told; either answers it.
- `propose_partnership`: a city's confirmed staff propose a partnership; the other city's
  staff (or, while it has none, the hub's managers) accept or decline it. Accepted, it
  becomes a draft partnership under the programme (`rounds.create_draft_partnership`),
  for a programme manager to publish.

People are reached through `home.people` and `home.messages.notify`, one email each, so no
address is shown to anyone.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from home import people
from home.messages import absolute, inbox_url, notify, recipients

from .engine.kinds import get_kind
from .models import IntroductionRequest, PartnershipProposal, RequestStatus
from .rounds import create_draft_partnership


def _answerers(city):
    """Who answers for `city` (its staff, else the hub's managers), and whether those
    are its staff."""
    users, delivery = recipients(city)
    return users, delivery == "staff"


@transaction.atomic
def ask_for_introduction(requester, to_city, programme, note):
    """Record the request and tell the programme's managers and the city's staff."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say in a sentence or two why you would like to meet."})
    from_city = people.staff_city(requester)
    if from_city is not None and from_city.pk == to_city.pk:
        raise ValidationError("This is your own city.")
    request = IntroductionRequest.objects.create(
        requester=requester, from_city=from_city, to_city=to_city, programme=programme, note=note
    )
    who = people.display_name(requester) + (f" of {from_city.title}" if from_city else "")
    body = (
        f"{who} asks {programme.title} for an introduction to {to_city.title}:\n\n{note}\n\n"
        f"Answer on TwinHub: {inbox_url(to_city)}\n"
    )
    users = {user.pk: user for user in people.hub_managers()}
    users.update({user.pk: user for user in people.city_staff(to_city)})
    transaction.on_commit(
        lambda: notify(users.values(), f"TwinHub: an introduction to {to_city.title}", body)
    )
    return request


@transaction.atomic
def answer_introduction(request, user, accept, answer=""):
    """The city's staff or a manager welcome the introduction (or decline it); the
    requester is told by email, and on a welcome the city's staff are too."""
    if not people.may_answer_for(user, request.to_city):
        raise PermissionDenied(f"Only {request.to_city.title}'s staff or a manager can answer.")
    if request.status != RequestStatus.OPEN:
        raise ValidationError("This request has been answered already.")
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answer = (answer or "").strip()
    request.answered_by = user
    request.answered_at = timezone.now()
    request.save()
    city = request.to_city
    contact = absolute(reverse("contact_city", args=[city.slug]))
    note = f"\n\n{request.answer}" if request.answer else ""
    if accept:
        text = (
            f"{people.display_name(user)} welcomes your introduction to {city.title}.{note}\n\n"
            f"Write to {city.title}'s staff here: {contact}\n"
        )
    else:
        text = f"Your request for an introduction to {city.title} was declined.{note}\n"
    transaction.on_commit(lambda: notify([request.requester], f"TwinHub: {city.title}", text))
    return request


def _proposal_kind(kind):
    try:
        return get_kind(kind).name
    except ValueError as error:
        raise ValidationError({"kind": str(error)}) from None


@transaction.atomic
def propose_partnership(proposer, to_city, programme, kind, message):
    """Record a proposal from the proposer's city and tell whoever answers for `to_city`."""
    from_city = people.staff_city(proposer)
    if from_city is None:
        raise PermissionDenied(
            "Only confirmed staff of a city can propose a partnership for it. Ask to join "
            "your city's staff, or write to the city instead."
        )
    if from_city.pk == to_city.pk:
        raise ValidationError("A city cannot propose a partnership to itself.")
    kind = _proposal_kind(kind)
    offered = programme.recommendation_kinds()
    if offered and kind not in offered:
        raise ValidationError({"kind": f"{programme.title} does not run such partnerships."})
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": "Say what you would like to do together."})
    rules = programme.rules()
    if not rules.allows(from_city.country.code, to_city.country.code):
        raise ValidationError(f"{rules.ruled_out_because(None)}.")
    try:
        with transaction.atomic():
            proposal = PartnershipProposal.objects.create(
                proposer=proposer,
                from_city=from_city,
                to_city=to_city,
                programme=programme,
                kind=kind,
                message=message,
            )
    except IntegrityError:
        raise ValidationError(
            f"{from_city.title} already has a proposal to {to_city.title} in "
            f"{programme.title} waiting for an answer."
        ) from None
    users, to_staff = _answerers(to_city)
    preface = (
        ""
        if to_staff
        else f"{to_city.title} has no confirmed staff on TwinHub yet, so this proposal "
        "comes to you as a programme manager or editor.\n\n"
    )
    body = (
        f"{preface}{people.display_name(proposer)} of {from_city.title} proposes a "
        f"partnership with {to_city.title} in {programme.title}, with {to_city.title} as "
        f"its {get_kind(kind).label[:-1].lower()}:\n\n{message}\n\n"
        f"Accept or decline on TwinHub: {inbox_url(to_city)}\n"
    )
    transaction.on_commit(
        lambda: notify(users, f"TwinHub: {from_city.title} proposes a partnership", body)
    )
    return proposal, to_staff


@transaction.atomic
def answer_proposal(proposal, user, accept, answer=""):
    """Accept (a draft partnership is created for a programme manager to publish) or
    decline; the proposer's city and the programme's managers are told."""
    city = proposal.to_city
    if not people.may_answer_for(user, city):
        raise PermissionDenied(f"Only {city.title}'s staff can answer this proposal.")
    proposal = PartnershipProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != RequestStatus.OPEN:
        raise ValidationError("This proposal has been answered already.")
    proposal.answer = (answer or "").strip()
    proposal.answered_by = user
    proposal.answered_at = timezone.now()
    if accept:
        proposal.status = RequestStatus.ACCEPTED
        proposal.partnership = create_draft_partnership(
            proposal.programme,
            proposal.to_city,
            proposal.from_city,
            proposal.kind,
            summary=f"Proposed by {proposal.from_city.title} and accepted by {city.title}.",
            topic_slugs=_shared_topics(proposal),
            user=user,
        )
    else:
        proposal.status = RequestStatus.DECLINED
    proposal.save()
    verdict = "accepted" if accept else "declined"
    note = f"\n\n{proposal.answer}" if proposal.answer else ""
    told = {u.pk: u for u in people.city_staff(proposal.from_city)}
    told[proposal.proposer.pk] = proposal.proposer
    text = f"{city.title} {verdict} the partnership proposed by {proposal.from_city.title}.{note}\n"
    if accept:
        text += (
            f"\nIt is now a draft partnership in {proposal.programme.title}; a programme "
            "manager publishes it.\n"
        )
        managers = {u.pk: u for u in people.hub_managers()}
        edit = absolute(reverse("wagtailadmin_pages:edit", args=[proposal.partnership.pk]))
        transaction.on_commit(
            lambda: notify(
                managers.values(),
                f"TwinHub: a partnership to publish ({proposal.partnership.title})",
                f"{text}\nReview and publish it: {edit}\n",
            )
        )
    transaction.on_commit(lambda: notify(told.values(), f"TwinHub: {city.title} {verdict}", text))
    return proposal


def _shared_topics(proposal):
    """The topics one city offers and the other needs, either way, for the partnership."""
    first, second = proposal.to_city, proposal.from_city
    offers = {city.pk: set(city.offers.values_list("slug", flat=True)) for city in (first, second)}
    needs = {city.pk: set(city.needs.values_list("slug", flat=True)) for city in (first, second)}
    return sorted((offers[first.pk] & needs[second.pk]) | (offers[second.pk] & needs[first.pk]))
