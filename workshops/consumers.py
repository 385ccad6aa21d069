"""The WebSocket side of a workshop room. The protocol is described in docs/workshops.md."""

import asyncio
import json
import logging
import random
import re
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from core import people
from core.text import first_control_character

from . import breakout_end, fanout, services
from .facilitation import FACILITATION_HANDLERS, SUBROOM_FRAMES, FacilitationFrames
from .models import MAX_BODY_LENGTH, Message, WorkshopRoom
from .session import SessionError

logger = logging.getLogger(__name__)
MAX_FRAME_BYTES = 64 * 1024
# What a client_id may hold: the browser sends a UUID. Letters, digits and . _ : - only,
# so no id can carry a NUL, a lone surrogate or markup into the database or a reply.
CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# Message numbers and user ids fit a 32-bit column on every database.
MAX_ID = 2**31 - 1
# Joins and leaves within this many seconds share one presence frame, so a room of
# hundreds filling up is not sent hundreds of participant lists.
PRESENCE_DELAY = getattr(settings, "WORKSHOP_PRESENCE_DELAY", 0.25)

CLOSE_SIGN_IN_REQUIRED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_UNKNOWN_ROOM = 4404
CLOSE_WITHDRAWN = 4410  # the room's page was unpublished or deleted
CLOSE_UNAVAILABLE = 4503  # the live connection (Redis) is down: reconnect later
# (1013, "try again later", is what it means, but Daphne only sends 1000 and 3000-4999)
# Frames outside the frame rate limit: chat is counted in the database with the stored
# messages (services.check_rate), and reading (pings, history pages) changes nothing.
UNLIMITED_FRAMES = {"chat", "ping", "history", "questions"}
# Nor is a facilitator's moderation of what participants sent: approving or declining
# held questions, hiding, marking answered, the floor, lowering hands.
MODERATION_FRAMES = {"approve", "decline", "hide", "answer", "floor", "clear_hands"}
CLOSE_CODES = {"sign_in": CLOSE_SIGN_IN_REQUIRED, "forbidden": CLOSE_FORBIDDEN,
               "withdrawn": CLOSE_WITHDRAWN}  # fmt: skip


class FrameError(Exception):
    def __init__(self, code, detail, **extra):
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.extra = extra


def _encode(frame):
    # UTF-8 as it is (not \u escapes): a character takes at most 4 bytes on the wire.
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _message_id(content):
    value = content.get("id")
    if not _is_id(value):
        raise FrameError("invalid", "`id` must be a message number.")
    return value


def _check_strings(content):
    """`_check_text` on every string a frame holds (its values, lists and objects)."""
    pending = [(content, "")]
    while pending:
        value, field = pending.pop()
        if isinstance(value, str):
            _check_text(value, field or "frame")
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, "key")
                pending.append((item, f"{field}.{key}" if field else key))
        elif isinstance(value, list):
            pending.extend((item, f"{field}[{index}]") for index, item in enumerate(value))


def _check_text(value, field):
    """Refuse text no database or reader can use: lone surrogates, NUL and other controls."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise FrameError(
            "invalid", f"`{field}` holds a lone surrogate (not Unicode text)."
        ) from error
    control = first_control_character(value)
    if control:
        raise FrameError("invalid", f"`{field}` holds a control character ({control}).")


def _pooled(function):
    """For database work that no other frame waits on (a socket's joining and leaving,
    the presence list, reading pages): a thread of the pool, not the one thread that
    stores what the room's frames change, so a room filling up or emptying at once is
    not queued behind one thread."""
    return database_sync_to_async(function, thread_sensitive=False)


def _room_and_access(slug, user, session):
    """The room and what this visitor may do in it, computed once per connection."""
    room = WorkshopRoom.objects.select_related("page").filter(slug=slug).first()
    if room is None:
        return None, None
    return room, room.access(user, session=session)


_load_room = _pooled(_room_and_access)
# A recheck after the room's page changed waits its turn on the one database thread, behind
# the change itself (a view restriction is saved, then its groups): checked from the pool
# it could see the restriction before its groups, and refuse a member.
_reload_room = database_sync_to_async(_room_and_access)


@database_sync_to_async
def _post(room, user, body, client_id, kind):
    try:
        return services.store_message(room, user, body, client_id, kind)
    except services.Forbidden as error:
        raise FrameError("forbidden", str(error)) from error


class WorkshopConsumer(FacilitationFrames, AsyncJsonWebsocketConsumer):
    room = None
    group = None
    joined = False
    breakout_deadline = None  # when the breakout under way ends (a Unix time)
    breakout_ended = None

    @classmethod
    async def encode_json(cls, content):
        return _encode(content)

    async def __call__(self, scope, receive, send):
        try:
            await super().__call__(scope, receive, send)
        finally:
            # However the socket ends (a disconnect, a crash, its server shutting down, a
            # test cancelling it), its presence row goes, a hand it leaves up is lowered,
            # and it leaves the room's listener; the last one out stops the listener
            # rather than leave it receiving forever. A process that dies outright cannot
            # do this: its rows expire (services.STALE_AFTER).
            await self._leave_room()

    async def connect(self):
        self.user = self.scope["user"]
        self.tasks = set()
        self.early = []  # broadcasts that arrive before the welcome is sent
        slug = self.scope["url_route"]["kwargs"]["slug"]
        self.room, self.access = await _load_room(slug, self.user, self.scope.get("session"))
        # Accept first so the browser sees our close code rather than a failed handshake.
        await self.accept()
        if self.room is None:
            await self.close(code=CLOSE_UNKNOWN_ROOM)
            return
        if not self.access.read:
            await self.close(code=CLOSE_CODES[self.access.refusal])
            return

        self.group = fanout.group_name(self.room.pk)
        # The room's events reach this consumer through the process's one listener for
        # the room (workshops/fanout.py), which calls room_frame() and room_closed().
        try:
            await fanout.join(self.channel_layer, self.group, self)
        except Exception:
            logger.warning("The channel layer is unavailable; room %s refused a socket",
                           self.room.pk, exc_info=True)  # fmt: skip
            self.group = None
            await self.unavailable()
            return
        after, after_error = self._after()
        state = await self._join(after)
        self.learn_deadline(state["breakout"])
        self.joined = True
        self.heartbeat = asyncio.ensure_future(self._heartbeat())
        await self.send_json(
            {
                "type": "welcome",
                "room": {
                    "slug": self.room.slug,
                    "title": self.room.title,
                    "status": self.room.status,
                    "visibility": self.room.visibility,
                    "url": self.room.get_absolute_url(),
                    "transcript_url": self.room.get_transcript_url(),
                },
                "you": self._you(),
                **state,
            }
        )
        early, self.early = self.early, None
        for text in early:
            await self.send(text_data=text)
        if after_error:
            await self._error("invalid", after_error)
        if self.breakout_ended is not None:
            # This connection found the breakout over and ended it: tell everyone.
            await breakout_end.announce(self._broadcast, self.breakout_ended)
        self._spawn(self._announce_presence())

    def _after(self):
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        if "after" not in query:
            return None, None
        value = query["after"][0]
        if not (value.isascii() and value.isdigit() and len(value) < 11 and int(value) <= MAX_ID):
            return None, "`after` must be a message number; sending the latest messages."
        return int(value), None

    async def _join(self, after):
        """Everything a welcome says, in one trip to a thread of the pool (`_pooled`)."""
        return await _pooled(self._welcome_state)(after)

    def _welcome_state(self, after):
        services.join(self.room, self.user, self.channel_name, self.access.facilitator)
        described = {}
        present = services.participants(self.room, described)
        if self.user.pk in described:
            # This connection's own name and city, for every frame it sends: looked up
            # with everyone present.
            setattr(self.user, people.CACHE_ATTRIBUTE, described[self.user.pk])
        return {
            **present,
            **services.welcome(self.room, self.user, after),
            **self.welcome_extra(),
        }

    def _you(self):
        if not self.user.is_authenticated:
            return {"id": None, "name": "Guest", "anonymous": True, "facilitator": False,
                    "can_write": False}  # fmt: skip
        return {
            **self.person(),
            "anonymous": False,
            "facilitator": self.access.facilitator,
            "can_write": self.access.write and not self.room.is_closed,
        }

    async def disconnect(self, code):
        await self._leave_room()

    async def _leave_room(self):
        """Forget this socket's presence, once, whichever way the socket ended."""
        if self.joined:
            self.joined = False
            self.heartbeat.cancel()
            try:
                await _pooled(services.leave)(self.room, self.user, self.channel_name)
                await self._announce_presence()
            except Exception:
                # Redis or the database failing here must not keep the rest from running;
                # the row expires by itself if it could not be deleted.
                logger.exception("Leaving room %s failed", self.room.pk)
            if self.tasks:
                await asyncio.gather(*self.tasks, return_exceptions=True)
        if self.group is not None:
            group, self.group = self.group, None
            await fanout.leave(self.channel_layer, group, self)

    def _spawn(self, coroutine):
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _heartbeat(self):
        # Jitter spreads the refreshes of a room that filled up at once.
        await asyncio.sleep(random.uniform(0, services.HEARTBEAT_SECONDS))
        while True:
            await _pooled(services.heartbeat)(self.channel_name)
            await asyncio.sleep(services.HEARTBEAT_SECONDS)

    async def _announce_presence(self):
        """Broadcast the participant list, once for a burst of joins and leaves.

        Whoever adds the cache key first announces after a short delay; the others
        rely on it. The announcer deletes the key before reading the list, so a join
        recorded after the read finds the key gone and announces again.
        """
        key = f"workshops:presence:{self.room.pk}"
        # None: the cache is unavailable (config/cache.py); announce rather than stay silent.
        if await cache.aadd(key, 1, timeout=10) is False:
            return
        await asyncio.sleep(PRESENCE_DELAY)
        await cache.adelete(key)
        state = await _pooled(services.participants)(self.room)
        await self._broadcast({"type": "presence", **state}, keep_self=True)

    async def _broadcast(self, frame, event="room.frame", keep_self=False, group=None, **extra):
        """Send to the room in every process; True if the channel layer took it.

        A failure (a stale pooled connection after Redis restarted) is retried on a fresh
        connection; if the layer stays down, the sockets of this room in this process are
        told the live connection is unavailable and closed with 4503, and their clients
        reconnect and catch up once it is back. Nothing stored is lost either way: clients
        in other processes find the missed number through the ids that follow, or the
        room's latest id in every `pong`, and fetch it.
        """
        # Encoded once here rather than once per participant.
        message = {"type": event, "text": _encode(frame), **extra}
        if await fanout.send_retried(self.channel_layer, group or self.group, message):
            return True
        await fanout.unavailable(self.channel_layer, self.group, skip=self)
        if not keep_self:
            await self.unavailable()
        return False

    async def unavailable(self):
        """Tell this socket the live connection is down, and close it so its client retries."""
        detail = "The live connection is unavailable; reconnecting."
        await self.send_json({"type": "unavailable", "detail": detail})
        await self.close(code=CLOSE_UNAVAILABLE)

    async def _error(self, code, detail, content=None, **extra):
        frame = {"type": "error", "code": code, "detail": detail, **extra}
        # Name the message that was refused, so the sender can offer it again.
        client_id = content.get("client_id") if isinstance(content, dict) else None
        if isinstance(client_id, str) and CLIENT_ID.fullmatch(client_id):
            frame["client_id"] = client_id
        await self.send_json(frame)

    # Frames from the browser

    async def receive(self, text_data=None, bytes_data=None):
        content = None
        try:
            await self.check_breakout_deadline()
            content = self._parse(text_data)
            handler = self.HANDLERS.get(content["type"])
            if handler is None:
                raise FrameError("invalid", f"Unknown frame type {content['type']!r}.")
            if content["type"] in FACILITATION_HANDLERS:
                _check_strings(content)
                if content["type"] not in SUBROOM_FRAMES and self.room.breakout_group_of():
                    raise FrameError("forbidden", "A breakout group has its chat, hands "
                                     "and notes; the rest is in the main room.")  # fmt: skip
            slot = None
            if self.user.is_authenticated and self._rate_limited(content):
                slot = services.frame_rate.take(self.room.pk, self.user.pk)
            try:
                await handler(self, content)
            except Exception:
                # A refused frame (invalid, forbidden...) changed nothing: it does not count.
                if slot is not None:
                    services.frame_rate.give_back(slot)
                raise
        except (FrameError, SessionError) as error:
            await self._error(error.code, error.detail, content, **getattr(error, "extra", {}))
        except services.RateLimited as error:
            await self._error("rate_limited", str(error), content,
                              retry_after=round(error.retry_after, 2))  # fmt: skip
        except services.Forbidden as error:
            await self._error("forbidden", str(error), content)
        except services.NotFound as error:
            await self._error("invalid", str(error), content)
        except Exception:
            # A frame this code did not foresee must not end the socket: the sender hears
            # it failed (and keeps an unstored message to send again), the room goes on.
            logger.exception("A %s frame failed in room %s", _frame_type(content), self.room.pk)
            await self._error("server_error", "The server could not handle this frame; "
                              "nothing was changed. Try again.", content)  # fmt: skip

    def _rate_limited(self, content):
        """Whether the frame counts towards the frame rate limit (services.FrameRate)."""
        if content["type"] in UNLIMITED_FRAMES:
            return False
        # A facilitator deciding on what participants sent keeps pace with them, and what
        # they send is limited already.
        moderating = content["type"] in MODERATION_FRAMES or (
            content["type"] == "hand" and content.get("user", self.user.pk) != self.user.pk
        )
        return not (self.access.facilitator and moderating)

    def _parse(self, text_data):
        if text_data is None:
            raise FrameError("invalid", "Frames are JSON text.")
        if len(text_data) > MAX_FRAME_BYTES:
            raise FrameError("too_long", "Frames are limited to 64 KB.")
        try:
            size = len(text_data.encode("utf-8"))
        except UnicodeEncodeError as error:
            raise FrameError("invalid", "The frame is not Unicode text.") from error
        if size > MAX_FRAME_BYTES:
            raise FrameError("too_long", "Frames are limited to 64 KB.")
        try:
            content = json.loads(text_data)
        except RecursionError as error:  # "[" * 30000: nested deeper than Python recurses
            raise FrameError("invalid", "The frame is nested too deeply.") from error
        except ValueError as error:
            raise FrameError("invalid", "The frame is not JSON.") from error
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            raise FrameError("invalid", 'A frame is a JSON object with a "type".')
        _check_text(content["type"], "type")
        return content

    def _require_writer(self):
        if not self.user.is_authenticated:
            raise FrameError("forbidden", "Sign in to take part.")
        if not self.access.write:
            if self.room.is_withdrawn():
                raise FrameError("forbidden", "The room's page is no longer published: "
                                 "the room is closed to writing.")  # fmt: skip
            raise FrameError("forbidden", "You may read this room but not write in it.")
        if self.room.is_closed:
            raise FrameError("forbidden", "The room is closed.")

    def _require_facilitator(self):
        self._require_writer()
        if not self.access.facilitator:
            raise FrameError("forbidden", "Only facilitators can do this.")

    async def on_chat(self, content):
        self._require_writer()
        body, client_id = content.get("body"), content.get("client_id")
        kind = content.get("kind", Message.Kind.CHAT)
        if not isinstance(client_id, str) or not CLIENT_ID.fullmatch(client_id):
            raise FrameError("invalid", "`client_id` must be 1 to 64 letters, digits or . _ : -")
        if not isinstance(body, str) or not body.strip():
            raise FrameError("invalid", "`body` must be some text.")
        if len(body) > MAX_BODY_LENGTH:
            raise FrameError("too_long", f"Messages are limited to {MAX_BODY_LENGTH} characters.")
        _check_text(body, "body")
        if kind not in (Message.Kind.CHAT, Message.Kind.QUESTION):
            raise FrameError("invalid", '`kind` must be "chat" or "question".')
        if kind == Message.Kind.QUESTION and await self.hold_question(body.strip(), client_id):
            return
        frame, created = await _post(self.room, self.user, body.strip(), client_id, kind)
        if created and await self._broadcast(frame, keep_self=True):
            return
        # A resend, or stored but not broadcast: the sender hears it is stored all the
        # same, so it leaves their outbox (then, if the layer is down, the socket closes).
        await self.send_json(frame)
        if created:
            await self.unavailable()

    async def on_hand(self, content):
        self._require_writer()
        raised = content.get("raised")
        if not isinstance(raised, bool):
            raise FrameError("invalid", "`raised` must be true or false.")
        user = self.user
        if "user" in content and content["user"] != self.user.pk:
            # Facilitators may lower someone else's hand.
            self._require_facilitator()
            if raised:
                raise FrameError("forbidden", "Only the participant can raise their own hand.")
            user = await database_sync_to_async(_user_in_room)(self.room, content["user"])
        await database_sync_to_async(services.set_hand)(self.room, user, raised)
        person = await database_sync_to_async(people.describe)(user)
        await self._broadcast({"type": "hand", "user": {"id": user.pk, **person}, "raised": raised})
        await self.broadcast_queue()

    async def on_upvote(self, content):
        self._require_writer()
        seq = _message_id(content)
        votes, created = await database_sync_to_async(services.upvote)(self.room, self.user, seq)
        frame = {"type": "upvote", "id": seq, "votes": votes}
        if created:
            await self._broadcast(frame)
        else:
            await self.send_json({**frame, "detail": "You have already upvoted this question."})

    async def on_answer(self, content):
        self._require_facilitator()
        seq = _message_id(content)
        answered = content.get("answered", True)
        if not isinstance(answered, bool):
            raise FrameError("invalid", "`answered` must be true or false.")
        await database_sync_to_async(services.mark_answered)(self.room, seq, answered)
        await self._broadcast({"type": "answered", "id": seq, "answered": answered})

    async def on_hide(self, content):
        self._require_facilitator()
        seq = _message_id(content)
        await database_sync_to_async(services.hide)(self.room, self.user, seq)
        await self._broadcast({"type": "hidden", "id": seq})

    async def on_close(self, content):
        self._require_facilitator()
        system = await database_sync_to_async(services.close)(self.room, self.user)
        if system is not None:
            await self._broadcast(system)
        await self._broadcast({"type": "closed"}, event="room.closed")
        await self.after_close()

    async def on_ping(self, content):
        # The room's latest message number: a client that has less fetches the rest, so a
        # broadcast lost while Redis restarted reaches it within one ping.
        last_id = services.recent_last_seq_known(self.room)
        if last_id is None:
            last_id = await _pooled(services.last_seq)(self.room)
        await self.send_json({"type": "pong", "last_id": last_id})

    async def on_history(self, content):
        """The next page of catch-up: `{"type": "history", "after": id}`."""
        after = content.get("after")
        if not (isinstance(after, int) and not isinstance(after, bool) and 0 <= after <= MAX_ID):
            raise FrameError("invalid", "`after` must be a message number (0 or more).")
        messages, upto, more = await _pooled(services.history_page)(self.room, self.user, after)
        await self.send_json({"type": "history", "messages": messages, "upto": upto,
                              "more": more})  # fmt: skip

    async def on_questions(self, content):
        """The next page of questions: `{"type": "questions", "after": id}`."""
        after = content.get("after")
        if not (isinstance(after, int) and not isinstance(after, bool) and 0 <= after <= MAX_ID):
            raise FrameError("invalid", "`after` must be a message number (0 or more).")
        questions, more = await _pooled(services.questions_page)(self.room, self.user, after)
        await self.send_json({"type": "questions", "questions": questions, "more": more})

    HANDLERS = {
        "chat": on_chat,
        "hand": on_hand,
        "upvote": on_upvote,
        "answer": on_answer,
        "hide": on_hide,
        "close": on_close,
        "ping": on_ping,
        "history": on_history,
        "questions": on_questions,
        **FACILITATION_HANDLERS,
    }

    # Events from the channel layer

    async def room_frame(self, event):
        if "deadline" in event:  # a breakout started or ended
            self.breakout_deadline = event["deadline"]
        await self.deliver(event["text"])

    async def room_closed(self, event):
        self.room.status = WorkshopRoom.Status.CLOSED
        self.breakout_deadline = None
        await self.deliver(event["text"])

    async def deliver(self, text):
        """A broadcast to this socket; the welcome comes first, whatever arrives while it is
        being put together (the room's events reach the socket from its first moment)."""
        if self.early is None:
            await self.send(text_data=text)
        else:
            self.early.append(text)

    async def room_recheck(self, event):
        # The room's page changed (unpublished, deleted, restricted): one check per socket,
        # off the listener's loop so the room's other sockets are not kept waiting.
        self._spawn(self._recheck())

    async def _recheck(self):
        slug = self.room.slug
        room, access = await _reload_room(slug, self.user, self.scope.get("session"))
        if room is None or not access.read:
            reason = "withdrawn" if room is None else access.refusal
            await self.send_json({"type": "closed", "reason": reason})
            await self.close(code=CLOSE_CODES[reason])
            return
        could_write = self.access.write and not self.room.is_closed
        self.room, self.access = room, access
        if could_write and not (access.write and not room.is_closed):
            await self.send_json({"type": "closed", "reason": "withdrawn"})


def _frame_type(content):
    return content.get("type") if isinstance(content, dict) else "malformed"


def _user_in_room(room, user_id):
    user = get_user_model().objects.filter(pk=user_id).first() if _is_id(user_id) else None
    if user is None:
        raise FrameError("invalid", "`user` must be a participant's id.")
    return user
