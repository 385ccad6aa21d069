// The participants of `workshop_load.py --scenario poll breakout` as one Node process
// (the `ws` package), so the clients' own cost does not distort the figures.
//
// Standard input is one JSON object: {scenario: "poll"|"breakout", url, root, origin,
// cookies (the last is the facilitator's), vote_rate, groups, settle, max_wait,
// connect_concurrency}. Every frame is timestamped on arrival with one clock
// (performance.now()). It prints one JSON object a line: {"event": "sending"} when the
// facilitator's first frame goes out, {"event": "sent"} when the scenario is over, then
// {"event": "result", ...}; the Python side reads the server's CPU time at the first two.
// Every loop is bounded in count and time.
//
// poll: the facilitator opens a poll, the participants vote at `vote_rate` a second,
// the facilitator closes it. A vote's latency at a participant is the time from its send
// to the first results frame there counting at least as many voters as had been
// acknowledged with it (`voted`), over every (vote, participant) pair.
//
// breakout: the facilitator splits the room into `groups`; the `breakout` frame's
// latency at everyone; every participant then moves to its group's sub-room as the
// browser does (the main room's socket closes, the sub-room's opens); the facilitator
// ends the breakout: the ended frame's latency in every sub-room, and everyone back in
// the main room (a new socket there, as the browser's navigation back makes).

const WebSocket = require("ws");

function emit(object) {
    process.stdout.write(`${JSON.stringify(object)}\n`);
}

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function percentiles(values) {
    const sorted = Array.from(values).sort((a, b) => a - b);
    const pick = (q) =>
        sorted.length ? sorted[Math.max(0, Math.ceil(sorted.length * q) - 1)] : null;
    return {
        count: sorted.length,
        median_ms: pick(0.5),
        p99_ms: pick(0.99),
        max_ms: sorted.length ? sorted[sorted.length - 1] : null,
    };
}

class Client {
    constructor(url, cookie, origin) {
        this.frames = []; // [time, frame]
        this.waiters = [];
        this.closedCode = null;
        this.ended = false;
        this.ws = new WebSocket(url, {
            origin,
            headers: { Cookie: cookie },
            perMessageDeflate: false,
            maxPayload: 0,
            handshakeTimeout: 120000,
        });
        this.ws.on("message", (data) => {
            const at = performance.now();
            const frame = JSON.parse(data.toString("utf8"));
            // Presence lists are large and many; the scenarios never need them.
            if (frame.type === "presence") return;
            this.frames.push([at, frame]);
            for (const waiter of this.waiters.splice(0)) waiter();
        });
        this.ws.on("close", (code) => {
            if (!this.ended) this.closedCode = code;
            for (const waiter of this.waiters.splice(0)) waiter();
        });
        this.ws.on("error", () => {});
    }

    // The time and frame of the first frame passing `test` that arrived at or after `after`.
    async first(test, after = 0, timeoutMs = 120000) {
        const deadline = performance.now() + timeoutMs;
        let seen = 0;
        while (performance.now() < deadline) {
            for (; seen < this.frames.length; seen++) {
                const [at, frame] = this.frames[seen];
                if (at >= after && test(frame)) return [at, frame];
            }
            if (this.closedCode !== null) return [null, null];
            await Promise.race([
                new Promise((resolve) => this.waiters.push(resolve)),
                sleep(deadline - performance.now()),
            ]);
        }
        return [null, null];
    }

    send(frame) {
        this.ws.send(JSON.stringify(frame));
    }

    close() {
        this.ended = true;
        this.ws.terminate();
    }
}

// Open sockets `concurrency` at a time; each resolves once its welcome has arrived.
async function openAll(targets, cfg) {
    const clients = new Array(targets.length);
    const joinMs = new Array(targets.length);
    async function openOne(n) {
        const started = performance.now();
        const client = new Client(targets[n].url, targets[n].cookie, cfg.origin);
        const [at] = await client.first((f) => f.type === "welcome");
        if (at === null) throw new Error(`socket ${n} got no welcome (${client.closedCode})`);
        joinMs[n] = at - started;
        clients[n] = client;
        if (targets[n].onWelcome) targets[n].onWelcome(client);
    }
    if (targets.length) await openOne(0); // the first connection warms the server up
    let next = 1;
    async function worker() {
        while (next < targets.length) await openOne(next++);
    }
    await Promise.all(Array.from({ length: cfg.connect_concurrency }, worker));
    return { clients, join: percentiles(joinMs) };
}

async function poll(cfg) {
    const started = performance.now();
    const { clients, join } = await openAll(
        cfg.cookies.map((cookie) => ({ url: cfg.url, cookie })),
        cfg,
    );
    const connectSeconds = (performance.now() - started) / 1000;
    const facilitator = clients[clients.length - 1];
    const voters = clients.slice(0, -1);
    await sleep(cfg.settle * 1000);

    emit({ event: "sending" });
    let sent = performance.now();
    facilitator.send({
        type: "poll_open",
        question: "Which bus first?",
        options: ["Hydrogen", "Battery", "Trolley"],
    });
    const opened = await Promise.all(clients.map((c) => c.first((f) => f.type === "poll", sent)));
    const openMs = opened.filter(([at]) => at !== null).map(([at]) => at - sent);
    const thePoll = opened[opened.length - 1][1].poll;
    const options = thePoll.options.map((o) => o.id);

    const voteSent = new Float64Array(voters.length);
    const voteStart = performance.now();
    let maxLag = 0;
    for (let n = 0; n < voters.length; n++) {
        const due = voteStart + (n * 1000) / cfg.vote_rate;
        const now = performance.now();
        if (due > now) await sleep(due - now);
        voteSent[n] = performance.now();
        maxLag = Math.max(maxLag, voteSent[n] - due);
        voters[n].send({ type: "vote", poll: thePoll.id, options: [options[n % 3]] });
    }
    const acks = await Promise.all(voters.map((c) => c.first((f) => f.type === "voted")));
    const ackTimes = acks.filter(([at]) => at !== null).map(([at]) => at);
    const order = ackTimes.slice().sort((a, b) => a - b);
    // rank[n]: how many votes had been acknowledged once vote n was.
    const rank = acks.map(([at]) => (at === null ? null : order.indexOf(at) + 1));

    const isResults = (f) =>
        f.type === "poll" && f.poll.id === thePoll.id && "votes" in f.poll.options[0];
    const final = voters.length;
    await Promise.all(
        clients.map((c) =>
            c.first((f) => isResults(f) && f.poll.voters >= final, 0, cfg.max_wait * 1000),
        ),
    );
    const latencies = [];
    let lost = 0;
    let resultFrames = 0;
    for (const client of clients) {
        const seen = client.frames
            .filter(([, f]) => isResults(f))
            .map(([at, f]) => [at, f.poll.voters]);
        resultFrames += seen.length;
        for (let n = 0; n < voters.length; n++) {
            const needed = rank[n];
            const hit =
                needed === null
                    ? undefined
                    : seen.find(([at, count]) => at >= voteSent[n] && count >= needed);
            if (hit === undefined) lost += 1;
            else latencies.push(hit[0] - voteSent[n]);
        }
    }
    sent = performance.now();
    facilitator.send({ type: "poll_close", poll: thePoll.id });
    const closing = await Promise.all(
        clients.map((c) => c.first((f) => f.type === "poll" && f.poll.state === "closed", sent)),
    );
    const closeMs = closing.filter(([at]) => at !== null).map(([at]) => at - sent);
    emit({ event: "sent" });
    const closedSockets = clients.filter((c) => c.closedCode !== null).length;
    for (const c of clients) c.close();
    return {
        participants: voters.length,
        connect_s: connectSeconds,
        join,
        votes_acknowledged: ackTimes.length,
        max_send_lag_ms: maxLag,
        open: percentiles(openMs),
        results: percentiles(latencies),
        results_lost: lost,
        result_frames_per_participant: resultFrames / clients.length,
        close: percentiles(closeMs),
        closed_sockets: closedSockets,
    };
}

async function breakout(cfg) {
    const started = performance.now();
    const { clients, join } = await openAll(
        cfg.cookies.map((cookie) => ({ url: cfg.url, cookie })),
        cfg,
    );
    const connectSeconds = (performance.now() - started) / 1000;
    const facilitator = clients[clients.length - 1];
    const participants = clients.slice(0, -1);
    const you = participants.map((c) => c.frames.find(([, f]) => f.type === "welcome")[1].you.id);
    await sleep(cfg.settle * 1000);

    emit({ event: "sending" });
    let sent = performance.now();
    facilitator.send({ type: "breakout_start", groups: cfg.groups, minutes: 10 });
    const got = await Promise.all(clients.map((c) => c.first((f) => f.type === "breakout", sent)));
    const startMs = got.filter(([at]) => at !== null).map(([at]) => at - sent);
    const frame = got[got.length - 1][1].breakout;
    const groupOf = new Map();
    for (const group of frame.groups) {
        for (const member of group.members) groupOf.set(member.id, group.url);
    }

    // Everyone follows the link to their group: the page goes, its socket with it.
    const moved = performance.now();
    const subTargets = participants.map((client, n) => ({
        url: cfg.root + groupOf.get(you[n]).replace("/workshops/", "/ws/workshops/"),
        cookie: cfg.cookies[n],
        onWelcome: () => client.close(),
    }));
    // The main room's socket closes as the sub-room's welcome arrives: the old page goes
    // as the new one loads.
    const { clients: subs, join: subJoin } = await openAll(subTargets, cfg);
    const moveSeconds = (performance.now() - moved) / 1000;
    await sleep(cfg.settle * 1000);

    sent = performance.now();
    facilitator.send({ type: "breakout_end" });
    const back = await Promise.all(
        subs.map((c) =>
            c.first((f) => f.type === "breakout" && f.breakout.state === "ended", sent),
        ),
    );
    const endMs = back.filter(([at]) => at !== null).map(([at]) => at - sent);
    // And back to the main room, each as its ended frame told it.
    const returned = await openAll(
        participants.map((_, n) => ({
            url: cfg.url,
            cookie: cfg.cookies[n],
            onWelcome: () => subs[n].close(),
        })),
        cfg,
    );
    const backSeconds = (performance.now() - sent) / 1000;
    emit({ event: "sent" });
    const closedSockets = [...subs, facilitator].filter((c) => c.closedCode !== null).length;
    for (const c of [...returned.clients, facilitator]) c.close();
    return {
        participants: participants.length,
        groups: frame.groups.length,
        connect_s: connectSeconds,
        join,
        start: percentiles(startMs),
        move_s: moveSeconds,
        sub_join: subJoin,
        end: percentiles(endMs),
        back_s: backSeconds,
        back_join: returned.join,
        closed_sockets: closedSockets,
    };
}

async function main() {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    const cfg = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const result = cfg.scenario === "poll" ? await poll(cfg) : await breakout(cfg);
    emit({ event: "result", scenario: cfg.scenario, ...result });
}

main().then(
    () => process.exit(0),
    (error) => {
        process.stderr.write(`${String(error?.stack ? error.stack : error)}\n`);
        process.exit(1);
    },
);
