"""The scoring core on its own: no database, hand-computed cases and properties."""

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from partnerships.engine.kinds import KINDS, partnership_for
from partnerships.engine.scoring import (
    MENTEE,
    MENTOR,
    TWIN,
    CityVector,
    Corpus,
    ProgrammeRules,
    TopicInfo,
    explain_pair,
    pair_score,
)

TOPICS = [
    TopicInfo("hydrogen-buses", "Hydrogen bus fleets", "hydrogen"),
    TopicInfo("cycling", "Cycling infrastructure", "mobility"),
    TopicInfo("heat-pumps", "Heat pumps", "energy"),
]


def city(
    id,
    rank,
    offers=(),
    needs=(),
    country="SE",
    partners=(),
    title=None,
    population=None,
    latitude=None,
    languages=(),
):
    return CityVector(
        id=id,
        slug=f"city-{id}",
        title=title or f"City {id}",
        country=country,
        maturity_rank=rank,
        maturity=["exploring", "planning", "piloting", "scaling"][rank],
        offers=frozenset(offers),
        needs=frozenset(needs),
        partners=frozenset(partners),
        population=population,
        latitude=latitude,
        languages=frozenset(languages),
        language_names=tuple(
            (code, {"en": "English", "sv": "Swedish"}[code]) for code in languages
        ),
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


def factors(match):
    return {factor.factor: factor.effect for factor in match.factors}


def test_rarity_weight_is_inverse_document_frequency():
    assert CORPUS.weight_of("cycling") == W


def test_mentors_offer_what_i_need_and_learning_back_adds_a_little():
    # B offers both of A's needs and needs the heat pumps A offers: half as much back as
    # it teaches, so a tenth more. C offers one need and learns nothing back.
    assert ranked(CORPUS.recommend(A, MENTOR)) == [
        ("city-2", round(2 * W * 1.1, 6)),
        ("city-3", round(W, 6)),
    ]
    best = CORPUS.recommend(A, MENTOR)[0]
    assert factors(best) == {"maturity": 1.0, "reciprocity": 1.1}


def test_mentor_reasons_say_which_side_teaches_in_plain_words():
    best = CORPUS.recommend(A, MENTOR)[0]
    assert [(r.topic, r.theirs, r.yours) for r in best.reasons] == [
        ("cycling", "offers", "needs"),
        ("hydrogen-buses", "offers", "needs"),
        ("heat-pumps", "needs", "offers"),
    ]
    assert all(r.weight == round(W, 6) for r in best.reasons)
    assert best.reason_sentences()[1] == (
        "City 2 has experience with Hydrogen bus fleets, which you want to learn."
    )
    assert best.reasons[2].sentence("City 2") == (
        "City 2 wants to learn Heat pumps, which you can share."
    )
    assert [r.teaches() for r in best.reasons] == ["they teach", "they teach", "you teach"]
    assert best.strength == "strong match"


def test_a_peer_who_offers_every_need_outranks_a_further_city_that_offers_one():
    me = city(1, 2, needs={"hydrogen-buses", "cycling"})
    peer = city(2, 2, offers={"hydrogen-buses", "cycling"}, title="Peer")
    ahead = city(3, 3, offers={"cycling"}, title="Ahead")
    behind = city(4, 1, offers={"cycling"}, title="Behind")
    corpus = Corpus(TOPICS, [me, peer, ahead, behind])
    w = corpus.weight_of("cycling")
    matches = corpus.recommend(me, MENTOR)
    assert [m.city.title for m in matches] == ["Peer", "Ahead", "Behind"]
    assert matches[0].score == round((corpus.weight_of("hydrogen-buses") + w) * 0.8, 6)
    assert matches[1].score == round(w, 6)
    assert matches[2].score == round(w * 0.5, 6)
    assert "a peer who has done it" in matches[0].factors[0].sentence


def test_mentees_need_what_i_offer():
    # B (piloting) offers buses and cycling: A needs both (and teaches B heat pumps back);
    # D needs buses and offers the heat pumps B needs, as much back as B teaches.
    assert ranked(CORPUS.recommend(B, MENTEE)) == [
        ("city-1", round(2 * W * 1.1, 6)),
        ("city-4", round(W * 1.2, 6)),
    ]


def test_mentor_score_of_b_for_a_is_mentee_score_of_a_for_b():
    for me in (A, B, C, D):
        for them in (A, B, C, D):
            assert pair_score(me, them, MENTOR, CORPUS) == pair_score(them, me, MENTEE, CORPUS)


def test_twins_worth_most_when_each_teaches_the_other():
    # B teaches A two topics and learns one: (√2W + √W)², two stages apart (× 0.5).
    # D only shares a need and an offer with A: a little, one stage apart (× 0.8).
    # C teaches A one topic and learns nothing, three stages apart (× 0.3).
    twins = CORPUS.recommend(A, TWIN)
    assert ranked(twins) == [
        ("city-2", round(W * (math.sqrt(2) + 1) ** 2 * 0.5, 6)),
        ("city-4", round((0.5 * W + 0.25 * W) * 0.8, 6)),
        ("city-3", round(W * 0.3, 6)),
    ]
    assert {(r.topic, r.theirs, r.yours) for r in twins[1].reasons} == {
        ("hydrogen-buses", "needs", "needs"),
        ("heat-pumps", "offers", "offers"),
    }
    assert twins[1].reasons[0].sentence("City 4") == "You both want to learn Hydrogen bus fleets."


def test_sharing_a_need_nobody_teaches_adds_little():
    me = city(1, 1, offers={"cycling"}, needs={"heat-pumps"})
    same_need = city(2, 1, needs={"heat-pumps"}, title="Same need")
    exchange = city(3, 1, offers={"heat-pumps"}, needs={"cycling"}, title="Exchange")
    corpus = Corpus(TOPICS, [me, same_need, exchange])
    w, back = corpus.weight_of("heat-pumps"), corpus.weight_of("cycling")
    assert pair_score(me, same_need, TWIN, corpus) == round(0.2 * w, 6)
    assert pair_score(me, exchange, TWIN, corpus) == round((math.sqrt(w) + math.sqrt(back)) ** 2, 6)


def test_twin_heading_says_similar_stage_only_when_true():
    twins = CORPUS.recommend(A, TWIN)
    assert "similar stage" not in KINDS[TWIN].heading_for(twins)
    assert "similar stage" in KINDS[TWIN].heading_for(twins[1:2])


def test_context_factors_are_explained():
    me = city(1, 1, needs={"cycling"}, population=140_000, latitude=64.1, languages={"en"})
    alike = city(
        2, 2, offers={"cycling"}, population=130_000, latitude=63.8, languages={"en", "sv"}
    )
    unlike = city(3, 2, offers={"cycling"}, population=5_000_000, latitude=41.9, languages={"sv"})
    corpus = Corpus(TOPICS, [me, alike, unlike])
    w = corpus.weight_of("cycling")
    close = explain_pair(me, alike, MENTOR, corpus)
    assert factors(close) == {"maturity": 1.0, "size": 1.1, "climate": 1.1, "language": 1.1}
    assert close.score == round(w * 1.1**3, 6)
    sentences = [factor.sentence for factor in close.factors]
    assert "Similar size: 130,000 and 140,000 people." in sentences
    assert any(s.startswith("Similar climate: 64° N and 64° N") for s in sentences)
    assert "You both work in English." in sentences
    far = explain_pair(me, unlike, MENTOR, corpus)
    assert factors(far) == {"maturity": 1.0, "size": 0.9, "language": 0.9}
    assert far.score == round(w * 0.9 * 0.9, 6)


def test_a_programme_preference_for_another_continent_scores_and_says_so():
    me = city(1, 0, needs={"cycling"}, country="GB")
    europe = city(2, 2, offers={"cycling"}, country="NO", title="Oslo")
    asia = city(3, 2, offers={"cycling"}, country="JP", title="Kobe")
    corpus = Corpus(TOPICS, [me, europe, asia])
    rules = ProgrammeRules(partner_preference="other-continent", name="H2 Twin Cities")
    matches = corpus.recommend(me, MENTOR, rules=rules)
    assert [m.city.title for m in matches] == ["Kobe", "Oslo"]
    assert matches[0].factors[-1].sentence == (
        "Another continent (Asia and Europe), as H2 Twin Cities prefers."
    )


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
    assert rules.allows("DE", "FI") and not rules.allows("DE", "DE")
    assert not rules.allows("US", "FI")


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
        title="your city",
        country="IT",
        maturity_rank=0,
        needs=frozenset({"hydrogen-buses"}),
    )
    assert [m.city.id for m in CORPUS.recommend(visitor, MENTOR)] == [2]


def test_an_empty_list_says_why_and_what_would_change_it():
    shortfall = CORPUS.shortfall(C, MENTOR)
    assert shortfall.code == "no-needs"
    assert "Add a topic you want to learn" in shortfall.remedy
    lonely = city(9, 0, needs={"heat-pumps"}, country="SE")
    corpus = Corpus(TOPICS, [lonely, city(8, 2, offers={"heat-pumps"}, country="SE")])
    rules = ProgrammeRules(different_countries=True, name="H2 Twin Cities")
    assert corpus.recommend(lonely, MENTOR, rules=rules) == []
    ruled = corpus.shortfall(lonely, MENTOR, rules)
    assert ruled.code == "rules"
    assert "1 city would fit, but H2 Twin Cities pairs cities of different countries" in (
        ruled.sentence
    )
    assert "Any programme" in ruled.remedy
    nobody = Corpus(TOPICS, [lonely]).shortfall(lonely, MENTOR)
    assert nobody.sentence == "No other city offers Heat pumps yet."


def test_a_hidden_city_counts_for_nothing_in_the_explanation():
    me = city(9, 0, needs={"heat-pumps"})
    hidden = city(8, 2, offers={"heat-pumps"})
    corpus = Corpus(TOPICS, [me, hidden])
    assert corpus.recommend(me, MENTOR, exclude=frozenset({8})) == []
    assert corpus.shortfall(me, MENTOR, exclude=frozenset({8})).code == "nobody"


def test_the_table_maps_kinds_to_partnerships_and_roles():
    assert partnership_for(MENTOR) == ("mentor-mentee", ("mentor", "mentee"))
    assert partnership_for(MENTEE) == ("mentor-mentee", ("mentee", "mentor"))
    assert partnership_for(TWIN, ["sibling", "mission-twin"]) == ("sibling", ("sibling",) * 2)
    assert partnership_for(TWIN, ["mission-twin"]) == (
        "mission-twin",
        ("mission-city", "twin-city"),
    )


cities_strategy = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.frozensets(st.sampled_from([t.slug for t in TOPICS])),
        st.frozensets(st.sampled_from([t.slug for t in TOPICS])),
        st.sampled_from(["SE", "DE", "JP"]),
        st.one_of(st.none(), st.integers(1_000, 3_000_000)),
        st.one_of(st.none(), st.floats(-60, 70)),
    ),
    min_size=2,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(cities_strategy, st.data(), st.sampled_from(["", "other-continent", "same-country"]))
def test_properties_on_random_corpora(rows, data, preference):
    cities = [
        city(i + 1, rank, offers, needs, country, population=people, latitude=latitude)
        for i, (rank, offers, needs, country, people, latitude) in enumerate(rows)
    ]
    corpus = Corpus(TOPICS, cities)
    rules = ProgrammeRules(partner_preference=preference) if preference else None
    a, b = data.draw(st.sampled_from(cities)), data.draw(st.sampled_from(cities))
    # Twins are symmetric; a mentor of a is a city a is mentee of.
    assert pair_score(a, b, TWIN, corpus, rules) == pair_score(b, a, TWIN, corpus, rules)
    assert pair_score(a, b, MENTOR, corpus, rules) == pair_score(b, a, MENTEE, corpus, rules)
    # The same cities in another order give the same lists (determinism).
    shuffled = list(cities)
    random.Random(len(rows)).shuffle(shuffled)
    other = Corpus(TOPICS, shuffled)
    for kind in (MENTOR, MENTEE, TWIN):
        matches = corpus.recommend(a, kind, limit=50, rules=rules)
        assert a.id not in [m.city.id for m in matches]
        assert ranked(matches) == ranked(other.recommend(a, kind, limit=50, rules=rules))
        # Scores agree with the one-pair scorer, best first, and all are positive.
        assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
        for match in matches:
            assert match.score > 0 and match.reasons
            assert math.isclose(
                match.score, pair_score(a, match.city, kind, corpus, rules), abs_tol=1e-6
            )


def test_what_is_not_known_changes_nothing():
    me = city(1, 1, needs={"cycling"})
    them = city(2, 2, offers={"cycling"}, population=120_000, latitude=60.0, languages={"en"})
    corpus = Corpus(TOPICS, [me, them])
    match = explain_pair(me, them, MENTOR, corpus)
    assert factors(match) == {"maturity": 1.0}
    assert match.score == round(corpus.weight_of("cycling"), 6)
