"""The query log behind editors' reports (popular queries, queries without results).

A search page rendered by the view counts its query at once (`record`): the view needs the
query's row anyway, for its promotions. A search page served from the page cache is
counted too, but in this process's memory (`count_later`), and written every
`SEARCH_LOG_FLUSH_SECONDS` (and when the process exits) in one transaction, a few
queries per distinct query: a cached search stays as cheap as any cached page.
"""

import atexit
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from .models import NoResultQuery

_lock = threading.Lock()
_pending = Counter()  # (normalised query, found nothing) -> hits not yet written
_last_flush = time.monotonic()


def record(text, total, hits=1):
    """Count `hits` searches for `text` that found `total` pages; the Query, or None."""
    normalised = normalise_query_string(text)
    if not normalised:
        return None
    query = Query.get(normalised)
    daily, _ = QueryDailyHits.objects.get_or_create(query=query, date=timezone.now().date())
    QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + hits)
    if total == 0:
        entry, _ = NoResultQuery.objects.get_or_create(query_string=normalised[:255])
        NoResultQuery.objects.filter(pk=entry.pk).update(
            hits=F("hits") + hits, last_seen=timezone.now()
        )
    return query


def count_later(text, total):
    global _last_flush
    with _lock:
        _pending[(text, total == 0)] += 1
        due = time.monotonic() - _last_flush >= getattr(settings, "SEARCH_LOG_FLUSH_SECONDS", 10)
    if due:
        flush()


def flush():
    """Write the hits counted in memory."""
    global _last_flush
    with _lock:
        pending = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not pending:
        return
    with transaction.atomic():
        for (text, found_nothing), hits in pending.items():
            record(text, 0 if found_nothing else 1, hits)


atexit.register(flush)
