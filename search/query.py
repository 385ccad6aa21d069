"""Hub search: one text query and the type, topic, country and application filters over
every searchable page type, with facet counts, through Wagtail's search backend.

Nothing here names a page model. Searchable types are the page models that are hub pages
or declare search fields of their own; a page's topics are every tagging model that links
`Topic` to pages (tags, city offers and needs); a page's country is its own `country`
field or its city's.
"""

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import cache as memoise
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections
from django.db.models import Count, ManyToOneRel, Max, Q
from django.db.models.expressions import RawSQL
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe
from django_countries import countries
from django_countries.fields import CountryField
from taggit.models import TaggedItemBase
from wagtail.models import Page, get_page_models
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText

from hub.models import HubPage, Topic

from .text import WORD, clean_query, fold, query_words, rough_stem, stems

# Facet counts on backends that cannot hand back the whole match set as SQL (Elasticsearch)
# are taken over this many best matches.
FACET_SAMPLE = 1000
EXCERPT_WORDS = 32


# --- What is searchable, derived from the models -------------------------------------------


def _declares_search_fields(model):
    page_defaults = {(type(f), f.field_name) for f in Page.get_search_fields()}
    return any(
        isinstance(f, (index.SearchField, index.RelatedFields))
        and (type(f), f.field_name) not in page_defaults
        for f in model.get_search_fields()
    )


@memoise
def searchable_models():
    """Concrete page models the search covers, in a stable order."""
    models = [
        model
        for model in get_page_models()
        if model is not Page
        and not model._meta.abstract
        and (issubclass(model, HubPage) or _declares_search_fields(model))
    ]
    return tuple(sorted(models, key=type_label))


def type_label(model):
    """How the Wagtail API names a page type: "hub.BusinessCasePage"."""
    return f"{model._meta.app_label}.{model.__name__}"


def model_for_label(label):
    by_label = {type_label(model).lower(): model for model in searchable_models()}
    return by_label.get((label or "").lower())


@memoise
def topic_links():
    """Every model that tags pages with topics (through models with `tag` -> Topic)."""
    links = []
    for relation in Topic._meta.related_objects:
        through = relation.related_model
        if (
            isinstance(relation, ManyToOneRel)
            and relation.field.name == "tag"
            and issubclass(through, TaggedItemBase)
            and issubclass(through._meta.get_field("content_object").related_model, Page)
        ):
            links.append(through)
    return tuple(links)


@memoise
def country_path(model):
    """The lookup from `model` to a country code, or None when it has no country."""
    fields = {f.name: f for f in model._meta.get_fields()}
    if isinstance(fields.get("country"), CountryField):
        return "country"
    city = fields.get("city")
    if city is not None and city.many_to_one and country_path(city.related_model) == "country":
        return "city__country"
    return None


def models_with_field(name):
    return [m for m in searchable_models() if name in {f.name for f in m._meta.get_fields()}]


# --- Facet counting in one SQL query --------------------------------------------------------


def count_distinct(querysets):
    """{key: number of distinct values} over the union of querysets of (key, value) pairs.

    One query however many models take part: a city tagged with a topic and offering it
    counts once for that topic.
    """
    if not querysets:
        return {}
    parts, params = [], []
    for queryset in querysets:
        sql, part_params = queryset.query.get_compiler(using=queryset.db).as_sql()
        # Only SQL that Django compiled; every value stays a parameter.
        parts.append(f"SELECT * FROM ({sql}) AS part{len(parts)}")  # noqa: S608
        params.extend(part_params)
    union = " UNION ALL ".join(parts)
    sql = f"SELECT k, COUNT(DISTINCT v) FROM ({union}) AS pairs GROUP BY k"  # noqa: S608
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute(sql, params)
        return {key: count for key, count in cursor.fetchall() if key is not None}


def _pairs(queryset, key, value):
    from django.db.models import F

    return queryset.annotate(k=F(key), v=F(value)).values_list("k", "v")


# --- Topic synonyms -------------------------------------------------------------------------


@dataclass
class TopicTerms:
    topic: Topic
    phrases: list  # folded phrases: the name and every synonym
    stem_phrases: list  # the same as lists of rough stems, for matching queries


def topic_terms():
    """Every topic with the phrases people use for it (one query: editors add topics)."""
    terms = []
    for topic in Topic.objects.order_by("name"):
        phrases = []
        for phrase in [topic.name, *(topic.synonyms or [])]:
            words = WORD.findall(fold(str(phrase)))
            if words and " ".join(words) not in phrases:
                phrases.append(" ".join(words))
        terms.append(
            TopicTerms(topic=topic, phrases=phrases, stem_phrases=[stems(p) for p in phrases])
        )
    return terms


def _find(needle, haystack):
    for start in range(len(haystack) - len(needle) + 1):
        if haystack[start : start + len(needle)] == needle:
            return start
    return -1


# --- The search -----------------------------------------------------------------------------


@dataclass
class SearchOptions:
    query: str = ""
    types: list = field(default_factory=list)  # model classes
    topics: list = field(default_factory=list)  # Topic instances
    countries: list = field(default_factory=list)  # ISO codes
    applications: list = field(default_factory=list)  # Application values


class HubSearch:
    """One search over the hub. Build it, then read `results`, `count()` and `facets()`."""

    def __init__(self, options, backend="default"):
        self.options = options
        self.text = clean_query(options.query)
        self.words = query_words(options.query)
        self.backend = get_search_backend(backend)
        self.relaxed = False  # True when no page had every word and any word was enough

    # The filters, each skippable so a facet can count its own alternatives.

    def pages(self, skip=None):
        models = self.options.types if skip != "type" and self.options.types else None
        queryset = Page.objects.live().public().type(*(models or searchable_models()))
        if self.options.topics and skip != "topic":
            condition = Q()
            for link in topic_links():
                tagged = link.objects.filter(tag__in=self.options.topics)
                condition |= Q(pk__in=tagged.values("content_object_id"))
            queryset = queryset.filter(condition)
        if self.options.countries and skip != "country":
            condition = Q(pk__in=[])
            for model in searchable_models():
                path = country_path(model)
                if path:
                    located = model.objects.filter(**{f"{path}__in": self.options.countries})
                    condition |= Q(pk__in=located.values("pk"))
            queryset = queryset.filter(condition)
        if self.options.applications and skip != "application":
            condition = Q(pk__in=[])
            for model in models_with_field("application"):
                used = model.objects.filter(application__in=self.options.applications)
                condition |= Q(pk__in=used.values("pk"))
            queryset = queryset.filter(condition)
        return queryset

    # The text query.

    @cached_property
    def topic_terms(self):
        return topic_terms()

    @cached_property
    def matched_topics(self):
        """Topics whose name or a synonym appears in the query, with the words it covers."""
        query_stems = [rough_stem(word) for word in self.words]
        found = []
        covered = set()
        candidates = [
            (len(stem_phrase), terms, stem_phrase)
            for terms in self.topic_terms
            for stem_phrase in terms.stem_phrases
        ]
        # Longest phrases first, so "hydrogen buses" wins over "buses".
        for _, terms, stem_phrase in sorted(candidates, key=lambda c: -c[0]):
            start = _find(stem_phrase, query_stems)
            if start < 0:
                continue
            span = set(range(start, start + len(stem_phrase)))
            if span & covered or any(terms.topic == topic for topic, _ in found):
                continue
            found.append((terms.topic, sorted(span)))
            covered |= span
        return found

    def search_query(self, operator="and"):
        """Words, each widened by the topics it names; all of them (and) or any (or)."""
        terms = {t.topic.pk: t for t in self.topic_terms}
        concepts = []
        used = set()
        for topic, span in self.matched_topics:
            words = " ".join(self.words[i] for i in span)
            alternatives = [PlainText(words, operator="and")]
            alternatives += [
                PlainText(phrase, operator="and")
                for phrase in terms[topic.pk].phrases
                if phrase != words
            ]
            concepts.append((min(span), Or(alternatives)))
            used |= set(span)
        for position, word in enumerate(self.words):
            if position not in used:
                concepts.append((position, PlainText(word)))
        parts = [concept for _, concept in sorted(concepts, key=lambda c: c[0])]
        if len(parts) == 1:
            return parts[0]
        return And(parts) if operator == "and" else Or(parts)

    def _search(self, queryset, operator, order_by_relevance=True):
        results = self.backend.search(
            self.search_query(operator), queryset, order_by_relevance=order_by_relevance
        )
        if order_by_relevance and SQLiteRankedResults.handles(self.backend):
            return SQLiteRankedResults(results, queryset)
        if order_by_relevance and PostgresRankedResults.handles(self.backend):
            return PostgresRankedResults(results, queryset)
        return results

    @cached_property
    def matches_in_sql(self):
        """Database backends can hand back the whole match set; Elasticsearch cannot."""
        return hasattr(self.backend.results_class, "get_queryset")

    def _text_match_ids(self, operator):
        """Ids of every searchable page with the words, whatever the filters: one query.

        The filters, count and facets are then plain indexed SQL over these ids instead
        of repeating the full-text match for each of them.
        """
        base = Page.objects.live().public().type(*searchable_models())
        results = self._search(base, operator, order_by_relevance=False)
        if PostgresRankedResults.handles(self.backend):
            return PostgresRankedResults(results, base).match_ids()
        return list(results.get_queryset().order_by().values_list("pk", flat=True))

    @cached_property
    def match_ids(self):
        """The ids matching the text (any word if no filtered page has them all)."""
        ids = self._text_match_ids("and")
        if len(self.words) > 1 and not self.pages().filter(pk__in=id_set(ids)).exists():
            # No page has every word: any word will do, pages with more of them first.
            relaxed = self._text_match_ids("or")
            if self.pages().filter(pk__in=id_set(relaxed)).exists():
                self.relaxed = True
                return relaxed
        return ids

    @cached_property
    def results(self):
        """The matching pages, best first (newest first without words); sliceable, countable."""
        queryset = self.pages()
        if not self.words:
            return queryset.order_by("-first_published_at", "-pk")
        if self.matches_in_sql:
            matching = queryset.filter(pk__in=id_set(self.match_ids))
            ranked = self._search(matching, "or" if self.relaxed else "and")
            return CountedResults(ranked, matching)
        results = self._search(queryset, "and")
        if len(self.words) > 1 and results.count() == 0:
            # No page has every word: any word will do, pages with more of them first.
            relaxed = self._search(queryset, "or")
            if relaxed.count():
                self.relaxed = True
                return relaxed
        return results

    def count(self):
        return self.results.count()

    def match_set(self, skip=None):
        """A Page queryset of every match (ignoring filter `skip`), for counting facets."""
        queryset = self.pages(skip)
        if not self.words:
            return queryset
        if self.matches_in_sql:
            return queryset.filter(pk__in=id_set(self.match_ids))
        results = self._search(queryset, "or" if self.relaxed else "and", False)
        return Page.objects.filter(pk__in=[page.pk for page in results[:FACET_SAMPLE]])

    def _facet_base(self, name, selected):
        # A facet counts with every filter but its own, so its other values stay choosable.
        return self.match_set(skip=name if selected else None).values("pk")

    def facets(self):
        """{"type": {label: n}, "topic": {slug: n}, "country": {code: n}}, biggest first."""
        self.results  # noqa: B018 -- decides whether the query was relaxed
        type_pages = self._facet_base("type", self.options.types)
        ct_counts = (
            Page.objects.filter(pk__in=type_pages)
            .values("content_type")
            .annotate(n=Count("pk"))
            .order_by()
        )
        labels = {
            ContentType.objects.get_for_model(model).pk: type_label(model)
            for model in searchable_models()
        }
        types = {labels[row["content_type"]]: row["n"] for row in ct_counts}

        topic_pages = self._facet_base("topic", self.options.topics)
        topic_counts = count_distinct(
            [
                _pairs(
                    link.objects.filter(content_object_id__in=topic_pages),
                    "tag_id",
                    "content_object_id",
                )
                for link in topic_links()
            ]
        )
        slugs = dict(Topic.objects.filter(pk__in=topic_counts).values_list("pk", "slug"))
        topics = {slugs[pk]: n for pk, n in topic_counts.items() if pk in slugs}

        country_pages = self._facet_base("country", self.options.countries)
        country_counts = count_distinct(
            [
                _pairs(model.objects.filter(pk__in=country_pages), path, "pk")
                for model in searchable_models()
                if (path := country_path(model))
            ]
        )

        def biggest_first(counts):
            return dict(sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))))

        return {
            "type": biggest_first(types),
            "topic": biggest_first(topics),
            "country": biggest_first({str(k): v for k, v in country_counts.items() if k}),
        }

    # Suggestions when nothing matched.

    def suggestions(self):
        """Topics and spellings that would find something for a query that found nothing."""
        if not self.words:
            return {"topics": [], "spelling": None}
        vocabulary = spelling_vocabulary()
        corrected = []
        for word in self.words:
            close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
            corrected.append(close[0] if close else word)
        spelling = " ".join(corrected) if corrected != self.words else None
        if spelling and HubSearch(SearchOptions(query=spelling)).count() == 0:
            spelling = None

        topics = []
        for terms in self.topic_terms:
            phrase_words = {w for phrase in terms.phrases for w in phrase.split()}
            if any(
                difflib.get_close_matches(word, phrase_words, n=1, cutoff=0.75)
                for word in self.words
            ):
                topics.append(terms.topic)
        live = topics_in_use()
        return {"topics": [t for t in topics if t.pk in live][:6], "spelling": spelling}


def spelling_vocabulary():
    """Words of live page titles and of the topic vocabulary, cached until pages change."""
    pages = Page.objects.live().type(*searchable_models())
    state = pages.aggregate(n=Count("pk"), latest=Max("last_published_at"))
    key = f"search:vocabulary:{state['n']}:{state['latest']}"
    words = cache.get(key)
    if words is None:
        found = set()
        titles = pages.values_list("title", flat=True)
        for title in titles.iterator(chunk_size=2000):
            found.update(WORD.findall(fold(title)))
        for terms in topic_terms():
            for phrase in terms.phrases:
                found.update(phrase.split())
        words = sorted(w for w in found if len(w) > 2)
        cache.set(key, words, 3600)
    return words


def topics_in_use():
    used = set()
    for link in topic_links():
        used.update(link.objects.values_list("tag_id", flat=True).distinct())
    return used


def id_set(ids):
    """`ids` as one SQL parameter for `pk__in`, however many there are.

    A list of 20,000 ids would be 20,000 parameters (beyond SQLite's limit at scale);
    a JSON text or an integer array is one.
    """
    ids = [int(pk) for pk in ids]
    if connections["default"].vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::integer[])", [ids])
    if connections["default"].vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    return ids


class CountedResults:
    """Ranked results whose count is plain SQL over the already matched ids."""

    def __init__(self, ranked, matching):
        self.ranked = ranked
        self.matching = matching

    @cached_property
    def _count(self):
        return self.matching.count()

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        return self.ranked[key]

    def __iter__(self):
        return iter(self.ranked[0:None])


class SQLiteRankedResults:
    """Relevance-ordered matches on SQLite, ranked in one pass over the full-text table.

    modelsearch's SQLite backend orders by a score computed in a correlated subquery that
    runs the MATCH again for every matching page: seconds for a common word over 50,000
    pages. Here the FTS table is matched once, filtered to the pages asked for, and sorted
    by the same BM25 expression. Counting is left to the backend (it is one pass already).
    """

    def __init__(self, results, queryset):
        self.results = results
        self.queryset = queryset

    @staticmethod
    def handles(backend):
        # By name: importing the SQLite backend module fails on other databases.
        return any(
            cls.__name__ == "SQLiteSearchBackend" and cls.__module__.startswith("modelsearch.")
            for cls in type(backend).__mro__
        )

    def count(self):
        return self.results.count()

    def __len__(self):
        return self.count()

    def _ranked_ids(self, start, stop):
        from django.db.models import TextField
        from django.db.models.functions import Cast
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
        from modelsearch.utils import get_descendants_content_types_pks

        compiler = self.results.query_compiler
        query = normalize(compiler.query)
        match = MatchExpression(compiler.FTS_TABLE_FIELDS, compiler.build_search_query(query))
        wanted = self.queryset.annotate(object_id=Cast("pk", TextField())).values("object_id")
        ranked = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(Page),
                index_entry__object_id__in=wanted,
            )
            .annotate(score=compiler._build_rank_expression(compiler.get_search_vectors(), None))
            .order_by("score", "index_entry__object_id")
            .values_list("index_entry__object_id", flat=True)
        )
        return [int(pk) for pk in ranked[start:stop]]

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        ids = self._ranked_ids(key.start or 0, key.stop)
        by_id = Page.objects.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]

    def __iter__(self):
        return iter(self[0:None])


class PostgresRankedResults:
    """Relevance-ordered matches on PostgreSQL: one tsquery, ranked once, index-backed.

    modelsearch's PostgreSQL backend matches `title || body` (which no index serves) and
    ranks every matching row once per alternative of the query: a topic named in the
    query brings all its synonyms, so eight `ts_rank` pairs per row. Here the index
    entries are matched with the same combined tsquery against each indexed column (GIN
    indexes), and ranked with one `ts_rank` per column.
    """

    def __init__(self, results, queryset):
        self.results = results
        self.queryset = queryset

    @staticmethod
    def handles(backend):
        return any(
            cls.__name__ == "PostgresSearchBackend" and cls.__module__.startswith("modelsearch.")
            for cls in type(backend).__mro__
        )

    def _entries(self):
        from modelsearch.backends.database.postgres.postgres import IndexEntry
        from modelsearch.utils import get_descendants_content_types_pks

        compiler = self.results.query_compiler
        config = compiler.get_config(self.results.backend)
        tsquery = compiler.build_tsquery(compiler.query, config=config)
        entries = IndexEntry.objects.filter(
            Q(title=tsquery) | Q(body=tsquery),
            content_type__in=get_descendants_content_types_pks(Page),
        )
        return entries, tsquery, compiler.sql_weights

    def match_ids(self):
        entries, _, _ = self._entries()
        return [int(pk) for pk in entries.values_list("object_id", flat=True)]

    def count(self):
        return self.results.count()

    def __len__(self):
        return self.count()

    def _ranked_ids(self, start, stop):
        from django.contrib.postgres.search import SearchRank
        from django.db.models import F, TextField
        from django.db.models.functions import Cast

        entries, tsquery, weights = self._entries()
        wanted = self.queryset.annotate(object_id=Cast("pk", TextField())).values("object_id")
        score = SearchRank(F("title"), tsquery, weights=weights) * F("title_norm") + SearchRank(
            F("body"), tsquery, weights=weights
        )
        ranked = (
            entries.filter(object_id__in=wanted)
            .annotate(score=score)
            .order_by("-score", "object_id")
            .values_list("object_id", flat=True)
        )
        return [int(pk) for pk in ranked[start:stop]]

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        ids = self._ranked_ids(key.start or 0, key.stop)
        by_id = Page.objects.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]

    def __iter__(self):
        return iter(self[0:None])


# --- Showing results ------------------------------------------------------------------------


@dataclass
class Hit:
    page: Page
    type_label: str
    type_name: str
    city: Page | None
    country: str
    topics: list
    excerpt: str  # HTML, escaped, matched words in <mark>
    excerpt_text: str


def load_hits(pages, words):
    """Specific pages with their city, country and topics, in a fixed number of queries."""
    ids = [page.pk for page in pages]
    specific = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    topics = {pk: {} for pk in ids}
    for link in topic_links():
        for item in link.objects.filter(content_object_id__in=ids).select_related("tag"):
            topics[item.content_object_id].setdefault(item.tag.slug, item.tag)
    city_ids = {getattr(p, "city_id", None) for p in specific.values()} - {None}
    cities = {}
    if city_ids:
        city_model = next(
            m.city.field.related_model
            for m in searchable_models()
            if country_path(m) == "city__country"
        )
        cities = city_model.objects.in_bulk(city_ids)
    hits = []
    for pk in ids:
        page = specific.get(pk)
        if page is None:
            continue
        city = cities.get(getattr(page, "city_id", None))
        country = getattr(page, "country", None) or (city.country if city else None)
        excerpt_text, excerpt_html = excerpt(page, words)
        hits.append(
            Hit(
                page=page,
                type_label=type_label(type(page)),
                type_name=str(type(page)._meta.verbose_name).capitalize(),
                city=city,
                country=country.name if country else "",
                topics=sorted(topics[pk].values(), key=lambda t: t.name),
                excerpt=excerpt_html,
                excerpt_text=excerpt_text,
            )
        )
    return hits


def _own_texts(page):
    """The page's own indexed text, summary first (no related objects, so no queries)."""
    texts = [getattr(page, "summary", "") or ""]
    for search_field in page.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name not in {
            "title",
            "summary",
            "accent_folded_text",
        }:
            value = search_field.get_value(page)
            values = value if isinstance(value, list) else [value]
            texts.extend(strip_tags(str(v)) for v in values if v)
    return [" ".join(t.split()) for t in texts if t and t.strip()]


def excerpt(page, words):
    """A short passage around the first matched word: (plain text, HTML with <mark>)."""
    texts = _own_texts(page)
    if not texts:
        return "", ""
    query_stems = [rough_stem(word) for word in words]

    def matches(token):
        # "permitting" matches "permit", "communities" matches "community".
        token_stem = rough_stem(fold(token))
        return any(token_stem.startswith(stem) for stem in query_stems if len(stem) > 1)

    chosen = texts[0]
    for text in texts:
        if any(matches(t) for t in WORD.findall(text)):
            chosen = text
            break
    tokens = re.split(r"(\s+)", chosen)
    words_only = [i for i, t in enumerate(tokens) if t.strip()]
    first = next((n for n, i in enumerate(words_only) if matches(tokens[i])), 0)
    start = max(0, min(first - 8, len(words_only) - EXCERPT_WORDS))
    window = words_only[start : start + EXCERPT_WORDS]
    html_parts, text_parts = [], []
    for i in window:
        token = tokens[i]
        text_parts.append(token)
        # Mark the word inside its punctuation: "(Umeå)," -> "(<mark>Umeå</mark>),".
        pieces = re.split(r"([^\W_]+)", token)
        html_parts.append(
            "".join(
                f"<mark>{conditional_escape(p)}</mark>"
                if WORD.fullmatch(p) and matches(p)
                else str(conditional_escape(p))
                for p in pieces
            )
        )
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + EXCERPT_WORDS < len(words_only) else ""
    return (
        prefix + " ".join(text_parts) + suffix,
        mark_safe(prefix + " ".join(html_parts) + suffix),  # noqa: S308 -- every piece escaped
    )


def country_name(code):
    return countries.name(code) or code
