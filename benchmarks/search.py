"""How fast is hub search over 50,000 pages (or --pages N)? Prints median and p95 latency.

    python benchmarks/search.py                      # SQLite, in a scratch file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/twinhub_search_bench python benchmarks/search.py

The database must be a scratch one: the script migrates it, deletes the synthetic pages a
previous run left, bulk-creates new ones (cities with business cases and permitting
guides, and webinars), tags them with topics and indexes them: with the backend's own
indexer, as `update_index` does but reading each search field once and computing the
title norms once (`index_pages`), then checks a sample of rows against `update_index`'s
way (`check_index_rows`); `--update-index` uses the command itself. `--fill-only` stops
there, and `--keep` reuses the pages of an earlier fill.
Each query runs as the search page runs it: count, first page of results with their
cities and topics, and (where said) the type, topic and country facets. The first round
of each set is a warm-up and is not timed; the search catalogue's rebuild, which the
first search after any page change pays once per process, is timed on its own.
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "hydrogen buses",
    "energy community",
    "permit refuelling station",
    "citizen assembly",
    "district heating",
    "umea",
    "REC",
    "solar school roofs",
    "how to permit a hydrogen refuelling station quickly",
]

WORDS = [
    "hydrogen bus buses fleet depot electrolyser refuelling station permit permits "
    "authority fire safety distance zoning solar roof roofs school community energy "
    "cooperative members heat network district heating pump retrofit insulation tram "
    "cycling lane budget citizens assembly jury council vote tender procurement grant "
    "loan investment payback emissions tonnes carbon monitoring dashboard data port ferry "
    "truck trucks waste refuse hospital backup power storage tank pipeline trailer "
    "training skills jobs youth climate adaptation flooding trees park water rain"
]
WORDS = " ".join(WORDS).split()
PLACES = ["Umeå", "Reykjavík", "Gabrovo", "Torino", "Sarajevo", "Kraków", "Aarhus", "Namie"]
COUNTRIES = ["SE", "IS", "BG", "IT", "BA", "PL", "DK", "JP", "GB", "ES", "MX", "FR"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query")
    parser.add_argument("--keep", action="store_true", help="reuse pages from the last run")
    parser.add_argument(
        "--fill-only", action="store_true", help="create and index the pages, then stop"
    )
    parser.add_argument(
        "--update-index",
        action="store_true",
        help="index with Wagtail's update_index instead of the benchmark's faster fill",
    )
    parser.add_argument(
        "--publishing", type=int, default=30, help="seconds of searching while publishing"
    )
    return parser.parse_args()


def setup_django():
    if not os.environ.get("DATABASE_URL"):
        scratch = Path(tempfile.gettempdir()) / "twinhub-search-bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings

    if settings.DATABASES["default"]["NAME"] == str(ROOT / "db.sqlite3"):
        sys.exit("Refusing to fill the project's own database; give a scratch DATABASE_URL.")
    # The search log is written every few seconds, as in production (the tests' settings
    # write it at once).
    settings.SEARCH_LOG_FLUSH_SECONDS = 10


def sentence(rng, n=14):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build(total, rng, log):
    """Bulk-create `total` live pages under the demo's index pages; return the count."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from home.models import HomePage
    from hub.models import (
        BusinessCasePage,
        CityIndexPage,
        CityOffer,
        CityProfilePage,
        PageTopic,
        PermittingGuidePage,
        Topic,
        WebinarIndexPage,
        WebinarPage,
    )

    home = HomePage.objects.first()
    for model in (CityIndexPage, WebinarIndexPage):
        for old in model.objects.filter(slug__startswith="bench-"):
            log(f"Deleting the pages of a previous run under {old.url_path} …")
            with transaction.atomic():
                Page.objects.filter(path__startswith=old.path).delete()
    home = HomePage.objects.get(pk=home.pk)
    cities_index = home.add_child(instance=CityIndexPage(title="Bench cities", slug="bench-cities"))
    webinar_index = home.add_child(
        instance=WebinarIndexPage(title="Bench webinars", slug="bench-webinars")
    )
    locale = Locale.get_default()
    topics = list(Topic.objects.all())
    now = timezone.now()
    per_city = 45
    n_cities = max(1, int(total * 0.92) // (per_city + 1))
    n_webinars = total - n_cities * (per_city + 1)

    def base(model, parent, position, title, slug):
        return Page(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=ContentType.objects.get_for_model(model),
            live=True,
            url_path=f"{parent.url_path}{slug}/",
            path=Page._get_path(parent.path, parent.depth + 1, position),
            depth=parent.depth + 1,
            numchild=0,
            locale=locale,
            translation_key=uuid.uuid4(),
            first_published_at=now,
            last_published_at=now,
        )

    def insert(model, pages, extra):
        """Pages first (bulk), then each model's own table rows (bulk, raw)."""
        Page.objects.bulk_create(pages, batch_size=500)
        rows = [model(page_ptr_id=page.pk, **extra(page)) for page in pages]
        fields = list(model._meta.local_concrete_fields)
        for start in range(0, len(rows), 500):
            model._base_manager._insert(rows[start : start + 500], fields=fields, raw=True)
        return pages

    log(f"Creating {n_cities} cities …")
    with transaction.atomic():
        city_pages = [
            base(CityProfilePage, cities_index, i + 1, f"{rng.choice(PLACES)} {i}", f"city-{i}")
            for i in range(n_cities)
        ]
        countries = {}

        def city_fields(page):
            countries[page.pk] = rng.choice(COUNTRIES)
            return {
                "summary": sentence(rng),
                "motivation": sentence(rng),
                "country": countries[page.pk],
                "maturity": "planning",
            }

        insert(CityProfilePage, city_pages, city_fields)
        Page.objects.filter(pk=cities_index.pk).update(numchild=n_cities)
        CityOffer.objects.bulk_create(
            [
                CityOffer(content_object_id=page.pk, tag=topic)
                for page in city_pages
                for topic in rng.sample(topics, 2)
            ],
            batch_size=2000,
        )

    created = n_cities
    for number, city in enumerate(city_pages):
        children = []
        for j in range(per_city):
            model = BusinessCasePage if j % 2 else PermittingGuidePage
            topic = rng.choice(topics)
            title = f"{topic.name} in {city.title} {j}"
            children.append((model, base(model, city, j + 1, title, f"page-{j}"), topic))
        with transaction.atomic():
            for model in (BusinessCasePage, PermittingGuidePage):
                pages = [page for m, page, _ in children if m is model]
                extra = {"summary": sentence(rng), "city_id": city.pk}
                if model is BusinessCasePage:
                    extra["application"] = "bus-fleet"
                else:
                    extra.update(application="refuelling", jurisdiction="City")
                insert(model, pages, lambda page, extra=extra: extra)
            Page.objects.filter(pk=city.pk).update(numchild=per_city)
            PageTopic.objects.bulk_create(
                [PageTopic(content_object_id=page.pk, tag=topic) for _, page, topic in children]
            )
        created += per_city
        if number % 100 == 0:
            log(f"  {created} pages …")

    log(f"Creating {n_webinars} webinars …")
    with transaction.atomic():
        webinars = [
            base(
                WebinarPage,
                webinar_index,
                i + 1,
                f"Webinar: {rng.choice(topics).name} {i}",
                f"w-{i}",
            )
            for i in range(n_webinars)
        ]
        insert(
            WebinarPage,
            webinars,
            lambda p: {"summary": sentence(rng), "start": now, "end": now, "timezone": "UTC"},
        )
        Page.objects.filter(pk=webinar_index.pk).update(numchild=n_webinars)
        PageTopic.objects.bulk_create(
            [PageTopic(content_object_id=page.pk, tag=rng.choice(topics)) for page in webinars],
            batch_size=2000,
        )
    return created + n_webinars


def index_pages(models, log, chunk=2000):
    """Index every page of `models` as `update_index` does, only faster.

    The rows are the backend's own: its `add_items` writes them, from objects read with
    each model's `get_indexed_objects()` (the same prefetching). Two costs of
    `update_index` that grow with the site are left out: its indexer reads every search
    field of a page again for each column it fills (three times on SQLite, five on
    PostgreSQL), so here each field is read once and its values reused; and each batch
    recomputes the title length norms over the whole table, so here they are computed
    once at the end, as `update_index` also does (`_refresh_title_norms(full=True)`).
    Batches are read by id, not by offset (whose cost grows with the position).
    Returns the number of pages indexed.
    """
    import importlib

    from django.db import connection, transaction
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    module = importlib.import_module(type(backend).__module__)
    base_indexer = module.ObjectIndexer

    class OnePassIndexer(base_indexer):
        def prepare_field(self, obj, field):
            if obj is not self.obj:  # a related object, read through its page's field
                yield from super().prepare_field(obj, field)
                return
            prepared = self.__dict__.setdefault("_prepared", {})
            if id(field) not in prepared:
                prepared[id(field)] = list(super().prepare_field(obj, field))
            yield from prepared[id(field)]

    count = 0
    module.ObjectIndexer = OnePassIndexer
    try:
        for model in models:
            index = backend.get_index_for_model(model)
            index._refresh_title_norms = lambda full=False: None
            objects = model.get_indexed_objects().order_by("pk")
            last = 0
            while True:
                batch = list(objects.filter(pk__gt=last)[:chunk])
                if not batch:
                    break
                with transaction.atomic():
                    index.add_items(model, batch)
                last = batch[-1].pk
                count += len(batch)
                if count % (chunk * 25) < len(batch):
                    log(f"  {count} pages indexed …")
            del index._refresh_title_norms
        with transaction.atomic():
            backend.get_index_for_model(models[0])._refresh_title_norms(full=True)
    finally:
        module.ObjectIndexer = base_indexer
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after in production
    return count


def check_index_rows(models, rng, sample=30):
    """Index a sample of the pages again as `update_index` does (the backend's own
    indexer and title norms, over the same prefetched objects) and check that their rows
    are unchanged: the fast fill stores what the real index stores."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    backend = get_search_backend()

    def lexemes(text):
        """A column without the order of its words (a page's related topics come in no
        set order: two runs of `update_index` may put them in different places)."""
        found = re.findall(r"'((?:[^']|'')*)':([0-9A-D,]+)", text)
        if not found:  # SQLite: the text itself
            return sorted(text.split())
        return sorted(
            (word, len(at.split(",")), sorted(re.sub(r"[0-9]", "", at))) for word, at in found
        )

    def index_rows(model, pks):
        rows = IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in pks],
        ).values_list("object_id", "title", "body", "autocomplete", "title_norm")
        return sorted(
            (pk, *(lexemes(str(column)) for column in columns), round(norm, 9))
            for pk, *columns, norm in rows
        )

    for model in models:
        pks = rng.sample(list(model.objects.values_list("pk", flat=True)), sample)
        before = index_rows(model, pks)
        objects = list(model.get_indexed_objects().filter(pk__in=pks).order_by("pk"))
        backend.get_index_for_model(model).add_items(model, objects)
        after = index_rows(model, pks)
        for old, new in zip(before, after, strict=True):
            if old != new:
                sys.exit(f"The fill indexed {model.__name__} unlike Wagtail:\n{old}\n{new}")


def percentile_95(timings):
    timings = sorted(timings)
    return timings[max(0, int(round(0.95 * len(timings))) - 1)]


def measure(label, options_list, with_facets, repeat):
    from search.hits import load_hits
    from search.query import HubSearch

    timings = []
    for _ in range(repeat + 1):
        for options in options_list:
            started = time.perf_counter()
            search = HubSearch(options)
            total = search.count()
            page = list(search.results[:10])
            load_hits(page, search.words)
            if with_facets:
                search.facets()
            timings.append((time.perf_counter() - started) * 1000)
    timings = timings[len(options_list) :]  # the first round warms caches
    p95 = percentile_95(timings)
    print(
        f"{label:<38} median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms"
        f"   (n={len(timings)}, last total {total})"
    )
    return statistics.median(timings), p95


def measure_autocomplete(repeat):
    """What the search box asks while someone types: the first letters of each query."""
    from search.query import HubSearch, SearchOptions

    prefixes = [q[:n] for q in QUERIES for n in (2, 4, 7) if len(q) >= n]
    timings = []
    for round_number in range(repeat + 1):
        for prefix in prefixes:
            started = time.perf_counter()
            HubSearch(SearchOptions(query=prefix)).autocomplete(limit=6)
            if round_number:
                timings.append((time.perf_counter() - started) * 1000)
    p95 = percentile_95(timings)
    print(
        f"{'autocomplete (2, 4, 7 letters typed)':<38} median {statistics.median(timings):7.1f} ms"
        f"   p95 {p95:7.1f} ms   (n={len(timings)})"
    )


def rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def measure_requests(repeat):
    """The whole /search/ request through Django (form, search, facets, suggestions,
    promotions, query log, the page's template), as a reader's browser asks for it."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    timings, queries = [], []
    for round_number in range(repeat + 1):
        for query in QUERIES:
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/search/", {"q": query})
            if response.status_code != 200:
                sys.exit(f"/search/?q={query} answered {response.status_code}")
            if round_number:
                timings.append((time.perf_counter() - started) * 1000)
                queries.append(len(captured))
    p95 = percentile_95(timings)
    print(
        f"{'whole /search/ request':<38} median {statistics.median(timings):7.1f} ms"
        f"   p95 {p95:7.1f} ms   (n={len(timings)}, {min(queries)}-{max(queries)} queries)"
    )
    return p95


def measure_while_publishing(seconds):
    """Whole search requests while another thread publishes a page a second: each search
    after a publish brings the catalogue up to date from the journal first."""
    import threading

    from django.db import connection
    from django.test import Client

    from hub.models import PermittingGuidePage

    stop = threading.Event()
    published = []

    def publish():
        try:
            guides = list(PermittingGuidePage.objects.order_by("?")[: seconds + 5])
            for guide in guides:
                if stop.is_set():
                    break
                guide.summary = f"{guide.summary[:200]} Updated."
                guide.save_revision().publish()
                published.append(guide.pk)
                stop.wait(1)
        finally:
            connection.close()

    client = Client()
    thread = threading.Thread(target=publish)
    timings = []
    thread.start()
    ends = time.perf_counter() + seconds
    while time.perf_counter() < ends:
        for query in QUERIES:
            started = time.perf_counter()
            client.get("/search/", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
    stop.set()
    thread.join()
    p95 = percentile_95(timings)
    print(
        f"{'/search/ while publishing 1 page/s':<38} median {statistics.median(timings):7.1f} ms"
        f"   p95 {p95:7.1f} ms   (n={len(timings)}, {len(published)} pages published)"
    )


def measure_catalogue(repeat):
    """A whole read of the catalogue (a process's first search, or after a deletion or a
    move), an update for one changed page, and the memory it holds."""
    import tracemalloc

    from search.catalogue import build_catalogue, updated_catalogue

    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        catalogue = build_catalogue()
        timings.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    catalogue = build_catalogue()
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(
        f"{'catalogue, whole read':<38} median {statistics.median(timings):7.1f} ms"
        f"   max {max(timings):7.1f} ms   ({len(catalogue)} pages, {size / 2**20:.1f} MiB held)"
    )
    updates = []
    for n in range(repeat):
        page_id = int(catalogue.ids[(n * 7919) % len(catalogue)])
        started = time.perf_counter()
        updated_catalogue(catalogue, [page_id])
        updates.append((time.perf_counter() - started) * 1000)
    print(
        f"{'catalogue, one page changed':<38} median {statistics.median(updates):7.1f} ms"
        f"   max {max(updates):7.1f} ms   (process RSS {rss_mib():.0f} MiB)"
    )


def main():
    args = parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page

    from hub.models import Topic
    from search.catalogue import CATALOGUE_VERSION, searchable_models
    from search.query import SearchOptions

    def log(message):
        print(message, flush=True)

    log(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    rng = random.Random(42)
    existing = Page.objects.live().type(*searchable_models()).count()
    if args.keep and existing:
        log(f"Keeping {existing} pages from the last run.")
    else:
        started = time.perf_counter()
        count = build(args.pages, rng, log)
        log(f"Created {count} pages in {time.perf_counter() - started:.0f} s; indexing …")
        started = time.perf_counter()
        if args.update_index:
            call_command("update_index", verbosity=0)
        else:
            models = [m for m in searchable_models() if m.objects.exists()]
            index_pages(models, log)
            check_index_rows(models, rng)
        log(f"Indexed in {time.perf_counter() - started:.0f} s.")
    # Bulk writes send no signals: retire the search catalogue as publishing would.
    CATALOGUE_VERSION.retire()
    if args.fill_only:
        return

    pages = Page.objects.live().type(*searchable_models()).count()
    print(f"\n{pages} searchable pages on {connection.vendor}\n")
    hydrogen_buses = Topic.objects.get(slug="hydrogen-buses")
    plain = [SearchOptions(query=q) for q in QUERIES]
    filtered = [
        SearchOptions(query=q, topics=[hydrogen_buses], countries=["SE", "GB"]) for q in QUERIES
    ]
    browse = [SearchOptions(topics=[hydrogen_buses]), SearchOptions(countries=["IS"])]
    measure("text only", plain, False, args.repeat)
    measure("text + facets", plain, True, args.repeat)
    measure("text + topic/country filters + facets", filtered, True, args.repeat)
    measure("filters only (browse) + facets", browse, True, args.repeat)
    measure_autocomplete(args.repeat)
    measure_requests(args.repeat)
    measure_catalogue(args.repeat)
    if args.publishing:
        measure_while_publishing(args.publishing)


if __name__ == "__main__":
    main()
