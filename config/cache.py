"""The Redis cache, degrading to a miss when Redis is unavailable.

A cache holds nothing the site cannot rebuild, so an outage of Redis must not take the
site down: every read misses, every write is dropped, and pages are built from the
database as on a cold start. django-redis does that with IGNORE_EXCEPTIONS; this backend
adds one thing, the log: the first failure is logged with its traceback, then the
outage is quiet (a note at most every OUTAGE_LOG_EVERY seconds, not one per request)
until a call succeeds again, which is logged too.
"""

import logging
import threading
import time

from django_redis.cache import CONNECTION_INTERRUPTED, RedisCache

logger = logging.getLogger("config.cache")
OUTAGE_LOG_EVERY = 600


class _OutageLog:
    """The logger django-redis calls for each ignored exception, logging once per outage."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since = None
        self.last_logged = 0.0

    def exception(self, message, *args, **kwargs):
        now = time.monotonic()
        with self.lock:
            first = self.down_since is None
            if not first and now - self.last_logged < OUTAGE_LOG_EVERY:
                return
            if first:
                self.down_since = now
            self.last_logged = now
        if first:
            logger.exception("The cache (Redis) is unavailable; serving without it")
        else:
            logger.error("The cache (Redis) is still unavailable, for %d s now",
                         now - self.down_since)  # fmt: skip

    def succeeded(self):
        if self.down_since is None:
            return
        with self.lock:
            down_since, self.down_since = self.down_since, None
        if down_since is not None:
            logger.warning("The cache (Redis) is back after %d s", time.monotonic() - down_since)


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options["IGNORE_EXCEPTIONS"] = True
        # A Redis that hangs rather than refuses must not hold a request for long.
        options.setdefault("SOCKET_CONNECT_TIMEOUT", 0.5)
        options.setdefault("SOCKET_TIMEOUT", 0.5)
        super().__init__(server, params)
        self._log_ignored_exceptions = True
        self.logger = _OutageLog()

    def get(self, key, default=None, version=None, client=None):
        value = self._get(key, default, version, client)
        if value is CONNECTION_INTERRUPTED:
            return default
        self.logger.succeeded()
        return value
