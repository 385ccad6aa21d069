"""Polls: a facilitator opens one, participants vote (and may change their vote while it
is open), results go to everyone live or once it closes, and closed polls stay."""

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from core import people

from .models import Poll, PollOption, PollVote
from .session import SessionError

MAX_OPTIONS = 10
MAX_OPEN_POLLS = 5
# A ballot that loses a race with another tab of the same participant is read again and
# stored again, at most this many times in all.
VOTE_ATTEMPTS = 3


def _poll(room, poll_id):
    if isinstance(poll_id, bool) or not isinstance(poll_id, int):
        raise SessionError("invalid", "`poll` must be a poll's id.")
    poll = Poll.objects.filter(room=room, pk=poll_id).first()
    if poll is None:
        raise SessionError("invalid", f"Poll {poll_id} is not in this room.")
    return poll


def poll_frame(poll, with_results):
    """A poll as the protocol sends it; counts only when results may be shown."""
    frame = counted_frame(poll)
    return frame if with_results else without_results(frame)


def counted_frame(poll):
    """The poll with every option's votes and the number of voters, counted once: the
    options with their counts in one query, and for a multiple-choice poll the voters in
    a second (a single-choice poll has one vote per voter)."""
    options = list(
        PollOption.objects.filter(poll=poll)
        .order_by("position")
        .annotate(n=Count("votes"))
        .values_list("pk", "label", "n")
    )
    if poll.multiple:
        voters = PollVote.objects.filter(poll=poll).values("user").distinct().count()
    else:
        voters = sum(n for _, _, n in options)
    return {
        "id": poll.pk,
        "question": poll.question,
        "multiple": poll.multiple,
        "anonymous": poll.anonymous,
        "results": poll.results,
        "state": "open" if poll.is_open else "closed",
        "options": [{"id": pk, "label": label, "votes": n} for pk, label, n in options],
        "voters": voters,
    }


def without_results(frame):
    """The same poll for someone who may not see the counts yet."""
    return {
        **frame,
        "options": [{"id": o["id"], "label": o["label"]} for o in frame["options"]],
    }


def results_visible(poll, facilitator):
    return facilitator or not poll.is_open or poll.results == Poll.Results.LIVE


def polls_for(room, user, facilitator):
    """Every poll of the room, open and closed, with this participant's own choice.

    Counted for all the room's polls at once: the polls, their options with counts, the
    voters of multiple-choice polls and this participant's ballots, a query each."""
    polls = list(Poll.objects.filter(room=room).order_by("created", "pk"))
    if not polls:
        return []
    options = {}
    for poll_id, pk, label, n in (
        PollOption.objects.filter(poll__room=room)
        .order_by("poll", "position")
        .annotate(n=Count("votes"))
        .values_list("poll_id", "pk", "label", "n")
    ):
        options.setdefault(poll_id, []).append({"id": pk, "label": label, "votes": n})
    voters = {}
    if any(poll.multiple for poll in polls):
        voters = dict(
            PollVote.objects.filter(poll__room=room, poll__multiple=True)
            .values("poll")
            .annotate(n=Count("user", distinct=True))
            .values_list("poll", "n")
        )
    mine = {}
    if user.is_authenticated:
        for poll_id, option_id in PollVote.objects.filter(poll__room=room, user=user).values_list(
            "poll_id", "option_id"
        ):
            mine.setdefault(poll_id, []).append(option_id)
    listed = []
    for poll in polls:
        listed_options = options.get(poll.pk, [])
        frame = {
            "id": poll.pk,
            "question": poll.question,
            "multiple": poll.multiple,
            "anonymous": poll.anonymous,
            "results": poll.results,
            "state": "open" if poll.is_open else "closed",
            "options": listed_options,
            "voters": voters.get(poll.pk, 0)
            if poll.multiple
            else sum(o["votes"] for o in listed_options),
        }
        if not results_visible(poll, facilitator):
            frame = without_results(frame)
        listed.append({**frame, "mine": sorted(mine.get(poll.pk, []))})
    return listed


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
    """Store this participant's ballot; returns (poll, the options chosen).

    A single-choice poll holds at most one vote per participant, by a constraint
    (`workshop_poll_single_vote`): two tabs voting at once cannot both get in. The one
    that loses the race reads the ballot again and replaces it, so the last one wins."""
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
    if not chosen <= option_ids(poll):
        raise SessionError("invalid", "An option is not part of this poll.")
    for attempt in range(VOTE_ATTEMPTS):
        mine = PollVote.objects.filter(poll=poll, user=user)
        current = set(mine.values_list("option_id", flat=True))
        if current == chosen:
            raise SessionError("already_voted", "You have already voted this way.")
        new = [
            PollVote(poll=poll, option_id=o, user=user, single=not poll.multiple)
            for o in chosen - current
        ]
        try:
            if not current and len(new) == 1:
                new[0].save(force_insert=True)  # a first vote for one option: one INSERT
            else:
                with transaction.atomic():
                    if current - chosen:
                        mine.filter(option_id__in=current - chosen).delete()
                    # A multiple-choice option chosen in another tab meanwhile is the same
                    # vote; a single-choice clash must be seen, so it is not ignored.
                    PollVote.objects.bulk_create(new, ignore_conflicts=poll.multiple)
        except IntegrityError:
            if attempt == VOTE_ATTEMPTS - 1:
                raise
            continue
        return poll, sorted(chosen)
    raise AssertionError("unreachable")  # the last attempt returns or raises


# A poll's options never change once it is open: each process reads them once.
_option_ids = {}  # poll id -> frozenset of option ids


def option_ids(poll):
    ids = _option_ids.get(poll.pk)
    if ids is None:
        ids = frozenset(PollOption.objects.filter(poll=poll).values_list("pk", flat=True))
        if len(_option_ids) > 10000:
            _option_ids.clear()
        _option_ids[poll.pk] = ids
    return ids


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
