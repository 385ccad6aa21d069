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

Elasticsearch ranks on its own server: its best `SAMPLE` matches are taken in order.
"""

from functools import cache

from django.db import connections
from django.db.models import F, FloatField, Func, Q
from wagtail.models import Page

SAMPLE = 1000
# A match in the title counts this many times as much as one in the body: a page named
# for what was asked comes before a longer page that mentions it (bm25() column weight
# on SQLite, a factor on the title's ts_rank on PostgreSQL).
TITLE_WEIGHT = 3.0  # matches taken from backends that cannot hand back all of them


class BM25(Func):
    """SQLite FTS5's relevance of the current row of `table` (lower is better)."""

    template = "bm25(%(table)s, %(weights)s)"
    output_field = FloatField()


def _is(backend, class_name):
    # By name: importing a database backend's module fails on the other databases.
    return any(
        cls.__name__ == class_name and cls.__module__.startswith("modelsearch.")
        for cls in type(backend).__mro__
    )


def all_matches_are_counted(backend):
    """Whether `ranked_matches` returns every match (database backends) or a sample."""
    return _is(backend, "SQLiteSearchBackend") or _is(backend, "PostgresSearchBackend")


def ranked_matches(backend, query, pages, only=None):
    """[(page id, score)] for the pages of `pages` matching `query`, higher is better;
    with `only` (page ids), just those of them."""
    if _is(backend, "SQLiteSearchBackend") or _is(backend, "PostgresSearchBackend"):
        return _database(backend.search(query, pages, order_by_relevance=False), True, only)
    if only is not None:
        pages = pages.filter(id__in=[int(pk) for pk in only])
    ranked = backend.search(query, pages)[:SAMPLE]
    return [(page.pk, float(SAMPLE - position)) for position, page in enumerate(ranked)]


def matching_ids(backend, query, pages):
    """The ids of the pages of `pages` matching `query`, unranked (cheaper)."""
    if _is(backend, "SQLiteSearchBackend") or _is(backend, "PostgresSearchBackend"):
        return _database(backend.search(query, pages, order_by_relevance=False), False)
    return [pk for pk, _ in ranked_matches(backend, query, pages)]


def autocomplete_matches(backend, text, pages, limit):
    """[(page id, score)] for pages whose autocomplete fields start with `text`'s words.

    modelsearch's SQLite autocomplete ranks like its search (seconds for two letters at
    50,000 pages), so it is ranked here in one pass; other backends rank their own best.
    """
    if _is(backend, "SQLiteSearchBackend"):
        return _database(backend.autocomplete(text, pages, order_by_relevance=False), True)
    ranked = backend.autocomplete(text, pages)[:limit]
    return [(page.pk, float(limit - position)) for position, page in enumerate(ranked)]


def _database(results, ranked, only=None):
    only = None if only is None else [str(pk) for pk in only]
    if _is(results.backend, "SQLiteSearchBackend"):
        return _sqlite(results, ranked, only)
    return _postgres(results, ranked, only)


def _sqlite(results, ranked, only):
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    compiler = results.query_compiler
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(normalize(compiler.query)),
    )
    # Column weights in the FTS table's order (autocomplete, body, title); a search
    # matches title and body, an autocomplete the autocomplete column alone.
    weights = f"1.0, 1.0, {TITLE_WEIGHT}"
    bm25 = BM25(table=SQLiteFTSIndexEntry._meta.db_table, weights=weights)
    rows = SQLiteFTSIndexEntry.objects.filter(match).filter(
        index_entry__content_type__in=get_descendants_content_types_pks(Page)
    )
    if only is not None:
        rows = rows.filter(index_entry__object_id__in=only)
    if not ranked:
        return [int(pk) for pk in rows.values_list("index_entry__object_id", flat=True)]
    rows = rows.annotate(score=bm25)
    return [(int(pk), -score) for pk, score in rows.values_list("index_entry__object_id", "score")]


@cache
def _constant_query_class():
    from django.contrib.postgres.search import SearchQuery

    class ConstantQuery(SearchQuery):
        """A tsquery in its text form, read by a cast: no parsing or stemming again."""

        template = "(%(expressions)s)::tsquery"

    return ConstantQuery


def _constant_tsquery(expression, model):
    """The tsquery `expression` evaluated once, as a constant.

    The backend builds it from `to_tsquery()` calls, which PostgreSQL cannot fold into a
    constant (they depend on the text search configuration), so in a select list they
    run again for every row: four times the cost of ranking itself at 20,000 matches.
    """
    from django.db.models.sql import Query

    query = Query(model)
    compiler = query.get_compiler(using=model.objects.db)
    sql, params = compiler.compile(expression.resolve_expression(query))
    with connections[model.objects.db].cursor() as cursor:
        cursor.execute(f"SELECT ({sql})::text", params)  # noqa: S608 -- compiled by Django
        text = cursor.fetchone()[0]
    return _constant_query_class()(text)


def _postgres(results, ranked, only):
    from django.contrib.postgres.search import SearchRank
    from modelsearch.backends.database.postgres.postgres import IndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    tsquery = _constant_tsquery(compiler.build_tsquery(compiler.query, config=config), IndexEntry)
    weights = compiler.sql_weights
    title_rank = SearchRank(F("title"), tsquery, weights=weights) * F("title_norm")
    score = TITLE_WEIGHT * title_rank + SearchRank(F("body"), tsquery, weights=weights)
    rows = IndexEntry.objects.filter(
        Q(title=tsquery) | Q(body=tsquery),
        content_type__in=get_descendants_content_types_pks(Page),
    )
    if only is not None:
        rows = rows.filter(object_id__in=only)
    if not ranked:
        return [int(pk) for pk in rows.values_list("object_id", flat=True)]
    rows = rows.annotate(score=score).values_list("object_id", "score")
    return [(int(pk), score) for pk, score in rows]
