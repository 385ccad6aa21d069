"""Hub search: one text query and the type, topic, country and application filters over
every searchable page type, with facet counts, through Wagtail's search backend.

Nothing here names a page model. Searchable types are the page models that are hub pages
or declare search fields of their own; a page's topics are every tagging model that links
`Topic` to pages (tags, city offers and needs); a page's country is its own `country`
field or its city's.

The parts: `text` cleans the query, `synonyms` finds the topics it names, `ranking`
matches and scores pages (through `modelsearch_internals` on the database backends),
`catalogue` filters, counts and orders in memory; `suggestions` helps when nothing is
found, `hits` and `excerpts` show the results.
"""

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or

from .catalogue import load_catalogue, searchable_models, type_label
from .ranking import (
    all_matches_are_counted,
    autocomplete_matches,
    matching_ids,
    ranked_matches,
)
from .synonyms import concepts, matched_topics, topic_terms
from .text import clean_query

# Ranking is the costly part of a query; with filters, only the matches they allow are
# ranked, by id, when there are at most this many of them.
RANK_AT_MOST = 5000


def model_for_label(label):
    by_label = {type_label(model).lower(): model for model in searchable_models()}
    return by_label.get((label or "").lower())


# --- The search -----------------------------------------------------------------------------


@dataclass
class SearchOptions:
    query: str = ""  # as typed: `HubSearch` cleans it
    types: list = field(default_factory=list)  # model classes
    topics: list = field(default_factory=list)  # Topic instances
    countries: list = field(default_factory=list)  # ISO codes
    applications: list = field(default_factory=list)  # EndUse values


class HubSearch:
    """One search over the hub. Build it, then read `results`, `count()` and `facets()`."""

    def __init__(self, options, backend="default"):
        self.options = options
        query = clean_query(options.query)
        self.text = query.text
        self.words = list(query.words)
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
        return matched_topics(self.words, self.topic_terms)

    def concepts(self):
        """The query's parts: each word, or a topic's words widened to all its names."""
        return concepts(self.words, self.topic_terms, self.matched_topics)

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

    def _scored(self, ids, scores):
        """(positions, scores) of the pages `ids` (with their `scores`) that are searchable."""
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
                positions, scores = self._scored(ids, np.zeros(len(ids)))[0], None
            else:
                positions, scores = self._scored(*ranked_matches(self.backend, query, self.pages()))
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
            *ranked_matches(self.backend, query, self.pages(), only=only)
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
            return RankedPages(ids[positions][order], specific=True)
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
        return RankedPages(self._best_first(positions, scores), specific=True)

    @cached_property
    def _counted_by_backend(self):
        """(total, facets) from Elasticsearch's own aggregations over every match, on a
        backend that hands back only its best matches (`es_facets`)."""
        from .es_facets import count_and_facets

        return count_and_facets(self.backend, self.matches[0], self.pages(), self.options)

    def count(self):
        if self.sampled and self.words:
            return self._counted_by_backend[0]
        return self.results.count()

    def autocomplete(self, limit):
        """Up to `limit` pages whose titles start with the words typed, best first."""
        found = autocomplete_matches(self.backend, " ".join(self.words), self.pages(), limit)
        return RankedPages(self._best_first(*self._scored(*found)))[0:limit]

    def facets(self):
        """{"type": {label: n}, "topic": {slug: n}, "country": {code: n}}, biggest first.

        A facet counts with every filter but its own, so its other values stay choosable.
        """
        if self.sampled and self.words:
            return self._backend_facets()
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

    def _backend_facets(self):
        counts = self._counted_by_backend[1]
        slugs = {terms.topic.pk: terms.topic.slug for terms in self.topic_terms}
        labels = {type_label(model) for model in searchable_models()}

        def biggest_first(found):
            return dict(sorted(found.items(), key=lambda item: (-item[1], str(item[0]))))

        return {
            "type": biggest_first({k: n for k, n in counts["type"].items() if k in labels}),
            "topic": biggest_first(
                {slugs[int(k)]: n for k, n in counts["topic"].items() if int(k) in slugs}
            ),
            "country": biggest_first(counts["country"]),
        }


class RankedPages:
    """Page ids in result order. Slicing loads the pages of the slice in one query, or
    `specific` ones in one query per page type among them."""

    def __init__(self, ids, specific=False):
        self.ids = ids
        self.specific = specific

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        ids = [int(pk) for pk in self.ids[key]]
        pages = Page.objects.filter(pk__in=ids)
        by_id = {page.pk: page for page in (pages.specific() if self.specific else pages)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def __iter__(self):
        return iter(self[0:None])
