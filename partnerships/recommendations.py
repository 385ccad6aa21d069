"""Recommendation lists as the pages show them: each kind with its heading and matches."""

from .engine.scoring import KINDS, MENTEE, MENTOR, TWIN

KIND_HEADINGS = {
    MENTOR: "Mentors: cities further along that offer what you need",
    MENTEE: "Mentees: cities that need what you offer",
    TWIN: "Twins: cities with your needs and offers, at a similar stage",
}


def recommendation_lists(corpus, me, limit, rules=None, exclude=frozenset()):
    """The three lists for a city, each a (kind, heading, matches) triple; cities in
    `exclude` (those the visitor may not open) are left out."""
    return [
        (
            kind,
            KIND_HEADINGS[kind],
            corpus.recommend(me, kind, limit=limit, rules=rules, exclude=exclude),
        )
        for kind in KINDS
    ]
