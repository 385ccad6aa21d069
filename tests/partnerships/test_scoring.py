"""The scoring core on its own: no database, hand-computed cases and properties."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from partnerships.engine.scoring import (
    MENTEE,
    MENTOR,
    TWIN,
    CityVector,
    Corpus,
    ProgrammeRules,
    TopicInfo,
    pair_score,
)

TOPICS = [
    TopicInfo("hydrogen-buses", "Hydrogen bus fleets", "hydrogen"),
    TopicInfo("cycling", "Cycling infrastructure", "mobility"),
    TopicInfo("heat-pumps", "Heat pumps", "energy"),
]


def city(id, rank, offers=(), needs=(), country="SE", partners=(), title=None):
    return CityVector(
        id=id,
        slug=f"city-{id}",
        title=title or f"City {id}",
        country=country,
        maturity_rank=rank,
        offers=frozenset(offers),
        needs=frozenset(needs),
        partners=frozenset(partners),
    )


# Four cities: each topic is carried by three of them, so every weight is ln(5/4) + 1.
A = city(1, 0, offers={"heat-pumps"}, needs={"hydrogen-buses", "cycling"})
B = city(2, 2, offers={"hydrogen-buses", "cycling"}, needs={"heat-pumps"})
C = city(3, 3, offers={"cycling"})
D = city(4, 1, offers={"heat-pumps"}, needs={"hydrogen-buses"})
CORPUS = Corpus(TOPICS, [A, B, C, D])
W = math.log(5 / 4) + 1


def ranked(matches):
    return [(match.city.slug, match.score) for match in matches]


def test_rarity_weight_is_inverse_document_frequency():
    assert CORPUS.weight_of("cycling") == W


def test_mentors_offer_what_i_need_and_are_further_along():
    # B offers both of A's needs; C offers one; D is further along but offers none of them.
    assert ranked(CORPUS.recommend(A, MENTOR)) == [
        ("city-2", round(2 * W, 6)),
        ("city-3", round(W, 6)),
    ]


def test_mentor_reasons_say_which_side_offers_and_which_needs():
    best = CORPUS.recommend(A, MENTOR)[0]
    assert {(r.topic, r.theirs, r.yours) for r in best.reasons} == {
        ("hydrogen-buses", "offers", "needs"),
        ("cycling", "offers", "needs"),
    }
    assert all(r.weight == round(W, 6) for r in best.reasons)
    sentence = next(r for r in best.reasons if r.topic == "hydrogen-buses").sentence()
    assert sentence == "They share Hydrogen bus fleets, which you want to learn."


def test_mentees_need_what_i_offer_and_are_behind():
    # B (piloting) offers buses and cycling: A and D need buses; A needs cycling too.
    assert ranked(CORPUS.recommend(B, MENTEE)) == [
        ("city-1", round(2 * W, 6)),
        ("city-4", round(W, 6)),
    ]
    # C is the furthest along: nobody can mentor it.
    assert CORPUS.recommend(C, MENTOR) == []


def test_twins_share_needs_and_offers_damped_by_maturity_distance():
    # A and D both need buses and both offer heat pumps; one maturity level apart.
    [twin] = CORPUS.recommend(A, TWIN)
    assert twin.city.slug == "city-4"
    assert twin.score == round(2 * W / 2, 6)
    assert {(r.topic, r.theirs, r.yours) for r in twin.reasons} == {
        ("hydrogen-buses", "needs", "needs"),
        ("heat-pumps", "offers", "offers"),
    }


def test_twin_score_is_symmetric_mentor_score_is_not():
    assert pair_score(A, D, TWIN, CORPUS) == pair_score(D, A, TWIN, CORPUS) > 0
    assert pair_score(A, B, MENTOR, CORPUS) > 0
    assert pair_score(B, A, MENTOR, CORPUS) == 0


def test_a_rare_shared_topic_outweighs_a_common_one():
    common = [city(10 + i, 1, offers={"cycling"}) for i in range(20)]
    me = city(1, 0, needs={"hydrogen-buses", "cycling"})
    rare_offer = city(2, 2, offers={"hydrogen-buses"}, title="Zeta")
    common_offer = city(3, 2, offers={"cycling"}, title="Alpha")
    corpus = Corpus(TOPICS, [me, rare_offer, common_offer, *common])
    best = corpus.recommend(me, MENTOR)[0]
    assert best.city.title == "Zeta"
    assert corpus.weight_of("hydrogen-buses") > corpus.weight_of("cycling")


def test_never_itself_nor_an_existing_partner():
    me = city(1, 1, offers={"cycling"}, needs={"cycling"}, partners={2})
    partner = city(2, 1, offers={"cycling"}, needs={"cycling"}, partners={1})
    other = city(3, 1, offers={"cycling"}, needs={"cycling"})
    corpus = Corpus(TOPICS, [me, partner, other])
    assert [m.city.id for m in corpus.recommend(me, TWIN)] == [3]


def test_programme_rules_exclude_ineligible_cities():
    me = city(1, 0, needs={"cycling"}, country="DE")
    same_country = city(2, 2, offers={"cycling"}, country="DE")
    outside = city(3, 2, offers={"cycling"}, country="US")
    eligible = city(4, 2, offers={"cycling"}, country="FI")
    corpus = Corpus(TOPICS, [me, same_country, outside, eligible])
    assert len(corpus.recommend(me, MENTOR)) == 3
    rules = ProgrammeRules(different_countries=True, eligible_countries=frozenset({"DE", "FI"}))
    assert [m.city.id for m in corpus.recommend(me, MENTOR, rules=rules)] == [4]


def test_focus_domain_counts_double():
    rules = ProgrammeRules(focus_domains=frozenset({"hydrogen"}))
    assert CORPUS.weight_of("hydrogen-buses", rules) == 2 * CORPUS.weight_of("hydrogen-buses")
    assert CORPUS.weight_of("cycling", rules) == CORPUS.weight_of("cycling")


def test_ties_break_by_title_then_slug():
    me = city(1, 0, needs={"cycling"})
    others = [city(i, 2, offers={"cycling"}, title=t) for i, t in [(2, "B"), (3, "A"), (4, "C")]]
    corpus = Corpus(TOPICS, [me, *others])
    assert [m.city.title for m in corpus.recommend(me, MENTOR, limit=2)] == ["A", "B"]


def test_a_visitor_without_a_page_gets_recommendations():
    visitor = CityVector(
        id=None,
        slug="",
        title="Your city",
        country="IT",
        maturity_rank=0,
        needs=frozenset({"hydrogen-buses"}),
    )
    assert [m.city.id for m in CORPUS.recommend(visitor, MENTOR)] == [2]


cities_strategy = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.frozensets(st.sampled_from([t.slug for t in TOPICS])),
        st.frozensets(st.sampled_from([t.slug for t in TOPICS])),
        st.sampled_from(["SE", "DE"]),
    ),
    min_size=2,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(cities_strategy, st.data())
def test_properties_on_random_corpora(rows, data):
    cities = [
        city(i + 1, rank, offers, needs, country)
        for i, (rank, offers, needs, country) in enumerate(rows)
    ]
    corpus = Corpus(TOPICS, cities)
    a, b = data.draw(st.sampled_from(cities)), data.draw(st.sampled_from(cities))
    assert pair_score(a, b, TWIN, corpus) == pair_score(b, a, TWIN, corpus)
    for kind in (MENTOR, MENTEE, TWIN):
        matches = corpus.recommend(a, kind, limit=50)
        assert a.id not in [m.city.id for m in matches]
        # Scores agree with the one-pair scorer, best first.
        assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
        for match in matches:
            assert math.isclose(match.score, pair_score(a, match.city, kind, corpus), abs_tol=1e-6)
