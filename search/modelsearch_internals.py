"""Every use of modelsearch's private internals, and the check that they are still there.

The search needs, from the database backends, the id and score of every page matching
a query in one SQL query (`ranking.py` says why). modelsearch, the package behind
Wagtail's search backends, has no public API for that, so this module builds those
queries from its internals. No other module of the site imports modelsearch (the search
benchmark's fill, `benchmarks/search.py`, drives the backends' own indexers faster; it
checks its rows against theirs and is not part of the site).

What it relies on, as of modelsearch 1.3 (re-read these on upgrade, then update
`TESTED_VERSION`):

- `modelsearch/backends/database/sqlite/query.py`: `MatchExpression` and `normalize`,
  which turn a compiled query into FTS5's MATCH.
- `modelsearch/backends/database/sqlite/sqlite.py`: `SQLiteSearchBackend`;
  `SQLiteFTSIndexEntry`, the FTS5 table whose columns are (autocomplete, body, title) in
  that order (migration `search/0002` creates it so; `bm25()` weights follow the order),
  linked to the index entry by `index_entry`; the query compiler's `query`, `fields`,
  `FTS_TABLE_FIELDS` and `build_search_query()`.
- `modelsearch/backends/database/postgres/postgres.py`: `PostgresSearchBackend`;
  `IndexEntry` with its `title` and `body` tsvectors and `title_norm`; the query
  compiler's `query`, `get_config()`, `build_tsquery()` and `sql_weights`.
- `modelsearch/utils.py`: `get_descendants_content_types_pks`.
- `SearchResults.backend` and `SearchResults.query_compiler` (`modelsearch/backends/base.py`).

`check_modelsearch` (a system check, run by `manage.py check`, `migrate` and the test
suite) warns (`search.W001`) when the installed version is not the tested one and fails
(`search.E001`) when one of these names is gone.
"""

from functools import cache
from importlib import import_module
from importlib.metadata import version

import numpy as np
from django.core import checks
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BigIntegerField, F, FloatField, Func, Q
from django.db.models.functions import Cast
from wagtail.models import Page

TESTED_VERSION = (1, 3)  # major, minor

# What must exist, by database: (module, attribute), "Class.attribute" for a class's.
# A backend's modules import only on their own database.
_SQLITE = "modelsearch.backends.database.sqlite"
_POSTGRES = "modelsearch.backends.database.postgres.postgres"
REQUIRED = {
    "sqlite": [
        (f"{_SQLITE}.query", "MatchExpression"),
        (f"{_SQLITE}.query", "normalize"),
        (f"{_SQLITE}.sqlite", "SQLiteSearchBackend"),
        (f"{_SQLITE}.sqlite", "SQLiteFTSIndexEntry"),
        (f"{_SQLITE}.sqlite", "SQLiteSearchQueryCompiler.FTS_TABLE_FIELDS"),
        (f"{_SQLITE}.sqlite", "SQLiteSearchQueryCompiler.build_search_query"),
        ("modelsearch.utils", "get_descendants_content_types_pks"),
    ],
    "postgresql": [
        (_POSTGRES, "PostgresSearchBackend"),
        (_POSTGRES, "IndexEntry"),
        (_POSTGRES, "PostgresSearchQueryCompiler.get_config"),
        (_POSTGRES, "PostgresSearchQueryCompiler.build_tsquery"),
        ("modelsearch.utils", "get_descendants_content_types_pks"),
    ],
}
SQLITE_FTS_COLUMNS = ("autocomplete", "body", "title")
UPGRADE_HINT = (
    "Re-read what search/modelsearch_internals.py lists in its docstring, in the installed "
    "modelsearch, then update TESTED_VERSION there."
)


def _installed_version():
    return tuple(int(part) for part in version("modelsearch").split(".")[:2])


def _missing():
    """The required names the installed modelsearch lacks, for the database in use."""
    missing = []
    for module_name, path in REQUIRED.get(connections["default"].vendor, []):
        try:
            target = import_module(module_name)
        except ImportError:
            missing.append(module_name)
            continue
        for part in path.split("."):
            if not hasattr(target, part):
                missing.append(f"{module_name}.{path}")
                break
            target = getattr(target, part)
    return missing


@checks.register("search")
def check_modelsearch(app_configs=None, **kwargs):
    problems = []
    installed = _installed_version()
    if installed != TESTED_VERSION:
        problems.append(
            checks.Warning(
                f"The site's search ranking was written against modelsearch "
                f"{'.'.join(map(str, TESTED_VERSION))}, and {version('modelsearch')} is "
                "installed.",
                hint=UPGRADE_HINT,
                id="search.W001",
            )
        )
    missing = _missing()
    if missing:
        problems.append(
            checks.Error(
                "The search ranking uses modelsearch internals that the installed version "
                f"no longer has: {', '.join(missing)}.",
                hint=UPGRADE_HINT,
                id="search.E001",
            )
        )
    return problems


# --- Which backend ---------------------------------------------------------------------------


def _is(backend, class_name):
    # By name: importing a database backend's module fails on the other databases.
    return any(
        cls.__name__ == class_name and cls.__module__.startswith("modelsearch.")
        for cls in type(backend).__mro__
    )


def database_kind(backend):
    """ "sqlite" or "postgres" for modelsearch's database backends on those databases,
    None for any other backend (Elasticsearch)."""
    if _is(backend, "SQLiteSearchBackend"):
        return "sqlite"
    if _is(backend, "PostgresSearchBackend"):
        return "postgres"
    return None


# --- Reading the matches ----------------------------------------------------------------------


def _arrays(rows, ranked):
    """(page ids, scores) as numpy arrays from the rows of a `page, score` query (or a
    `page` one when not `ranked`), read with the database cursor: a common word matches
    thousands of pages, and building a Django row for each (its converters, its tuple)
    cost more than the query. The ids are cast to integers in SQL."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # `only` no page
        found = []
    else:
        with connections[rows.db].cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
    if not ranked:
        return np.array([row[0] for row in found], dtype=np.int64)
    table = np.array(found, dtype=np.float64).reshape(-1, 2)
    return table[:, 0].astype(np.int64), table[:, 1]


# --- SQLite ----------------------------------------------------------------------------------


class BM25(Func):
    """SQLite FTS5's relevance of the current row of `table` (lower is better)."""

    template = "bm25(%(table)s, %(weights)s)"
    output_field = FloatField()


def sqlite_matches(results, column_weights, only=None, ranked=True):
    """The FTS5 rows of pages matching the query of `results` (unevaluated `SearchResults`):
    (page ids, scores) as arrays, higher is better, or the page ids when not `ranked`.

    `column_weights`: {column: weight} for bm25(), missing columns 1.0.
    """
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    compiler = results.query_compiler
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(normalize(compiler.query)),
    )
    rows = SQLiteFTSIndexEntry.objects.filter(match).filter(
        index_entry__content_type__in=get_descendants_content_types_pks(Page)
    )
    if only is not None:
        rows = rows.filter(index_entry__object_id__in=[str(pk) for pk in only])
    rows = rows.annotate(page=Cast("index_entry__object_id", BigIntegerField()))
    if not ranked:
        return _arrays(rows.values_list("page"), ranked=False)
    weights = ", ".join(str(float(column_weights.get(c, 1.0))) for c in SQLITE_FTS_COLUMNS)
    # bm25() is lower for better matches: negated in SQL, higher is better.
    rows = rows.annotate(score=-BM25(table=SQLiteFTSIndexEntry._meta.db_table, weights=weights))
    return _arrays(rows.values_list("page", "score"), ranked=True)


# --- PostgreSQL ------------------------------------------------------------------------------


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
    would run again for every row.
    """
    from django.db.models.sql import Query

    query = Query(model)
    compiler = query.get_compiler(using=model.objects.db)
    sql, params = compiler.compile(expression.resolve_expression(query))
    with connections[model.objects.db].cursor() as cursor:
        cursor.execute(f"SELECT ({sql})::text", params)  # noqa: S608 -- compiled by Django
        text = cursor.fetchone()[0]
    return _constant_query_class()(text)


def postgres_matches(results, title_weight, only=None, ranked=True):
    """The index entries of pages matching the query of `results`: (page ids, scores) as
    arrays, higher is better, or the page ids when not `ranked`. A title match counts
    `title_weight` times a body match."""
    from django.contrib.postgres.search import SearchRank
    from modelsearch.backends.database.postgres.postgres import IndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    tsquery = _constant_tsquery(compiler.build_tsquery(compiler.query, config=config), IndexEntry)
    rows = IndexEntry.objects.filter(
        Q(title=tsquery) | Q(body=tsquery),
        content_type__in=get_descendants_content_types_pks(Page),
    )
    if only is not None:
        rows = rows.filter(object_id__in=[str(pk) for pk in only])
    rows = rows.annotate(page=Cast("object_id", BigIntegerField()))
    if not ranked:
        return _arrays(rows.values_list("page"), ranked=False)
    weights = compiler.sql_weights
    title_rank = SearchRank(F("title"), tsquery, weights=weights) * F("title_norm")
    score = title_weight * title_rank + SearchRank(F("body"), tsquery, weights=weights)
    return _arrays(rows.annotate(score=score).values_list("page", "score"), ranked=True)
