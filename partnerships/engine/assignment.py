"""Matching rounds: the assignment of applicants to hosts with the highest total score.

Each host is expanded into as many slots as its capacity and
`scipy.optimize.linear_sum_assignment` picks the best applicant for each slot. Pairs the
rules forbid, or that score nothing, cost nothing and are dropped afterwards, so an
applicant is left unmatched rather than forced onto a host it has nothing to learn from.
No database access here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from .scoring import MENTOR, TWIN, CityVector, Corpus, ProgrammeRules, Reason, explain

ROUND_KINDS = (MENTOR, TWIN)

NO_CAPACITY = "no capacity left"
NO_POSITIVE_SCORE = "no positive score"
INELIGIBLE = "ineligible"


@dataclass(frozen=True)
class Host:
    city: CityVector
    capacity: int


@dataclass(frozen=True)
class Pair:
    applicant: CityVector
    host: CityVector
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Unmatched:
    applicant: CityVector
    why: str


@dataclass(frozen=True)
class Proposal:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]

    @property
    def total(self) -> float:
        return round(sum(pair.score for pair in self.pairs), 6)


def _pair_allowed(applicant: CityVector, host: CityVector, rules: ProgrammeRules | None) -> bool:
    if applicant.id is not None and applicant.id == host.id:
        return False
    if applicant.slug == host.slug:
        return False
    if host.id in applicant.partners or applicant.id in host.partners:
        return False
    if rules is None:
        return True
    if rules.eligible_countries and applicant.country not in rules.eligible_countries:
        return False
    return rules.allows(applicant.country, host.country)


def score_matrix(
    applicants: Sequence[CityVector],
    hosts: Sequence[CityVector],
    kind: str,
    corpus: Corpus,
    rules: ProgrammeRules | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Scores (applicants × hosts) and the mask of pairs the rules allow.

    For a mentor round the host mentors the applicant: the host's offers meet the
    applicant's needs and the host is further along. A twin round scores shared needs
    and offers, damped by the distance in maturity.
    """
    if kind not in ROUND_KINDS:
        raise ValueError(f"Unknown round kind {kind!r}; choose mentor or twin.")
    w = corpus.weights(rules)
    a_offers = np.array([corpus.vector(city.offers) for city in applicants]).reshape(-1, len(w))
    a_needs = np.array([corpus.vector(city.needs) for city in applicants]).reshape(-1, len(w))
    h_offers = np.array([corpus.vector(city.offers) for city in hosts]).reshape(-1, len(w))
    h_needs = np.array([corpus.vector(city.needs) for city in hosts]).reshape(-1, len(w))
    a_rank = np.array([city.maturity_rank for city in applicants])[:, None]
    h_rank = np.array([city.maturity_rank for city in hosts])[None, :]
    if kind == MENTOR:
        scores = (a_needs * w) @ h_offers.T
        scores[np.broadcast_to(h_rank <= a_rank, scores.shape)] = 0.0
    else:
        scores = ((a_needs * w) @ h_needs.T + (a_offers * w) @ h_offers.T) / (
            1.0 + np.abs(a_rank - h_rank)
        )
    allowed = np.array(
        [[_pair_allowed(a, h, rules) for h in hosts] for a in applicants], dtype=bool
    ).reshape(len(applicants), len(hosts))
    return np.round(scores, 6), allowed


def propose(
    applicants: Sequence[CityVector],
    hosts: Sequence[Host],
    kind: str,
    corpus: Corpus,
    rules: ProgrammeRules | None = None,
) -> Proposal:
    """The assignment with the highest total score under the hosts' capacities."""
    host_cities = [host.city for host in hosts]
    scores, allowed = score_matrix(applicants, host_cities, kind, corpus, rules)
    usable = np.where(allowed, scores, 0.0)
    slots = np.repeat(np.arange(len(hosts)), [max(host.capacity, 0) for host in hosts])
    matched: dict[int, int] = {}
    if len(applicants) and len(slots):
        rows, columns = linear_sum_assignment(usable[:, slots], maximize=True)
        for row, column in zip(rows, columns, strict=True):
            host_index = int(slots[column])
            if usable[row, host_index] > 0:
                matched[int(row)] = host_index
    pairs, unmatched = [], []
    for i, applicant in enumerate(applicants):
        if i in matched:
            host = host_cities[matched[i]]
            pairs.append(
                Pair(
                    applicant=applicant,
                    host=host,
                    score=float(scores[i, matched[i]]),
                    reasons=explain(applicant, host, kind, corpus, rules),
                )
            )
            continue
        if not allowed[i].any():
            why = INELIGIBLE
        elif not (usable[i] > 0).any():
            why = NO_POSITIVE_SCORE
        else:
            # Optimality: had any host it scores with kept a free slot, it would be there.
            why = NO_CAPACITY
        unmatched.append(Unmatched(applicant=applicant, why=why))
    pairs.sort(key=lambda pair: (pair.host.title, -pair.score, pair.applicant.title))
    return Proposal(pairs=tuple(pairs), unmatched=tuple(unmatched))
