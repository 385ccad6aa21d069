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

    function decorate() {
        // Written answers and a facilitator's "Answer in writing" under each question.
        questions.querySelectorAll(":scope > li[data-id]").forEach((li) => {
            const answer = answers.get(li.dataset.id);
            if (answer && !li.querySelector(".workshop__answer")) {
                const p = document.createElement("p");
                p.className = "workshop__answer";
                p.textContent = `${answer.by.name} answered: ${answer.body}`;
                li.appendChild(p);
            }
            const you = room.you();
            if (!answer && facilitator && you?.can_write && !li.querySelector("[data-reply]")) {
                const body = li.querySelector(".workshop__body")?.textContent || "";
                li.appendChild(
                    button("Answer in writing", `Answer in writing: ${body}`, () => {
                        const text = window.prompt(`Your answer to: ${body}`);
                        if (text?.trim()) {
                            room.send({
                                type: "reply",
                                id: Number(li.dataset.id),
                                body: text.trim(),
                            });
                        }
                    }),
                ).dataset.reply = "";
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
        } else if (frame.type === "held") {
            held.set(frame.id, frame);
            renderHeld();
        } else if (frame.type === "held_decided") {
            held.delete(frame.id);
            renderHeld();
        } else if (frame.type === "answered" && frame.answer) {
            answers.set(String(frame.id), frame.answer);
            decorate();
        } else if (frame.type === "closed") {
            facilitator = false;
            renderHeld();
        }
    });
})();
