"""Matching rounds: the assignment of applicants to hosts with the highest total score.

Each host is expanded into as many slots as its capacity and
`scipy.optimize.linear_sum_assignment` picks the best applicant for each slot. Pairs the
rules forbid, or that score nothing, cost nothing and are dropped afterwards, so an
applicant is left unmatched rather than forced onto a host it has nothing to learn from.
An unmatched applicant carries the true reason, worked out from the facts rather than
from the scores alone: a programme rule (named) rules out every host; no host shares a
topic with it; the hosts it shares topics with score nothing in this kind of round; or
every host it scores with is full (named, with their places). Each reason comes with
what would match it (a topic to add, a host's extra place). No database access here.
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

# Why an applicant is unmatched, as codes (the sentence says it in words).
NO_CAPACITY = "hosts full"
NO_SHARED_TOPIC = "no shared topic"
NO_POSITIVE_SCORE = "no scoring topic"
INELIGIBLE = "programme rule"


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
    why: str  # one of the codes above
    detail: str = ""  # the reason, in words
    suggestion: str = ""  # what would match the applicant, in words


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
        unmatched.append(
            why_unmatched(applicant, i, hosts, allowed, usable, matched, kind, corpus, rules)
        )
    pairs.sort(key=lambda pair: (pair.host.title, -pair.score, pair.applicant.title))
    return Proposal(pairs=tuple(pairs), unmatched=tuple(unmatched))


def _names(cities):
    return ", ".join(city.title for city in cities)


def _rule_words(applicant, hosts, rules):
    """Which programme rule leaves every host out for `applicant`, in words."""
    who = (rules.name if rules and rules.name else "The programme") if rules else "The round"
    if rules and rules.eligible_countries and applicant.country not in rules.eligible_countries:
        return (
            f"{who} accepts cities from its eligible countries only, and "
            f"{applicant.title}'s country ({applicant.country}) is not one of them.",
            "",
        )
    if (
        rules
        and rules.different_countries
        and all(host.city.country == applicant.country for host in hosts)
    ):
        return (
            f"{who} pairs cities of different countries only, and every host is in "
            f"{applicant.country} like {applicant.title}.",
            "A host from another country would be allowed.",
        )
    if rules and rules.eligible_countries:
        return (
            f"{who} accepts cities from its eligible countries only, and no host of this "
            "round is in one.",
            "",
        )
    return (f"Every host is {applicant.title} itself or already its partner.", "")


def _topics(city):
    return set(city.offers) | set(city.needs)


def why_unmatched(applicant, i, hosts, allowed, usable, matched, kind, corpus, rules):
    """The true reason `applicant` (row `i`) has no host, and what would match it."""
    if not allowed[i].any():
        detail, suggestion = _rule_words(applicant, hosts, rules)
        return Unmatched(applicant, INELIGIBLE, detail, suggestion)
    open_hosts = [j for j in range(len(hosts)) if allowed[i, j]]
    sharing = [j for j in open_hosts if _topics(applicant) & _topics(hosts[j].city)]
    if not sharing:
        return Unmatched(
            applicant,
            NO_SHARED_TOPIC,
            f"No host shares a topic with {applicant.title}.",
            _topic_suggestion(applicant, [hosts[j].city for j in open_hosts], corpus),
        )
    scoring = [j for j in sharing if usable[i, j] > 0]
    if not scoring:
        return Unmatched(
            applicant,
            NO_POSITIVE_SCORE,
            f"The hosts that share topics with {applicant.title} "
            f"({_names(hosts[j].city for j in sharing)}) do not offer what it wants to learn "
            f"or want what it offers, which a {kind} round scores.",
            _topic_suggestion(applicant, [hosts[j].city for j in open_hosts], corpus),
        )
    used = {}
    for host_index in matched.values():
        used[host_index] = used.get(host_index, 0) + 1
    places = [
        f"{hosts[j].city.title} ({used.get(j, 0)} of {max(hosts[j].capacity, 0)} places taken)"
        for j in scoring
    ]
    best = max(scoring, key=lambda j: usable[i, j])
    return Unmatched(
        applicant,
        NO_CAPACITY,
        f"Every host that shares a topic with {applicant.title} is full: {', '.join(places)}.",
        f"One more place at {hosts[best].city.title} (its best host, score "
        f"{usable[i, best]:.2f}) would take it.",
    )


def _topic_suggestion(applicant, hosts, corpus, limit=3):
    """Topics the hosts offer that the applicant does not list: adding one as a need
    would give it a partner."""
    counts = {}
    for host in hosts:
        for slug in host.offers:
            if slug not in _topics(applicant):
                counts.setdefault(slug, []).append(host.title)
    if not counts:
        return ""
    ranked = sorted(counts.items(), key=lambda item: (-len(item[1]), item[0]))[:limit]
    listed = "; ".join(
        f"{corpus.topic_name(slug)} (offered by {', '.join(sorted(titles))})"
        for slug, titles in ranked
    )
    return f"It would match if it added a need the hosts offer: {listed}."
