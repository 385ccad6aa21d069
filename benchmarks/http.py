"""Whole requests as users meet them: Daphne, production settings, the demo's pages.

    python benchmarks/http.py                       # the demo (load_demo), SQLite
    python benchmarks/http.py --cities 10000        # the demo plus 10,000 synthetic cities
    python benchmarks/http.py --peer ~/bakerydemo --peer-python ~/bakerydemo-venv/bin/python
    python benchmarks/http.py --processes 1,2       # one Daphne process, then two

A scratch database (under /tmp, kept between runs with --keep) is migrated and filled
with `load_demo` (and, with --cities, the synthetic cities of benchmarks/pages.py, indexed
for search); static files are collected; then these servers start, each one or more
Daphne processes sharing one listening socket:

- TwinHub with the page cache on (anonymous visitors' pages from the cache), which also
  serves the floors: a bare Django view through the site's middleware (`/_bench/bare/`)
  and a bare ASGI app in the same process (`/_bench/asgi/`);
- TwinHub with the page cache off (every request rendered);
- the peer site, when --peer names a checkout of wagtail/bakerydemo, run by the Python
  of its own environment (--peer-python, its daphne beside it) with its production
  settings over plain HTTP (benchmarks/peer/bakerydemo_settings.py) and its own data from
  `load_initial_data`; docs/benchmarks.md says how to set it up.

wrk drives each page of each server in turn for --duration seconds, round after round
(--rounds), so a busy moment of the machine falls on every server alike; each figure is
the median over rounds. For each page type it prints requests per second, p50 and p99
latency, the ratio to the bare view, the server's CPU time per request (from /proc), and
the SQL queries of one uncached request (Django's test client, same settings).

The cache is Redis (REDIS_URL, default db 6 of a local server) when one answers, as in
production, otherwise each process's local memory.
"""

import os
import sys

if __name__ == "http":
    # Another script in benchmarks/ runs with this folder first on sys.path, and this
    # file's name shadows the standard library's `http`: hand that one over instead.
    import importlib

    here = os.path.dirname(os.path.abspath(__file__))
    saved_path = list(sys.path)
    del sys.modules["http"]
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    sys.modules["http"] = importlib.import_module("http")
    sys.path[:] = saved_path
else:
    _here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]

    import argparse  # noqa: E402
    import json  # noqa: E402
    import re  # noqa: E402
    import shutil  # noqa: E402
    import socket  # noqa: E402
    import statistics  # noqa: E402
    import subprocess  # noqa: E402
    import time  # noqa: E402
    import urllib.request  # noqa: E402
    from pathlib import Path  # noqa: E402

    PROJECT = Path(__file__).resolve().parent.parent
    PYTHON = sys.executable
    DAPHNE = str(Path(PYTHON).with_name("daphne"))
    import tempfile  # noqa: E402

    WORK = Path(os.environ.get("BENCH_DIR") or Path(tempfile.gettempdir()) / "twinhub-http-bench")
    TWINHUB_PAGES = [
        "home",
        "city page",
        "business case",
        "city index",
        "business-case index",
        "webinar",
        "search",
        "API list",
        "API cities, fields=*",
    ]
    # bakerydemo's comparable page for each of TwinHub's (peer_urls)
    PEER_PAGES = {
        "home": "home",
        "city page": "a bread",
        "business case": "a blog post",
        "city index": "breads index",
        "business-case index": "blog index",
        "search": "search `?q=bread`",
        "API list": "API list",
        "API cities, fields=*": "API breads, `fields=*`",
    }


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cities", type=int, default=0, help="synthetic cities to add")
    parser.add_argument("--peer", help="a checkout of wagtail/bakerydemo")
    parser.add_argument(
        "--peer-python",
        default=sys.executable,
        help="the Python of the peer's own environment (its daphne beside it)",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--processes", default="1", help="Daphne processes, e.g. 1,2")
    parser.add_argument("--keep", action="store_true", help="reuse the scratch databases")
    parser.add_argument("--only", default="", help="page types to drive, separated by ;")
    parser.add_argument("--child", choices=["fill", "queries"], help=argparse.SUPPRESS)
    return parser.parse_args()


# --- The scratch site ------------------------------------------------------------------


def site_env(database, **extra):
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.http_settings",
        DATABASE_URL=f"sqlite:///{database}",
        SECRET_KEY="benchmark-only-not-secret",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        BENCH_STATIC_ROOT=str(WORK / "static"),
        PYTHONPATH=str(PROJECT),
        **extra,
    )
    return env


def manage(env, *arguments):
    subprocess.run(["nice", PYTHON, "manage.py", *arguments], env=env, cwd=PROJECT, check=True)


def prepare(args, redis_url):
    WORK.mkdir(parents=True, exist_ok=True)
    demo = WORK / "demo.sqlite3"
    env = site_env(demo)
    if not (args.keep and demo.exists()):
        for leftover in WORK.glob("demo.sqlite3*"):
            leftover.unlink()
        print("Migrating and loading the demo…", flush=True)
        manage(env, "migrate", "-v0")
        manage(env, "load_demo", "--no-admin")
    if not (WORK / "static" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput", "-v0")
    if not args.cities:
        return demo
    database = WORK / f"cities-{args.cities}.sqlite3"
    if not (args.keep and database.exists()):
        shutil.copy(demo, database)
        print(f"Adding {args.cities:,} synthetic cities and indexing them…", flush=True)
        subprocess.run(
            ["nice", PYTHON, __file__, "--child=fill", f"--cities={args.cities}"],
            env=site_env(database),
            cwd=PROJECT,
            check=True,
        )
    return database


def fill(cities):
    """(child) The synthetic cities of benchmarks/pages.py under the demo's city index."""
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks.pages import add_webinars
    from hub.models import CityIndexPage, Topic, WebinarIndexPage
    from tests import bulk

    topic_ids = list(Topic.objects.order_by("pk").values_list("pk", flat=True))

    def topics_of(n):
        return sorted({topic_ids[(n * k + k) % len(topic_ids)] for k in (1, 7, 13)})

    bulk.add_cities(CityIndexPage.objects.get(), cities, topics=topics_of)
    add_webinars(WebinarIndexPage.objects.get(), 0, cities // 10)
    call_command("update_index", verbosity=0)


def count_queries(urls):
    """(child) SQL queries of one uncached request per page, after a warm-up request.

    Counted with an execute wrapper rather than the debug cursor, which bakerydemo's
    debug toolbar app (installed in its production settings too) leaves empty."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}

    def counted(execute, sql, params, many, context):
        counts[name] += 1
        return execute(sql, params, many, context)

    for name, url in urls.items():
        client.get(url)
        counts[name] = 0
        with connection.execute_wrapper(counted):
            client.get(url)
    print(json.dumps(counts))


# --- Servers ---------------------------------------------------------------------------


class Server:
    def __init__(self, name, command, env, cwd, processes):
        self.name = name
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1024)
        self.port = self.listener.getsockname()[1]
        fd = self.listener.fileno()
        self.processes = [
            subprocess.Popen(
                [*command, "--fd", str(fd)],
                env=env,
                cwd=cwd,
                pass_fds=[fd],
                stdout=subprocess.DEVNULL,
                stderr=open(WORK / f"{name}.log", "a"),  # noqa: SIM115
            )
            for _ in range(processes)
        ]

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, timeout=30):
        with urllib.request.urlopen(self.url(path), timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()

    def wait(self, path="/"):
        for _ in range(600):
            try:
                if self.get(path, timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            if any(p.poll() is not None for p in self.processes):
                sys.exit(f"{self.name} stopped; see {WORK / (self.name + '.log')}")
            time.sleep(0.2)
        sys.exit(f"{self.name} did not answer")

    def cpu_seconds(self):
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        for process in self.processes:
            with open(f"/proc/{process.pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def stop(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.listener.close()


def twinhub_server(name, database, processes, cache_on, redis_url):
    extra = {"PAGE_CACHE_ENABLED": "1" if cache_on else "0"}
    if redis_url:
        extra.update(REDIS_URL=redis_url, CACHE_PREFIX=f"bench-{name}-{os.getpid()}")
    else:
        extra["REDIS_URL"] = ""
    command = [DAPHNE, "benchmarks.http_asgi:application"]
    return Server(name, command, site_env(database, **extra), PROJECT, processes)


def peer_env(args):
    """The environment bakerydemo runs in: its production settings, SQLite, plain HTTP."""
    path = Path(args.peer).resolve()
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL", "REDIS_TLS_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env.update(
        # benchmarks/peer/bakerydemo_settings.py: bakerydemo.settings.production, no HTTPS
        DJANGO_SETTINGS_MODULE="bakerydemo_settings",
        DATABASE_URL=f"sqlite:///{WORK / 'peer.sqlite3'}",
        DJANGO_SECRET_KEY="benchmark-only-not-secret",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        BENCH_STATIC_ROOT=str(WORK / "peer-static"),
        PYTHONPATH=os.pathsep.join([str(path), str(PROJECT / "benchmarks" / "peer")]),
    )
    return path, env


def prepare_peer(args):
    """Migrate bakerydemo's scratch database and load its `load_initial_data`."""
    path, env = peer_env(args)
    database = WORK / "peer.sqlite3"
    if args.keep and database.exists():
        return
    for leftover in WORK.glob("peer.sqlite3*"):
        leftover.unlink()
    print("Migrating bakerydemo and loading its initial data…", flush=True)
    for arguments in (["migrate", "-v0"], ["load_initial_data"]):
        subprocess.run(
            ["nice", args.peer_python, "manage.py", *arguments],
            env=env,
            cwd=path,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run(
        ["nice", args.peer_python, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=path,
        check=True,
    )


PEER = "bakerydemo"
# bakerydemo with TwinHub's HTTP handler (core/asgi.py): the same server, configured alike.
PEER_ONE_THREAD = "bakerydemo, one thread"


def peer_server(args, processes, one_thread=False):
    path, env = peer_env(args)
    daphne = str(Path(args.peer_python).with_name("daphne"))
    if one_thread:
        env["PYTHONPATH"] += os.pathsep + str(PROJECT)
        command = [daphne, "bakerydemo_one_thread_asgi:application"]
    else:
        command = [daphne, "bakerydemo_asgi:application"]
    return Server(PEER_ONE_THREAD if one_thread else PEER, command, env, path, processes)


def first_html_url(server, page_type):
    status, body = server.get(f"/api/v2/pages/?type={page_type}&limit=1&fields=_,html_url")
    items = json.loads(body)["items"]
    return re.sub(r"^https?://[^/]+", "", items[0]["meta"]["html_url"]) if items else None


def twinhub_urls(server):
    return {
        "home": "/",
        "city page": first_html_url(server, "hub.CityProfilePage"),
        "business case": first_html_url(server, "hub.BusinessCasePage"),
        "city index": "/cities/",
        "business-case index": "/business-cases/",
        "webinar": first_html_url(server, "hub.WebinarPage"),
        "search": "/search/?q=hydrogen",
        "API list": "/api/v2/pages/",
        "API cities, fields=*": "/api/v2/pages/?type=hub.CityProfilePage&fields=*",
    }


def peer_urls(server):
    def first(page_type):
        try:
            return first_html_url(server, page_type)
        except OSError:
            return None

    return {
        "home": "/",
        "city page": first("breads.BreadPage"),
        "business case": first("blog.BlogPage"),
        "city index": "/breads/",
        "business-case index": "/blog/",
        "search": "/search/?q=bread",
        "API list": "/api/v2/pages/",
        "API cities, fields=*": "/api/v2/pages/?type=breads.BreadPage&fields=*",
    }


# --- Load ------------------------------------------------------------------------------


def wrk(server, path, args):
    """(requests per second, p50 ms, p99 ms, CPU ms per request, errors) of one run."""
    cpu = server.cpu_seconds()
    output = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--latency",
            "--timeout",
            "10s",
            server.url(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = server.cpu_seconds() - cpu
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)

    def latency(percent):
        value, unit = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    per_request = cpu * 1000 / requests if requests else float("nan")
    return rate, latency(50), latency(99), per_request, int(errors.group(1)) if errors else 0


def drive(targets, args):
    """targets: [(server label, page, server, path)]; every run once per round."""
    results = {}
    for round_number in range(args.rounds):
        print(f"Round {round_number + 1} of {args.rounds}…", flush=True)
        for label, page, server, path in targets:
            results.setdefault((label, page), []).append(wrk(server, path, args))
    return {
        key: tuple(statistics.median(run[i] for run in runs) for i in range(5))
        for key, runs in results.items()
    }


def show(results, labels, pages, floor, queries):
    bare = results[floor][0]
    print()
    print("| page | server | req/s | p50 (ms) | p99 (ms) | × bare view | CPU ms/req | queries |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page in pages:
        for label in labels:
            if (label, page) not in results:
                continue
            rate, p50, p99, cpu, errors = results[(label, page)]
            count = queries.get(label, {}).get(page, "")
            flag = f" ({errors:.0f} errors)" if errors else ""
            print(
                f"| {page} | {label} | {rate:.1f}{flag} | {p50:.1f} | {p99:.1f} "
                f"| {rate / bare:.2f} | {cpu:.1f} | {count} |"
            )
    print(flush=True)


def show_peer(results, pages, queries):
    """TwinHub rendered against bakerydemo, page type by page type (goal: ≥ 2×): against
    bakerydemo as it ships (Django's handler, a thread per request) and served alike."""
    print(
        "| page | bakerydemo page | TwinHub rendered req/s | bakerydemo req/s | × bakerydemo "
        "| bakerydemo, one thread, req/s | × bakerydemo, one thread "
        "| CPU ms/req, TwinHub / bakerydemo / one thread | queries, TwinHub / bakerydemo |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page in pages:
        ours = results.get(("TwinHub, uncached", page))
        theirs, alike = results.get((PEER, page)), results.get((PEER_ONE_THREAD, page))
        if not (ours and theirs and alike):
            continue
        print(
            f"| {page} | {PEER_PAGES[page]} | {ours[0]:.1f} | {theirs[0]:.1f} "
            f"| {ours[0] / theirs[0]:.2f} | {alike[0]:.1f} | {ours[0] / alike[0]:.2f} "
            f"| {ours[3]:.1f} / {theirs[3]:.1f} / {alike[3]:.1f} "
            f"| {queries['TwinHub, uncached'].get(page, '')} / {queries[PEER].get(page, '')} |"
        )
    print(flush=True)


def query_counts(python, env, cwd, urls):
    """Queries of one rendered request per page, counted by a child in that site."""
    env = dict(env, BENCH_URLS=json.dumps(urls))
    output = subprocess.run(
        [python, __file__, "--child=queries"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    args = parse_args()
    if args.child == "fill":
        fill(args.cities)
        return
    if args.child == "queries":
        count_queries(json.loads(os.environ["BENCH_URLS"]))
        return

    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/6")
    try:
        host, port = re.match(r"redis://([^:/]+):?(\d*)", redis_url).groups()
        socket.create_connection((host, int(port or 6379)), timeout=1).close()
    except (OSError, AttributeError):
        redis_url = ""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{os.cpu_count()} CPU cores, load average {load}; cache: {redis_url or 'local memory'}")
    database = prepare(args, redis_url)
    if args.peer:
        prepare_peer(args)
    only = {name.strip() for name in args.only.split(";") if name.strip()}

    for processes in [int(n) for n in args.processes.split(",")]:
        print(f"\n== {processes} Daphne process(es) per server, wrk -c{args.connections} ==")
        cached = twinhub_server("twinhub-cached", database, processes, True, redis_url)
        uncached = twinhub_server("twinhub-uncached", database, processes, False, redis_url)
        peers = (
            [peer_server(args, processes), peer_server(args, processes, True)] if args.peer else []
        )
        servers = [cached, uncached, *peers]
        try:
            for server in servers:
                server.wait()
            urls = twinhub_urls(uncached)
            pages = [p for p in TWINHUB_PAGES if urls.get(p) and (not only or p in only)]
            env = site_env(database, PAGE_CACHE_ENABLED="0", REDIS_URL="")
            queries = {
                "TwinHub, uncached": query_counts(PYTHON, env, PROJECT, {p: urls[p] for p in pages})
            }
            targets = [
                ("bare ASGI app", "floor", cached, "/_bench/asgi/"),
                ("bare Django view", "floor", cached, "/_bench/bare/"),
            ]
            for page in pages:
                cached.get(urls[page])  # into the page cache
                targets.append(("TwinHub, page cache", page, cached, urls[page]))
                targets.append(("TwinHub, uncached", page, uncached, urls[page]))
            if peers:
                peer_paths = {
                    page: path
                    for page, path in peer_urls(peers[0]).items()
                    if path and (not only or page in only)
                }
                path, env = peer_env(args)
                queries[PEER] = query_counts(args.peer_python, env, path, peer_paths)
                for page, path in peer_paths.items():
                    for peer in peers:
                        targets.append((peer.name, page, peer, path))
            results = drive(targets, args)
            labels = [
                "bare ASGI app",
                "bare Django view",
                "TwinHub, page cache",
                "TwinHub, uncached",
                PEER,
                PEER_ONE_THREAD,
            ]
            show(results, labels, ["floor", *pages], ("bare Django view", "floor"), queries)
            if peers:
                show_peer(results, pages, queries)
        finally:
            for server in servers:
                server.stop()


if __name__ == "__main__":
    main()
