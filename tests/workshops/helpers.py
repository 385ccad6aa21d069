"""Helpers shared by the room tests: sessions, frames, live servers."""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings


def unlimited():
    """No rate limit, for a test that lays down a long conversation in one go."""
    return override_settings(WORKSHOP_RATE_LIMIT={"messages": 10**6, "seconds": 5})


def session_cookie(user):
    """A real signed-in session for user, as the browser would send it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


async def next_frame(communicator, frame_type, timeout=3, skip=("presence", "queue", "status")):
    """The next frame of frame_type, passing over presence, hand-queue and status frames
    (they come when they come)."""
    for _ in range(200):
        frame = await communicator.receive_json_from(timeout=timeout)
        if frame["type"] == frame_type:
            return frame
        assert frame["type"] in skip, f"expected {frame_type!r}, got {frame}"
    raise AssertionError(f"no {frame_type!r} frame")


async def no_frame_but_presence(communicator, timeout=0.4):
    """Assert nothing but presence frames arrives for a moment."""
    while True:
        if await communicator.receive_nothing(timeout=timeout):
            return
        frame = await communicator.receive_json_from()
        assert frame["type"] == "presence", f"unexpected frame {frame}"


async def leave(communicator):
    await communicator.disconnect()
