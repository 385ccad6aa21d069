"""Speed of the recommendation core, a matching round and the topic suggester.

    python benchmarks/recommend.py [--cities 10000] [--repeat 200] [--seed 7]

Measures the scoring core alone (no database): recommendations for one city among
10,000 synthetic cities carrying the taxonomy's topics, with a population, a latitude and
working languages so every context factor is computed (all three kinds, top 10 each,
reasons and factors included), and a matching round of 500 applicants against 112 hosts
with capacity 3. Then the topic suggester: its index over the taxonomy and 2,000
synthetic page texts, and a paragraph of about 60 words suggested against it. Prints
median and 95th percentile. Goals: under 30 ms at the median for one city's three lists;
the round under 2 s; a paragraph's suggestions under 20 ms at the median.
"""

import argparse
import os
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
LANGUAGES = ["en", "de", "fr", "it", "es", "pl", "nl", "sv", "fi", "lt", "is", "ja"]
PARAGRAPH = (
    "Our municipality wants to cut the emissions of its bus fleet and is weighing fuel cell "
    "buses against battery ones. We do not know which permits a hydrogen refuelling station "
    "needs, how long they take, or how to win the trust of residents near the depot. We "
    "would also like to hear how other cities paid for it: grants, a joint venture with a "
    "private operator, or green bonds."
)


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
        spoken = frozenset(rng.sample(LANGUAGES, rng.randint(0, 2)))
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
                population=rng.choice([None, int(rng.lognormvariate(12, 1.2))]),
                latitude=rng.choice([None, rng.uniform(-45, 70)]),
                languages=spoken,
                language_names=tuple((code, code) for code in sorted(spoken)),
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
    suggester(rng, args.repeat)


def suggester(rng, repeat):
    """The topic suggester's index, built without a database from the taxonomy and
    synthetic page texts, and the time to suggest topics for a paragraph."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from hub.suggest import TopicIndex

    data = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    words = (
        " ".join(" ".join([t["name"], *t.get("synonyms", [])]) for t in data["topics"]).split()
        + PARAGRAPH.split()
    )
    documents = {
        t["slug"]: {
            "name": [t["name"]],
            "synonyms": t.get("synonyms", []),
            "domain": [t["domain"]],
            "pages": [
                " ".join(rng.choices(words, k=40)) for _ in range(2_000 // len(data["topics"]))
            ],
        }
        for t in data["topics"]
    }
    started = time.perf_counter()
    index = TopicIndex([(t["slug"], t["name"]) for t in data["topics"]], documents)
    build = time.perf_counter() - started
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        found = index.suggest(PARAGRAPH, 5)
        times.append(time.perf_counter() - started)
    print(
        f"topic suggester: index of {len(index.vectors)} terms built in {build * 1000:.0f} ms; "
        f"a {len(PARAGRAPH.split())}-word paragraph: "
        f"median {statistics.median(times) * 1000:.2f} ms, "
        f"p95 {percentile(times, 0.95) * 1000:.2f} ms ({', '.join(s.slug for s in found)})"
    )


if __name__ == "__main__":
    main()
