// The participants of benchmarks/soak.py as one Node process (the `ws` package).
//
// Each participant keeps the browser client's promises (static/js/workshop.js): it keeps
// `upto`, the id up to which it has every message, and fetches gaps with `history`
// frames (after a later id, or a pong naming one); what it writes stays in its outbox
// until the server says it is stored, and is resent after a reconnect, paced to the
// room's limit; it reconnects with backoff after any close, with ?after=<upto>.
//
// Standard input: one JSON object {url, origin, cookies, rate, seconds, ping_ms, max_wait}.
// It connects everyone, prints {"event": "ready"}, writes `rate` messages a second
// round-robin for `seconds`, prints {"event": "sent"}, waits until every outbox is
// empty and every participant has every id the room's pongs name (at most max_wait
// seconds), then prints {"event": "result", ...}. Every loop is bounded.

const WebSocket = require("ws");

const FINAL = new Set([4401, 4403, 4404, 4410]);

function emit(object) {
    process.stdout.write(`${JSON.stringify(object)}\n`);
}

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

class Participant {
    constructor(index, cfg) {
        this.index = index;
        this.cfg = cfg;
        this.upto = 0;
        this.seen = new Set();
        this.receipts = 0; // chat frames that arrived, repeats included
        this.repeats = 0; // a frame of an id already here (a catch-up overlapping live)
        this.outbox = new Map(); // client_id -> body
        this.inFlight = new Set();
        this.written = 0;
        this.stored = 0;
        this.connects = 0;
        this.unavailable = 0;
        this.rateLimited = 0;
        this.sentAt = [];
        this.holdUntil = 0;
        this.rate = { messages: 5, seconds: 5 };
        this.lastId = 0; // the latest id a pong named
        this.fetching = false;
        this.ws = null;
        this.welcomed = false;
        this.stopping = false;
        this.backoff = 200;
        this.name = null;
    }

    connect() {
        const url = `${this.cfg.url}?after=${this.upto}`;
        const ws = new WebSocket(url, {
            origin: this.cfg.origin,
            headers: { Cookie: this.cfg.cookies[this.index] },
            perMessageDeflate: false,
            handshakeTimeout: 30000,
        });
        this.ws = ws;
        this.welcomed = false;
        ws.on("message", (data) => this.receive(JSON.parse(data.toString("utf8"))));
        ws.on("error", () => {});
        ws.on("close", (code) => {
            this.ws = null;
            this.welcomed = false;
            if (this.stopping || FINAL.has(code)) {
                return;
            }
            const delay = this.backoff * (0.75 + Math.random() * 0.5);
            this.backoff = Math.min(this.backoff * 2, 5000);
            setTimeout(() => this.connect(), delay);
        });
    }

    send(frame) {
        if (this.ws && this.ws.readyState === WebSocket.OPEN) {
            this.ws.send(JSON.stringify(frame));
            return true;
        }
        return false;
    }

    write(clientId, body) {
        this.outbox.set(clientId, body);
        this.written += 1;
        this.pump();
    }

    pump() {
        if (!this.welcomed) {
            return;
        }
        const now = Date.now();
        const windowMs = this.rate.seconds * 1000;
        for (const [clientId, body] of this.outbox) {
            if (this.inFlight.has(clientId)) {
                continue;
            }
            this.sentAt = this.sentAt.filter((time) => now - time < windowMs);
            let wait = this.holdUntil - now;
            if (this.sentAt.length >= this.rate.messages) {
                wait = Math.max(wait, this.sentAt[0] + windowMs - now);
            }
            if (wait > 0) {
                clearTimeout(this.pumpTimer);
                this.pumpTimer = setTimeout(() => this.pump(), wait + 20);
                return;
            }
            if (!this.send({ type: "chat", body, client_id: clientId })) {
                return;
            }
            this.sentAt.push(now);
            this.inFlight.add(clientId);
        }
    }

    fetch() {
        if (!this.fetching && this.send({ type: "history", after: this.upto })) {
            this.fetching = true;
        }
    }

    take(message) {
        this.receipts += 1;
        if (this.seen.has(message.id)) {
            this.repeats += 1;
        } else {
            this.seen.add(message.id);
        }
        if (this.outbox.has(message.client_id) && message.author.name === this.name) {
            this.outbox.delete(message.client_id);
            this.inFlight.delete(message.client_id);
            this.stored += 1;
        }
    }

    receive(frame) {
        switch (frame.type) {
            case "welcome":
                this.name = frame.you.name;
                this.rate = frame.limits.rate;
                this.connects += 1;
                this.backoff = 200;
                this.fetching = false;
                this.inFlight.clear(); // whatever was in flight goes again
                for (const message of frame.history) this.take(message);
                this.upto = Math.max(this.upto, frame.upto);
                this.lastId = Math.max(this.lastId, frame.upto);
                this.welcomed = true;
                if (frame.more) this.fetch();
                this.pump();
                break;
            case "history":
                this.fetching = false;
                for (const message of frame.messages) this.take(message);
                this.upto = Math.max(this.upto, frame.upto);
                if (frame.more) this.fetch();
                break;
            case "chat":
                this.take(frame);
                this.lastId = Math.max(this.lastId, frame.id);
                if (frame.id === this.upto + 1) {
                    this.upto = frame.id;
                } else if (frame.id > this.upto) {
                    this.fetch();
                }
                this.pump();
                break;
            case "pong":
                this.lastId = Math.max(this.lastId, frame.last_id);
                if (frame.last_id > this.upto) this.fetch();
                break;
            case "error":
                if (this.outbox.has(frame.client_id)) {
                    this.inFlight.delete(frame.client_id);
                    if (frame.code === "rate_limited" || frame.code === "server_error") {
                        this.rateLimited += frame.code === "rate_limited" ? 1 : 0;
                        this.holdUntil = Date.now() + (frame.retry_after || 2) * 1000;
                        this.pump();
                    }
                }
                break;
            case "unavailable":
                this.unavailable += 1;
                break;
            default:
                break;
        }
    }
}

async function main() {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    const cfg = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const people = cfg.cookies.map((_cookie, index) => new Participant(index, cfg));
    for (let i = 0; i < people.length; i += 20) {
        for (const person of people.slice(i, i + 20)) person.connect();
        await sleep(200);
    }
    const readyBy = Date.now() + 180000;
    while (people.some((p) => !p.welcomed) && Date.now() < readyBy) await sleep(100);
    emit({ event: "ready", welcomed: people.filter((p) => p.welcomed).length });

    const pinger = setInterval(() => {
        for (const person of people) person.send({ type: "ping" });
    }, cfg.ping_ms);
    const total = cfg.rate * cfg.seconds;
    const start = Date.now();
    for (let n = 0; n < total; n += 1) {
        await sleep(start + (n * 1000) / cfg.rate - Date.now());
        const person = people[n % people.length];
        person.write(`soak-${n}`, `soak ${n}`);
    }
    emit({ event: "sent" });

    const settleBy = Date.now() + cfg.max_wait * 1000;
    const lastId = () => Math.max(...people.map((p) => p.lastId));
    const settled = () =>
        people.every((p) => p.welcomed && p.outbox.size === 0 && p.upto >= lastId());
    while (!settled() && Date.now() < settleBy) await sleep(250);
    clearInterval(pinger);
    const result = {
        event: "result",
        settled: settled(),
        written: people.reduce((sum, p) => sum + p.written, 0),
        confirmed: people.reduce((sum, p) => sum + p.stored, 0),
        unsent: people.reduce((sum, p) => sum + p.outbox.size, 0),
        last_id: lastId(),
        distinct: people.map((p) => p.seen.size),
        max_seen: people.map((p) => Math.max(0, ...p.seen)),
        receipts: people.reduce((sum, p) => sum + p.receipts, 0),
        repeats: people.reduce((sum, p) => sum + p.repeats, 0),
        reconnects: people.reduce((sum, p) => sum + p.connects - 1, 0),
        unavailable: people.reduce((sum, p) => sum + p.unavailable, 0),
        rate_limited: people.reduce((sum, p) => sum + p.rateLimited, 0),
    };
    for (const person of people) {
        person.stopping = true;
        if (person.ws) person.ws.close();
    }
    emit(result);
    await sleep(500);
    process.exit(0);
}

main().catch((error) => {
    emit({ event: "error", message: String(error?.stack) });
    process.exit(1);
});
