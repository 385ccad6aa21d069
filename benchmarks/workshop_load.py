"""Load a workshop room: N participants on one Daphne process with the Redis channel layer.

For each N (100 and 500 by default) it connects N signed-in participants to one room,
sends M chat messages per second (round-robin over the participants, so nobody passes
the rate limit) for a few seconds, and reports, over every (message, participant) pair:
the median and 99th-percentile time from send to receipt, messages lost, and the Daphne
process's CPU use. The same load then goes through a bare Channels echo consumer
(benchmarks/echo_asgi.py) on its own Daphne, the floor under the real room.

    npm ci   # once: the `ws` package for the Node load generator
    REDIS_URL=redis://127.0.0.1:6379/0 python benchmarks/workshop_load.py
    python benchmarks/workshop_load.py --participants 100 500 --rate 20 --seconds 10

The participants are one Node process (benchmarks/workshop_clients.js) when `node` and
the `ws` package are installed, else (or with --client python) `websockets` clients in
this process. Both time each send and each receipt with one clock in the client process
and count every (message, participant) pair once; a delivery that has not come 5 s
after the last one is lost, and the report says how many of those were on sockets the
server closed. Percentiles are nearest-rank. Node needs about half the CPU of the
Python clients (10 % of a core against 17 % at 500 × 20), which matters here: the
clients share the machine with the server.

It uses the configured database (DATABASE_URL, or the SQLite file after `make migrate`):
it creates a room `benchmark-load` and users `bench-<n>`, and deletes them at the end.
Traffic stays on 127.0.0.1; every loop is bounded in count and time.
"""

import argparse
import asyncio
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "false")  # no query log growing in the server

import django  # noqa: E402

django.setup()

import psutil  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402

from workshops.models import WorkshopRoom  # noqa: E402

ROOM_SLUG = "benchmark-load"
BODY = re.compile(r'"body":"bench (\d+)"')
CONNECT_CONCURRENCY = 25
SETTLE_SECONDS = 3
GRACE_SECONDS = 5
MAX_WAIT_SECONDS = 120
LOG_DIR = Path(os.environ.get("BENCHMARK_LOG_DIR", BASE_DIR / "benchmarks"))  # servers' stderr


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, application):
        self.application = application
        self.port = free_port()

    def __enter__(self):
        self.process = subprocess.Popen(
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
                self.application,
            ],  # fmt: skip
            cwd=BASE_DIR,
            env={
                **os.environ,
                "PYTHONPATH": os.pathsep.join(
                    filter(None, [str(BASE_DIR), os.environ.get("PYTHONPATH")])
                ),
            },
            stdout=subprocess.DEVNULL,
            stderr=open(LOG_DIR / f"{self.application.split(':')[0]}.log", "w"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 180  # start-up is slow on a busy machine
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                self.psutil = psutil.Process(self.process.pid)
                return self
            except OSError:
                time.sleep(0.2)
        self.process.kill()
        raise SystemExit(f"{self.application} did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def cpu_seconds(self):
        times = self.psutil.cpu_times()
        return times.user + times.system


def prepare(count):
    """The room, its participants and their session cookies."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    cleanup()
    room = WorkshopRoom.objects.create(slug=ROOM_SLUG, title="Benchmark load")
    User = get_user_model()
    User.objects.bulk_create([User(username=f"bench-{n}") for n in range(count)])
    cookies = []
    for user in User.objects.filter(username__startswith="bench-").order_by("pk"):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    return room, cookies


def cleanup():
    WorkshopRoom.objects.filter(slug=ROOM_SLUG).delete()
    WorkshopRoom.objects.filter(slug__startswith=f"{ROOM_SLUG}-breakout-").delete()
    get_user_model().objects.filter(username__startswith="bench-").delete()


class Run:
    def __init__(self, total, participants):
        self.total = total
        self.sent_at = [0.0] * total
        # received[p][i]: participant p has message i.
        self.received = [bytearray(total) for _ in range(participants)]
        self.latencies = []
        self.duplicates = 0
        self.closes = []


async def listen(ws, run, participant, finished):
    try:
        async for raw in ws:
            if raw.startswith('{"type":"chat"'):
                match = BODY.search(raw)
                if match:
                    index = int(match.group(1))
                    if run.received[participant][index]:
                        run.duplicates += 1
                    else:
                        run.latencies.append(time.perf_counter() - run.sent_at[index])
                        run.received[participant][index] = 1
    except ConnectionClosed:
        pass
    if not finished.is_set():
        run.closes.append({"participant": participant, "code": ws.close_code})


def summary(latencies_ms):
    """Counts and percentiles (nearest rank) shared by both clients."""
    latencies_ms = sorted(latencies_ms)

    def pick(q):
        if not latencies_ms:
            return float("nan")
        return latencies_ms[max(0, math.ceil(len(latencies_ms) * q) - 1)]

    return {
        "median_ms": pick(0.5),
        "p99_ms": pick(0.99),
        "max_ms": latencies_ms[-1] if latencies_ms else float("nan"),
    }


async def measure_python(url, origin, cookies, participants, rate, seconds, server, welcome):
    """The original load generator: every participant a `websockets` client in this process."""
    total = rate * seconds
    run = Run(total, participants)
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    sockets = [None] * participants
    listeners = []
    finished = asyncio.Event()

    async def join(n):
        async with gate:
            ws = await connect(
                url,
                origin=origin,
                additional_headers={"Cookie": cookies[n]} if cookies else None,
                max_size=None,
                compression=None,
                ping_interval=None,
                open_timeout=120,
            )
            if welcome:
                await asyncio.wait_for(ws.recv(), 120)
            sockets[n] = ws
            # Read from the moment of joining, as a browser does. A socket left unread
            # while the others join stops answering Daphne's pings (sent 20 s after the
            # client's last frame), and Daphne drops it 30 s later: that, not the
            # server, lost the 4,700 deliveries of an earlier run (docs/workshops.md).
            listeners.append(asyncio.create_task(listen(ws, run, n, finished)))

    started = time.perf_counter()
    await join(0)  # the first connection warms the server up (imports, Redis pool)
    await asyncio.gather(*(join(n) for n in range(1, participants)))
    connect_seconds = time.perf_counter() - started
    await asyncio.sleep(SETTLE_SECONDS)  # let the join announcements settle

    me = psutil.Process()
    client_before = sum(me.cpu_times()[:2])
    cpu_before, wall_before = server.cpu_seconds(), time.perf_counter()
    max_lag = 0.0
    for index in range(total):
        due = wall_before + index / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        frame = f'{{"type":"chat","body":"bench {index}","client_id":"c{index}"}}'
        run.sent_at[index] = time.perf_counter()
        max_lag = max(max_lag, run.sent_at[index] - due)
        await sockets[index % participants].send(frame)
    cpu_after, wall_after = server.cpu_seconds(), time.perf_counter()
    client_cpu = (sum(me.cpu_times()[:2]) - client_before) / (wall_after - wall_before)
    # Late is not lost: wait while deliveries still arrive, and count as lost only what
    # has not come GRACE_SECONDS after the last one (bounded by MAX_WAIT_SECONDS).
    due = total * participants
    last_count, last_progress = -1, time.perf_counter()
    while len(run.latencies) < due:
        now = time.perf_counter()
        if len(run.latencies) != last_count:
            last_count, last_progress = len(run.latencies), now
        if now - last_progress > GRACE_SECONDS or now - wall_after > MAX_WAIT_SECONDS:
            break
        await asyncio.sleep(0.1)
    waited = time.perf_counter() - wall_after
    finished.set()
    for task in listeners:
        task.cancel()
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)

    closed = {c["participant"] for c in run.closes}
    missing = {p: total - sum(row) for p, row in enumerate(run.received) if sum(row) < total}
    return {
        "sent": total,
        "due": due,
        "deliveries": len(run.latencies),
        "duplicates": run.duplicates,
        "lost": due - len(run.latencies),
        "lost_on_closed_sockets": sum(c for p, c in missing.items() if p in closed),
        "participants_missing": len(missing),
        "closes_count": len(run.closes),
        "closes": run.closes[:20],
        **summary([x * 1000 for x in run.latencies]),
        "cpu_percent": (cpu_after - cpu_before) / (wall_after - wall_before) * 100,
        "client_cpu_percent": client_cpu * 100,
        "max_send_lag_ms": max_lag * 1000,
        "waited_s": waited,
        "connect_s": connect_seconds,
    }


def node_available():
    return shutil.which("node") and (BASE_DIR / "node_modules" / "ws").is_dir()


def measure_node(url, origin, cookies, participants, rate, seconds, server, welcome):
    """The participants as one Node process (benchmarks/workshop_clients.js, `ws`).

    Node times sends and receipts with one clock and counts every (message,
    participant) pair; this side reads the server's and the clients' CPU time at the
    first and the last send.
    """
    config = {
        "url": url,
        "origin": origin,
        "cookies": cookies,
        "participants": participants,
        "rate": rate,
        "seconds": seconds,
        "welcome": welcome,
        "settle": SETTLE_SECONDS,
        "grace": GRACE_SECONDS,
        "max_wait": MAX_WAIT_SECONDS,
        "connect_concurrency": CONNECT_CONCURRENCY,
    }
    clients = subprocess.Popen(
        ["node", str(BASE_DIR / "benchmarks" / "workshop_clients.js")],
        cwd=BASE_DIR,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    clients.stdin.write(json.dumps(config))
    clients.stdin.close()
    client_process = psutil.Process(clients.pid)

    def client_cpu():
        times = client_process.cpu_times()
        return times.user + times.system

    result = None
    try:
        for line in clients.stdout:
            event = json.loads(line)
            if event["event"] == "sending":
                cpu_before, client_before = server.cpu_seconds(), client_cpu()
                wall_before = time.perf_counter()
            elif event["event"] == "sent":
                cpu_after, client_after = server.cpu_seconds(), client_cpu()
                wall_after = time.perf_counter()
            elif event["event"] == "result":
                result = event
        clients.wait(timeout=30)
    finally:
        if clients.poll() is None:
            clients.kill()
    if result is None:
        raise SystemExit(f"the Node clients failed (exit code {clients.returncode})")
    elapsed = wall_after - wall_before
    result["cpu_percent"] = (cpu_after - cpu_before) / elapsed * 100
    result["client_cpu_percent"] = (client_after - client_before) / elapsed * 100
    for key in ("median_ms", "p99_ms", "max_ms"):
        if result[key] is None:
            result[key] = float("nan")
    return result


# Running a session: a poll with N voters, a breakout into groups (--scenario poll|breakout)


def prepare_session(count):
    """The room with N participants and one facilitator (the last cookie)."""
    room, cookies = prepare(count + 1)
    facilitator = get_user_model().objects.filter(username__startswith="bench-").order_by("pk")
    room.facilitators.add(facilitator.last())
    return room, cookies


class SessionClient:
    """One participant reading every frame from the moment it joins, timestamping them."""

    def __init__(self, ws, index):
        self.ws, self.index = ws, index
        self.frames = []  # (time, frame)
        self.arrived = asyncio.Event()
        self.closed = None

    async def read(self):
        try:
            async for raw in self.ws:
                frame = json.loads(raw)
                self.frames.append((time.perf_counter(), frame))
                self.arrived.set()
        except ConnectionClosed:
            self.closed = self.ws.close_code

    async def first(self, test, after=0.0, timeout=MAX_WAIT_SECONDS):
        """The time and frame of the first frame passing `test` received after `after`."""
        deadline = time.perf_counter() + timeout
        seen = 0
        while time.perf_counter() < deadline:
            for at, frame in self.frames[seen:]:
                if at >= after and test(frame):
                    return at, frame
            seen = len(self.frames)
            self.arrived.clear()
            try:
                await asyncio.wait_for(
                    self.arrived.wait(), max(0.0, deadline - time.perf_counter())
                )
            except TimeoutError:
                break
        return None, None


async def join_clients(url, origin, cookies):
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    clients = [None] * len(cookies)

    async def join(n):
        async with gate:
            ws = await connect(
                url,
                origin=origin,
                additional_headers={"Cookie": cookies[n]},
                max_size=None,
                compression=None,
                ping_interval=None,
                open_timeout=120,
            )
            client = SessionClient(ws, n)
            client.task = asyncio.create_task(client.read())
            clients[n] = client

    await join(0)
    await asyncio.gather(*(join(n) for n in range(1, len(cookies))))
    for client in clients:
        await client.first(lambda f: f["type"] == "welcome")
    return clients


async def close_clients(clients):
    for client in clients:
        client.task.cancel()
    await asyncio.gather(*(c.ws.close() for c in clients), return_exceptions=True)


async def measure_poll(base, cookies, server, vote_rate):
    """Open a poll, N participants vote (paced at vote_rate a second), close it.

    Latency per (vote, participant): from the vote's send to that participant's first
    results frame counting at least as many voters as had been acknowledged when the
    vote was (so the frame includes it). Also: the poll reaching everyone, and the
    closing frame reaching everyone."""
    url = base["url"]
    clients = await join_clients(url, base["origin"], cookies)
    facilitator, voters = clients[-1], clients[:-1]
    await asyncio.sleep(SETTLE_SECONDS)
    cpu_before, wall_before = server.cpu_seconds(), time.perf_counter()
    sent = time.perf_counter()
    await facilitator.ws.send(
        json.dumps(
            {
                "type": "poll_open",
                "question": "Which bus first?",
                "options": ["Hydrogen", "Battery", "Trolley"],
            }
        )  # fmt: skip
    )
    opened = [await c.first(lambda f: f["type"] == "poll", after=sent) for c in clients]
    open_latencies = [(at - sent) * 1000 for at, _ in opened if at]
    poll = opened[-1][1]["poll"]
    options = [o["id"] for o in poll["options"]]
    vote_sent = [0.0] * len(voters)
    started = time.perf_counter()
    for n, client in enumerate(voters):
        due = started + n / vote_rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        vote_sent[n] = time.perf_counter()
        await client.ws.send(
            json.dumps({"type": "vote", "poll": poll["id"], "options": [options[n % 3]]})
        )
    acks = [await c.first(lambda f: f["type"] == "voted", after=0) for c in voters]
    ack_times = sorted(at for at, _ in acks if at)
    rank = {n: ack_times.index(acks[n][0]) + 1 for n in range(len(voters)) if acks[n][0]}

    def results(client):
        return [(at, f["poll"]["voters"]) for at, f in client.frames
                if f["type"] == "poll" and f["poll"]["id"] == poll["id"]
                and "votes" in f["poll"]["options"][0]]  # fmt: skip

    final = len(voters)
    for client in clients:
        await client.first(lambda f: f["type"] == "poll" and f["poll"]["voters"] >= final)
    latencies, lost = [], 0
    for client in clients:
        seen = results(client)
        for n in range(len(voters)):
            needed = rank.get(n)
            hit = next((at for at, count in seen if at >= vote_sent[n] and count >= needed), None)
            if needed is None or hit is None:
                lost += 1
            else:
                latencies.append((hit - vote_sent[n]) * 1000)
    sent = time.perf_counter()
    await facilitator.ws.send(json.dumps({"type": "poll_close", "poll": poll["id"]}))
    closing = [
        await c.first(lambda f: f["type"] == "poll" and f["poll"]["state"] == "closed", after=sent)
        for c in clients
    ]
    close_latencies = [(at - sent) * 1000 for at, _ in closing if at]
    cpu_after, wall_after = server.cpu_seconds(), time.perf_counter()
    frames_per_client = sum(len(results(c)) for c in clients) / len(clients)
    await close_clients(clients)
    return {
        "voters": len(voters),
        "votes_acknowledged": len(ack_times),
        "poll_reached": len(open_latencies),
        "open": summary(open_latencies),
        "results": summary(latencies),
        "results_pairs": len(latencies),
        "results_lost": lost,
        "result_frames_per_participant": frames_per_client,
        "close": summary(close_latencies),
        "closed_reached": len(close_latencies),
        "closed_sockets": sum(1 for c in clients if c.closed),
        "cpu_percent": (cpu_after - cpu_before) / (wall_after - wall_before) * 100,
    }


async def measure_breakout(base, cookies, server, groups):
    """Split N participants into groups: the breakout frame reaching everyone, everyone
    joining their group's sub-room, and the end bringing everyone back."""
    clients = await join_clients(base["url"], base["origin"], cookies)
    facilitator, participants = clients[-1], clients[:-1]
    await asyncio.sleep(SETTLE_SECONDS)
    cpu_before, wall_before = server.cpu_seconds(), time.perf_counter()
    sent = time.perf_counter()
    await facilitator.ws.send(
        json.dumps({"type": "breakout_start", "groups": groups, "minutes": 10})
    )
    got = [await c.first(lambda f: f["type"] == "breakout", after=sent) for c in clients]
    start_latencies = [(at - sent) * 1000 for at, _ in got if at]
    breakout = got[-1][1]["breakout"]
    group_of = {}
    for group in breakout["groups"]:
        for member in group["members"]:
            group_of[member["id"]] = group["url"]
    # Everyone moves to their group's sub-room (its socket path mirrors the page's).
    you = [
        next(f["you"]["id"] for _, f in c.frames if f["type"] == "welcome") for c in participants
    ]
    moved = time.perf_counter()
    sub_cookies = cookies[:-1]
    paths = [group_of[pk].replace("/workshops/", "/ws/workshops/") for pk in you]
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    subs = [None] * len(participants)

    async def join_sub(n):
        async with gate:
            ws = await connect(
                base["root"] + paths[n],
                origin=base["origin"],
                additional_headers={"Cookie": sub_cookies[n]},
                max_size=None,
                compression=None,
                ping_interval=None,
                open_timeout=120,
            )
            client = SessionClient(ws, n)
            client.task = asyncio.create_task(client.read())
            await client.first(lambda f: f["type"] == "welcome")
            subs[n] = client

    await asyncio.gather(*(join_sub(n) for n in range(len(participants))))
    move_s = time.perf_counter() - moved
    await asyncio.sleep(SETTLE_SECONDS)
    sent = time.perf_counter()
    await facilitator.ws.send(json.dumps({"type": "breakout_end"}))
    back = [
        await c.first(
            lambda f: f["type"] == "breakout" and f["breakout"]["state"] == "ended", after=sent
        )  # fmt: skip
        for c in subs
    ]
    end_latencies = [(at - sent) * 1000 for at, _ in back if at]
    cpu_after, wall_after = server.cpu_seconds(), time.perf_counter()
    await close_clients(subs)
    await close_clients(clients)
    return {
        "participants": len(participants),
        "groups": len(breakout["groups"]),
        "start": summary(start_latencies),
        "start_reached": len(start_latencies),
        "move_s": move_s,
        "end": summary(end_latencies),
        "end_reached": len(end_latencies),
        "cpu_percent": (cpu_after - cpu_before) / (wall_after - wall_before) * 100,
    }


def measure_session_node(scenario, base, cookies, server, args):
    """A session scenario with the participants as one Node process
    (benchmarks/workshop_session_clients.js); this side reads the server's CPU time."""
    config = {
        "scenario": scenario,
        **base,
        "cookies": cookies,
        "vote_rate": args.vote_rate,
        "groups": args.groups,
        "settle": SETTLE_SECONDS,
        "max_wait": MAX_WAIT_SECONDS,
        "connect_concurrency": CONNECT_CONCURRENCY,
    }
    clients = subprocess.Popen(
        ["node", str(BASE_DIR / "benchmarks" / "workshop_session_clients.js")],
        cwd=BASE_DIR,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    clients.stdin.write(json.dumps(config))
    clients.stdin.close()
    client_process = psutil.Process(clients.pid)
    result = None
    try:
        for line in clients.stdout:
            event = json.loads(line)
            if event["event"] == "sending":
                cpu_before, wall_before = server.cpu_seconds(), time.perf_counter()
                client_before = sum(client_process.cpu_times()[:2])
            elif event["event"] == "sent":
                cpu_after, wall_after = server.cpu_seconds(), time.perf_counter()
                client_after = sum(client_process.cpu_times()[:2])
            elif event["event"] == "result":
                result = event
        clients.wait(timeout=30)
    finally:
        if clients.poll() is None:
            clients.kill()
    if result is None:
        raise SystemExit(f"the Node clients failed (exit code {clients.returncode})")
    elapsed = wall_after - wall_before
    result["cpu_percent"] = (cpu_after - cpu_before) / elapsed * 100
    result["client_cpu_percent"] = (client_after - client_before) / elapsed * 100

    def nan(figures):
        return {k: float("nan") if v is None else v for k, v in figures.items()}

    for key in ("open", "results", "close", "start", "end", "join", "sub_join", "back_join"):
        if key in result:
            result[key] = nan(result[key])
    return result


def print_node_session(scenario, participants, r, args):
    def fig(f):
        return f"median {f['median_ms']:.1f} ms, p99 {f['p99_ms']:.1f} ms, max {f['max_ms']:.1f} ms"

    if scenario == "poll":
        print(
            f"poll      N={participants} votes {r['votes_acknowledged']}/{r['participants']} "
            f"at {args.vote_rate}/s (send lag up to {r['max_send_lag_ms']:.0f} ms)\n"
            f"          poll reached {r['open']['count']}: {fig(r['open'])}\n"
            f"          results over {r['results']['count']} (vote, participant) pairs: "
            f"{fig(r['results'])}; lost {r['results_lost']}; "
            f"{r['result_frames_per_participant']:.0f} result frames each\n"
            f"          closed poll reached {r['close']['count']}: {fig(r['close'])}\n"
            f"          sockets closed {r['closed_sockets']}; server CPU {r['cpu_percent']:.0f} %, "
            f"client CPU {r['client_cpu_percent']:.0f} %; joining: {r['connect_s']:.1f} s",
            flush=True,
        )
    else:
        print(
            f"breakout  N={participants} into {r['groups']} groups\n"
            f"          breakout frame reached {r['start']['count']}: {fig(r['start'])}\n"
            f"          all in their sub-rooms {r['move_s']:.1f} s after; each join "
            f"{fig(r['sub_join'])}\n"
            f"          end reached {r['end']['count']} in sub-rooms: {fig(r['end'])}\n"
            f"          all back in the main room {r['back_s']:.1f} s after the end; each "
            f"join {fig(r['back_join'])}\n"
            f"          sockets closed {r['closed_sockets']}; server CPU {r['cpu_percent']:.0f} %, "
            f"client CPU {r['client_cpu_percent']:.0f} %",
            flush=True,
        )


def run_session_scenarios(args):
    print(f"database: {settings.DATABASES['default']['ENGINE']}; client: {args.client}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()} at start", flush=True)
    for participants in args.participants:
        room, cookies = prepare_session(participants)
        with Server("config.asgi:application") as server:
            base = {
                "root": f"ws://127.0.0.1:{server.port}",
                "url": f"ws://127.0.0.1:{server.port}{room.websocket_path}",
                "origin": f"http://127.0.0.1:{server.port}",
            }
            if args.client == "node":
                for scenario in ("poll", "breakout"):
                    if scenario in args.scenario:
                        r = measure_session_node(scenario, base, cookies, server, args)
                        print_node_session(scenario, participants, r, args)
                        WorkshopRoom.objects.filter(
                            slug__startswith=f"{ROOM_SLUG}-breakout-"
                        ).delete()
                continue
            if "poll" in args.scenario:
                r = asyncio.run(measure_poll(base, cookies, server, args.vote_rate))
                print(
                    f"poll      N={participants} votes {r['votes_acknowledged']}/{r['voters']} "
                    f"at {args.vote_rate}/s; poll reached {r['poll_reached']}, p99 "
                    f"{r['open']['p99_ms']:.1f} ms; results over {r['results_pairs']} "
                    f"(vote, participant) pairs: median {r['results']['median_ms']:.1f} ms, "
                    f"p99 {r['results']['p99_ms']:.1f} ms, max {r['results']['max_ms']:.1f} ms, "
                    f"lost {r['results_lost']}; {r['result_frames_per_participant']:.0f} result "
                    f"frames each; closing reached {r['closed_reached']}, p99 "
                    f"{r['close']['p99_ms']:.1f} ms; sockets closed {r['closed_sockets']}; "
                    f"CPU {r['cpu_percent']:.0f} %",
                    flush=True,
                )
            if "breakout" in args.scenario:
                r = asyncio.run(measure_breakout(base, cookies, server, args.groups))
                print(
                    f"breakout  N={participants} into {r['groups']} groups: start reached "
                    f"{r['start_reached']}, median {r['start']['median_ms']:.1f} ms, p99 "
                    f"{r['start']['p99_ms']:.1f} ms; all in their sub-rooms in "
                    f"{r['move_s']:.1f} s; end reached {r['end_reached']}, median "
                    f"{r['end']['median_ms']:.1f} ms, p99 {r['end']['p99_ms']:.1f} ms; "
                    f"CPU {r['cpu_percent']:.0f} %",
                    flush=True,
                )
        cleanup()
        WorkshopRoom.objects.filter(slug__startswith=f"{ROOM_SLUG}-breakout-").delete()
    print(f"load average {os.getloadavg()} at the end", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--rate", type=int, default=20, help="messages per second")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--servers", nargs="+", choices=["echo", "workshop"], default=["echo", "workshop"]
    )
    parser.add_argument(
        "--client",
        choices=["node", "python"],
        default="node" if node_available() else "python",
        help="load generator: Node `ws` (default when `npm ci` has installed it) or "
        "Python `websockets` clients",
    )
    parser.add_argument(
        "--scenario",
        nargs="+",
        choices=["chat", "poll", "breakout"],
        default=["chat"],
        help="chat: messages at --rate; poll: N voters; breakout: N into --groups groups",
    )
    parser.add_argument("--vote-rate", type=int, default=100, help="votes per second (poll)")
    parser.add_argument("--groups", type=int, default=50, help="breakout groups")
    args = parser.parse_args()
    if not settings.REDIS_URL:
        raise SystemExit("Set REDIS_URL: the benchmark measures the Redis channel layer.")
    if "chat" not in args.scenario:
        try:
            run_session_scenarios(args)
        finally:
            cleanup()
        return
    if args.rate > min(args.participants):
        raise SystemExit("Use at least as many participants as messages per second.")
    if args.client == "node" and not node_available():
        raise SystemExit("The Node client needs `node` and `npm ci` (the `ws` package).")

    print(f"channel layer: {settings.CHANNEL_LAYERS['default']['BACKEND']}")
    print(f"database: {settings.DATABASES['default']['ENGINE']}")
    print(f"client: {args.client}")
    print(f"{args.rate} msg/s for {args.seconds} s; latency over every (message, participant)")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    header = f"{'server':<9} {'N':>4} {'sent':>5} {'lost':>5} {'median ms':>10} {'p99 ms':>8} "
    header += f"{'max ms':>8} {'CPU %':>6} {'client %':>8} {'connect s':>9}"
    print(header)
    rows = []
    try:
        for participants in args.participants:
            room, cookies = prepare(participants)
            for name, application, path, welcome in (
                ("echo", "benchmarks.echo_asgi:application", "/ws/echo/", False),
                ("workshop", "config.asgi:application", room.websocket_path, True),
            ):
                if name not in args.servers:
                    continue
                with Server(application) as server:
                    measure_args = (
                        f"ws://127.0.0.1:{server.port}{path}",
                        f"http://127.0.0.1:{server.port}",
                        cookies,
                        participants,
                        args.rate,
                        args.seconds,
                        server,
                        welcome,
                    )
                    if args.client == "node":
                        result = measure_node(*measure_args)
                    else:
                        result = asyncio.run(measure_python(*measure_args))
                rows.append((name, participants, result))
                print(
                    f"{name:<9} {participants:>4} {result['sent']:>5} {result['lost']:>5} "
                    f"{result['median_ms']:>10.1f} {result['p99_ms']:>8.1f} "
                    f"{result['max_ms']:>8.1f} {result['cpu_percent']:>6.0f} "
                    f"{result['client_cpu_percent']:>8.0f} "
                    f"{result['connect_s']:>9.1f}",
                    flush=True,
                )
                print(
                    f"          deliveries {result['deliveries']} of {result['due']}, "
                    f"duplicates {result['duplicates']}, sockets closed early "
                    f"{result['closes_count']} (lost on them {result['lost_on_closed_sockets']}), "
                    f"participants missing any {result['participants_missing']}, "
                    f"longest send lag {result['max_send_lag_ms']:.0f} ms, "
                    f"waited {result['waited_s']:.1f} s after the last send",
                    flush=True,
                )
                if "slowest_by_second_ms" in result:
                    print(
                        "          slowest delivery of each second's messages, ms: "
                        + " ".join(str(ms) for ms in result["slowest_by_second_ms"]),
                        flush=True,
                    )
    finally:
        cleanup()
    goal = [r for r in rows if r[0] == "workshop" and r[1] >= 500]
    if goal:
        met = all(not r[2]["lost"] and r[2]["p99_ms"] < 250 for r in goal)
        print("goal (500 participants, p99 < 250 ms, nothing lost):", "met" if met else "missed")


if __name__ == "__main__":
    main()
