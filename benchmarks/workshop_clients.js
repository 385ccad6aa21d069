// The participants of benchmarks/workshop_load.py as one Node process (the `ws` package).
//
// The Python script starts the servers, makes the room and the sessions, and runs this
// with one JSON object on standard input: {url, origin, cookies, participants, rate,
// seconds, welcome, settle, grace, max_wait, connect_concurrency}. It connects the
// participants, sends `rate` chat frames a second round-robin from them for `seconds`,
// and times every delivery at every participant with one clock (performance.now()).
// It prints one JSON object a line: {"event": "sending"} when the first frame goes out,
// {"event": "sent"} after the last, then {"event": "result", ...}; the Python side reads
// the server's CPU time at the first two. Every loop is bounded in count and time.

const WebSocket = require("ws");

const BODY = /"body":"bench (\d+)"/;

function emit(object) {
    process.stdout.write(`${JSON.stringify(object)}\n`);
}

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

async function main() {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    const cfg = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const n = cfg.participants;
    const total = cfg.rate * cfg.seconds;

    const sentAt = new Float64Array(total);
    // received[p * total + i]: how often participant p received message i.
    const received = new Uint8Array(n * total);
    const latencies = new Float64Array(n * total);
    const slowest = new Float64Array(total); // per message: its latest delivery
    let deliveries = 0;
    let duplicates = 0;
    const closes = []; // sockets the server closed before the end: {participant, code, at}
    let _sending = false;
    let finished = false;

    function connectOne(p) {
        return new Promise((resolve, reject) => {
            const headers = cfg.cookies ? { Cookie: cfg.cookies[p] } : {};
            const ws = new WebSocket(cfg.url, {
                origin: cfg.origin,
                headers,
                perMessageDeflate: false,
                maxPayload: 0,
                handshakeTimeout: 120000,
            });
            let opened = false;
            let welcomed = !cfg.welcome;
            ws.on("open", () => {
                opened = true;
                if (welcomed) resolve(ws);
            });
            ws.on("message", (data) => {
                if (!welcomed) {
                    welcomed = true;
                    if (opened) resolve(ws);
                    return;
                }
                // Only chat frames carry a benchmark body; presence frames are large, so test
                // the frame's start before looking inside it.
                if (data.length > 14 && data.toString("latin1", 0, 14) === '{"type":"chat"') {
                    const match = BODY.exec(data.toString("utf8"));
                    if (match) {
                        const i = Number(match[1]);
                        const slot = p * total + i;
                        if (received[slot]) {
                            duplicates += 1;
                        } else {
                            const latency = performance.now() - sentAt[i];
                            latencies[deliveries] = latency;
                            deliveries += 1;
                            if (latency > slowest[i]) slowest[i] = latency;
                        }
                        received[slot] = Math.min(received[slot] + 1, 255);
                    }
                }
            });
            ws.on("close", (code) => {
                if (!finished) closes.push({ participant: p, code, at_ms: performance.now() });
            });
            ws.on("error", (error) => {
                if (!opened) reject(error);
            });
        });
    }

    const sockets = new Array(n);
    const started = performance.now();
    sockets[0] = await connectOne(0); // the first connection warms the server up
    let next = 1;
    async function worker() {
        while (next < n) {
            const p = next++;
            sockets[p] = await connectOne(p);
        }
    }
    await Promise.all(Array.from({ length: cfg.connect_concurrency }, worker));
    const connectSeconds = (performance.now() - started) / 1000;
    await sleep(cfg.settle * 1000); // let the join announcements settle

    emit({ event: "sending" });
    _sending = true;
    const wallBefore = performance.now();
    let maxSendLagMs = 0;
    for (let i = 0; i < total; i++) {
        const due = wallBefore + (i * 1000) / cfg.rate;
        const now = performance.now();
        if (due > now) await sleep(due - now);
        const frame = `{"type":"chat","body":"bench ${i}","client_id":"c${i}"}`;
        sentAt[i] = performance.now();
        maxSendLagMs = Math.max(maxSendLagMs, sentAt[i] - due);
        sockets[i % n].send(frame);
    }
    const wallAfter = performance.now();
    emit({ event: "sent" });

    // Late is not lost: wait while deliveries still arrive; count as lost only what has
    // not come `grace` seconds after the last one (bounded by max_wait).
    const due = total * n;
    let lastCount = -1;
    let lastProgress = performance.now();
    while (deliveries < due) {
        const now = performance.now();
        if (deliveries !== lastCount) {
            lastCount = deliveries;
            lastProgress = now;
        }
        if (now - lastProgress > cfg.grace * 1000 || now - wallAfter > cfg.max_wait * 1000) break;
        await sleep(50);
    }
    const waitedSeconds = (performance.now() - wallAfter) / 1000;
    finished = true;

    // Who missed what: per message and per participant, and whether the socket was closed.
    const missedBy = new Map(); // participant -> count
    const missedMessages = new Set();
    for (let p = 0; p < n; p++) {
        for (let i = 0; i < total; i++) {
            if (!received[p * total + i]) {
                missedBy.set(p, (missedBy.get(p) || 0) + 1);
                missedMessages.add(i);
            }
        }
    }
    const closed = new Set(closes.map((c) => c.participant));
    let lostOnClosed = 0;
    for (const [p, count] of missedBy) if (closed.has(p)) lostOnClosed += count;

    const sorted = Array.from(latencies.subarray(0, deliveries)).sort((a, b) => a - b);
    const pick = (q) =>
        sorted.length ? sorted[Math.max(0, Math.ceil(sorted.length * q) - 1)] : null;
    emit({
        event: "result",
        sent: total,
        due,
        deliveries,
        duplicates,
        lost: due - deliveries,
        lost_on_closed_sockets: lostOnClosed,
        participants_missing: missedBy.size,
        messages_missing: missedMessages.size,
        closes: closes.slice(0, 20),
        closes_count: closes.length,
        median_ms: pick(0.5),
        p99_ms: pick(0.99),
        max_ms: sorted.length ? sorted[sorted.length - 1] : null,
        // The slowest delivery of the messages sent in each second: where the queue grew.
        slowest_by_second_ms: Array.from({ length: cfg.seconds }, (_, s) =>
            Math.round(Math.max(...slowest.subarray(s * cfg.rate, (s + 1) * cfg.rate))),
        ),
        send_seconds: (wallAfter - wallBefore) / 1000,
        max_send_lag_ms: maxSendLagMs,
        waited_s: waitedSeconds,
        connect_s: connectSeconds,
    });
    for (const ws of sockets) ws.terminate();
}

main().then(
    () => process.exit(0),
    (error) => {
        process.stderr.write(`${String(error?.stack ? error.stack : error)}\n`);
        process.exit(1);
    },
);
