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

from .kinds import ROUND_KINDS, get_kind
from .scoring import (
    CityVector,
    Corpus,
    Factor,
    ProgrammeRules,
    Reason,
    allowed_block,
    explain_pair,
    score_block,
)

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
    factors: tuple[Factor, ...] = ()


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


def score_matrix(
    applicants: Sequence[CityVector],
    hosts: Sequence[CityVector],
    kind: str,
    corpus: Corpus,
    rules: ProgrammeRules | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Scores (applicants × hosts) and the mask of pairs the rules allow.

    The host plays the kind's part for the applicant, scored by the same formula as the
    recommendations (`kinds.KINDS`): in a mentor round the host's offers meet the
    applicant's needs (and what the host learns back adds a little); a twin round scores
    the exchange both ways.
    """
    if kind not in ROUND_KINDS:
        raise ValueError(f"Unknown round kind {kind!r}; choose {' or '.join(ROUND_KINDS)}.")
    get_kind(kind)
    a, h = corpus.block_of(applicants), corpus.block_of(hosts)
    scores = score_block(kind, a, h, corpus.weights(rules), rules)
    allowed = allowed_block(a, h, rules)
    return np.round(scores, 6).reshape(len(applicants), len(hosts)), allowed.reshape(
        len(applicants), len(hosts)
    )


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
            explained = explain_pair(applicant, host, kind, corpus, rules)
            pairs.append(
                Pair(
                    applicant=applicant,
                    host=host,
                    score=float(scores[i, matched[i]]),
                    reasons=explained.reasons,
                    factors=explained.factors,
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
