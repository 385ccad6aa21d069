"""The query log behind editors' reports (popular queries, queries without results).

Every search with words is counted in this process's memory (`count`), whether the view
rendered it or the page cache served it, and the counts are written every
`SEARCH_LOG_FLUSH_SECONDS` (10 by default; and when the process exits) in one
transaction of six queries, however many distinct queries were counted (`flush`). A
search itself writes nothing: it costs the database no transaction, and on SQLite it
never waits for the write lock an editor's publish holds. The reports lag by at most
those seconds.

Promotions are read by the query's text (`promotions`), in one query, whether or not the
query has been counted yet.
"""

import atexit
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.search.utils import normalise_query_string

from .models import NoResultQuery

_lock = threading.Lock()
_pending = Counter()  # (normalised query, found nothing) -> hits not yet written
_last_flush = time.monotonic()


def normalised(text):
    return normalise_query_string(text)


def promotions(text):
    """Editors' picks for `text`, in their order, with their pages (one query)."""
    query_string = normalised(text)
    if not query_string:
        return []
    return list(
        SearchPromotion.objects.filter(query__query_string=query_string)
        .select_related("page")
        .order_by("sort_order")
    )


def count(text, total):
    """Count one search for `text` that found `total` pages; written at the next flush."""
    global _last_flush
    query_string = normalised(text)
    if not query_string:
        return
    with _lock:
        _pending[(query_string, total == 0)] += 1
        due = time.monotonic() - _last_flush >= getattr(settings, "SEARCH_LOG_FLUSH_SECONDS", 10)
    if due:
        flush()


def _added(key, amounts):
    """`hits` plus each row's amount in `amounts` ({value of `key`: n}), for one UPDATE."""
    return F("hits") + Case(
        *(When(**{key: value}, then=Value(n)) for value, n in amounts.items()),
        default=Value(0),
        output_field=IntegerField(),
    )


def flush():
    """Write the searches counted in memory: six queries, whatever their number."""
    global _last_flush
    with _lock:
        pending = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not pending:
        return
    hits, fruitless = Counter(), Counter()
    for (query_string, found_nothing), n in pending.items():
        hits[query_string] += n
        if found_nothing:
            fruitless[query_string[:255]] += n
    today = timezone.now().date()
    with transaction.atomic():
        Query.objects.bulk_create(
            [Query(query_string=text) for text in hits], ignore_conflicts=True
        )
        ids = dict(
            Query.objects.filter(query_string__in=list(hits)).values_list("query_string", "pk")
        )
        by_id = {ids[text]: n for text, n in hits.items() if text in ids}
        QueryDailyHits.objects.bulk_create(
            [QueryDailyHits(query_id=pk, date=today) for pk in by_id], ignore_conflicts=True
        )
        QueryDailyHits.objects.filter(query_id__in=list(by_id), date=today).update(
            hits=_added("query_id", by_id)
        )
        if fruitless:
            NoResultQuery.objects.bulk_create(
                [NoResultQuery(query_string=text) for text in fruitless], ignore_conflicts=True
            )
            NoResultQuery.objects.filter(query_string__in=list(fruitless)).update(
                hits=_added("query_string", fruitless), last_seen=timezone.now()
            )


atexit.register(flush)
