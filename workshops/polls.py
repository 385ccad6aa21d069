"""Polls: a facilitator opens one, participants vote (and may change their vote while it
is open), results go to everyone live or once it closes, and closed polls stay."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from core import people

from .models import Poll, PollOption, PollVote
from .session import SessionError

MAX_OPTIONS = 10
MAX_OPEN_POLLS = 5


def _poll(room, poll_id):
    if isinstance(poll_id, bool) or not isinstance(poll_id, int):
        raise SessionError("invalid", "`poll` must be a poll's id.")
    poll = Poll.objects.filter(room=room, pk=poll_id).first()
    if poll is None:
        raise SessionError("invalid", f"Poll {poll_id} is not in this room.")
    return poll


def poll_frame(poll, with_results):
    """A poll as the protocol sends it; counts only when results may be shown."""
    options = list(poll.options.order_by("position"))
    frame = {
        "id": poll.pk,
        "question": poll.question,
        "multiple": poll.multiple,
        "anonymous": poll.anonymous,
        "results": poll.results,
        "state": "open" if poll.is_open else "closed",
        "options": [{"id": option.pk, "label": option.label} for option in options],
        "voters": PollVote.objects.filter(poll=poll).values("user").distinct().count(),
    }
    if with_results:
        counts = dict(
            PollVote.objects.filter(poll=poll)
            .values_list("option")
            .annotate(n=Count("pk"))
            .values_list("option", "n")
        )
        for option in frame["options"]:
            option["votes"] = counts.get(option["id"], 0)
    return frame


def results_visible(poll, facilitator):
    return facilitator or not poll.is_open or poll.results == Poll.Results.LIVE


def polls_for(room, user, facilitator):
    """Every poll of the room, open and closed, with this participant's own choice."""
    polls = list(Poll.objects.filter(room=room).order_by("created", "pk"))
    mine = {}
    if user.is_authenticated:
        for poll_id, option_id in PollVote.objects.filter(poll__room=room, user=user).values_list(
            "poll_id", "option_id"
        ):
            mine.setdefault(poll_id, []).append(option_id)
    return [
        {
            **poll_frame(poll, results_visible(poll, facilitator)),
            "mine": sorted(mine.get(poll.pk, [])),
        }
        for poll in polls
    ]


def open_poll(room, user, content):
    question = content.get("question")
    options = content.get("options")
    multiple = content.get("multiple", False)
    anonymous = content.get("anonymous", False)
    results = content.get("results", Poll.Results.LIVE)
    if not isinstance(question, str) or not question.strip() or len(question) > 300:
        raise SessionError("invalid", "`question` must be 1 to 300 characters.")
    if not isinstance(options, list) or not 2 <= len(options) <= MAX_OPTIONS:
        raise SessionError("invalid", f"`options` must list 2 to {MAX_OPTIONS} choices.")
    labels = [o.strip() if isinstance(o, str) else "" for o in options]
    if not all(labels) or any(len(label) > 200 for label in labels):
        raise SessionError("invalid", "Each option must be 1 to 200 characters of text.")
    if len(set(labels)) != len(labels):
        raise SessionError("invalid", "Two options say the same thing.")
    if not isinstance(multiple, bool) or not isinstance(anonymous, bool):
        raise SessionError("invalid", "`multiple` and `anonymous` must be true or false.")
    if results not in Poll.Results.values:
        raise SessionError("invalid", '`results` must be "live" or "closed".')
    if Poll.objects.filter(room=room, closed_at__isnull=True).count() >= MAX_OPEN_POLLS:
        raise SessionError("forbidden", f"At most {MAX_OPEN_POLLS} polls may be open at once.")
    with transaction.atomic():
        poll = Poll.objects.create(
            room=room,
            question=question.strip(),
            multiple=multiple,
            anonymous=anonymous,
            results=results,
            created_by=user,
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, position=n, label=label) for n, label in enumerate(labels)
        )
    return poll


def vote(room, user, content):
    """Store this participant's ballot; returns (poll, the options chosen)."""
    poll = _poll(room, content.get("poll"))
    if not poll.is_open:
        raise SessionError("closed", "This poll is closed.")
    chosen = content.get("options")
    if not isinstance(chosen, list) or not chosen:
        raise SessionError("invalid", "`options` must list the option ids you choose.")
    if any(isinstance(c, bool) or not isinstance(c, int) for c in chosen):
        raise SessionError("invalid", "`options` must list option ids.")
    chosen = set(chosen)
    if not poll.multiple and len(chosen) > 1:
        raise SessionError("invalid", "This poll takes one choice.")
    options = set(PollOption.objects.filter(poll=poll).values_list("pk", flat=True))
    current = set(PollVote.objects.filter(poll=poll, user=user).values_list("option_id", flat=True))
    if not chosen <= options:
        raise SessionError("invalid", "An option is not part of this poll.")
    if current == chosen:
        raise SessionError("already_voted", "You have already voted this way.")
    with transaction.atomic():
        if current - chosen:
            PollVote.objects.filter(poll=poll, user=user, option_id__in=current - chosen).delete()
        PollVote.objects.bulk_create(
            [PollVote(poll=poll, option_id=o, user=user) for o in chosen - current],
            ignore_conflicts=True,
        )
    return poll, sorted(chosen)


def close_poll(room, content):
    poll = _poll(room, content.get("poll"))
    if not poll.is_open:
        raise SessionError("closed", "This poll is closed already.")
    Poll.objects.filter(pk=poll.pk).update(closed_at=timezone.now())
    poll.closed_at = timezone.now()
    return poll


def voters_by_option(poll):
    """For the record of a poll that is not anonymous: who chose each option."""
    if poll.anonymous:
        return {}
    rows = list(PollVote.objects.filter(poll=poll).values_list("option_id", "user_id"))
    descriptions = people.describe_many(user_id for _, user_id in rows)
    chosen = {}
    for option_id, user_id in rows:
        chosen.setdefault(option_id, []).append(people.person_frame(user_id, descriptions))
    return chosen
