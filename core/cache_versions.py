"""Version tokens for data derived from the database and kept in a cache.

Derived data (the recommendation corpus, the search catalogue) is stored or rebuilt under
the current token; a change to what it was derived from retires the token, and every
process sees the new one through the shared cache.

Within a request (`RequestTokensMiddleware`), the tokens are read from the cache once,
all of them in one round trip the first time one is asked for, and kept for the rest of
the request: a page that shows the navigation, topics, view restrictions and
recommendations asks the cache once, not once per use. A change made during the request
renews the request's copy too.
"""

import contextvars
import threading
import uuid

from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal

# Sent by `CacheVersion.retire()` (sender: the version): data derived from the database
# changed, so pages showing it did too (`core.page_cache` purges on it).
retired = Signal()


# Every token's cache key, so a request reads them all at once.
_KEYS = []
# The tokens the current request has read: {key: token}, or None outside a request.
_request_tokens = contextvars.ContextVar("request_tokens", default=None)


class CacheVersion:
    def __init__(self, key):
        self.key = key
        _KEYS.append(key)

    def current(self):
        tokens = _request_tokens.get()
        if tokens is None:
            return self._read()
        if self.key not in tokens:
            missing = [key for key in _KEYS if key not in tokens]
            tokens.update(cache.get_many(missing))
            if self.key not in tokens:
                tokens[self.key] = self._read()
        return tokens[self.key]

    def _read(self):
        version = cache.get(self.key)
        if version is None:
            version = uuid.uuid4().hex
            cache.set(self.key, version, None)
        return version

    def renew(self):
        """A new token now (tests use it: a rolled-back change sends no signal)."""
        version = uuid.uuid4().hex
        cache.set(self.key, version, None)
        tokens = _request_tokens.get()
        if tokens is not None:
            tokens[self.key] = version

    def retire(self, **signal_kwargs):
        """Retire the current token now, and again once the change is committed.

        The second time matters: a request that read the database before the commit may
        have stored derived data without the change under the first new token.
        """
        self.renew()
        transaction.on_commit(self.renew)
        retired.send(sender=self)


class RequestTokensMiddleware:
    """Read the version tokens once per request (see the module's description)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _request_tokens.set({})
        try:
            return self.get_response(request)
        finally:
            _request_tokens.reset(reset)


class PerProcess:
    """A value derived from the database, built once per process and version token.

    `PerProcess(VERSION, build)()` returns this process's copy while the token is the
    same, and calls `build()` again (once, whatever the number of threads) after it is
    retired. Reading it costs one cache lookup of the token.
    """

    def __init__(self, version, build):
        self.version = version
        self.build = build
        self._lock = threading.Lock()
        self._built = (None, None)

    def __call__(self):
        token = self.version.current()
        if self._built[0] != token:
            with self._lock:
                if self._built[0] != token:
                    self._built = (token, self.build())
        return self._built[1]
