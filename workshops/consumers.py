"""The WebSocket side of a workshop room. The protocol is described in docs/workshops.md."""

import asyncio
import json
import random
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from core import people

from . import fanout, ratelimit, services
from .facilitation import FACILITATION_HANDLERS, FacilitationFrames
from .models import MAX_BODY_LENGTH, Message, WorkshopRoom

MAX_FRAME_BYTES = 64 * 1024
MAX_CLIENT_ID_LENGTH = 64
# Joins and leaves within this many seconds share one presence frame, so a room of
# hundreds filling up is not sent hundreds of participant lists.
PRESENCE_DELAY = getattr(settings, "WORKSHOP_PRESENCE_DELAY", 0.25)

CLOSE_SIGN_IN_REQUIRED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_UNKNOWN_ROOM = 4404


class FrameError(Exception):
    def __init__(self, code, detail):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def _encode(frame):
    return json.dumps(frame, separators=(",", ":"))


def _message_id(content):
    value = content.get("id")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FrameError("invalid", "`id` must be a message number.")
    return value


@database_sync_to_async
def _load_room(slug, user):
    """The room and what this user may do in it, computed once per connection."""
    room = WorkshopRoom.objects.select_related("page").filter(slug=slug).first()
    if room is None:
        return None, {}
    facilitator = room.is_facilitator(user)
    readable = facilitator or room.can_read(user)
    return room, {
        "read": readable,
        "facilitator": facilitator,
        "write": readable and user.is_authenticated,
    }


@database_sync_to_async
def _post(room, user, body, client_id, kind):
    if not ratelimit.allow_message(room.pk, user.pk):
        # A resend of a stored message is answered even when the sender is over the limit.
        stored = services.stored_message(room, user, client_id)
        if stored is None:
            raise FrameError("rate_limited", "Slow down: at most 5 messages in 5 seconds.")
        return stored, False
    try:
        return services.store_message(room, user, body, client_id, kind)
    except services.Forbidden as error:
        raise FrameError("forbidden", str(error)) from error


class WorkshopConsumer(FacilitationFrames, AsyncJsonWebsocketConsumer):
    room = None
    group = None
    joined = False

    async def __call__(self, scope, receive, send):
        try:
            await super().__call__(scope, receive, send)
        finally:
            # A consumer cancelled without a disconnect (its server shutting down, a
            # test) leaves the room's listener too, as it would leave a group; the last
            # one out stops the listener rather than leave it receiving forever.
            if self.group is not None:
                await fanout.leave(self.channel_layer, self.group, self)

    async def connect(self):
        self.user = self.scope["user"]
        self.tasks = set()
        slug = self.scope["url_route"]["kwargs"]["slug"]
        self.room, self.may = await _load_room(slug, self.user)
        # Accept first so the browser sees our close code rather than a failed handshake.
        await self.accept()
        if self.room is None:
            await self.close(code=CLOSE_UNKNOWN_ROOM)
            return
        if not self.may["read"]:
            anonymous = not self.user.is_authenticated
            needs_membership = self.room.visibility == WorkshopRoom.Visibility.MEMBERS
            code = CLOSE_SIGN_IN_REQUIRED if anonymous else CLOSE_FORBIDDEN
            await self.close(code=CLOSE_FORBIDDEN if needs_membership else code)
            return

        self.group = f"workshop.{self.room.pk}"
        # The room's events reach this consumer through the process's one listener for
        # the room (workshops/fanout.py), which calls room_frame() and room_closed().
        await fanout.join(self.channel_layer, self.group, self)
        after, after_error = self._after()
        state = await self._join(after)
        extra = await self.welcome_extra()
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
                **extra,
            }
        )
        if after_error:
            await self._error("invalid", after_error)
        self._spawn(self._announce_presence())

    def _after(self):
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        if "after" not in query:
            return None, None
        try:
            after = int(query["after"][0])
        except ValueError:
            return None, "`after` must be a message number; sending the latest messages."
        return max(after, 0), None

    @database_sync_to_async
    def _join(self, after):
        services.join(self.room, self.user, self.channel_name)
        return {**services.participants(self.room), **services.welcome(self.room, self.user, after)}

    def _you(self):
        if not self.user.is_authenticated:
            return {"id": None, "name": "Guest", "anonymous": True, "facilitator": False,
                    "can_write": False}  # fmt: skip
        return {
            **self.person(),
            "anonymous": False,
            "facilitator": self.may["facilitator"],
            "can_write": self.may["write"] and not self.room.is_closed,
        }

    async def disconnect(self, code):
        if not self.joined:
            return
        self.heartbeat.cancel()
        await database_sync_to_async(services.leave)(self.room, self.user, self.channel_name)
        await self._announce_presence()
        if self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
        await fanout.leave(self.channel_layer, self.group, self)

    def _spawn(self, coroutine):
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _heartbeat(self):
        # Jitter spreads the refreshes of a room that filled up at once.
        await asyncio.sleep(random.uniform(0, services.HEARTBEAT_SECONDS))
        while True:
            await database_sync_to_async(services.heartbeat)(self.channel_name)
            await asyncio.sleep(services.HEARTBEAT_SECONDS)

    async def _announce_presence(self):
        """Broadcast the participant list, once for a burst of joins and leaves.

        Whoever adds the cache key first announces after a short delay; the others
        rely on it. The announcer deletes the key before reading the list, so a join
        recorded after the read finds the key gone and announces again.
        """
        key = f"workshops:presence:{self.room.pk}"
        if not await cache.aadd(key, 1, timeout=10):
            return
        await asyncio.sleep(PRESENCE_DELAY)
        await cache.adelete(key)
        state = await database_sync_to_async(services.participants)(self.room)
        await self._broadcast({"type": "presence", **state})

    async def _broadcast(self, frame, event="room.frame"):
        # Encoded once here rather than once per participant.
        await self.channel_layer.group_send(self.group, {"type": event, "text": _encode(frame)})

    async def _error(self, code, detail, content=None):
        frame = {"type": "error", "code": code, "detail": detail}
        # Name the message that was refused, so the sender can offer it again.
        client_id = content.get("client_id") if isinstance(content, dict) else None
        if isinstance(client_id, str) and len(client_id) <= MAX_CLIENT_ID_LENGTH:
            frame["client_id"] = client_id
        await self.send_json(frame)

    # Frames from the browser

    async def receive(self, text_data=None, bytes_data=None):
        content = None
        try:
            if text_data is None:
                raise FrameError("invalid", "Frames are JSON text.")
            if len(text_data) > MAX_FRAME_BYTES or len(text_data.encode()) > MAX_FRAME_BYTES:
                raise FrameError("too_long", "Frames are limited to 64 KB.")
            try:
                content = json.loads(text_data)
            except ValueError as error:
                raise FrameError("invalid", "The frame is not JSON.") from error
            if not isinstance(content, dict) or not isinstance(content.get("type"), str):
                raise FrameError("invalid", 'A frame is a JSON object with a "type".')
            handler = self.HANDLERS.get(content["type"])
            if handler is None:
                raise FrameError("invalid", f"Unknown frame type {content['type']!r}.")
            await handler(self, content)
        except FrameError as error:
            await self._error(error.code, error.detail, content)
        except services.Forbidden as error:
            await self._error("forbidden", str(error), content)
        except services.NotFound as error:
            await self._error("invalid", str(error), content)

    def _require_writer(self):
        if not self.user.is_authenticated:
            raise FrameError("forbidden", "Sign in to take part.")
        if not self.may["write"]:
            raise FrameError("forbidden", "You may read this room but not write in it.")
        if self.room.is_closed:
            raise FrameError("forbidden", "The room is closed.")

    def _require_facilitator(self):
        self._require_writer()
        if not self.may["facilitator"]:
            raise FrameError("forbidden", "Only facilitators can do this.")

    async def on_chat(self, content):
        self._require_writer()
        body, client_id = content.get("body"), content.get("client_id")
        kind = content.get("kind", Message.Kind.CHAT)
        if not isinstance(body, str) or not body.strip():
            raise FrameError("invalid", "`body` must be some text.")
        if len(body) > MAX_BODY_LENGTH:
            raise FrameError("too_long", f"Messages are limited to {MAX_BODY_LENGTH} characters.")
        if not isinstance(client_id, str) or not 0 < len(client_id) <= MAX_CLIENT_ID_LENGTH:
            raise FrameError("invalid", "`client_id` must be a string of 1 to 64 characters.")
        if kind not in (Message.Kind.CHAT, Message.Kind.QUESTION):
            raise FrameError("invalid", '`kind` must be "chat" or "question".')
        if kind == Message.Kind.QUESTION and await self.hold_question(body.strip(), client_id):
            return
        frame, created = await _post(self.room, self.user, body.strip(), client_id, kind)
        if created:
            await self._broadcast(frame)
        else:
            await self.send_json(frame)

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
        await self.send_json({"type": "pong"})

    HANDLERS = {
        "chat": on_chat,
        "hand": on_hand,
        "upvote": on_upvote,
        "answer": on_answer,
        "hide": on_hide,
        "close": on_close,
        "ping": on_ping,
        **FACILITATION_HANDLERS,
    }

    # Events from the channel layer

    async def room_frame(self, event):
        await self.send(text_data=event["text"])

    async def room_closed(self, event):
        self.room.status = WorkshopRoom.Status.CLOSED
        await self.send(text_data=event["text"])


def _user_in_room(room, user_id):
    user = get_user_model().objects.filter(pk=user_id).first() if isinstance(user_id, int) else None
    if user is None:
        raise FrameError("invalid", "`user` must be a participant's id.")
    return user
