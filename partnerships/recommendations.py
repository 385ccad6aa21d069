"""Recommendation lists as the pages show them: each kind with its heading, its matches,
and, when nothing fits, why and what would change it."""

from dataclasses import dataclass

from .engine.kinds import KIND_NAMES, KINDS
from .engine.scoring import Match, Shortfall


@dataclass(frozen=True)
class KindList:
    kind: str
    label: str
    heading: str
    matches: list[Match]
    shortfall: Shortfall | None


def recommendation_lists(corpus, me, limit, rules=None, exclude=frozenset(), kinds=None):
    """The lists for a city (every kind, or `kinds`); cities in `exclude` (those the
    visitor may not open) are left out, and count for nothing in the explanations."""
    lists = []
    for name in kinds or KIND_NAMES:
        kind = KINDS[name]
        matches = corpus.recommend(me, name, limit=limit, rules=rules, exclude=exclude)
        shortfall = None if matches else corpus.shortfall(me, name, rules, exclude)
        lists.append(KindList(name, kind.label, kind.heading_for(matches), matches, shortfall))
    return lists
