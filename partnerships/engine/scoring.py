"""The recommendation core: plain Python and numpy, no database.

A `Corpus` holds every city as a `CityVector` (its offers, needs, maturity rank and
existing partners) and the weight of every topic. `recommend()` ranks the corpus for
one city as mentors, mentees or twins; `pair_scores()` scores applicants against hosts
for a matching round. Both explain every score with `Reason`s.

Weights: a topic's rarity (inverse document frequency over all cities' offers and
needs, so a topic every city carries counts little) times its domain weight (a
programme's focus domains count double).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

MENTOR = "mentor"
MENTEE = "mentee"
TWIN = "twin"
KINDS = (MENTOR, MENTEE, TWIN)

FOCUS_DOMAIN_WEIGHT = 2.0


@dataclass(frozen=True)
class TopicInfo:
    slug: str
    name: str
    domain: str = ""


@dataclass(frozen=True)
class CityVector:
    """What the engine knows about a city. `id` is None for a visitor describing itself."""

    id: int | None
    slug: str
    title: str
    country: str
    maturity_rank: int
    offers: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    partners: frozenset[int] = frozenset()
    url: str = ""
    maturity: str = ""


@dataclass(frozen=True)
class ProgrammeRules:
    """A programme's rules, as far as they concern who may be paired."""

    different_countries: bool = False
    eligible_countries: frozenset[str] = frozenset()
    focus_domains: frozenset[str] = frozenset()

    def allows(self, me_country: str, their_country: str) -> bool:
        if self.eligible_countries and their_country not in self.eligible_countries:
            return False
        return not (self.different_countries and me_country == their_country)


@dataclass(frozen=True)
class Reason:
    topic: str
    topic_name: str
    theirs: str  # "offers" or "needs"
    yours: str  # "offers" or "needs"
    weight: float

    def sentence(self) -> str:
        """The reason in plain words, addressed to the city that asked."""
        name = self.topic_name
        if self.theirs == "offers" and self.yours == "needs":
            return f"They share {name}, which you want to learn."
        if self.theirs == "needs" and self.yours == "offers":
            return f"They want to learn {name}, which you can share."
        if self.theirs == "needs":
            return f"You both want to learn {name}."
        return f"You both can share {name}."

    def as_dict(self):
        return {
            "topic": self.topic,
            "topic_name": self.topic_name,
            "theirs": self.theirs,
            "yours": self.yours,
            "weight": self.weight,
        }


@dataclass(frozen=True)
class Match:
    city: CityVector
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)


def rarity_weights(topic_slugs: Sequence[str], cities: Iterable[CityVector]) -> dict[str, float]:
    """Inverse document frequency of each topic over all cities' offers and needs."""
    cities = list(cities)
    counts = dict.fromkeys(topic_slugs, 0)
    for city in cities:
        for slug in city.offers | city.needs:
            if slug in counts:
                counts[slug] += 1
    n = len(cities)
    return {slug: math.log((1 + n) / (1 + count)) + 1.0 for slug, count in counts.items()}


def _dot(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Matrix times vector without BLAS: BLAS threads spin on busy machines, einsum does not."""
    return np.einsum("ij,j->i", matrix, vector)


def _rounded(value) -> float:
    return round(float(value), 6)


class Corpus:
    """Every city and topic, as matrices, so one city is scored against all in one pass."""

    def __init__(self, topics: Sequence[TopicInfo], cities: Sequence[CityVector]):
        self.topics = list(topics)
        self.topic_index = {topic.slug: i for i, topic in enumerate(self.topics)}
        self.cities = list(cities)
        self.index_of_id = {city.id: i for i, city in enumerate(self.cities) if city.id is not None}
        self.index_of_slug = {city.slug: i for i, city in enumerate(self.cities)}
        n, t = len(self.cities), len(self.topics)
        self.offers = np.zeros((n, t), dtype=np.float64)
        self.needs = np.zeros((n, t), dtype=np.float64)
        for i, city in enumerate(self.cities):
            self.offers[i, self._columns(city.offers)] = 1.0
            self.needs[i, self._columns(city.needs)] = 1.0
        self.ranks = np.array([city.maturity_rank for city in self.cities], dtype=np.int64)
        self.countries = np.array([city.country for city in self.cities], dtype=object)
        # Position of each city in (title, slug) order: the deterministic tie-break.
        order = sorted(range(n), key=lambda i: (self.cities[i].title, self.cities[i].slug))
        self.name_order = np.empty(n, dtype=np.int64)
        self.name_order[order] = np.arange(n)
        rarity = rarity_weights([topic.slug for topic in self.topics], self.cities)
        self.base_weights = np.array([rarity[topic.slug] for topic in self.topics])
        self.domains = np.array([topic.domain for topic in self.topics], dtype=object)

    def _columns(self, slugs: Iterable[str]) -> list[int]:
        return [self.topic_index[slug] for slug in slugs if slug in self.topic_index]

    def weights(self, rules: ProgrammeRules | None = None) -> np.ndarray:
        if rules is None or not rules.focus_domains:
            return self.base_weights
        focus = np.isin(self.domains, list(rules.focus_domains))
        return self.base_weights * np.where(focus, FOCUS_DOMAIN_WEIGHT, 1.0)

    def weight_of(self, slug: str, rules: ProgrammeRules | None = None) -> float:
        return float(self.weights(rules)[self.topic_index[slug]])

    def vector(self, slugs: Iterable[str]) -> np.ndarray:
        row = np.zeros(len(self.topics))
        row[self._columns(slugs)] = 1.0
        return row

    def get(self, slug: str) -> CityVector | None:
        index = self.index_of_slug.get(slug)
        return None if index is None else self.cities[index]

    # Scores of one city against every city in the corpus.

    def scores(
        self,
        me: CityVector,
        kind: str,
        rules: ProgrammeRules | None = None,
        exclude: frozenset[int] = frozenset(),
    ) -> np.ndarray:
        """One score per corpus city; zero where the kind or the rules rule a city out,
        and for the cities in `exclude` (those the asking visitor may not see)."""
        if kind not in KINDS:
            raise ValueError(f"Unknown kind {kind!r}; choose one of {', '.join(KINDS)}.")
        w = self.weights(rules)
        my_offers, my_needs = self.vector(me.offers) * w, self.vector(me.needs) * w
        rank = me.maturity_rank
        if kind == MENTOR:
            scores = _dot(self.offers, my_needs)
            scores[self.ranks <= rank] = 0.0
        elif kind == MENTEE:
            scores = _dot(self.needs, my_offers)
            scores[self.ranks >= rank] = 0.0
        else:
            shared = _dot(self.needs, my_needs) + _dot(self.offers, my_offers)
            scores = shared / (1.0 + np.abs(self.ranks - rank))
        scores[~self.eligible(me, rules, exclude)] = 0.0
        return scores

    def eligible(
        self,
        me: CityVector,
        rules: ProgrammeRules | None = None,
        exclude: frozenset[int] = frozenset(),
    ) -> np.ndarray:
        """Which corpus cities may be paired with `me`: not itself, not a partner, not
        excluded, rules met."""
        mask = np.ones(len(self.cities), dtype=bool)
        excluded = set(me.partners) | set(exclude)
        if me.id is not None:
            excluded.add(me.id)
        for city_id in excluded:
            index = self.index_of_id.get(city_id)
            if index is not None:
                mask[index] = False
        if me.id is None and me.slug in self.index_of_slug:
            mask[self.index_of_slug[me.slug]] = False
        if rules is not None:
            if rules.eligible_countries:
                mask &= np.isin(self.countries, list(rules.eligible_countries))
            if rules.different_countries:
                mask &= self.countries != me.country
        return mask

    def recommend(
        self,
        me: CityVector,
        kind: str,
        limit: int = 10,
        rules: ProgrammeRules | None = None,
        exclude: frozenset[int] = frozenset(),
    ) -> list[Match]:
        """The best `limit` cities for `me`, best first, ties broken by title then slug."""
        scores = np.round(self.scores(me, kind, rules, exclude), 6)
        candidates = np.flatnonzero(scores > 0)
        if limit < len(candidates):
            # Keep every city that could make the top `limit`, ties included.
            threshold = np.partition(scores[candidates], -limit)[-limit]
            candidates = candidates[scores[candidates] >= threshold]
        order = np.lexsort((self.name_order[candidates], -scores[candidates]))
        chosen = candidates[order][:limit]
        return [
            Match(
                city=self.cities[i],
                score=float(scores[i]),
                reasons=explain(me, self.cities[i], kind, self, rules),
            )
            for i in chosen
        ]


def explain(
    me: CityVector,
    them: CityVector,
    kind: str,
    corpus: Corpus,
    rules: ProgrammeRules | None = None,
) -> tuple[Reason, ...]:
    """The topics behind a pair's score, heaviest first."""
    w = corpus.weights(rules)

    def reasons(topics, theirs, yours):
        return [
            Reason(
                topic=slug,
                topic_name=corpus.topics[corpus.topic_index[slug]].name,
                theirs=theirs,
                yours=yours,
                weight=_rounded(w[corpus.topic_index[slug]]),
            )
            for slug in topics
            if slug in corpus.topic_index
        ]

    if kind == MENTOR:
        found = reasons(them.offers & me.needs, "offers", "needs")
    elif kind == MENTEE:
        found = reasons(them.needs & me.offers, "needs", "offers")
    else:
        found = reasons(them.needs & me.needs, "needs", "needs") + reasons(
            them.offers & me.offers, "offers", "offers"
        )
    return tuple(sorted(found, key=lambda r: (-r.weight, r.topic, r.theirs)))


def pair_score(
    me: CityVector,
    them: CityVector,
    kind: str,
    corpus: Corpus,
    rules: ProgrammeRules | None = None,
) -> float:
    """The score `them` gets as `me`'s mentor, mentee or twin (0 if ruled out)."""
    if me.id is not None and me.id == them.id:
        return 0.0
    if them.id in me.partners or me.id in them.partners:
        return 0.0
    if rules is not None and not rules.allows(me.country, them.country):
        return 0.0
    if kind == MENTOR and them.maturity_rank <= me.maturity_rank:
        return 0.0
    if kind == MENTEE and them.maturity_rank >= me.maturity_rank:
        return 0.0
    w = corpus.weights(rules)
    total = sum(
        float(w[corpus.topic_index[reason.topic]])
        for reason in explain(me, them, kind, corpus, rules)
    )
    if kind == TWIN:
        total /= 1 + abs(them.maturity_rank - me.maturity_rank)
    return _rounded(total)
