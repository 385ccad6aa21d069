"""A room client in Python that keeps the browser client's promises (static/js/workshop.js).

It keeps `upto`, the id up to which it has every message, fetches gaps (a later id, or a
pong naming one) with `history` frames, keeps what it writes in an outbox until the server
says it is stored, resends it after a reconnect paced to the room's limit, waits as long
as a `rate_limited` answer says, and reconnects with backoff after any close. Fault tests
and benchmarks/soak.py count on it what a participant would see.
"""

import asyncio
import contextlib
import json
import time
from collections import Counter

from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed

FINAL_CLOSES = {4401, 4403, 4404, 4410}


class RoomClient:
    def __init__(self, name, url_for, origin, cookie):
        self.name = name
        self.url_for = url_for  # after -> ws URL (the server may change between attempts)
        self.origin = origin
        self.cookie = cookie
        self.upto = 0
        self.messages = {}  # id -> chat frame: what the participant sees, once each
        self.receipts = Counter()  # id -> how many times a frame of it arrived
        self.outbox = {}  # client_id -> body, until stored
        self.stored = {}  # client_id -> id, as the server confirmed
        self.you_id = None
        self.reconnects = -1
        self.unavailable = 0
        self.rate = {"messages": 5, "seconds": 5}
        self.sent_at = []
        self.hold_until = 0.0
        self.socket = None
        self.wake = asyncio.Event()
        self.fetching = False
        self.stopping = False
        self.task = None
        self.connected = asyncio.Event()
        self.in_flight = set()  # sent on this connection, not yet stored
        self.close_codes = []  # how each connection ended

    # What a test does

    def start(self):
        self.task = asyncio.ensure_future(self._run())
        return self

    def write(self, client_id, body):
        self.outbox[client_id] = body
        self.wake.set()

    async def stop(self):
        self.stopping = True
        self.wake.set()
        if self.socket is not None:
            await self.socket.close()
        await asyncio.gather(self.task, return_exceptions=True)

    def settled(self, last_id):
        return not self.outbox and self.upto >= last_id

    async def ping(self):
        if self.socket is not None:
            # Closed meanwhile: the connection loop reconnects.
            with contextlib.suppress(Exception):
                await self.socket.send(json.dumps({"type": "ping"}))

    # The connection

    async def _run(self):
        backoff = 0.2
        while not self.stopping:
            try:
                async with ws_connect(
                    self.url_for(self.upto),
                    origin=self.origin,
                    additional_headers={"Cookie": self.cookie},
                    open_timeout=10,
                    max_size=None,
                ) as socket:
                    self.socket = socket
                    self.reconnects += 1
                    sender = asyncio.ensure_future(self._send_loop())
                    try:
                        async for raw in socket:
                            backoff = 0.2
                            self._receive(json.loads(raw))
                    except ConnectionClosed:
                        pass
                    finally:
                        sender.cancel()
                        self.socket = None
                        self.connected.clear()
                        self.close_codes.append(socket.close_code)
                    if socket.close_code in FINAL_CLOSES:
                        return
            except Exception:  # noqa: BLE001, S110 (refused, reset, timed out: try again)
                pass
            if self.stopping:
                return
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 2.0)

    def _send(self, frame):
        return asyncio.ensure_future(self.socket.send(json.dumps(frame)))

    async def _send_loop(self):
        """Send the outbox in order, paced as the browser paces it."""
        await self.connected.wait()
        while True:
            self.wake.clear()
            for client_id, body in list(self.outbox.items()):
                if client_id in self.in_flight:
                    continue
                now = time.monotonic()
                window = self.rate["seconds"]
                self.sent_at = [t for t in self.sent_at if now - t < window]
                wait = self.hold_until - now
                if len(self.sent_at) >= self.rate["messages"]:
                    wait = max(wait, self.sent_at[0] + window - now)
                if wait > 0:
                    break
                await self.socket.send(
                    json.dumps({"type": "chat", "body": body, "client_id": client_id})
                )
                self.sent_at.append(now)
                self.in_flight.add(client_id)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), 0.2)

    def _fetch(self):
        if not self.fetching and self.socket is not None:
            self.fetching = True
            self._send({"type": "history", "after": self.upto})

    def _take(self, frame):
        self.receipts[frame["id"]] += 1
        self.messages.setdefault(frame["id"], frame)
        # Stored: ours (the author is who the welcome said we are), so it leaves the outbox.
        if frame["client_id"] in self.outbox and frame["author"]["id"] == self.you_id:
            del self.outbox[frame["client_id"]]
            self.in_flight.discard(frame["client_id"])
            self.stored[frame["client_id"]] = frame["id"]
            self.wake.set()

    def _receive(self, frame):
        kind = frame["type"]
        if kind == "welcome":
            self.you_id = frame["you"]["id"]
            self.rate = frame["limits"]["rate"]
            self.fetching = False
            self.in_flight = set()  # whatever was in flight goes again
            for message in frame["history"]:
                self._take(message)
            self.upto = max(self.upto, frame["upto"])
            if frame["more"]:
                self._fetch()
            self.connected.set()
            self.wake.set()
        elif kind == "history":
            self.fetching = False
            for message in frame["messages"]:
                self._take(message)
            self.upto = max(self.upto, frame["upto"])
            if frame["more"]:
                self._fetch()
        elif kind == "chat":
            self._take(frame)
            if frame["id"] == self.upto + 1:
                self.upto = frame["id"]
            elif frame["id"] > self.upto:
                self._fetch()
        elif kind == "pong":
            if frame["last_id"] > self.upto:
                self._fetch()
        elif kind == "error" and frame.get("client_id") in self.outbox:
            if frame["code"] in {"rate_limited", "server_error"}:
                self.hold_until = time.monotonic() + frame.get("retry_after", 2)
                self.in_flight.discard(frame["client_id"])
                self.wake.set()
            else:
                raise AssertionError(f"{self.name}'s message refused: {frame}")
        elif kind == "unavailable":
            self.unavailable += 1
