"""Version tokens for data derived from the database and kept in a cache.

Derived data (the recommendation corpus, the search catalogue) is stored or rebuilt under
the current token; a change to what it was derived from retires the token, and every
process sees the new one through the shared cache.
"""

import uuid

from django.core.cache import cache
from django.db import transaction


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
