"""How many messages a participant may send: at most 5 in any 5 seconds.

The counts live in Django's cache (Redis in production), so the limit holds across
server processes and for a participant with several tabs open. Time is cut into
one-second buckets; a message is allowed when the buckets of the last five seconds
hold fewer than the limit, which is a sliding window to within a second.
"""

import time

from django.conf import settings
from django.core.cache import cache

LIMIT = getattr(settings, "WORKSHOP_RATE_LIMIT", 5)
WINDOW_SECONDS = getattr(settings, "WORKSHOP_RATE_WINDOW", 5)


def _key(room_id, user_id, second):
    return f"workshops:rate:{room_id}:{user_id}:{second}"


def allow_message(room_id, user_id, now=None):
    """Count one message and say whether it is within the limit."""
    second = int(now if now is not None else time.time())
    keys = [_key(room_id, user_id, second - offset) for offset in range(WINDOW_SECONDS)]
    counts = cache.get_many(keys)
    if sum(counts.values()) >= LIMIT:
        return False
    # Two cache round trips on the sender's path: a fresh bucket is created already
    # holding this message; add() and incr() are atomic on Redis and the local cache,
    # so a bucket another process created meanwhile is counted up rather than reset.
    if keys[0] not in counts and cache.add(keys[0], 1, timeout=WINDOW_SECONDS + 1):
        return True
    try:
        cache.incr(keys[0])
    except ValueError:  # the key expired since get_many()
        cache.set(keys[0], 1, timeout=WINDOW_SECONDS + 1)
    return True
