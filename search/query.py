"""Hub search: one text query and the type, topic, country and application filters over
every searchable page type, with facet counts, through Wagtail's search backend.

Nothing here names a page model. Searchable types are the page models that are hub pages
or declare search fields of their own; a page's topics are every tagging model that links
`Topic` to pages (tags, city offers and needs); a page's country is its own `country`
field or its city's.
"""

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.core.cache import cache
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe
from django_countries import countries
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText

from hub.models import Topic

from .catalogue import (
    CATALOGUE_VERSION,
    country_path,
    load_catalogue,
    searchable_models,
    topic_links,
    type_label,
)
from .ranking import (
    all_matches_are_counted,
    autocomplete_matches,
    matching_ids,
    ranked_matches,
)
from .text import WORD, clean_query, fold, query_words, rough_stem, stems

EXCERPT_WORDS = 32
# Ranking is the costly part of a query; with filters, only the matches they allow are
# ranked, by id, when there are at most this many of them.
RANK_AT_MOST = 5000


def model_for_label(label):
    by_label = {type_label(model).lower(): model for model in searchable_models()}
    return by_label.get((label or "").lower())


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
    applications: list = field(default_factory=list)  # EndUse values


class HubSearch:
    """One search over the hub. Build it, then read `results`, `count()` and `facets()`."""

    def __init__(self, options, backend="default"):
        self.options = options
        self.text = clean_query(options.query)
        self.words = query_words(options.query)
        self.backend = get_search_backend(backend)
        self.catalogue = load_catalogue()
        self.relaxed = False  # True when no page had every word and fewer were enough

    def pages(self):
        """Every searchable page, as a queryset (what the backend searches)."""
        return Page.objects.live().public().type(*searchable_models())

    def filter_mask(self, skip=None):
        """The catalogue positions the filters allow; `skip` leaves one filter out, so a
        facet can count its own alternatives."""
        catalogue = self.catalogue
        mask = np.ones(len(catalogue), dtype=bool)
        if self.options.types and skip != "type":
            mask &= catalogue.of_types([type_label(model) for model in self.options.types])
        if self.options.topics and skip != "topic":
            mask &= catalogue.with_topics([topic.pk for topic in self.options.topics])
        if self.options.countries and skip != "country":
            mask &= catalogue.in_countries(self.options.countries)
        if self.options.applications and skip != "application":
            mask &= catalogue.with_applications(self.options.applications)
        return mask

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

    def concepts(self):
        """The query's concepts in order: each word, or a topic named by some words and
        widened to every name of that topic."""
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
        return [concept for _, concept in sorted(concepts, key=lambda c: c[0])]

    def search_levels(self):
        """The queries to try in turn: every concept; all but any one (with three or
        more); any concept. Each level is ranked by its own query."""
        concepts = self.concepts()
        if len(concepts) == 1:
            return concepts
        levels = [And(concepts)]
        if len(concepts) >= 3:
            levels.append(Or([And(concepts[:i] + concepts[i + 1 :]) for i in range(len(concepts))]))
        levels.append(Or(concepts))
        return levels

    def _scored(self, pairs):
        """(positions, scores) of the (page id, score) pairs whose pages are searchable."""
        ids = np.array([pk for pk, _ in pairs], dtype=np.int64)
        scores = np.array([score for _, score in pairs], dtype=np.float64)
        positions, known = self.catalogue.positions(ids)
        return positions[known], scores[known]

    def _best_first(self, positions, scores):
        """Page ids by score weighted by page type, then id; a page indexed twice once."""
        scores = scores * self.catalogue.weights[positions]
        best = np.argsort(-scores, kind="stable")
        positions, first = np.unique(positions[best], return_index=True)
        ids = self.catalogue.ids[positions]
        return ids[np.lexsort((ids, -scores[best][first]))]

    @cached_property
    def filtered(self):
        options = self.options
        return bool(options.types or options.topics or options.countries or options.applications)

    @cached_property
    def sampled(self):
        """True on backends that hand back their best matches only (Elasticsearch)."""
        return not all_matches_are_counted(self.backend)

    @cached_property
    def matches(self):
        """The first level of `search_levels` that finds a page the filters allow:
        (its query, the positions of every page it matches, their scores or None).

        Without filters the one ranked query gives both. With filters only the ids are
        fetched here (the facets need every match); `results` ranks the pages shown.
        """
        allowed = self.filter_mask()
        levels = self.search_levels()
        first = None
        for level, query in enumerate(levels):
            if self.filtered:
                ids = matching_ids(self.backend, query, self.pages())
                positions, scores = self._scored([(pk, 0.0) for pk in ids])[0], None
            else:
                positions, scores = self._scored(ranked_matches(self.backend, query, self.pages()))
            if allowed[positions].any():
                self.relaxed = level > 0
                return query, positions, scores
            # Nothing the filters allow: the facets still count every word's matches,
            # so they show which filter to drop.
            first = first or (query, positions, scores)
        return first

    def _ranked(self, query, candidates):
        """(positions, scores) of the pages at `candidates` that match `query`."""
        ids = self.catalogue.ids[candidates]
        only = ids if self.sampled or len(ids) <= RANK_AT_MOST else None
        positions, scores = self._scored(
            ranked_matches(self.backend, query, self.pages(), only=only)
        )
        wanted = np.isin(positions, candidates)
        return positions[wanted], scores[wanted]

    @cached_property
    def match_mask(self):
        """The catalogue positions matching the words (every page when there are none)."""
        if not self.words:
            return np.ones(len(self.catalogue), dtype=bool)
        mask = np.zeros(len(self.catalogue), dtype=bool)
        mask[self.matches[1]] = True
        return mask

    @cached_property
    def results(self):
        """The matching pages, best first (newest first without words); sliceable, countable."""
        if not self.words:
            ids = self.catalogue.ids
            positions = np.flatnonzero(self.filter_mask())
            published = self.catalogue.published[positions]
            # lexsort's last key sorts first: newest, then highest id.
            order = np.lexsort((-ids[positions], -published))
            return RankedPages(ids[positions][order])
        query, positions, scores = self.matches
        allowed = self.filter_mask()
        if scores is None:
            # Filtered: rank the matches the filters allow. A sampling backend
            # (Elasticsearch) searches every allowed page, not just its sample.
            candidates = np.flatnonzero(allowed) if self.sampled else positions[allowed[positions]]
            positions, scores = self._ranked(query, candidates)
        else:
            keep = allowed[positions]
            positions, scores = positions[keep], scores[keep]
        return RankedPages(self._best_first(positions, scores))

    def count(self):
        return self.results.count()

    def autocomplete(self, limit):
        """Up to `limit` pages whose titles start with the words typed, best first."""
        pairs = autocomplete_matches(self.backend, " ".join(self.words), self.pages(), limit)
        return RankedPages(self._best_first(*self._scored(pairs)))[0:limit]

    def facets(self):
        """{"type": {label: n}, "topic": {slug: n}, "country": {code: n}}, biggest first.

        A facet counts with every filter but its own, so its other values stay choosable.
        """
        catalogue = self.catalogue

        def counted(name, selected):
            return self.match_mask & self.filter_mask(skip=name if selected else None)

        types = catalogue.count_types(counted("type", self.options.types))
        topic_counts = catalogue.count_topics(counted("topic", self.options.topics))
        slugs = {terms.topic.pk: terms.topic.slug for terms in self.topic_terms}
        topics = {slugs[pk]: n for pk, n in topic_counts.items() if pk in slugs}
        countries = catalogue.count_countries(counted("country", self.options.countries))

        def biggest_first(counts):
            return dict(sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))))

        return {
            "type": biggest_first(types),
            "topic": biggest_first(topics),
            "country": biggest_first(countries),
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
    """Words of live page titles and of the topic vocabulary, cached until pages change
    (the search catalogue's version says when)."""
    pages = Page.objects.live().type(*searchable_models())
    key = f"search:vocabulary:{CATALOGUE_VERSION.current()}"
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
    """Ids of the topics at least one searchable page carries, offers or needs."""
    return load_catalogue().topics_in_use()


class RankedPages:
    """Page ids in result order. Slicing loads the pages of the slice in one query."""

    def __init__(self, ids):
        self.ids = ids

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        ids = [int(pk) for pk in self.ids[key]]
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
