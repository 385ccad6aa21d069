/* Live workshop room: plain JavaScript, no build step. Protocol: docs/workshops.md.
 *
 * Messages are shown once each (deduplicated by their room id), in id order. The client
 * keeps `upto`, the id up to which it has every message; a message with a larger id than
 * the next, or a `pong` naming a later id, means some went missing, and it fetches them
 * (`history` frames, page by page). What the participant writes stays in the outbox,
 * shown as "sending", until the server says it is stored; it is sent again with the
 * same client_id after a reconnect (the server stores it once), paced to the room's rate
 * limit, and a `rate_limited` answer holds it until the time the server names. After a
 * dropped connection the client reconnects with exponential backoff, ?after=<upto>.
 */
(() => {
    const root = document.querySelector("[data-workshop]");
    if (!root) {
        return;
    }

    function $(selector) {
        return root.querySelector(selector);
    }

    const els = {
        connection: $("[data-connection]"),
        messages: $("[data-messages]"),
        empty: $("[data-empty]"),
        composer: $("[data-composer]"),
        body: $("#workshop-body"),
        asQuestion: $("[data-as-question]"),
        composerError: $("[data-composer-error]"),
        questions: $("[data-questions]"),
        noQuestions: $("[data-no-questions]"),
        participants: $("[data-participants]"),
        participantCount: $("[data-participant-count]"),
        guests: $("[data-guests]"),
        hand: $("[data-hand]"),
        facilitatorTools: $("[data-facilitator-tools]"),
        closeRoom: $("[data-close-room]"),
        closeConfirm: $("[data-close-confirm]"),
        closeYes: $("[data-close-yes]"),
        closeKeep: $("[data-close-keep]"),
        announcer: $("[data-announcer]"),
        announceToggle: $("[data-announce-toggle]"),
        roomStatus: document.querySelector("[data-room-status]"),
    };

    const PING_EVERY = 20000; // keep proxies from dropping an idle socket
    const SILENCE_LIMIT = 45000; // no frame for this long: the connection is dead
    const MAX_BACKOFF = 30000;
    const FINAL_CLOSES = {
        4401: "Sign in to enter this room.",
        4403: "This room is not open to you: it is for the visitors its page admits, or for its members and invited participants.",
        4404: "This room does not exist any more.",
        4410: "This room's page is no longer published, so the room is closed.",
    };
    const CLOSE_UNAVAILABLE = 4503; // the live connection (Redis) is down: try again later
    const RETRY_AFTER_SERVER_ERROR = 2000;

    const state = {
        socket: null,
        upto: 0, // every message up to this id is here
        fetching: false, // a history request is on its way
        rate: { messages: 5, seconds: 5 }, // replaced by the welcome's limits
        sentAt: [], // when recent messages went out, for pacing
        holdUntil: 0, // a rate_limited answer said to wait until then
        pumpTimer: null,
        unavailable: false,
        attempts: 0,
        reconnectTimer: null,
        pingTimer: null,
        lastFrameAt: 0,
        you: null,
        closed: false,
        handRaised: false,
        pending: new Map(), // client_id -> {body, kind, el, status: queued|sent|failed}
        questions: new Map(), // id -> question frame
    };

    function newClientId() {
        if (window.crypto?.randomUUID) {
            return window.crypto.randomUUID();
        }
        return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    }

    function setConnection(kind, text) {
        els.connection.dataset.state = kind;
        els.connection.textContent = text;
    }

    // Announcements: the first at once, then whatever arrives within two seconds in one
    // batch, so a busy room does not talk over itself. Participants may turn them off.
    const ANNOUNCE_BATCH = 2000;
    const announcing = { queue: [], timer: null };

    function speak(text) {
        // Clear first so the same words twice are still read out.
        els.announcer.textContent = "";
        window.setTimeout(() => {
            els.announcer.textContent = text;
        }, 50);
    }

    function flushAnnouncements() {
        const queued = announcing.queue;
        announcing.queue = [];
        announcing.timer = null;
        if (queued.length) {
            speak(queued.length === 1 ? queued[0] : `${queued.length} new: ${queued.join(" ")}`);
            announcing.timer = window.setTimeout(flushAnnouncements, ANNOUNCE_BATCH);
        }
    }

    function announce(text) {
        if (els.announceToggle && !els.announceToggle.checked) {
            return;
        }
        if (announcing.timer) {
            announcing.queue.push(text);
            return;
        }
        speak(text);
        announcing.timer = window.setTimeout(flushAnnouncements, ANNOUNCE_BATCH);
    }

    function formatTime(iso) {
        const date = new Date(iso);
        return Number.isNaN(date)
            ? ""
            : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    }

    function button(label, className, onClick) {
        const el = document.createElement("button");
        el.type = "button";
        el.className = className;
        el.textContent = label;
        el.addEventListener("click", onClick);
        return el;
    }

    // Sending

    function send(frame) {
        if (state.socket && state.socket.readyState === WebSocket.OPEN) {
            state.socket.send(JSON.stringify(frame));
            return true;
        }
        return false;
    }

    // The outbox: sent in order, never faster than the room's limit, kept until stored.

    function pump() {
        window.clearTimeout(state.pumpTimer);
        state.pumpTimer = null;
        if (!state.socket || state.socket.readyState !== WebSocket.OPEN || !state.you) {
            return; // the welcome after the next connection pumps again
        }
        const windowMs = state.rate.seconds * 1000;
        for (const [clientId, item] of state.pending) {
            if (item.status !== "queued") {
                continue;
            }
            const now = Date.now();
            state.sentAt = state.sentAt.filter((time) => now - time < windowMs);
            let wait = state.holdUntil - now;
            if (state.sentAt.length >= state.rate.messages) {
                wait = Math.max(wait, state.sentAt[0] + windowMs - now);
            }
            if (wait > 0) {
                state.pumpTimer = window.setTimeout(pump, wait + 50);
                return;
            }
            if (!send({ type: "chat", body: item.body, kind: item.kind, client_id: clientId })) {
                return;
            }
            item.status = "sent";
            state.sentAt.push(now);
        }
    }

    function setPendingNote(item, text) {
        item.el.querySelector(".workshop__meta").textContent =
            `${item.kind === "question" ? "Your question" : "You"} · ${text}`;
    }

    function requeue(item, delay) {
        item.status = "queued";
        setPendingNote(item, "waiting to send…");
        state.holdUntil = Math.max(state.holdUntil, Date.now() + delay);
        pump();
    }

    function refuse(clientId, item, detail) {
        // Refused for good (too long, the room closed): the words stay on screen, marked,
        // and go back to an empty composer so they can be edited and sent again.
        item.status = "failed";
        if (!els.body.value) {
            els.body.value = item.body;
            item.el.remove();
            state.pending.delete(clientId);
            return;
        }
        setPendingNote(item, `not sent: ${detail}`);
        item.el.appendChild(
            button("Remove", "workshop__small", () => {
                item.el.remove();
                state.pending.delete(clientId);
            }),
        );
    }

    function submitComposer(event) {
        event.preventDefault();
        const body = els.body.value.trim();
        if (!body) {
            return;
        }
        const clientId = newClientId();
        const kind = els.asQuestion.checked ? "question" : "chat";
        const el = renderPending(body, kind);
        state.pending.set(clientId, { body: body, kind: kind, el: el, status: "queued" });
        els.body.value = "";
        els.asQuestion.checked = false;
        els.composerError.textContent = "";
        pump();
    }

    // Catching up: fetch what is missing after `upto`, one page at a time.

    function fetchMissing() {
        if (!state.fetching && send({ type: "history", after: state.upto })) {
            state.fetching = true;
        }
    }

    // Rendering

    function renderPending(body, kind) {
        const li = document.createElement("li");
        li.className = "workshop__message workshop__message--pending";
        const meta = document.createElement("p");
        meta.className = "workshop__meta";
        meta.textContent = `${kind === "question" ? "Your question" : "You"} · sending…`;
        const text = document.createElement("p");
        text.className = "workshop__body";
        text.textContent = body;
        li.append(meta, text);
        els.messages.appendChild(li);
        els.empty.hidden = true;
        scrollToEnd();
        return li;
    }

    function scrollToEnd() {
        els.messages.scrollTop = els.messages.scrollHeight;
    }

    function messageElement(frame) {
        const li = document.createElement("li");
        li.className = `workshop__message workshop__message--${frame.kind}`;
        li.dataset.id = String(frame.id);
        const meta = document.createElement("p");
        meta.className = "workshop__meta";
        const author = document.createElement("strong");
        author.textContent = frame.author.name;
        const time = document.createElement("time");
        time.dateTime = frame.created;
        time.textContent = formatTime(frame.created);
        meta.append(author, frame.kind === "question" ? " asked · " : " · ", time);
        const text = document.createElement("p");
        text.className = "workshop__body";
        text.textContent = frame.body; // plain text: never parsed as HTML
        li.append(meta, text);
        if (state.you?.facilitator && !state.closed && frame.kind !== "system") {
            const hide = button("Hide", "workshop__small workshop__danger", () => {
                send({ type: "hide", id: frame.id });
            });
            hide.setAttribute(
                "aria-label",
                `Hide the message from ${frame.author.name}: ${frame.body.slice(0, 80)}`,
            );
            li.appendChild(hide);
        }
        return li;
    }

    function addMessage(frame, live) {
        if (els.messages.querySelector(`[data-id="${frame.id}"]`)) {
            return;
        } // seen it
        const li = messageElement(frame);
        // Keep id order even if a catch-up and a broadcast cross.
        let after = null;
        els.messages.querySelectorAll("[data-id]").forEach((other) => {
            if (!after && Number(other.dataset.id) > frame.id) {
                after = other;
            }
        });
        const firstPending = els.messages.querySelector(".workshop__message--pending");
        els.messages.insertBefore(li, after || firstPending);
        els.empty.hidden = true;
        if (frame.kind === "question") {
            upsertQuestion(frame);
        }
        const mine = state.you && frame.author.id === state.you.id;
        if (live && !mine) {
            announce(
                frame.author.name +
                    (frame.kind === "question" ? " asks: " : " says: ") +
                    frame.body,
            );
        }
        scrollToEnd();
    }

    // The largest message id on screen (messages are kept in id order): it can be past
    // `upto` while a gap is being fetched.
    function highestShown() {
        const shown = els.messages.querySelectorAll("[data-id]");
        return shown.length ? Number(shown[shown.length - 1].dataset.id) : 0;
    }

    // A welcome's (or a history page's) messages in one pass: one fragment, one insertion, one scroll, rather
    // than a layout per message. Messages that could interleave with ones already shown
    // (a catch-up crossing a broadcast) take the ordered path.
    function addHistory(frames) {
        const fresh = frames.filter(
            (frame) => !els.messages.querySelector(`[data-id="${frame.id}"]`),
        );
        if (!fresh.length) {
            return;
        }
        if (fresh[0].id <= highestShown()) {
            fresh.forEach((frame) => {
                addMessage(frame, false);
            });
            return;
        }
        const fragment = document.createDocumentFragment();
        fresh.forEach((frame) => {
            fragment.appendChild(messageElement(frame));
            if (frame.kind === "question") {
                const known = state.questions.get(frame.id) || {};
                state.questions.set(frame.id, Object.assign({}, known, frame));
            }
        });
        els.messages.insertBefore(
            fragment,
            els.messages.querySelector(".workshop__message--pending"),
        );
        els.empty.hidden = true;
        renderQuestions();
        scrollToEnd();
    }

    function acknowledge(frame) {
        const item = state.pending.get(frame.client_id);
        // Stored: only now does the message leave the outbox.
        if (item && state.you && frame.author.id === state.you.id) {
            item.el.remove();
            state.pending.delete(frame.client_id);
        }
    }

    function removeMessage(id) {
        const li = els.messages.querySelector(`[data-id="${id}"]`);
        if (li) {
            li.remove();
        }
        if (state.questions.delete(id)) {
            renderQuestions();
        }
        els.empty.hidden = els.messages.children.length > 0;
    }

    function upsertQuestion(frame) {
        const known = state.questions.get(frame.id) || {};
        state.questions.set(frame.id, Object.assign({}, known, frame));
        renderQuestions();
    }

    function renderQuestions() {
        const list = Array.from(state.questions.values()).sort((a, b) => {
            if (a.answered !== b.answered) {
                return a.answered ? 1 : -1;
            }
            return b.votes - a.votes || a.id - b.id;
        });
        // Keep focus on the control that was used (an upvote, a mark answered).
        const focused = els.questions.contains(document.activeElement)
            ? document.activeElement
            : null;
        const focusedId = focused?.closest("[data-id]")?.dataset.id;
        const focusedKind = focused?.dataset.control;
        // What the feature scripts attach to a question (`data-keep`: a written answer being
        // typed) moves to the question's new element as it is, with its text and focus.
        const kept = new Map();
        els.questions.querySelectorAll(":scope > li[data-id] > [data-keep]").forEach((part) => {
            const id = part.parentElement.dataset.id;
            kept.set(id, (kept.get(id) || []).concat(part));
        });
        const selection =
            focused instanceof HTMLTextAreaElement
                ? [focused.selectionStart, focused.selectionEnd]
                : null;
        els.questions.replaceChildren.apply(els.questions, list.map(questionElement));
        kept.forEach((parts, id) => {
            els.questions.querySelector(`:scope > [data-id="${id}"]`)?.append(...parts);
        });
        if (focused?.closest("[data-keep]") && focused.isConnected) {
            focused.focus();
            if (selection) {
                focused.setSelectionRange(selection[0], selection[1]);
            }
        } else if (focusedId) {
            const item = els.questions.querySelector(`[data-id="${focusedId}"]`);
            const again = item?.querySelector(`[data-control="${focusedKind}"]`);
            const target = again || item;
            if (target === item && item) {
                item.tabIndex = -1;
            }
            target?.focus();
        }
        els.noQuestions.hidden = list.length > 0;
    }

    function questionElement(question) {
        const li = document.createElement("li");
        li.className = `workshop__question${question.answered ? " workshop__question--answered" : ""}`;
        li.dataset.id = String(question.id);
        const text = document.createElement("p");
        text.className = "workshop__body";
        text.textContent = question.body;
        const meta = document.createElement("p");
        meta.className = "workshop__meta";
        meta.textContent =
            question.author.name +
            " · " +
            question.votes +
            " upvote" +
            (question.votes === 1 ? "" : "s") +
            (question.answered ? " · answered" : "");
        li.append(text, meta);
        const canAct = state.you?.can_write && !state.closed;
        // Authors cannot upvote their own questions.
        if (canAct && !question.answered && question.author.id !== state.you.id) {
            const already = Boolean(question.voted);
            const vote = button(already ? "Upvoted" : "Upvote", "workshop__small", () => {
                if (!already) {
                    send({ type: "upvote", id: question.id });
                }
            });
            vote.dataset.control = "upvote";
            // aria-disabled rather than disabled: the button keeps the focus once used.
            vote.setAttribute("aria-disabled", question.voted ? "true" : "false");
            vote.setAttribute(
                "aria-label",
                (question.voted ? "You upvoted: " : "Upvote: ") + question.body,
            );
            li.appendChild(vote);
        }
        if (canAct && state.you.facilitator) {
            const answer = button(
                question.answered ? "Mark unanswered" : "Mark answered",
                "workshop__small button--secondary",
                () => {
                    send({ type: "answer", id: question.id, answered: !question.answered });
                },
            );
            answer.dataset.control = "answer";
            answer.setAttribute("aria-label", `${answer.textContent}: ${question.body}`);
            li.appendChild(answer);
        }
        return li;
    }

    function renderParticipants(frame) {
        const items = frame.participants.map((person) => {
            const li = document.createElement("li");
            li.dataset.user = String(person.id);
            li.textContent = person.name;
            // The list is grouped by city (the server sorts it so); each person says theirs.
            const place = person.city || person.organisation;
            if (place) {
                const where = document.createElement("span");
                where.className = "workshop__place";
                where.textContent = ` · ${place}`;
                li.appendChild(where);
            }
            if (person.facilitator) {
                const role = document.createElement("span");
                role.className = "workshop__badge";
                role.textContent = "facilitator";
                li.append(" ", role);
            }
            if (person.hand) {
                const hand = document.createElement("span");
                hand.className = "workshop__badge workshop__badge--hand";
                hand.textContent = "hand raised";
                li.append(" ", hand);
                if (state.you?.facilitator && person.id !== state.you.id && !state.closed) {
                    const lower = button("Lower", "workshop__small", () => {
                        send({ type: "hand", raised: false, user: person.id });
                    });
                    lower.setAttribute("aria-label", `Lower the hand of ${person.name}`);
                    li.append(" ", lower);
                }
            }
            return li;
        });
        els.participants.replaceChildren.apply(els.participants, items);
        els.participantCount.textContent = `(${frame.participants.length})`;
        els.guests.textContent = frame.guests
            ? `${frame.guests} guest${frame.guests === 1 ? "" : "s"} reading`
            : "";
        const me = frame.participants.find((p) => state.you && p.id === state.you.id);
        setHand(Boolean(me?.hand));
    }

    function setHand(raised) {
        state.handRaised = raised;
        els.hand.setAttribute("aria-pressed", raised ? "true" : "false");
        els.hand.textContent = raised ? "Lower hand" : "Raise hand";
    }

    function setClosed() {
        state.closed = true;
        els.composer.hidden = true;
        els.hand.hidden = true;
        els.facilitatorTools.hidden = true;
        if (els.roomStatus) {
            els.roomStatus.textContent = "Closed";
        }
        root.querySelectorAll(".workshop__message .workshop__danger").forEach((el) => {
            el.remove();
        });
        renderQuestions();
    }

    // Frames from the server

    function receiveMessage(frame, live) {
        acknowledge(frame);
        addMessage(frame, live);
        if (frame.id === state.upto + 1) {
            state.upto = frame.id;
        } else if (frame.id > state.upto) {
            fetchMissing(); // a gap: something between upto and this id went missing
        }
    }

    const handlers = {
        // A page of questions (the welcome carries the first); ask for the next one.
        questions: (frame) => {
            frame.questions.forEach((question) => {
                const known = state.questions.get(question.id) || {};
                state.questions.set(question.id, Object.assign({}, known, question));
            });
            renderQuestions();
            const more = frame.type === "welcome" ? frame.questions_more : frame.more;
            if (more && frame.questions.length) {
                send({ type: "questions", after: frame.questions[frame.questions.length - 1].id });
            }
        },
        welcome: (frame) => {
            state.you = frame.you;
            state.attempts = 0;
            state.unavailable = false;
            state.fetching = false;
            state.rate = frame.limits.rate;
            setConnection("online", "Connected");
            frame.hidden.forEach(removeMessage);
            handlers.questions(frame);
            frame.history.forEach(acknowledge);
            addHistory(frame.history);
            state.upto = Math.max(state.upto, frame.upto);
            if (frame.more) {
                fetchMissing();
            }
            renderParticipants(frame);
            if (frame.room.status === "closed") {
                setClosed();
            } else {
                if (els.roomStatus) {
                    els.roomStatus.textContent =
                        frame.room.status === "live" ? "Live" : "Scheduled";
                }
                els.composer.hidden = !frame.you.can_write;
                els.hand.hidden = !frame.you.can_write;
                els.facilitatorTools.hidden = !frame.you.facilitator;
            }
            // Whatever was not stored before the connection dropped goes again, paced.
            state.pending.forEach((item) => {
                if (item.status === "sent") {
                    item.status = "queued";
                }
            });
            pump();
        },
        history: (frame) => {
            state.fetching = false;
            frame.messages.forEach(acknowledge);
            addHistory(frame.messages);
            state.upto = Math.max(state.upto, frame.upto);
            if (frame.more) {
                fetchMissing();
            }
        },
        chat: (frame) => {
            receiveMessage(frame, true);
        },
        presence: renderParticipants,
        hand: (frame) => {
            const li = els.participants.querySelector(`[data-user="${frame.user.id}"]`);
            if (frame.raised) {
                announce(`${frame.user.name} raised a hand`);
            }
            if (state.you && frame.user.id === state.you.id) {
                setHand(frame.raised);
            }
            if (li) {
                let badge = li.querySelector(".workshop__badge--hand");
                if (frame.raised && !badge) {
                    badge = document.createElement("span");
                    badge.className = "workshop__badge workshop__badge--hand";
                    badge.textContent = "hand raised";
                    li.append(" ", badge);
                } else if (!frame.raised && badge) {
                    li.querySelectorAll(".workshop__badge--hand, button").forEach((el) => {
                        el.remove();
                    });
                }
            }
        },
        upvote: (frame) => {
            const question = state.questions.get(frame.id);
            if (!question) {
                return;
            }
            question.votes = frame.votes;
            if (frame.detail !== undefined) {
                question.voted = true;
            }
            renderQuestions();
        },
        answered: (frame) => {
            const question = state.questions.get(frame.id);
            if (question) {
                question.answered = frame.answered;
                renderQuestions();
            }
        },
        hidden: (frame) => {
            removeMessage(frame.id);
        },
        closed: (frame) => {
            setClosed();
            announce(
                frame.reason === "withdrawn"
                    ? "The room's page is no longer published: the room is closed to writing."
                    : "The room has been closed.",
            );
        },
        error: (frame) => {
            const item = frame.client_id && state.pending.get(frame.client_id);
            if (item && frame.code === "rate_limited") {
                requeue(item, (frame.retry_after || state.rate.seconds) * 1000);
            } else if (item && frame.code === "server_error") {
                requeue(item, RETRY_AFTER_SERVER_ERROR);
            } else if (item) {
                refuse(frame.client_id, item, frame.detail);
            }
            els.composerError.textContent = frame.detail;
        },
        unavailable: (frame) => {
            state.unavailable = true;
            setConnection("offline", frame.detail);
        },
        pong: (frame) => {
            if (frame.last_id > state.upto) {
                fetchMissing(); // a broadcast never came: fetch it
            }
        },
        // A question kept for a facilitator's approval: stored, so it leaves the outbox.
        held: (frame) => {
            const item = state.pending.get(frame.client_id);
            if (item && state.you && frame.author.id === state.you.id) {
                item.el.remove();
                state.pending.delete(frame.client_id);
            }
        },
    };

    // Own upvotes: the broadcast does not say who voted, so remember what we clicked.
    root.addEventListener(
        "click",
        (event) => {
            const target = event.target.closest(".workshop__question button");
            if (target && target.textContent === "Upvote") {
                const question = state.questions.get(
                    Number(target.closest("[data-id]").dataset.id),
                );
                if (question) {
                    question.voted = true;
                }
            }
        },
        true,
    );

    // Announcements on or off, remembered on this device.
    if (els.announceToggle) {
        els.announceToggle.checked = window.localStorage.getItem("workshop-announce") !== "off";
        els.announceToggle.addEventListener("change", () => {
            window.localStorage.setItem(
                "workshop-announce",
                els.announceToggle.checked ? "on" : "off",
            );
        });
    }

    // The connection

    function socketUrl() {
        const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
        const url = scheme + window.location.host + root.dataset.socketPath;
        return state.upto ? `${url}?after=${state.upto}` : url;
    }

    function connect() {
        window.clearTimeout(state.reconnectTimer);
        state.reconnectTimer = null;
        setConnection("connecting", state.attempts ? "Reconnecting…" : "Connecting to the room…");
        const socket = new WebSocket(socketUrl());
        state.socket = socket;
        state.lastFrameAt = Date.now();
        socket.addEventListener("message", (event) => {
            state.lastFrameAt = Date.now();
            let frame;
            try {
                frame = JSON.parse(event.data);
            } catch (_error) {
                return;
            }
            const handler = handlers[frame.type];
            try {
                if (handler) {
                    handler(frame);
                }
            } finally {
                // The session's features (workshop-*.js) get every frame this way, even
                // one the conversation could not show, so their tools still follow it.
                root.dispatchEvent(new CustomEvent("workshop:frame", { detail: frame }));
            }
        });
        socket.addEventListener("close", (event) => {
            if (state.socket !== socket) {
                return;
            }
            state.socket = null;
            if (FINAL_CLOSES[event.code]) {
                setConnection("offline", FINAL_CLOSES[event.code]);
                els.composer.hidden = true;
                return;
            }
            state.unavailable = state.unavailable || event.code === CLOSE_UNAVAILABLE;
            scheduleReconnect();
        });
    }

    function scheduleReconnect() {
        if (state.reconnectTimer) {
            return;
        }
        let delay = Math.min(MAX_BACKOFF, 500 * 2 ** state.attempts);
        delay = Math.round(delay * (0.75 + Math.random() * 0.5)); // spread a crowd's retries
        state.attempts += 1;
        const why = state.unavailable ? "The live connection is unavailable." : "Connection lost.";
        setConnection("offline", `${why} Trying again in ${Math.ceil(delay / 1000)} s…`);
        state.reconnectTimer = window.setTimeout(connect, delay);
    }

    function dropConnection() {
        const socket = state.socket;
        state.socket = null;
        if (socket) {
            socket.close();
        }
        scheduleReconnect();
    }

    state.pingTimer = window.setInterval(() => {
        if (!state.socket || state.socket.readyState !== WebSocket.OPEN) {
            return;
        }
        if (Date.now() - state.lastFrameAt > SILENCE_LIMIT) {
            dropConnection();
            return;
        }
        send({ type: "ping" });
    }, PING_EVERY);

    window.addEventListener("online", () => {
        if (!state.socket) {
            state.attempts = 0;
            connect();
        }
    });
    window.addEventListener("offline", () => {
        if (state.socket) {
            dropConnection();
        }
    });

    // Controls

    els.composer.addEventListener("submit", submitComposer);
    els.body.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            els.composer.requestSubmit();
        }
    });
    els.hand.addEventListener("click", () => {
        send({ type: "hand", raised: !state.handRaised });
    });
    // Closing the room asks first, in the page (no browser dialog): the question and two
    // buttons under the Close button, the safe one focused; Escape keeps the room open.
    function askToClose(open) {
        els.closeConfirm.hidden = !open;
        els.closeRoom.setAttribute("aria-expanded", open ? "true" : "false");
        (open ? els.closeKeep : els.closeRoom).focus();
    }
    els.closeRoom.addEventListener("click", () => {
        askToClose(els.closeConfirm.hidden);
    });
    els.closeKeep.addEventListener("click", () => {
        askToClose(false);
    });
    els.closeConfirm.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
            askToClose(false);
        }
    });
    els.closeYes.addEventListener("click", () => {
        if (send({ type: "close" })) {
            els.closeConfirm.hidden = true;
            els.closeRoom.setAttribute("aria-expanded", "false");
            // The tools go once the room is closed; the conversation says it is.
            els.messages.focus();
        } else {
            els.composerError.textContent =
                "Not closed: the room is not connected. Try again once it has reconnected.";
        }
    });

    // What the session's feature scripts use: send a frame (true if it went; if the
    // room is not connected, the participant is told, and what they typed stays where it
    // is to send again), know who you are.
    function sendFromFeature(frame) {
        if (send(frame)) {
            return true;
        }
        els.composerError.textContent =
            "Not sent: the room is not connected. Try again once it has reconnected.";
        return false;
    }
    window.TwinHubWorkshop = { root: root, send: sendFromFeature, you: () => state.you };

    // Feature scripts load deferred after this one: connect once they all listen.
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", connect);
    } else {
        connect();
    }
})();
