#!/usr/bin/env python
"""How fast the hub's pages render as the number of cities grows.

Creates a scratch database (SQLite always; PostgreSQL too when DATABASE_URL is set),
fills it with synthetic cities, each with a business case and a permitting guide (plus
one webinar per ten cities), and requests the city page, each index page and the home
page through Django's test client. For each it prints the median and 95th-percentile
render time (wall clock), the median CPU time of the process (less sensitive to other
programs on a busy machine; it leaves out PostgreSQL's own work) and the number of SQL
queries.

    python benchmarks/pages.py [--cities 10,1000,10000] [--requests 40]

Goal: a city page renders in under 50 ms at the median with 10,000 cities, with the same
number of queries as with 10. The scratch databases are removed at the end.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SHOW_SLOWEST = 0  # --slowest N: print each page's N slowest queries
sys.path.insert(0, str(PROJECT))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(client, url, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm caches: site root paths, templates, first connection
        client.get(url)
    timings, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    if SHOW_SLOWEST:
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:SHOW_SLOWEST]
        for query in slowest:
            print(f"      {float(query['time']) * 1000:6.1f} ms  {query['sql'][:300]}")
    return (
        statistics.median(timings),
        percentile(timings, 0.95),
        statistics.median(cpu),
        len(queries),
    )


def add_webinars(index, start, count):
    import datetime

    from django.utils import timezone

    from hub.models import WebinarPage
    from tests import bulk

    now = timezone.now()
    pairs = []
    for n in range(start, start + count):
        begins = now + datetime.timedelta(days=(n % 30) - 20, hours=n % 24)
        pairs.append(
            (
                index,
                WebinarPage(
                    title=f"Synthetic webinar {n:05d}",
                    slug=f"synthetic-webinar-{n:05d}",
                    summary="A tutorial on hydrogen permitting.",
                    start=begins,
                    end=begins + datetime.timedelta(hours=1),
                ),
            )
        )
    bulk.add_pages(pairs)


def run(sizes, requests):
    """Fill the scratch database step by step and measure at each size (child process)."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    # A scratch database of its own, apart from the test suite's.
    connection.settings_dict["TEST"]["NAME"] = (
        os.environ["BENCH_SQLITE_FILE"]
        if connection.vendor == "sqlite"
        else f"{connection.settings_dict['NAME']}_pages_benchmark"
    )
    setup_test_environment()
    print(f"Creating the scratch {connection.vendor} database and migrating…", flush=True)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        measure_sizes(sizes, requests, connection.vendor)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def measure_sizes(sizes, requests, vendor):
    from django.test import Client

    from home.models import HomePage
    from hub.models import CityProfilePage, Topic
    from tests import bulk, factories

    home = HomePage.objects.get()
    tree = {
        "cities": factories.CityIndexPageFactory(parent=home),
        "business_cases": factories.BusinessCaseIndexPageFactory(parent=home),
        "permitting": factories.PermittingGuideIndexPageFactory(parent=home),
        "webinars": factories.WebinarIndexPageFactory(parent=home),
    }
    topic_ids = list(Topic.objects.order_by("pk").values_list("pk", flat=True))

    def topics_of(n):
        # Three topics per city, spread over the vocabulary as real cities would be.
        return sorted({topic_ids[(n * k + k) % len(topic_ids)] for k in (1, 7, 13)})

    client = Client()
    rows = []
    done = 0
    for size in sizes:
        started = time.perf_counter()

        def progress(count, total, started=started, before=done, size=size):
            elapsed = time.perf_counter() - started
            print(f"  {before + count:>6} / {size} cities ({elapsed:.0f} s)", end="\r", flush=True)

        print(f"Adding cities up to {size}…", flush=True)
        bulk.add_cities(
            tree["cities"], size - done, start=done, topics=topics_of, progress=progress
        )
        add_webinars(tree["webinars"], done // 10, size // 10 - done // 10)
        print(f"\n  filled in {time.perf_counter() - started:.1f} s", flush=True)
        done = size

        city = CityProfilePage.objects.get(slug=f"synthetic-city-{size // 2:05d}")
        pages = {
            "city page": city.url,
            "business case page": f"{city.url}business-case/",
            "home page": "/",
            "city index": tree["cities"].url,
            "city index, filtered": f"{tree['cities'].url}?country=SE&maturity=exploring",
            "business case index": tree["business_cases"].url,
            "permitting index": tree["permitting"].url,
            "webinar index": tree["webinars"].url,
        }
        for name, url in pages.items():
            median, p95, cpu, queries = measure(client, url, requests)
            rows.append((vendor, size, name, median, p95, cpu, queries))
            print(
                f"  {name:<22} {median:7.1f} ms  p95 {p95:7.1f} ms  "
                f"CPU {cpu:6.1f} ms  {queries:3} queries",
                flush=True,
            )

    print_table(rows)


def print_table(rows):
    first_counts = {}
    print()
    print("| database | cities | page | median (ms) | p95 (ms) | CPU median (ms) | SQL queries |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for vendor, size, name, median, p95, cpu, queries in rows:
        first_counts.setdefault(name, queries)
        same = "" if queries == first_counts[name] else f" (was {first_counts[name]})"
        print(
            f"| {vendor} | {size:,} | {name} | {median:.1f} | {p95:.1f} | {cpu:.1f} "
            f"| {queries}{same} |"
        )
    print(flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cities", default="10,1000,10000", help="sizes, comma-separated")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--slowest", type=int, default=0, help="print N slowest queries")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    global SHOW_SLOWEST
    SHOW_SLOWEST = args.slowest
    sizes = sorted(int(size) for size in args.cities.split(","))

    if args.child:
        run(sizes, args.requests)
        return

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{os.cpu_count()} CPU cores, load average {load}, Python {sys.version.split()[0]}")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test")
    env.pop("REDIS_URL", None)  # local-memory cache: measure the pages, not the network
    command = [sys.executable, __file__, "--child", f"--cities={args.cities}"]
    command += [f"--requests={args.requests}", f"--slowest={args.slowest}"]
    with tempfile.TemporaryDirectory() as scratch:
        sqlite_env = {k: v for k, v in env.items() if k != "DATABASE_URL"}
        sqlite_env["BENCH_SQLITE_FILE"] = str(Path(scratch) / "pages.sqlite3")
        print("\n== SQLite ==", flush=True)
        if subprocess.run(command, env=sqlite_env, check=False, cwd=PROJECT).returncode:
            sys.exit("The SQLite benchmark failed.")
        if env.get("DATABASE_URL"):
            print("\n== PostgreSQL ==", flush=True)
            if subprocess.run(command, env=env, check=False, cwd=PROJECT).returncode:
                sys.exit("The PostgreSQL benchmark failed.")


if __name__ == "__main__":
    main()
