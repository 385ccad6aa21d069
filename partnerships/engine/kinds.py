"""The kinds of recommendation, each defined once: its formula, the sides of its reasons,
its heading, how maturity weighs in it, and what it becomes in a matching round and as a
partnership. Recommendations, rounds, views and forms all read this table.

Each formula takes the four topic terms of a pair (arrays, so one city is scored against
every city, or a round's applicants against its hosts, in one pass):

- `teach_me`: weight of what they offer and I need (they can teach me),
- `teach_them`: weight of what I offer and they need (I can teach them),
- `shared_needs`, `shared_offers`: weight of what we both need, or both offer;

and `gap`, their maturity rank minus mine. It answers the topic score and the reciprocity
multiplier it applied, so the reasons can say what reciprocity added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

MENTOR = "mentor"
MENTEE = "mentee"
TWIN = "twin"

# What a mentor who also learns something from its mentee adds, at most: a fifth.
RECIPROCITY_BONUS = 0.2
# A need both share counts a little (nobody can teach it), more when one has gone further.
SHARED_NEED_SAME_STAGE = 0.2
SHARED_NEED_ONE_FURTHER = 0.5
SHARED_OFFER = 0.25


def _one_way(main, back):
    """A mentor's topic score: what it teaches, raised by up to a fifth when it learns
    something back (never more than what it teaches)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(main > 0, np.minimum(back / np.where(main > 0, main, 1.0), 1.0), 0.0)
    multiplier = 1.0 + RECIPROCITY_BONUS * ratio
    return main * multiplier, multiplier


def mentor_formula(teach_me, teach_them, shared_needs, shared_offers, gap):
    return _one_way(teach_me, teach_them)


def mentee_formula(teach_me, teach_them, shared_needs, shared_offers, gap):
    return _one_way(teach_them, teach_me)


def twin_formula(teach_me, teach_them, shared_needs, shared_offers, gap):
    """(√a + √b)²: an exchange both ways is worth more than the same weight one way; shared
    needs count a little, more when one city has gone further; shared offers a little."""
    exchange = teach_me + teach_them
    mutual = exchange + 2.0 * np.sqrt(teach_me * teach_them)
    need_weight = np.where(gap != 0, SHARED_NEED_ONE_FURTHER, SHARED_NEED_SAME_STAGE)
    rest = need_weight * shared_needs + SHARED_OFFER * shared_offers
    with np.errstate(divide="ignore", invalid="ignore"):
        multiplier = np.where(exchange > 0, mutual / np.where(exchange > 0, exchange, 1.0), 1.0)
    return mutual + rest, multiplier


def _lookup(values, gap):
    """The factor for each gap (an array, or one number), gaps beyond three as three;
    `values` holds the factors of gaps -3 to 3."""
    found = values[np.clip(np.asarray(gap, dtype=np.int64), -3, 3) + 3]
    return found if np.ndim(found) else float(found)


# Maturity, as a factor by gap (their rank minus mine): a mentor further along is best,
# a peer who has done it is still good, one behind counts less.
MENTOR_MATURITY = {3: 1.0, 2: 1.0, 1: 1.0, 0: 0.8, -1: 0.5, -2: 0.3, -3: 0.3}
MENTEE_MATURITY = {-gap: factor for gap, factor in MENTOR_MATURITY.items()}
# A twin at the same stage is best; very different stages score lower.
TWIN_MATURITY = {0: 1.0, 1: 0.8, -1: 0.8, 2: 0.5, -2: 0.5, 3: 0.3, -3: 0.3}


@dataclass(frozen=True)
class ReasonSide:
    """One kind of topic reason: which term it comes from and which side does what."""

    term: str  # teach_me, teach_them, shared_needs or shared_offers
    theirs: str  # "offers" or "needs"
    yours: str


TEACH_ME = ReasonSide("teach_me", "offers", "needs")
TEACH_THEM = ReasonSide("teach_them", "needs", "offers")
SHARED_NEEDS = ReasonSide("shared_needs", "needs", "needs")
SHARED_OFFERS = ReasonSide("shared_offers", "offers", "offers")


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # "Mentors"
    heading: str
    # The heading when every listed city sits within one stage of yours.
    similar_stage_heading: str
    formula: Callable
    maturity: dict
    reason_sides: tuple[ReasonSide, ...]
    # The term that must be positive for a city to count at all (a twin: either way).
    needed_terms: tuple[str, ...]
    symmetric: bool
    # In a matching round: the round kind whose hosts play this part for the applicants,
    # and its label; None when rounds do not use the kind.
    round_label: str | None
    # The partnership kinds a match becomes, first choice first, each with the roles of
    # (the recommended city or host, the city asking or applicant).
    partnerships: tuple[tuple[str, tuple[str, str]], ...]

    def maturity_factor(self, gap):
        return _lookup(self._maturity_values, gap)

    @property
    def _maturity_values(self):
        values = self.__dict__.get("_values")
        if values is None:
            values = np.array([self.maturity[g] for g in range(-3, 4)])
            object.__setattr__(self, "_values", values)
        return values

    def heading_for(self, matches):
        if matches and all(abs(m.gap) <= 1 for m in matches):
            return self.similar_stage_heading
        return self.heading


KINDS = {
    MENTOR: Kind(
        name=MENTOR,
        label="Mentors",
        heading="Mentors: cities that have done what you want to learn",
        similar_stage_heading="Mentors: cities that have done what you want to learn",
        formula=mentor_formula,
        maturity=MENTOR_MATURITY,
        reason_sides=(TEACH_ME, TEACH_THEM),
        needed_terms=("teach_me",),
        symmetric=False,
        round_label="Hosts mentor applicants",
        partnerships=(("mentor-mentee", ("mentor", "mentee")),),
    ),
    MENTEE: Kind(
        name=MENTEE,
        label="Mentees",
        heading="Mentees: cities that want to learn what you have done",
        similar_stage_heading="Mentees: cities that want to learn what you have done",
        formula=mentee_formula,
        maturity=MENTEE_MATURITY,
        reason_sides=(TEACH_THEM, TEACH_ME),
        needed_terms=("teach_them",),
        symmetric=False,
        round_label=None,
        partnerships=(("mentor-mentee", ("mentee", "mentor")),),
    ),
    TWIN: Kind(
        name=TWIN,
        label="Twins",
        heading="Twins: cities to learn from and teach in turn",
        similar_stage_heading="Twins: cities to learn from and teach in turn, at a similar stage",
        formula=twin_formula,
        maturity=TWIN_MATURITY,
        reason_sides=(TEACH_ME, TEACH_THEM, SHARED_NEEDS, SHARED_OFFERS),
        needed_terms=("teach_me", "teach_them", "shared_needs", "shared_offers"),
        symmetric=True,
        round_label="Hosts twin with applicants",
        partnerships=(
            ("sibling", ("sibling", "sibling")),
            ("mission-twin", ("mission-city", "twin-city")),
        ),
    ),
}
KIND_NAMES = tuple(KINDS)
ROUND_KINDS = tuple(name for name, kind in KINDS.items() if kind.round_label)

# The roles each kind of partnership has, from the table above.
PARTNERSHIP_ROLES = {}
for _kind in KINDS.values():
    for _partnership, _roles in _kind.partnerships:
        PARTNERSHIP_ROLES.setdefault(_partnership, set()).update(_roles)

# Which recommendation kinds a partnership kind comes from (for a programme's lists).
KINDS_OF_PARTNERSHIP = {}
for _kind in KINDS.values():
    for _partnership, _ in _kind.partnerships:
        KINDS_OF_PARTNERSHIP.setdefault(_partnership, []).append(_kind.name)


def get_kind(name):
    """The kind called `name`; ValueError naming the choices otherwise."""
    try:
        return KINDS[name]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown kind {name!r}; choose one of {', '.join(KINDS)}.") from None


def partnership_for(kind_name, programme_kinds=()):
    """(partnership kind, role of the recommended city or host, role of the other) for a
    match of `kind_name` in a programme running `programme_kinds` (its first suitable one)."""
    options = get_kind(kind_name).partnerships
    for partnership, roles in options:
        if partnership in programme_kinds:
            return partnership, roles
    return options[0]


def kinds_run_by(programme_kinds):
    """The recommendation kinds a programme running these partnership kinds offers."""
    names = []
    for partnership in programme_kinds:
        for name in KINDS_OF_PARTNERSHIP.get(partnership, []):
            if name not in names:
                names.append(name)
    return [name for name in KINDS if name in names]
