"""The recommendation core: plain Python and numpy, no database.

A `Corpus` holds every city as a `CityVector` (offers, needs, maturity, size, place,
working languages, existing partners) and the weight of every topic. `recommend()` ranks
the corpus for one city as mentors, mentees or twins, `score_block()` scores any set of
cities against any other (a round's applicants against its hosts), and `explain_pair()`
explains one pair. All of them compute through the same two functions, `score_block()`
and `allowed_block()`, with the formulas of `kinds.KINDS`.

A pair's score is its topic score (the kind's formula over the topic weights) times
factors, each of which is explained when it moves the score: maturity (from the kind's
table), similar size, similar climate (distance from the equator), the programme's
country or continent preference, and a shared working language.

Weights: a topic's rarity (inverse document frequency over all cities' offers and
needs, so a topic every city carries counts little) times its domain weight (a
programme's focus domains count double).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .geography import climate_band, continent_name, continent_of, latitude_text
from .kinds import KIND_NAMES, KINDS, MENTEE, MENTOR, TWIN, get_kind

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "MENTEE",
    "MENTOR",
    "TWIN",
    "CityVector",
    "Corpus",
    "Factor",
    "Match",
    "ProgrammeRules",
    "Reason",
    "Shortfall",
    "TopicInfo",
    "explain_pair",
    "pair_score",
]

FOCUS_DOMAIN_WEIGHT = 2.0

# Context factors: how much each moves a score when it applies.
SIMILAR_SIZE = 1.1  # the smaller city has at least half the larger one's people
DIFFERENT_SIZE = 0.9  # the smaller has less than a tenth
SIMILAR_SIZE_RATIO = 0.5
DIFFERENT_SIZE_RATIO = 0.1
SIMILAR_CLIMATE = 1.1  # within five degrees of latitude of each other's distance from the equator
SIMILAR_CLIMATE_DEGREES = 5.0
PREFERRED_PLACE = 1.15  # the programme's preference (another continent, the same country...)
SHARED_LANGUAGE = 1.1
NO_SHARED_LANGUAGE = 0.9

PARTNER_PREFERENCES = {
    "same-country": "the same country",
    "other-country": "another country",
    "same-continent": "the same continent",
    "other-continent": "another continent",
}

# How a match's share of what an ideal partner would score reads, best first.
STRENGTHS = ((0.5, "strong match"), (0.25, "good match"), (0.0, "partial match"))


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
    population: int | None = None
    latitude: float | None = None
    languages: frozenset[str] = frozenset()  # ISO 639-1 codes
    language_names: tuple[tuple[str, str], ...] = ()  # (code, name) for the sentences

    @property
    def continent(self):
        return continent_of(self.country)


@dataclass(frozen=True)
class ProgrammeRules:
    """A programme's rules (who may be paired) and its preferences (what scores higher)."""

    different_countries: bool = False
    eligible_countries: frozenset[str] = frozenset()
    focus_domains: frozenset[str] = frozenset()
    partner_preference: str = ""  # one of PARTNER_PREFERENCES, or "" for none
    name: str = ""  # the programme's title, for the sentences

    def allowed(self, a_countries, b_countries) -> np.ndarray:
        """Which pairs (len(a) × len(b)) the rules allow: both sides in an eligible
        country, and in different countries when the programme asks for it."""
        a = np.asarray(a_countries, dtype=object)[:, None]
        b = np.asarray(b_countries, dtype=object)[None, :]
        mask = np.ones((a.shape[0], b.shape[1]), dtype=bool)
        if self.eligible_countries:
            eligible = list(self.eligible_countries)
            mask &= np.isin(a, eligible) & np.isin(b, eligible)
        if self.different_countries:
            mask &= a != b
        return mask

    def allows(self, a_country: str, b_country: str) -> bool:
        return bool(self.allowed([a_country], [b_country])[0, 0])

    def ruled_out_because(self, me: CityVector) -> str:
        """Why the rules leave out cities for `me`, in words."""
        parts = []
        if self.eligible_countries:
            parts.append("accepts cities from its eligible countries only")
        if self.different_countries:
            parts.append("pairs cities of different countries only")
        who = self.name or "The programme"
        return f"{who} {' and '.join(parts)}" if parts else ""


@dataclass(frozen=True)
class Reason:
    topic: str
    topic_name: str
    theirs: str  # "offers" or "needs"
    yours: str  # "offers" or "needs"
    weight: float

    def sentence(self, them: str = "They") -> str:
        """The reason in plain words, addressed to the city that asked, naming the other."""
        name = self.topic_name
        plural = them == "They"
        if self.theirs == "offers" and self.yours == "needs":
            has = "have" if plural else "has"
            return f"{them} {has} experience with {name}, which you want to learn."
        if self.theirs == "needs" and self.yours == "offers":
            wants = "want" if plural else "wants"
            return f"{them} {wants} to learn {name}, which you can share."
        if self.theirs == "needs":
            return f"You both want to learn {name}."
        return f"You both can share {name}."

    def teaches(self) -> str:
        """Which side teaches: "they teach", "you teach", "both learn" or "both share"."""
        if self.theirs == "offers" and self.yours == "needs":
            return "they teach"
        if self.theirs == "needs" and self.yours == "offers":
            return "you teach"
        return "both learn" if self.theirs == "needs" else "both share"

    def as_dict(self):
        return {
            "topic": self.topic,
            "topic_name": self.topic_name,
            "theirs": self.theirs,
            "yours": self.yours,
            "weight": self.weight,
        }


@dataclass(frozen=True)
class Factor:
    """Something besides topics that moved a score: `effect` multiplies it."""

    factor: str  # maturity, size, climate, country, language or reciprocity
    sentence: str
    effect: float

    def as_dict(self):
        return {"factor": self.factor, "sentence": self.sentence, "effect": self.effect}


@dataclass(frozen=True)
class Match:
    city: CityVector
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    factors: tuple[Factor, ...] = field(default_factory=tuple)
    share: float = 0.0  # of what an ideal partner would score, 0 to 1
    gap: int = 0  # their maturity rank minus yours

    @property
    def strength(self) -> str:
        for threshold, label in STRENGTHS:
            if self.share >= threshold:
                return label
        return STRENGTHS[-1][1]

    @property
    def percent(self) -> int:
        return round(self.share * 100)

    def reason_sentences(self):
        return [reason.sentence(self.city.title) for reason in self.reasons]


@dataclass(frozen=True)
class Shortfall:
    """Why a list is empty, and what would change it."""

    code: str
    sentence: str
    remedy: str

    def as_dict(self):
        return {"code": self.code, "sentence": self.sentence, "remedy": self.remedy}


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


def _rounded(value) -> float:
    return round(float(value), 6)


def _product(weighted: np.ndarray, other: np.ndarray) -> np.ndarray:
    """(a × t) by (b × t) -> (a × b), without BLAS: BLAS threads spin on busy machines."""
    if weighted.shape[0] == 1:
        return np.einsum("bt,t->b", other, weighted[0])[None, :]
    return np.einsum("at,bt->ab", weighted, other)


class Block:
    """Cities as arrays, rows in the given order: the unit every score is computed on."""

    def __init__(self, cities: Sequence[CityVector], corpus: Corpus):
        self.cities = list(cities)
        n, t = len(self.cities), len(corpus.topics)
        self.offers = np.zeros((n, t))
        self.needs = np.zeros((n, t))
        languages = np.zeros((n, max(len(corpus.language_index), 1)), dtype=bool)
        for i, city in enumerate(self.cities):
            self.offers[i, corpus.columns(city.offers)] = 1.0
            self.needs[i, corpus.columns(city.needs)] = 1.0
            for code in city.languages:
                if code in corpus.language_index:
                    languages[i, corpus.language_index[code]] = True
        self.languages = languages
        self.has_language = np.array([bool(c.languages) for c in self.cities], dtype=bool)
        self.ids = np.array([-1 if c.id is None else c.id for c in self.cities], dtype=np.int64)
        self.slugs = np.array([c.slug for c in self.cities], dtype=object)
        self.ranks = np.array([c.maturity_rank for c in self.cities], dtype=np.int64)
        self.countries = np.array([c.country for c in self.cities], dtype=object)
        self.continents = np.array([c.continent for c in self.cities], dtype=object)
        self.population = np.array(
            [c.population if c.population else np.nan for c in self.cities], dtype=np.float64
        )
        self.latitude = np.array(
            [np.nan if c.latitude is None else abs(c.latitude) for c in self.cities],
            dtype=np.float64,
        )
        self.index_of_id = {c.id: i for i, c in enumerate(self.cities) if c.id is not None}
        # Every (row, partner id) pair, so partners are ruled out without a loop per city.
        pairs = [(i, partner) for i, c in enumerate(self.cities) for partner in c.partners]
        self.partner_rows = np.array([row for row, _ in pairs], dtype=np.int64)
        self.partner_ids = np.array([partner for _, partner in pairs], dtype=np.int64)

    def row(self, index: int) -> Block:
        """One city of this block as a block of its own, without rebuilding its arrays."""
        one = object.__new__(Block)
        one.cities = [self.cities[index]]
        for name in (
            "offers",
            "needs",
            "languages",
            "has_language",
            "ids",
            "slugs",
            "ranks",
            "countries",
            "continents",
            "population",
            "latitude",
        ):
            setattr(one, name, getattr(self, name)[index : index + 1])
        city = one.cities[0]
        one.index_of_id = {} if city.id is None else {city.id: 0}
        mine = self.partner_rows == index
        one.partner_rows = np.zeros(int(mine.sum()), dtype=np.int64)
        one.partner_ids = self.partner_ids[mine]
        return one


def context_factors(a: Block, b: Block, rules: ProgrammeRules | None) -> np.ndarray:
    """The product of the size, climate, place and language factors (len(a) × len(b))."""
    factor = np.ones((len(a.cities), len(b.cities)))
    pa, pb = a.population[:, None], b.population[None, :]
    with np.errstate(invalid="ignore"):
        # minimum/maximum (not fmin/fmax) so an unknown population stays unknown
        ratio = np.minimum(pa, pb) / np.maximum(pa, pb)
        factor *= np.where(
            ratio >= SIMILAR_SIZE_RATIO,
            SIMILAR_SIZE,
            np.where(ratio < DIFFERENT_SIZE_RATIO, DIFFERENT_SIZE, 1.0),
        )
        close = np.abs(a.latitude[:, None] - b.latitude[None, :]) <= SIMILAR_CLIMATE_DEGREES
    factor *= np.where(close, SIMILAR_CLIMATE, 1.0)
    preference = rules.partner_preference if rules else ""
    if preference:
        factor *= np.where(_preferred(preference, a, b), PREFERRED_PLACE, 1.0)
    if a.has_language.any() and b.has_language.any():
        shared = _product(a.languages.astype(np.float64), b.languages.astype(np.float64)) > 0
        both = a.has_language[:, None] & b.has_language[None, :]
        factor *= np.where(shared, SHARED_LANGUAGE, np.where(both, NO_SHARED_LANGUAGE, 1.0))
    return factor


def _preferred(preference, a: Block, b: Block) -> np.ndarray:
    if preference in ("same-country", "other-country"):
        same = a.countries[:, None] == b.countries[None, :]
    else:
        same = a.continents[:, None] == b.continents[None, :]
        known = (a.continents[:, None] != "") & (b.continents[None, :] != "")
        if preference == "other-continent":
            return ~same & known
        return same & known
    return same if preference == "same-country" else ~same


def score_block(
    kind_name: str,
    a: Block,
    b: Block,
    weights: np.ndarray,
    rules: ProgrammeRules | None = None,
) -> np.ndarray:
    """The score of every city of `b` as a `kind_name` for every city of `a` (a × b),
    before any rule: topic score × maturity × context."""
    kind = get_kind(kind_name)
    wa_needs, wa_offers = a.needs * weights, a.offers * weights
    teach_me = _product(wa_needs, b.offers)
    teach_them = _product(wa_offers, b.needs)
    if kind.name == TWIN:
        shared_needs = _product(wa_needs, b.needs)
        shared_offers = _product(wa_offers, b.offers)
    else:
        shared_needs = shared_offers = 0.0
    gap = b.ranks[None, :] - a.ranks[:, None]
    topic, _ = kind.formula(teach_me, teach_them, shared_needs, shared_offers, gap)
    return topic * kind.maturity_factor(gap) * context_factors(a, b, rules)


def allowed_block(
    a: Block,
    b: Block,
    rules: ProgrammeRules | None = None,
    exclude: frozenset[int] = frozenset(),
) -> np.ndarray:
    """Which pairs may be recommended or matched (a × b): never a city itself (by id or
    slug), never an existing partner, never an excluded city, and the rules met."""
    mask = (a.ids[:, None] != b.ids[None, :]) | (a.ids[:, None] < 0)
    # A visitor's description (no id) may still name a city of the corpus by its slug.
    unsaved = np.flatnonzero((a.ids < 0) & (a.slugs != ""))
    if len(unsaved):
        mask[unsaved] &= a.slugs[unsaved][:, None] != b.slugs[None, :]
    # Partners either way: a's partners among b, and b's partners among a.
    for row, partner in zip(a.partner_rows, a.partner_ids, strict=True):
        column = b.index_of_id.get(int(partner))
        if column is not None:
            mask[row, column] = False
    known = a.ids[a.ids >= 0]
    if len(known) and len(b.partner_ids):
        hits = np.flatnonzero(np.isin(b.partner_ids, known))
        for column, partner in zip(b.partner_rows[hits], b.partner_ids[hits], strict=True):
            mask[a.index_of_id[int(partner)], column] = False
    if exclude:
        mask[:, np.isin(b.ids, np.fromiter(exclude, dtype=np.int64))] = False
    if rules is not None:
        mask &= rules.allowed(a.countries, b.countries)
    return mask


class Corpus:
    """Every city and topic, as matrices, so one city is scored against all in one pass."""

    def __init__(self, topics: Sequence[TopicInfo], cities: Sequence[CityVector]):
        self.topics = list(topics)
        self.topic_index = {topic.slug: i for i, topic in enumerate(self.topics)}
        self.cities = list(cities)
        self.index_of_slug = {city.slug: i for i, city in enumerate(self.cities)}
        codes = sorted({code for city in self.cities for code in city.languages})
        self.language_index = {code: i for i, code in enumerate(codes)}
        self.block = Block(self.cities, self)
        n = len(self.cities)
        # Position of each city in (title, slug) order: the deterministic tie-break.
        order = sorted(range(n), key=lambda i: (self.cities[i].title, self.cities[i].slug))
        self.name_order = np.empty(n, dtype=np.int64)
        self.name_order[order] = np.arange(n)
        rarity = rarity_weights([topic.slug for topic in self.topics], self.cities)
        self.base_weights = np.array([rarity[topic.slug] for topic in self.topics])
        self.domains = np.array([topic.domain for topic in self.topics], dtype=object)

    def columns(self, slugs: Iterable[str]) -> list[int]:
        return [self.topic_index[slug] for slug in slugs if slug in self.topic_index]

    def weights(self, rules: ProgrammeRules | None = None) -> np.ndarray:
        if rules is None or not rules.focus_domains:
            return self.base_weights
        focus = np.isin(self.domains, list(rules.focus_domains))
        return self.base_weights * np.where(focus, FOCUS_DOMAIN_WEIGHT, 1.0)

    def weight_of(self, slug: str, rules: ProgrammeRules | None = None) -> float:
        return float(self.weights(rules)[self.topic_index[slug]])

    def topic_name(self, slug: str) -> str:
        return self.topics[self.topic_index[slug]].name

    def get(self, slug: str) -> CityVector | None:
        index = self.index_of_slug.get(slug)
        return None if index is None else self.cities[index]

    def block_of(self, cities: Sequence[CityVector]) -> Block:
        return Block(cities, self)

    def scores(
        self,
        me: CityVector,
        kind: str,
        rules: ProgrammeRules | None = None,
        exclude: frozenset[int] = frozenset(),
    ) -> np.ndarray:
        """One score per corpus city; zero where the rules or `allowed_block` rule a city
        out, and for the cities in `exclude` (those the asking visitor may not see)."""
        mine = self.block_of([me])
        scores = score_block(kind, mine, self.block, self.weights(rules), rules)[0]
        scores[~allowed_block(mine, self.block, rules, exclude)[0]] = 0.0
        return scores

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
        mine = self.block_of([me])
        return [
            _explain(me, self.cities[i], kind, self, rules, mine, self.block.row(int(i)))
            for i in chosen
        ]

    def ideal_score(self, me: CityVector, kind: str, rules: ProgrammeRules | None = None):
        """What a partner doing everything you need (and needing all you offer) would
        score on topics: the yardstick of a match's strength."""
        w = self.weights(rules)
        needs = float(w[self.columns(me.needs)].sum())
        offers = float(w[self.columns(me.offers)].sum())
        if kind == MENTOR:
            return needs
        if kind == MENTEE:
            return offers
        return (math.sqrt(needs) + math.sqrt(offers)) ** 2

    def shortfall(
        self,
        me: CityVector,
        kind: str,
        rules: ProgrammeRules | None = None,
        exclude: frozenset[int] = frozenset(),
    ) -> Shortfall:
        """Why no city fits `me` as a `kind`, and what would change it."""
        get_kind(kind)
        mine_needs = [self.topic_name(s) for s in sorted(me.needs) if s in self.topic_index]
        mine_offers = [self.topic_name(s) for s in sorted(me.offers) if s in self.topic_index]
        if kind == MENTOR and not mine_needs:
            return Shortfall(
                "no-needs",
                "Mentors are found by what you want to learn, and you have named nothing yet.",
                "Add a topic you want to learn.",
            )
        if kind == MENTEE and not mine_offers:
            return Shortfall(
                "no-offers",
                "Mentees are found by what you can share, and you have named nothing yet.",
                "Add a topic you can share.",
            )
        if kind == TWIN and not (mine_needs or mine_offers):
            return Shortfall(
                "no-topics",
                "Twins are found by what you want to learn and can share, and you have "
                "named neither yet.",
                "Add a topic you want to learn or can share.",
            )
        mine = self.block_of([me])
        visible = np.array([city.id not in exclude for city in self.cities], dtype=bool)
        raw = score_block(kind, mine, self.block, self.weights(rules), rules)[0] > 0
        raw &= visible
        if not raw.any():
            if kind == MENTOR:
                what, side = _listed(mine_needs), "offers"
            elif kind == MENTEE:
                what, side = _listed(mine_offers), "wants to learn"
            else:
                what, side = _listed(mine_needs + mine_offers), "shares"
            return Shortfall(
                "nobody",
                f"No other city {side} {what} yet.",
                "Add a related topic, or look again as more cities join.",
            )
        unruled = allowed_block(mine, self.block, None, exclude)[0]
        if not (raw & unruled).any():
            return Shortfall(
                "partners",
                "The only cities that fit are already your partners.",
                "See your partnerships on your city's page.",
            )
        if rules is not None:
            count = int((raw & unruled).sum())
            return Shortfall(
                "rules",
                f"{count} {'city' if count == 1 else 'cities'} would fit, but "
                f"{rules.ruled_out_because(me)}.",
                "Choose “Any programme” to see them.",
            )
        return Shortfall("nobody", "No other city fits yet.", "Add a related topic.")


def _listed(names):
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]


def _reasons(me, them, kind, corpus, weights):
    found = []
    sets = {
        "teach_me": them.offers & me.needs,
        "teach_them": them.needs & me.offers,
        "shared_needs": them.needs & me.needs,
        "shared_offers": them.offers & me.offers,
    }
    for side in get_kind(kind).reason_sides:
        for slug in sets[side.term]:
            if slug in corpus.topic_index:
                found.append(
                    Reason(
                        topic=slug,
                        topic_name=corpus.topic_name(slug),
                        theirs=side.theirs,
                        yours=side.yours,
                        weight=_rounded(weights[corpus.topic_index[slug]]),
                    )
                )
    order = {(s.theirs, s.yours): i for i, s in enumerate(get_kind(kind).reason_sides)}
    return tuple(sorted(found, key=lambda r: (order[(r.theirs, r.yours)], -r.weight, r.topic)))


def _factor_list(me, them, kind, corpus, rules, gap, reciprocity, a, b):
    """Every factor of the pair that is not neutral, plus maturity, in plain words."""
    k = get_kind(kind)
    factors = []
    maturity = float(k.maturity_factor(gap))
    factors.append(Factor("maturity", _maturity_sentence(me, them, kind, gap), maturity))
    if abs(reciprocity - 1.0) > 1e-9:
        factors.append(Factor("reciprocity", _reciprocity_sentence(me, them, kind), reciprocity))
    if me.population and them.population:
        ratio = min(me.population, them.population) / max(me.population, them.population)
        sizes = f"{them.population:,} and {me.population:,} people"
        if ratio >= SIMILAR_SIZE_RATIO:
            factors.append(Factor("size", f"Similar size: {sizes}.", SIMILAR_SIZE))
        elif ratio < DIFFERENT_SIZE_RATIO:
            factors.append(Factor("size", f"Very different size: {sizes}.", DIFFERENT_SIZE))
    if (
        me.latitude is not None
        and them.latitude is not None
        and abs(abs(me.latitude) - abs(them.latitude)) <= SIMILAR_CLIMATE_DEGREES
    ):
        factors.append(
            Factor(
                "climate",
                f"Similar climate: {latitude_text(them.latitude)} and "
                f"{latitude_text(me.latitude)}, both in {climate_band(them.latitude)}.",
                SIMILAR_CLIMATE,
            )
        )
    preference = rules.partner_preference if rules else ""
    if preference and _preferred(preference, a, b)[0, 0]:
        factors.append(Factor("country", _place_sentence(me, them, rules), PREFERRED_PLACE))
    if me.languages and them.languages:
        shared = sorted(me.languages & them.languages)
        names = dict(me.language_names) | dict(them.language_names)
        if shared:
            spoken = _listed([names.get(code, code) for code in shared]).replace(" or ", " and ")
            factors.append(Factor("language", f"You both work in {spoken}.", SHARED_LANGUAGE))
        else:
            factors.append(
                Factor(
                    "language",
                    f"No shared working language: {them.title} works in "
                    f"{_listed([names.get(c, c) for c in sorted(them.languages)])}.",
                    NO_SHARED_LANGUAGE,
                )
            )
    return tuple(factors)


def _stage(city):
    return (city.maturity or "unknown stage").capitalize()


def _maturity_sentence(me, them, kind, gap):
    if kind == TWIN:
        if gap == 0:
            return f"At the same stage as you: {_stage(them)}."
        if abs(gap) == 1:
            return f"A similar stage: {_stage(them)}, you are at {_stage(me)}."
        return f"A very different stage: {_stage(them)}, you are at {_stage(me)}."
    further = gap if kind == MENTOR else -gap
    if further > 0:
        who = "further along" if kind == MENTOR else "behind you, as a mentee usually is"
        return f"{them.title} is {who}: {_stage(them)}, you are at {_stage(me)}."
    if further == 0:
        return f"At your stage ({_stage(them)}): a peer who has done it, not a city further along."
    stages = f"{_stage(them)}, you are at {_stage(me)}"
    if kind == MENTOR:
        return f"Behind you overall ({stages}), though it has done this."
    return f"Further along overall ({stages}), though it needs this."


def _reciprocity_sentence(me, them, kind):
    if kind == MENTOR:
        return f"A two-way exchange: you can also teach {them.title} something it wants to learn."
    if kind == MENTEE:
        return f"A two-way exchange: {them.title} can also teach you something you want to learn."
    return "Each of you can teach the other something, which counts for more than one way."


def _place_sentence(me, them, rules):
    preference = PARTNER_PREFERENCES[rules.partner_preference]
    who = rules.name or "the programme"
    if rules.partner_preference.endswith("continent"):
        places = f"{continent_name(them.continent)} and {continent_name(me.continent)}"
    else:
        places = f"{them.country} and {me.country}"
    return f"{preference.capitalize()} ({places}), as {who} prefers."


def explain_pair(
    me: CityVector,
    them: CityVector,
    kind: str,
    corpus: Corpus,
    rules: ProgrammeRules | None = None,
) -> Match:
    """`them` as `me`'s mentor, mentee or twin: score, topics, factors and strength
    (score 0 and no reasons when the pair is ruled out)."""
    return _explain(me, them, kind, corpus, rules, corpus.block_of([me]), corpus.block_of([them]))


def _explain(me, them, kind, corpus, rules, a, b):
    k = get_kind(kind)
    weights = corpus.weights(rules)
    gap = them.maturity_rank - me.maturity_rank
    if not allowed_block(a, b, rules)[0, 0]:
        return Match(city=them, score=0.0, gap=gap)
    score = _rounded(score_block(kind, a, b, weights, rules)[0, 0])
    if score <= 0:
        return Match(city=them, score=0.0, gap=gap)
    wa_needs, wa_offers = a.needs * weights, a.offers * weights
    terms = (
        _product(wa_needs, b.offers),
        _product(wa_offers, b.needs),
        _product(wa_needs, b.needs),
        _product(wa_offers, b.offers),
    )
    _, reciprocity = k.formula(*terms, np.array([[gap]]))
    ideal = corpus.ideal_score(me, kind, rules)
    return Match(
        city=them,
        score=score,
        reasons=_reasons(me, them, kind, corpus, weights),
        factors=_factor_list(me, them, kind, corpus, rules, gap, _rounded(reciprocity[0, 0]), a, b),
        share=min(1.0, score / ideal) if ideal > 0 else 0.0,
        gap=gap,
    )


def pair_score(
    me: CityVector,
    them: CityVector,
    kind: str,
    corpus: Corpus,
    rules: ProgrammeRules | None = None,
) -> float:
    """The score `them` gets as `me`'s mentor, mentee or twin (0 if ruled out)."""
    return explain_pair(me, them, kind, corpus, rules).score
