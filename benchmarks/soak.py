"""Soak a workshop room: 200 participants for 10 minutes through a Redis and a server restart.

It starts a redis-server of its own on a spare port (the shared one is never touched)
and one Daphne process on it, connects the participants (one Node process,
benchmarks/soak_clients.js, each participant keeping the browser client's promises),
and sends chat messages round-robin from them. A third of the way through it kills
Redis (kill -9) and starts it again; two thirds of the way through it stops the Daphne
process and starts a new one on the same port. When sending ends it waits until every
outbox is empty and every participant has every message, then prints:

- sent: messages the participants wrote; stored: rows in the database; confirmed:
  messages whose storage the server confirmed to their author;
- delivered: (message, participant) pairs that arrived; lost: pairs that did not;
- duplicated: messages stored more than once (the same text under two ids) and
  repeats: frames of a message a participant already had (a catch-up overlapping a live
  frame; each participant shows a message once);
- reconnects, `unavailable` notices, rate-limit answers;
- the Daphne process's memory (RSS): the first process after everyone joined and just
  before its restart, and the second after everyone rejoined and at the end.

    npm ci   # once: the `ws` package
    python benchmarks/soak.py                      # 200 participants, 600 s
    python benchmarks/soak.py --participants 50 --seconds 60   # a short try

It uses the configured database (DATABASE_URL, or the SQLite file after `make migrate`):
a room `benchmark-soak` and users `soak-<n>`, deleted at the end. Traffic stays on
127.0.0.1; every wait is bounded.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

import psutil  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db.models import Count  # noqa: E402

from workshops.models import Message, WorkshopRoom  # noqa: E402

ROOM_SLUG = "benchmark-soak"
LOG_DIR = Path(os.environ.get("BENCHMARK_LOG_DIR", BASE_DIR / "benchmarks"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, what, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{what} did not listen on {port}")


class Redis:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 (our own fixed command)
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process, "redis-server")

    def kill(self):
        self.process.kill()
        self.process.wait()


class Daphne:
    def __init__(self, redis_url):
        self.port = free_port()
        self.redis_url = redis_url
        self.process = None

    def start(self):
        python_path = os.pathsep.join(filter(None, [str(BASE_DIR), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "REDIS_URL": self.redis_url, "CHANNEL_PREFIX": "soak",
               "CACHE_PREFIX": "soak", "PYTHONPATH": python_path}  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603 (our own fixed command)
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "--websocket_connect_timeout",
                "60",
                "config.asgi:application",
            ],  # fmt: skip
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(LOG_DIR / "soak-daphne.log", "a"),  # noqa: SIM115
        )
        wait_for_port(self.port, self.process, "Daphne")
        self.psutil = psutil.Process(self.process.pid)

    def rss_mb(self):
        return round(self.psutil.memory_info().rss / 2**20, 1)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def prepare(count):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    cleanup()
    WorkshopRoom.objects.create(slug=ROOM_SLUG, title="Soak")
    User = get_user_model()
    User.objects.bulk_create([User(username=f"soak-{n}") for n in range(count)])
    cookies = []
    for user in User.objects.filter(username__startswith="soak-").order_by("pk"):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    return cookies


def cleanup():
    WorkshopRoom.objects.filter(slug=ROOM_SLUG).delete()
    get_user_model().objects.filter(username__startswith="soak-").delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--rate", type=int, default=10, help="messages a second, in all")
    parser.add_argument("--ping", type=float, default=20, help="seconds between pings")
    args = parser.parse_args()
    if not (BASE_DIR / "node_modules" / "ws").exists():
        raise SystemExit("The `ws` package is missing: run `npm ci` first.")

    cookies = prepare(args.participants)
    redis = Redis()
    redis.start()
    server = Daphne(f"redis://127.0.0.1:{redis.port}/0")
    server.start()
    memory = {}
    events = []
    try:
        client = subprocess.Popen(  # noqa: S603 (our own fixed command)
            ["node", str(BASE_DIR / "benchmarks" / "soak_clients.js")],  # noqa: S607
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        config = {
            "url": f"ws://127.0.0.1:{server.port}/ws/workshops/{ROOM_SLUG}/",
            "origin": f"http://127.0.0.1:{server.port}",
            "cookies": cookies,
            "rate": args.rate,
            "seconds": args.seconds,
            "ping_ms": int(args.ping * 1000),
            "max_wait": 180,
        }
        client.stdin.write(json.dumps(config))
        client.stdin.close()
        ready = json.loads(client.stdout.readline())
        print(f"{ready['welcomed']} of {args.participants} participants joined", flush=True)
        memory["first process, everyone joined"] = server.rss_mb()
        started = time.monotonic()

        def faults():
            time.sleep(args.seconds / 3)
            redis.kill()
            events.append(f"{time.monotonic() - started:.0f} s: Redis killed")
            time.sleep(2)
            redis.start()
            events.append(f"{time.monotonic() - started:.0f} s: Redis started again")
            time.sleep(max(0, started + args.seconds * 2 / 3 - time.monotonic()))
            memory["first process, before its restart"] = server.rss_mb()
            server.stop()
            events.append(f"{time.monotonic() - started:.0f} s: Daphne stopped")
            server.start()
            events.append(f"{time.monotonic() - started:.0f} s: Daphne started again")
            time.sleep(min(30, args.seconds / 6))
            memory["second process, everyone rejoined"] = server.rss_mb()

        fault_thread = threading.Thread(target=faults, daemon=True)
        fault_thread.start()
        result = None
        for line in client.stdout:
            event = json.loads(line)
            if event["event"] == "result":
                result = event
            elif event["event"] == "error":
                raise SystemExit(event["message"])
        client.wait(timeout=30)
        fault_thread.join(timeout=60)
        memory["second process, at the end"] = server.rss_mb()
    finally:
        server.stop()
        redis.kill()

    stored = Message.objects.filter(room__slug=ROOM_SLUG)
    stored_count = stored.count()
    duplicated = sum(
        row["n"] - 1 for row in stored.values("body").annotate(n=Count("pk")).filter(n__gt=1)
    )
    ids_ok = all(top <= stored_count for top in result["max_seen"])
    delivered = sum(result["distinct"])
    lost = stored_count * args.participants - delivered
    cleanup()
    report = {
        "participants": args.participants,
        "seconds": args.seconds,
        "settled": result["settled"],
        "sent": result["written"],
        "stored": stored_count,
        "confirmed to their author": result["confirmed"],
        "never stored": result["written"] - stored_count,
        "delivered": delivered,
        "lost": lost,
        "duplicated": duplicated,
        "repeats (shown once)": result["repeats"],
        "reconnects": result["reconnects"],
        "unavailable notices": result["unavailable"],
        "rate_limited answers": result["rate_limited"],
        "ids all within the stored range": ids_ok,
        "server memory (RSS MB)": memory,
        "faults": events,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
