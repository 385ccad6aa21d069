"""The matching round's solver against a brute-force optimum, and its unmatched reasons."""

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from partnerships.engine.assignment import (
    INELIGIBLE,
    NO_CAPACITY,
    NO_SHARED_TOPIC,
    Host,
    propose,
    score_matrix,
)
from partnerships.engine.scoring import MENTOR, TWIN, Corpus, ProgrammeRules

from .test_scoring import TOPICS, city

SLUGS = [topic.slug for topic in TOPICS]


def brute_force_total(scores, allowed, capacities):
    """Try every way to give each applicant a host or none; keep the best total."""
    best = 0.0
    applicants, hosts = scores.shape
    for choice in itertools.product(range(-1, hosts), repeat=applicants):
        load = [0] * hosts
        total = 0.0
        for applicant, host in enumerate(choice):
            if host < 0:
                continue
            load[host] += 1
            total += scores[applicant, host] if allowed[applicant, host] else 0.0
        if all(load[h] <= capacities[h] for h in range(hosts)):
            best = max(best, total)
    return best


city_rows = st.tuples(
    st.integers(0, 3),
    st.frozensets(st.sampled_from(SLUGS)),
    st.frozensets(st.sampled_from(SLUGS)),
    st.sampled_from(["SE", "DE", "FI"]),
)


@settings(max_examples=80, deadline=None)
@given(
    applicants=st.lists(city_rows, min_size=1, max_size=5),
    hosts=st.lists(st.tuples(city_rows, st.integers(1, 2)), min_size=1, max_size=3),
    kind=st.sampled_from([MENTOR, TWIN]),
    different_countries=st.booleans(),
)
def test_assignment_equals_brute_force_optimum(applicants, hosts, kind, different_countries):
    applicant_cities = [city(i + 1, *row) for i, row in enumerate(applicants)]
    host_cities = [city(100 + i, *row) for i, (row, _) in enumerate(hosts)]
    capacities = [capacity for _, capacity in hosts]
    corpus = Corpus(TOPICS, applicant_cities + host_cities)
    rules = ProgrammeRules(different_countries=different_countries)
    proposal = propose(
        applicant_cities,
        [Host(c, cap) for c, cap in zip(host_cities, capacities, strict=True)],
        kind,
        corpus,
        rules,
    )
    scores, allowed = score_matrix(applicant_cities, host_cities, kind, corpus, rules)
    assert math.isclose(
        proposal.total, brute_force_total(scores, allowed, capacities), abs_tol=1e-5
    )
    # Capacities hold, every applicant appears once, and every pair scores.
    per_host = {}
    for pair in proposal.pairs:
        per_host[pair.host.id] = per_host.get(pair.host.id, 0) + 1
        assert pair.score > 0 and pair.reasons
    for host, capacity in zip(host_cities, capacities, strict=True):
        assert per_host.get(host.id, 0) <= capacity
    seen = [p.applicant.id for p in proposal.pairs] + [u.applicant.id for u in proposal.unmatched]
    assert sorted(seen) == [c.id for c in applicant_cities]


def test_unmatched_applicants_say_why():
    host = city(100, 3, offers={"cycling"}, country="DE")
    keen = [city(i, 0, needs={"cycling"}, country="SE", title=f"Keen {i}") for i in (1, 2)]
    nothing_in_common = city(3, 0, needs={"heat-pumps"}, country="SE")
    same_country = city(4, 0, needs={"cycling"}, country="DE")
    corpus = Corpus(TOPICS, [host, *keen, nothing_in_common, same_country])
    proposal = propose(
        [*keen, nothing_in_common, same_country],
        [Host(host, 1)],
        MENTOR,
        corpus,
        ProgrammeRules(different_countries=True),
    )
    assert len(proposal.pairs) == 1
    why = {item.applicant.id: item for item in proposal.unmatched}
    assert why[3].why == NO_SHARED_TOPIC
    assert why[3].detail == f"No host shares a topic with {nothing_in_common.title}."
    assert "Cycling" in why[3].suggestion
    assert why[4].why == INELIGIBLE
    assert "pairs cities of different countries only" in why[4].detail
    [full] = [item for item in proposal.unmatched if item.why == NO_CAPACITY]
    assert f"is full: {host.title} (1 of 1 places taken)" in full.detail
    assert full.suggestion.startswith(f"One more place at {host.title}")


def test_a_host_with_free_places_is_never_called_full():
    """The reason the old rounds gave ("no capacity left" beside a host with places free)
    cannot come back: a host with room that scores with an applicant takes it."""
    host = city(100, 3, offers={"cycling"}, country="DE", title="Roomy")
    other = city(101, 3, offers={"heat-pumps"}, country="DE", title="Other")
    keen = city(1, 0, needs={"cycling"}, country="SE")
    stranger = city(2, 0, needs={"district-heating"}, country="SE")
    corpus = Corpus(TOPICS, [host, other, keen, stranger])
    proposal = propose([keen, stranger], [Host(host, 3), Host(other, 3)], MENTOR, corpus)
    assert [pair.applicant.id for pair in proposal.pairs] == [1]
    [item] = proposal.unmatched
    assert item.why == NO_SHARED_TOPIC
    assert "full" not in item.detail


def test_mentor_round_prefers_a_host_further_along():
    behind = city(100, 1, offers={"cycling"}, title="Behind")
    ahead = city(101, 3, offers={"cycling"}, title="Ahead")
    applicant = city(1, 2, needs={"cycling"})
    corpus = Corpus(TOPICS, [behind, ahead, applicant])
    proposal = propose([applicant], [Host(behind, 1), Host(ahead, 1)], MENTOR, corpus)
    assert [pair.host.title for pair in proposal.pairs] == ["Ahead"]
    # Alone, the host behind still mentors it, for half the score: maturity is a factor.
    alone = propose([applicant], [Host(behind, 1)], MENTOR, corpus)
    assert alone.pairs[0].score == round(corpus.weight_of("cycling") * 0.5, 6)
    assert alone.pairs[0].factors[0].factor == "maturity"


def test_twin_round_pairs_for_an_exchange_not_a_shared_need():
    # Both applicants and one host need EU funding; only the other host can teach it.
    shared_need = city(100, 1, needs={"heat-pumps"}, title="Also needs it")
    teacher = city(101, 1, offers={"heat-pumps"}, needs={"cycling"}, title="Teaches it")
    applicant = city(1, 1, offers={"cycling"}, needs={"heat-pumps"})
    corpus = Corpus(TOPICS, [shared_need, teacher, applicant])
    proposal = propose([applicant], [Host(shared_need, 1), Host(teacher, 1)], TWIN, corpus)
    assert [pair.host.title for pair in proposal.pairs] == ["Teaches it"]
    scores, _ = score_matrix([applicant], [shared_need, teacher], TWIN, corpus)
    assert scores[0, 0] * 10 < scores[0, 1]
