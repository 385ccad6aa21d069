"""What the room consumer does to the database, as plain synchronous functions.

The consumer calls each through `database_sync_to_async`, one call per frame, so a
frame costs one trip to the worker thread and only the queries it needs.
"""

import collections
import datetime
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from core import people

from .models import (
    Connection,
    HandRaise,
    HeldQuestion,
    Message,
    QuestionVote,
    WorkshopRoom,
    display_name,
)

HISTORY_SIZE = 50
# Catch-up is paged: at most this many messages, and about this many bytes of bodies, in
# one frame; the client asks for the next page with a `history` frame.
HISTORY_PAGE = 100
HISTORY_PAGE_BYTES = 128 * 1024
# A connection refreshes its row this often; rows older than STALE_AFTER belong to a
# server process that died without saying goodbye.
HEARTBEAT_SECONDS = getattr(settings, "WORKSHOP_HEARTBEAT_SECONDS", 60)
STALE_AFTER = datetime.timedelta(seconds=HEARTBEAT_SECONDS * 3)


class Forbidden(Exception):
    """The participant may not do this; the detail says why."""


class NotFound(Exception):
    """The frame names a message the room does not have."""


class RateLimited(Exception):
    """Over the room's rate limit; `retry_after` says in how many seconds to try again."""

    def __init__(self, retry_after, what="messages"):
        limit = rate_limit()
        super().__init__(
            f"Slow down: at most {limit['messages']} {what} in {limit['seconds']} seconds. "
            f"Try again in {retry_after:.1f} s."
        )
        self.retry_after = retry_after


def rate_limit():
    """The one rule for how fast a participant may write: settings.WORKSHOP_RATE_LIMIT."""
    return settings.WORKSHOP_RATE_LIMIT


class FrameRate:
    """The same rule for every other frame that changes the room (votes, hands, notes,
    outcomes, moderation...): a sliding window of the last frames of each participant in
    each room, kept by the server process (all of a participant's tabs on it share one).

    Called from the event loop only. Messages are counted in the database instead
    (`check_rate`), so the limit holds for them across processes.
    """

    def __init__(self):
        self.windows = {}  # (room pk, user pk) -> deque of times (time.monotonic())

    def take(self, room_pk, user_pk, now=None):
        """Count one frame, or raise RateLimited if the window is full. Returns the slot
        to `give_back` if the frame is refused for another reason."""
        limit = rate_limit()
        now = time.monotonic() if now is None else now
        key = (room_pk, user_pk)
        times = self.windows.get(key)
        if times is None:
            if len(self.windows) > 10000:  # forget participants long gone
                self.windows = {k: v for k, v in self.windows.items() if v and v[-1] > now - 60}
            times = self.windows[key] = collections.deque()
        while times and times[0] <= now - limit["seconds"]:
            times.popleft()
        if len(times) >= limit["messages"]:
            raise RateLimited(max(times[0] + limit["seconds"] - now, 0.1), what="actions")
        times.append(now)
        return key, now

    def give_back(self, slot):
        key, at = slot
        times = self.windows.get(key)
        if times and at in times:
            times.remove(at)


frame_rate = FrameRate()


def _with_votes(queryset, user):
    queryset = queryset.select_related("author").annotate(vote_count=Count("votes"))
    if user is not None and user.is_authenticated:
        queryset = queryset.annotate(
            voted=Exists(QuestionVote.objects.filter(message=OuterRef("pk"), user=user))
        )
    return queryset


def message_frame(message):
    frame = message.as_frame()
    if message.kind == Message.Kind.QUESTION:
        frame["voted"] = bool(getattr(message, "voted", False))
    return frame


def history_page(room, user, after):
    """The visible messages after `after`, one page: (frames, upto, more).

    `upto` is the last message number the page covers (hidden and system numbers
    included), so a client that has it has everything up to there; `more` says whether
    to ask for the next page. The room's counter is read first, so a message stored
    meanwhile is never skipped: it is past `upto` and comes live or with the next page.
    """
    newest = last_seq(room)
    messages = _with_votes(
        Message.objects.visible().filter(room=room, seq__gt=after, seq__lte=newest), user
    ).order_by("seq")[: HISTORY_PAGE + 1]
    messages = list(messages)
    people.prime([m.author for m in messages if m.author_id])  # names and cities in one query
    frames, size = [], 0
    for message in messages:
        size += len(message.body) * 4 + 300  # the most a frame of it takes, in UTF-8
        if len(frames) == HISTORY_PAGE or (frames and size > HISTORY_PAGE_BYTES):
            return frames, frames[-1]["id"], True
        frames.append(message_frame(message))
    return frames, newest, False


def welcome(room, user, after=None):
    """History, open questions and hidden ids for a (re)connecting participant."""
    latest = []
    if after is None:
        upto, more = last_seq(room), False
        visible = Message.objects.visible().filter(room=room, seq__lte=upto)
        latest = list(_with_votes(visible, user).order_by("-seq")[:HISTORY_SIZE])
    else:
        history, upto, more = history_page(room, user, after)
    # Questions are listed apart from the chat, with current votes, so a participant who
    # was away sees votes and answers that changed meanwhile: the first page here, the
    # next ones on request (`questions` frames), like the history.
    questions = _question_rows(room, user, 0)
    hidden = Message.objects.filter(room=room, state=Message.State.HIDDEN)
    # The authors' names and cities, in one query (core/people.py).
    people.prime([m.author for m in [*latest, *questions] if m.author_id])
    if after is None:
        history = [message_frame(m) for m in latest][::-1]
    questions, questions_more = _question_page(questions)
    return {
        "history": history,
        "upto": upto,
        "more": more,
        "questions": questions,
        "questions_more": questions_more,
        "hidden": list(hidden.order_by("seq").values_list("seq", flat=True)),
        "limits": {"rate": rate_limit()},
    }


def _question_rows(room, user, after):
    visible = Message.objects.visible().filter(room=room, kind=Message.Kind.QUESTION)
    questions = _with_votes(visible.filter(seq__gt=after), user).order_by("seq")
    return list(questions[: HISTORY_PAGE + 1])


def _question_page(rows):
    """At most a page of question frames (by count and size, as for the history), and
    whether more follow."""
    frames, size = [], 0
    for message in rows:
        size += len(message.body) * 4 + 300
        if len(frames) == HISTORY_PAGE or (frames and size > HISTORY_PAGE_BYTES):
            return frames, True
        frames.append(message_frame(message))
    return frames, False


def questions_page(room, user, after):
    """The visible questions after message number `after`, one page: (frames, more)."""
    rows = _question_rows(room, user, after)
    people.prime([m.author for m in rows if m.author_id])
    return _question_page(rows)


# A room's latest message number, as `pong` tells it, is read from the database at most
# this often per room and process; messages stored by this process update it at once.
LAST_SEQ_SECONDS = 1.0
_last_seq = {}  # room pk -> (number, time.monotonic() when read)


def last_seq(room):
    number = WorkshopRoom.objects.filter(pk=room.pk).values_list("last_seq", flat=True)[0]
    _remember_seq(room.pk, number, time.monotonic())
    return number


def recent_last_seq_known(room):
    """The room's latest message number if this process read it less than a second ago
    (or stored a later one since), else None: then `last_seq` reads it. Pings from every
    participant of a big room do not each cost a query; a message stored meanwhile by
    another process is at most that second late, and comes with the next ping."""
    known = _last_seq.get(room.pk)
    if known is not None and time.monotonic() - known[1] < LAST_SEQ_SECONDS:
        return known[0]
    return None


def _remember_seq(room_pk, number, at):
    known = _last_seq.get(room_pk)
    if known is None or number >= known[0]:
        if len(_last_seq) > 10000:
            _last_seq.clear()
        _last_seq[room_pk] = (number, at)


def check_rate(room, user, now):
    """Refuse a message over the limit: a sliding window over the author's stored messages
    and the questions they have waiting for approval in a moderated room (an approved one
    counts as its message).

    Run with the room row locked (allocate_seq() does it), so two tabs of one participant
    count each other's messages; the refused message's number rolls back with it.
    """
    limit = rate_limit()
    window = datetime.timedelta(seconds=limit["seconds"])
    recent = [
        *Message.objects.filter(room=room, author=user, created__gt=now - window)
        .order_by("-created")
        .values_list("created", flat=True)[: limit["messages"]],
        *HeldQuestion.objects.filter(room=room, author=user, created__gt=now - window)
        .exclude(state=HeldQuestion.State.APPROVED)
        .order_by("-created")
        .values_list("created", flat=True)[: limit["messages"]],
    ]
    recent = sorted(recent, reverse=True)[: limit["messages"]]
    if len(recent) >= limit["messages"]:
        raise RateLimited(max((recent[-1] + window - now).total_seconds(), 0.1))


def store_message(room, user, body, client_id, kind, rate_limited=True):
    """Store a message; returns (frame, created). A resent client_id returns the stored one,
    even over the rate limit; a new one over it raises RateLimited. A held question being
    approved passes `rate_limited=False`: it was counted when it was asked."""
    existing = stored_message(room, user, client_id)
    if existing is not None:
        return existing, False
    now = timezone.now()
    try:
        with transaction.atomic():
            seq = room.allocate_seq()
            if seq is None:
                raise Forbidden("The room is closed.")
            if rate_limited:
                check_rate(room, user, now)
            message = Message.objects.create(
                room=room,
                seq=seq,
                author=user,
                kind=kind,
                body=body,
                client_id=client_id,
                created=now,
            )
    except IntegrityError:
        # The counter increment rolled back with the insert; answer with what we have.
        existing = stored_message(room, user, client_id)
        if existing is None:
            raise
        return existing, False
    message.author = user
    message.vote_count = 0
    known = _last_seq.get(room.pk)
    if known is not None:
        _remember_seq(room.pk, seq, known[1])
    return message_frame(message), True


def stored_message(room, user, client_id):
    """The message this author already stored under client_id, if any."""
    existing = _with_votes(
        Message.objects.filter(room=room, author=user, client_id=client_id), user
    ).first()
    return message_frame(existing) if existing else None


def system_message(room, body):
    with transaction.atomic():
        seq = room.allocate_seq()
        if seq is None:
            return None
        message = Message.objects.create(room=room, seq=seq, kind=Message.Kind.SYSTEM, body=body)
    return message.as_frame()


def _visible_message(room, seq):
    message = Message.objects.visible().filter(room=room, seq=seq).first()
    if message is None:
        raise NotFound(f"Message {seq} does not exist in this room.")
    return message


def upvote(room, user, seq):
    """Count one vote per participant; returns (votes, created)."""
    message = _visible_message(room, seq)
    if message.kind != Message.Kind.QUESTION:
        raise Forbidden("Only questions can be upvoted.")
    if message.author_id == user.pk:
        raise Forbidden("You cannot upvote your own question.")
    try:
        with transaction.atomic():
            QuestionVote.objects.create(message=message, user=user)
        created = True
    except IntegrityError:
        created = False
    return QuestionVote.objects.filter(message=message).count(), created


def mark_answered(room, seq, answered):
    message = _visible_message(room, seq)
    if message.kind != Message.Kind.QUESTION:
        raise Forbidden("Only questions can be marked answered.")
    Message.objects.filter(pk=message.pk).update(answered=answered)


def hide(room, user, seq):
    updated = Message.objects.filter(room=room, seq=seq).update(
        state=Message.State.HIDDEN, hidden_by=user, hidden_at=timezone.now()
    )
    if not updated:
        raise NotFound(f"Message {seq} does not exist in this room.")


def close(room, user):
    """Close the room; returns the system message frame, or None if it was closed already."""
    frame = system_message(room, f"{display_name(user)} closed the room.")
    WorkshopRoom.objects.filter(pk=room.pk).update(
        status=WorkshopRoom.Status.CLOSED, closed_at=timezone.now()
    )
    return frame


def set_hand(room, user, raised):
    if raised:
        HandRaise.objects.get_or_create(room=room, user=user)
    else:
        HandRaise.objects.filter(room=room, user=user).delete()


# Presence


# Connections left by a server process that died are swept by a join at most this often
# per process (they are ignored as soon as they are stale anyway).
SWEEP_SECONDS = HEARTBEAT_SECONDS / 2
_last_sweep = [float("-inf")]


def sweep_if_due(now):
    if time.monotonic() - _last_sweep[0] > SWEEP_SECONDS:
        _last_sweep[0] = time.monotonic()
        sweep(now)


def sweep(now):
    """Delete stale connections; lower the hands of whoever they left with no connection."""
    stale = Connection.objects.filter(last_seen__lt=now - STALE_AFTER)
    if stale._raw_delete(stale.db):
        HandRaise.objects.exclude(
            Exists(Connection.objects.filter(room=OuterRef("room"), user=OuterRef("user")))
        ).delete()


def join(room, user, channel_name, facilitator=None):
    """Record an open connection; the first facilitator to arrive makes the room live.
    `facilitator`: whether the user facilitates the room, if the caller knows."""
    now = timezone.now()
    sweep_if_due(now)
    # A socket's channel name is new, so its row is too: one insert.
    Connection.objects.create(
        channel_name=channel_name,
        room=room,
        user=user if user.is_authenticated else None,
        connected_at=now,
        last_seen=now,
    )
    if facilitator is None:
        facilitator = room.status == WorkshopRoom.Status.SCHEDULED and room.is_facilitator(user)
    if room.status == WorkshopRoom.Status.SCHEDULED and facilitator and not room.is_withdrawn():
        WorkshopRoom.objects.filter(pk=room.pk, status=WorkshopRoom.Status.SCHEDULED).update(
            status=WorkshopRoom.Status.LIVE
        )
        room.status = WorkshopRoom.Status.LIVE


def leave(room, user, channel_name):
    """Forget a connection; a participant with no connection left lowers their hand."""
    Connection.objects.filter(channel_name=channel_name).delete()
    if user.is_authenticated and not Connection.objects.filter(room=room, user=user).exists():
        HandRaise.objects.filter(room=room, user=user).delete()


def heartbeat(channel_name):
    now = timezone.now()
    Connection.objects.filter(channel_name=channel_name).update(last_seen=now)
    sweep_if_due(now)


def participants(room, described=None):
    """Signed-in participants connected to any server process, and the count of guests.
    `described`, a dict, is given the descriptions of everyone present.

    Called for every welcome and every presence frame, so with hundreds in a room it
    reads plain values rather than building a Connection and a User per row.
    """
    fresh = Connection.objects.filter(room=room, last_seen__gte=timezone.now() - STALE_AFTER)
    # Who facilitates and whose hand is up, in the same query.
    Facilitating = WorkshopRoom.facilitators.through
    rows = (
        fresh.order_by("connected_at")
        .annotate(
            facilitates=Exists(
                Facilitating.objects.filter(workshoproom=room, user=OuterRef("user"))
            ),
            hand=Exists(HandRaise.objects.filter(room=room, user=OuterRef("user"))),
        )
        .values_list("user_id", "user__is_superuser", "facilitates", "hand")
    )
    users = {}
    guests = 0
    for user_id, is_superuser, facilitates, hand in rows:
        if user_id is None:
            guests += 1
        elif user_id not in users:
            users[user_id] = (is_superuser or facilitates, hand)
    # Display names and cities of everyone present, in one query (core/people.py).
    descriptions = people.describe_many(users)
    if described is not None:
        described.update(descriptions)
    listed = [
        {
            **people.person_frame(user_id, descriptions),
            "facilitator": facilitator,
            "hand": hand,
        }
        for user_id, (facilitator, hand) in users.items()
    ]
    # Facilitators first, then grouped by city (people without one last), then by name.
    listed.sort(
        key=lambda p: (
            not p["facilitator"],
            p["city"] == "",
            p["city"].casefold(),
            p["name"].casefold(),
        )
    )
    return {"participants": listed, "guests": guests}
