"""Every page matching a full-text query, with its relevance score, in one query.

The search ranks, filters and counts in memory (`catalogue`), so from the backend it needs
only the ids of all matching pages and a score for each. The stock database backends'
ordered results are slow for that at scale:

- On SQLite, modelsearch orders by an expression that calls `bm25()` once per branch of
  the query (26 times per row for a question naming two topics with synonyms), each
  call the same value and none weighting the title. Here it is called once per row, with
  the title column weighted.
- On PostgreSQL, modelsearch matches `title || body`, which no index serves, and ranks
  once per alternative of the query. Here the index entries are matched with the one
  combined tsquery, evaluated once, against each indexed column (GIN indexes) and
  ranked once per column.

Those queries are built from modelsearch's internals, in `modelsearch_internals` (the one
module that uses them). Elasticsearch ranks on its own server: its best `SAMPLE`
matches are taken in order.
"""

import numpy as np

from .modelsearch_internals import database_kind, postgres_matches, sqlite_matches

# Matches taken from backends that cannot hand back all of them (Elasticsearch).
SAMPLE = 1000
# A match in the title counts this many times as much as one in the body: a page named
# for what was asked comes before a longer page that mentions it (bm25() column weight
# on SQLite, a factor on the title's ts_rank on PostgreSQL).
TITLE_WEIGHT = 3.0


def all_matches_are_counted(backend):
    """Whether `ranked_matches` returns every match (database backends) or a sample."""
    return database_kind(backend) is not None


def _database(results, ranked, only=None):
    # A search matches the title and body columns, an autocomplete its own column.
    if database_kind(results.backend) == "sqlite":
        return sqlite_matches(results, {"title": TITLE_WEIGHT}, only=only, ranked=ranked)
    return postgres_matches(results, TITLE_WEIGHT, only=only, ranked=ranked)


def _in_order(pages, top):
    """(ids, scores) for the best `top` pages a backend hands back, best first: the first
    scores `top`, the next one less."""
    ids = np.array([page.pk for page in pages[:top]], dtype=np.int64)
    return ids, top - np.arange(len(ids), dtype=np.float64)


def ranked_matches(backend, query, pages, only=None):
    """(page ids, scores) as arrays for the pages of `pages` matching `query`, higher is
    better; with `only` (page ids), just those of them."""
    if database_kind(backend):
        return _database(backend.search(query, pages, order_by_relevance=False), True, only)
    if only is not None:
        pages = pages.filter(id__in=[int(pk) for pk in only])
    return _in_order(backend.search(query, pages), SAMPLE)


def matching_ids(backend, query, pages):
    """The ids of the pages of `pages` matching `query` (an array), unranked (cheaper)."""
    if database_kind(backend):
        return _database(backend.search(query, pages, order_by_relevance=False), False)
    return ranked_matches(backend, query, pages)[0]


def autocomplete_matches(backend, text, pages, limit):
    """(page ids, scores) for pages whose autocomplete fields start with `text`'s words.

    modelsearch's SQLite autocomplete ranks like its search (seconds for two letters at
    50,000 pages), so it is ranked here in one pass; other backends rank their own best.
    """
    if database_kind(backend) == "sqlite":
        return _database(backend.autocomplete(text, pages, order_by_relevance=False), True)
    return _in_order(backend.autocomplete(text, pages), limit)
