"""Version tokens for data derived from the database and kept in a cache.

Derived data (the recommendation corpus, the search catalogue) is stored or rebuilt under
the current token; a change to what it was derived from retires the token, and every
process sees the new one through the shared cache.
"""

import threading
import uuid

from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal

# Sent by `CacheVersion.retire()` (sender: the version): data derived from the database
# changed, so pages showing it did too (`core.page_cache` purges on it).
retired = Signal()


class CacheVersion:
    def __init__(self, key):
        self.key = key

    def current(self):
        version = cache.get(self.key)
        if version is None:
            version = uuid.uuid4().hex
            cache.set(self.key, version, None)
        return version

    def renew(self):
        """A new token now (tests use it: a rolled-back change sends no signal)."""
        cache.set(self.key, uuid.uuid4().hex, None)

    def retire(self, **signal_kwargs):
        """Retire the current token now, and again once the change is committed.

        The second time matters: a request that read the database before the commit may
        have stored derived data without the change under the first new token.
        """
        self.renew()
        transaction.on_commit(self.renew)
        retired.send(sender=self)


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
