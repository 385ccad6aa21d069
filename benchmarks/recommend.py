"""Speed of the recommendation core and of a matching round, on synthetic cities.

    python benchmarks/recommend.py [--cities 10000] [--repeat 200] [--seed 7]

Measures the scoring core alone (no database): recommendations for one city among
10,000 cities carrying the 58 topics of the taxonomy (all three kinds, top 10 each,
reasons included), and a matching round of 500 applicants against 112 hosts with
capacity 3. Prints median and 95th percentile. Goals: under 30 ms at the median for one
city; the round under 2 s.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from partnerships.engine.assignment import Host, propose  # noqa: E402
from partnerships.engine.scoring import KINDS, CityVector, Corpus, TopicInfo  # noqa: E402

TAXONOMY = Path(__file__).resolve().parent.parent / "hub" / "data" / "taxonomy.yaml"
COUNTRIES = ["DE", "FR", "IT", "ES", "PL", "NL", "SE", "FI", "LT", "IS", "GB", "US", "JP", "MX"]


def load_topics():
    data = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    return [TopicInfo(t["slug"], t["name"], t["domain"]) for t in data["topics"]]


def synthetic_cities(count, topics, rng):
    # Popular topics are more common, as in real data: weights fall off with position.
    slugs = [topic.slug for topic in topics]
    popularity = [1.0 / (1 + i % 20) for i in range(len(slugs))]
    cities = []
    for i in range(count):
        offers = set(rng.choices(slugs, popularity, k=rng.randint(2, 8)))
        needs = set(rng.choices(slugs, popularity, k=rng.randint(2, 8))) - offers
        partners = frozenset(rng.randrange(count) for _ in range(rng.randint(0, 2)))
        cities.append(
            CityVector(
                id=i,
                slug=f"city-{i}",
                title=f"City {i:05d}",
                country=rng.choice(COUNTRIES),
                maturity_rank=rng.randrange(4),
                offers=frozenset(offers),
                needs=frozenset(needs),
                partners=partners - {i},
            )
        )
    return cities


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    topics = load_topics()

    started = time.perf_counter()
    cities = synthetic_cities(args.cities, topics, rng)
    corpus = Corpus(topics, cities)
    build = time.perf_counter() - started
    print(f"{len(topics)} topics, {len(cities)} cities; corpus built in {build * 1000:.0f} ms")

    timings = {kind: [] for kind in KINDS}
    all_three = []
    for _ in range(args.repeat):
        me = rng.choice(cities)
        total = 0.0
        for kind in KINDS:
            started = time.perf_counter()
            corpus.recommend(me, kind, limit=10)
            elapsed = time.perf_counter() - started
            timings[kind].append(elapsed)
            total += elapsed
        all_three.append(total)
    for kind, values in timings.items():
        print(
            f"one city, {kind:6s} top 10: median {statistics.median(values) * 1000:.1f} ms, "
            f"p95 {percentile(values, 0.95) * 1000:.1f} ms"
        )
    print(
        f"one city, all three lists: median {statistics.median(all_three) * 1000:.1f} ms, "
        f"p95 {percentile(all_three, 0.95) * 1000:.1f} ms"
    )

    round_times = []
    for _ in range(args.rounds):
        sample = rng.sample(cities, 612)
        applicants, hosts = sample[:500], [Host(city, 3) for city in sample[500:]]
        started = time.perf_counter()
        proposal = propose(applicants, hosts, "twin", corpus)
        round_times.append(time.perf_counter() - started)
    print(
        f"matching round, 500 applicants x 112 hosts (capacity 3, 336 slots): "
        f"median {statistics.median(round_times):.2f} s, p95 {percentile(round_times, 0.95):.2f} s "
        f"({len(proposal.pairs)} pairs, {len(proposal.unmatched)} unmatched in the last round)"
    )


if __name__ == "__main__":
    main()
