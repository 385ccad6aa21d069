/* Moderated questions and written answers. */
(() => {
    const room = window.TwinHubWorkshop;
    if (!room) {
        return;
    }
    const root = room.root;
    const panel = root.querySelector("[data-held-panel]");
    const list = root.querySelector("[data-held]");
    const none = root.querySelector("[data-no-held]");
    const questions = root.querySelector("[data-questions]");
    const held = new Map();
    const answers = new Map(); // question id (string) -> answer
    let facilitator = false;

    function button(label, aria, onClick) {
        const el = document.createElement("button");
        el.type = "button";
        el.className = "workshop__small";
        el.textContent = label;
        el.setAttribute("aria-label", aria);
        el.addEventListener("click", onClick);
        return el;
    }

    function renderHeld() {
        const you = room.you();
        list.replaceChildren(
            ...Array.from(held.values()).map((question) => {
                const li = document.createElement("li");
                li.dataset.held = String(question.id);
                const text = document.createElement("p");
                text.textContent = question.body;
                const meta = document.createElement("p");
                meta.className = "small";
                meta.textContent =
                    you && question.author.id === you.id
                        ? "Your question waits for a facilitator's approval."
                        : `${question.author.name}${question.author.city ? ` (${question.author.city})` : ""}`;
                li.append(text, meta);
                if (facilitator) {
                    li.append(
                        button(
                            "Approve",
                            `Approve the question from ${question.author.name}: ${question.body}`,
                            () => {
                                room.send({ type: "approve", id: question.id });
                            },
                        ),
                        " ",
                        button(
                            "Decline",
                            `Decline the question from ${question.author.name}: ${question.body}`,
                            () => {
                                room.send({ type: "decline", id: question.id });
                            },
                        ),
                    );
                }
                return li;
            }),
        );
        none.hidden = held.size > 0;
        panel.hidden = !(facilitator || held.size > 0);
    }

    // A facilitator's written answer: "Answer in writing" opens a form under the question
    // (a labelled text box, Publish and Cancel), which stays through re-renders of the list
    // (`data-keep`). After Publish or Cancel the focus goes back to the question's controls.
    let pendingReply = null; // the question whose answer was sent, until it is stored

    function replyPart(li, body) {
        const id = li.dataset.id;
        const part = document.createElement("div");
        part.className = "workshop__reply";
        part.dataset.keep = "";
        part.dataset.reply = id;
        const toggle = button("Answer in writing", `Answer in writing: ${body}`, () => {
            setOpen(part, form.hidden);
        });
        toggle.dataset.replyToggle = "";
        toggle.dataset.body = body;
        toggle.setAttribute("aria-expanded", "false");
        toggle.setAttribute("aria-controls", `reply-${id}`);
        const form = document.createElement("form");
        form.id = `reply-${id}`;
        form.className = "workshop__reply-form";
        form.hidden = true;
        const label = document.createElement("label");
        label.htmlFor = `reply-text-${id}`;
        label.textContent = `Your written answer to: ${body}`;
        const text = document.createElement("textarea");
        text.id = `reply-text-${id}`;
        text.name = "body";
        text.rows = 3;
        text.maxLength = 4000;
        text.setAttribute("aria-describedby", `reply-error-${id}`);
        const error = document.createElement("p");
        error.id = `reply-error-${id}`;
        error.className = "workshop__error";
        error.setAttribute("role", "alert");
        const publish = document.createElement("button");
        publish.type = "submit";
        publish.className = "workshop__small";
        publish.textContent = "Publish the answer";
        publish.setAttribute("aria-label", `Publish the answer to: ${body}`);
        const cancel = button("Cancel", `Cancel the answer to: ${body}`, () => {
            text.value = "";
            setOpen(part, false);
        });
        cancel.classList.add("button--secondary");
        const actions = document.createElement("div");
        actions.className = "workshop__reply-actions";
        actions.append(publish, " ", cancel);
        form.append(label, text, error, actions);
        form.addEventListener("submit", (event) => {
            event.preventDefault();
            const answer = text.value.trim();
            if (!answer) {
                error.textContent = "Write the answer first.";
                text.focus();
                return;
            }
            if (!room.send({ type: "reply", id: Number(id), body: answer })) {
                error.textContent =
                    "Not sent: the room is not connected. Try again once it has reconnected.";
                return;
            }
            pendingReply = id;
            toggle.textContent = "Sending the answer…";
            toggle.setAttribute("aria-label", `Sending the answer to: ${body}`);
            setOpen(part, false);
        });
        text.addEventListener("keydown", (event) => {
            if (event.key === "Escape") {
                event.preventDefault();
                setOpen(part, false);
            }
        });
        part.append(toggle, form);
        return part;
    }

    function setOpen(part, open) {
        const toggle = part.querySelector("[data-reply-toggle]");
        const form = part.querySelector("form");
        form.hidden = !open;
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        if (open) {
            form.querySelector(".workshop__error").textContent = "";
            form.querySelector("textarea").focus();
        } else {
            toggle.focus();
        }
    }

    function removeReply(li) {
        const part = li.querySelector(":scope > [data-reply]");
        if (!part) {
            return;
        }
        const hadFocus = part.contains(document.activeElement);
        part.remove();
        if (hadFocus) {
            // The question's own control, else the question itself.
            const next = li.querySelector('[data-control="answer"], [data-control="upvote"]');
            if (next) {
                next.focus();
            } else {
                li.tabIndex = -1;
                li.focus();
            }
        }
    }

    function reopenReply(reason) {
        // The answer sent was not stored: open its form again, with what was typed and why.
        const part = questions.querySelector(`[data-reply="${pendingReply}"]`);
        pendingReply = null;
        if (part) {
            const toggle = part.querySelector("[data-reply-toggle]");
            toggle.textContent = "Answer in writing";
            toggle.setAttribute("aria-label", `Answer in writing: ${toggle.dataset.body}`);
            setOpen(part, true);
            part.querySelector(".workshop__error").textContent = reason;
        }
    }

    function decorate() {
        // Written answers, and a facilitator's "Answer in writing", under each question.
        const you = room.you();
        const answering = facilitator && you?.can_write;
        questions.querySelectorAll(":scope > li[data-id]").forEach((li) => {
            const answer = answers.get(li.dataset.id);
            if (answer && !li.querySelector(".workshop__answer")) {
                const p = document.createElement("p");
                p.className = "workshop__answer";
                p.textContent = `${answer.by.name} answered: ${answer.body}`;
                li.appendChild(p);
            }
            if (answer || !answering) {
                removeReply(li);
            } else if (!li.querySelector(":scope > [data-reply]")) {
                const body = li.querySelector(".workshop__body")?.textContent || "";
                li.appendChild(replyPart(li, body));
            }
        });
    }

    new MutationObserver(decorate).observe(questions, { childList: true });

    root.addEventListener("workshop:frame", (event) => {
        const frame = event.detail;
        if (frame.type === "welcome") {
            facilitator = Boolean(frame.you.facilitator && frame.you.can_write);
            held.clear();
            frame.held.forEach((question) => {
                held.set(question.id, question);
            });
            Object.entries(frame.answers).forEach(([id, answer]) => {
                answers.set(id, answer);
            });
            renderHeld();
            decorate();
            if (pendingReply !== null && !answers.has(pendingReply)) {
                // The connection dropped before the answer was stored: it is still here.
                reopenReply("Not stored: the connection dropped. Publish it again.");
            }
        } else if (frame.type === "held") {
            held.set(frame.id, frame);
            renderHeld();
        } else if (frame.type === "held_decided") {
            held.delete(frame.id);
            renderHeld();
        } else if (frame.type === "answered" && frame.answer) {
            answers.set(String(frame.id), frame.answer);
            if (pendingReply === String(frame.id)) {
                pendingReply = null;
            }
            decorate();
        } else if (frame.type === "error" && pendingReply !== null) {
            reopenReply(frame.detail);
            // Said once, in the answer's form, not again under the chat's composer.
            const composerError = root.querySelector("[data-composer-error]");
            if (composerError?.textContent === frame.detail) {
                composerError.textContent = "";
            }
        } else if (frame.type === "closed") {
            facilitator = false;
            renderHeld();
            decorate();
        }
    });
})();
