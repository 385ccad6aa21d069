"""The room frames a facilitator runs a session with: status, agenda, polls, the hand
queue, moderated questions, notes and outcomes, breakouts. Mixed into
`WorkshopConsumer`; the protocol is in docs/workshops.md.

Each handler does its database work in one call to the worker thread. A refusal raises
`SessionError`, which the consumer's `receive` answers with an `error` frame (its code and
detail) like every other bad frame; every string in these frames is checked there first,
and every frame reaches the room through the consumer's `_broadcast`, retried like chat.
"""

import asyncio
import datetime
import logging
import time
import weakref

from channels.db import database_sync_to_async
from django.conf import settings

from core import people

from . import breakout_end, breakouts, followup, hands, notes, polls, questions, session
from .session import SessionError

# A poll's results go out at most once in this many seconds from a server process, so 500
# people voting at once are sent a handful of result frames rather than 500.
POLL_RESULTS_DELAY = getattr(settings, "WORKSHOP_POLL_RESULTS_DELAY", 0.1)

logger = logging.getLogger(__name__)


def _sync(function):
    return database_sync_to_async(function)


def _parallel(function):
    """For work whose order does not matter (votes): a thread of the pool rather than the
    one thread all other database work waits for, so a room voting at once commits in
    parallel instead of one commit at a time."""
    return database_sync_to_async(function, thread_sensitive=False)


class FacilitationFrames:
    """Handlers for the session's frames; `FACILITATION_HANDLERS` maps frame types to them."""

    # Sending to part of the room

    async def _to_staff(self, frame, user_id=None, group=None):
        """To the room's facilitators (and the participant `user_id`, if given); True if
        the channel layer took it."""
        return await self._broadcast(
            frame, event="room.staff", keep_self=True, group=group, user=user_id
        )

    async def room_staff(self, event):
        if self.access.facilitator or (
            event.get("user") is not None and event["user"] == self.user.pk
        ):
            await self.deliver(event["text"])

    # Status and agenda

    async def on_open(self, content):
        self._require_facilitator()
        frame = await _sync(session.open_room)(self.room, self.user)
        await self._broadcast(frame)

    async def on_agenda(self, content):
        self._require_facilitator()
        if "items" in content:
            frame = await _sync(session.set_agenda)(self.room, content["items"])
        elif "current" in content:
            frame = await _sync(session.set_current)(self.room, content["current"])
        else:
            raise SessionError("invalid", "An `agenda` frame carries `items` or `current`.")
        await self._broadcast(frame)

    # Polls

    async def on_poll_open(self, content):
        self._require_facilitator()
        poll = await _sync(polls.open_poll)(self.room, self.user, content)
        await self._announce_poll_now(poll)

    async def on_vote(self, content):
        self._require_writer()
        poll, chosen = await _parallel(polls.vote)(self.room, self.user, content)
        await self.send_json({"type": "voted", "poll": poll.pk, "options": chosen})
        PollResults.changed(poll.pk, self)

    async def on_poll_close(self, content):
        self._require_facilitator()
        poll = await _sync(polls.close_poll)(self.room, content)
        await self._announce_poll_now(poll)

    async def _announce_poll_now(self, poll, group=None, count=_sync):
        """The poll to the room: counted once, sent once to everyone (with the counts if
        they may be shown) and, while they are hidden from participants, once more with
        them to the facilitators."""
        frame = await count(polls.counted_frame)(poll)
        # Sent for a voter's connection (PollResults, naming the group), a failure does
        # not close that connection: it may be gone, and its own frame was answered.
        keep_self = group is not None
        if polls.results_visible(poll, facilitator=False):
            await self._broadcast({"type": "poll", "poll": frame}, group=group, keep_self=keep_self)
            return
        await self._broadcast(
            {"type": "poll", "poll": polls.without_results(frame)},
            group=group,
            keep_self=keep_self,
        )
        await self._to_staff({"type": "poll", "poll": frame}, group=group)

    # The hand queue

    async def broadcast_queue(self):
        frame = await _sync(hands.queue_frame)(self.room)
        await self._broadcast(frame)

    async def on_floor(self, content):
        self._require_facilitator()
        if content.get("release") is True:
            frame = await _sync(hands.release_floor)(self.room)
        else:
            frame = await _sync(hands.give_floor)(self.room, content.get("user"))
            # The speaker's hand goes down, as if they had lowered it.
            floor = {k: frame["floor"][k] for k in ("id", "name", "city", "organisation")}
            await self._broadcast({"type": "hand", "user": floor, "raised": False})
        await self._broadcast(frame)

    async def on_clear_hands(self, content):
        self._require_facilitator()
        frame = await _sync(hands.clear_queue)(self.room)
        await self._broadcast(frame)
        state = await _sync(self._participants)()
        await self._broadcast({"type": "presence", **state})

    def _participants(self):
        from . import services

        return services.participants(self.room)

    # Moderated questions

    async def hold_question(self, body, client_id):
        """Keep a participant's question for approval, in a moderated room; True if held."""
        if self.access.facilitator:
            return False
        if not await _sync(questions.is_held)(self.room, False):
            return False
        frame, created = await _sync(questions.hold)(self.room, self.user, body, client_id)
        if created and await self._to_staff(frame, user_id=self.user.pk):
            return True
        # A resend, or held but not delivered: the author hears it is kept all the same,
        # so it leaves their outbox (then, if the layer is down, the socket closes).
        await self.send_json(frame)
        if created:
            await self.unavailable()
        return True

    async def on_approve(self, content):
        self._require_facilitator()
        frame, held = await _sync(questions.approve)(self.room, self.user, content.get("id"))
        await self._to_staff({"type": "held_decided", "id": held.pk, "approved": True})
        await self._broadcast(frame)

    async def on_decline(self, content):
        self._require_facilitator()
        held = await _sync(questions.decline)(self.room, self.user, content.get("id"))
        await self._to_staff(
            {"type": "held_decided", "id": held.pk, "approved": False}, user_id=held.author_id
        )

    async def on_reply(self, content):
        self._require_facilitator()
        seq = content.get("id")
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
            raise SessionError("invalid", "`id` must be a message number.")
        frame = await _sync(questions.reply)(self.room, self.user, seq, content.get("body"))
        await self._broadcast(frame)

    async def on_moderation(self, content):
        self._require_facilitator()
        frame = await _sync(session.set_settings)(self.room, content)
        await self._broadcast(frame)

    # Notes and outcomes

    async def on_notes(self, content):
        self._require_writer()
        if not await _sync(notes.may_edit_notes)(self.room, self.access.facilitator):
            raise SessionError("forbidden", "Only facilitators edit the notes in this room.")
        try:
            frame = await _sync(notes.save_notes)(
                self.room, self.user, content.get("body"), content.get("version")
            )
        except SessionError as error:
            if error.code == "conflict":
                await self.send_json(await _sync(notes.notes_frame)(self.room))
            raise
        await self._broadcast(frame)

    async def on_outcome(self, content):
        self._require_facilitator()
        frame = await _sync(notes.add_outcome)(self.room, self.user, content)
        await self._broadcast({"type": "outcome", "outcome": frame})

    async def on_outcome_remove(self, content):
        self._require_facilitator()
        await _sync(notes.remove_outcome)(self.room, content.get("id"))
        await self._broadcast({"type": "outcome_removed", "id": content["id"]})

    # Breakouts

    async def on_breakout_start(self, content):
        self._require_facilitator()
        frame = await _sync(breakouts.start)(self.room, self.user, content)
        ends_at = datetime.datetime.fromisoformat(frame["ends_at"])
        await self._broadcast({"type": "breakout", "breakout": frame}, deadline=ends_at.timestamp())
        # Ended on time by this process, whether or not the facilitator is still here.
        breakout_end.schedule(self.channel_layer, frame["id"], ends_at)

    async def on_breakout_end(self, content):
        self._require_facilitator()
        ended = await _sync(breakouts.end)(self.room)
        await breakout_end.announce(self._broadcast, ended)

    # Closing

    async def after_close(self):
        """Once the room is closed: tell everyone the status, send unanswered questions."""
        state = await _sync(session.status_frame_for)(self.room)
        await self._broadcast({"type": "status", "status": state})
        self._spawn(_sync(followup.send_unanswered)(self.room.pk))

    def welcome_extra(self):
        """The session's part of the welcome (synchronous: the consumer's join calls it).

        A breakout whose time is up is ended first (`breakout_end`); `self.breakout_ended`
        keeps what to announce once the welcome is sent."""
        state, breakout, ended = breakouts.end_if_overdue(self.room)
        self.breakout_ended = ended if state == "ended" else None
        # The main room's breakout, looked up just now (False: none running).
        main_breakout = breakout if state == "running" else False
        return session.welcome_extra(
            self.room, self.user, self.access.facilitator, breakout=main_breakout
        )

    def learn_deadline(self, breakout):
        """Keep the end time of the breakout under way (from a welcome or a frame)."""
        self.breakout_deadline = None
        if breakout and breakout.get("state") == "running":
            self.breakout_deadline = datetime.datetime.fromisoformat(
                breakout["ends_at"]
            ).timestamp()

    async def check_breakout_deadline(self):
        """On every frame: a breakout whose time is up ends now, if nothing ended it yet."""
        if self.breakout_deadline is None or time.time() < self.breakout_deadline:
            return
        self.breakout_deadline = None
        state, breakout, ended = await _sync(breakouts.end_if_overdue)(self.room)
        if state == "ended":
            await breakout_end.announce(self._broadcast, ended)
        elif state == "running":
            self.breakout_deadline = breakout.ends_at.timestamp()
        elif state == "ended_before":
            # Ended elsewhere (cron, another process) and its announcement missed us.
            main, frame, _ = ended
            self.room.status = self.room.Status.CLOSED
            await self.send_json(breakout_end.back_frame(frame["id"], main))

    def person(self):
        """The connection's user as frames name a person."""
        return {"id": self.user.pk, **people.describe(self.user)}


# What a breakout group's sub-room runs besides chat, questions and hands: its notes and
# its hand queue. The rest of the session (agenda, polls, moderation, outcomes, breakouts)
# belongs to the main room.
SUBROOM_FRAMES = {"notes", "floor", "clear_hands"}

FACILITATION_HANDLERS = {
    "open": FacilitationFrames.on_open,
    "agenda": FacilitationFrames.on_agenda,
    "poll_open": FacilitationFrames.on_poll_open,
    "vote": FacilitationFrames.on_vote,
    "poll_close": FacilitationFrames.on_poll_close,
    "floor": FacilitationFrames.on_floor,
    "clear_hands": FacilitationFrames.on_clear_hands,
    "approve": FacilitationFrames.on_approve,
    "decline": FacilitationFrames.on_decline,
    "reply": FacilitationFrames.on_reply,
    "moderation": FacilitationFrames.on_moderation,
    "notes": FacilitationFrames.on_notes,
    "outcome": FacilitationFrames.on_outcome,
    "outcome_remove": FacilitationFrames.on_outcome_remove,
    "breakout_start": FacilitationFrames.on_breakout_start,
    "breakout_end": FacilitationFrames.on_breakout_end,
}


class PollResults:
    """A poll's results, sent at most once per POLL_RESULTS_DELAY from this process.

    The first vote after a quiet spell is announced at once; votes stored while a frame
    is being counted or within the delay after it share the next frame, which is counted
    from the database once, after they were stored, so it includes them. The frame goes
    to the room's group, so every process's participants get it once; a room served by
    several processes gets at most one a delay from each process that stored votes.
    """

    _pending = weakref.WeakKeyDictionary()  # event loop -> {poll id: PollResults}

    def __init__(self, poll_id):
        self.poll_id = poll_id
        self.dirty = False
        self.last = float("-inf")
        self.task = None
        self.consumer = None

    @classmethod
    def changed(cls, poll_id, consumer):
        loop = asyncio.get_running_loop()
        registry = cls._pending.setdefault(loop, {})
        results = registry.get(poll_id)
        if results is None:
            # Polls long quiet are forgotten; a poll keeps its last time while it is busy.
            now = loop.time()
            for key, idle in list(registry.items()):
                if idle.task is None and now - idle.last > 60:
                    del registry[key]
            results = registry[poll_id] = cls(poll_id)
        # The latest voter's connection sends it (to the room's group, named here, so
        # it works after that socket has gone too).
        results.consumer, results.group = consumer, consumer.group
        results.dirty = True
        if results.task is None:
            results.task = asyncio.ensure_future(results._run())

    async def _run(self):
        loop = asyncio.get_running_loop()
        try:
            while self.dirty:
                wait = self.last + POLL_RESULTS_DELAY - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                self.dirty = False
                self.last = loop.time()
                try:
                    poll = await _parallel(polls.Poll.objects.get)(pk=self.poll_id)
                    await self.consumer._announce_poll_now(poll, self.group, count=_parallel)
                except Exception:
                    logger.exception("Announcing the results of poll %s failed", self.poll_id)
        finally:
            self.task = None
