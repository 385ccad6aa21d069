/* Polls in a workshop room: vote, change a vote while open, see the results. */
(() => {
    const room = window.TwinHubWorkshop;
    if (!room) {
        return;
    }
    const root = room.root;
    const list = root.querySelector("[data-polls]");
    const none = root.querySelector("[data-no-polls]");
    const form = root.querySelector("[data-poll-form]");
    const polls = new Map(); // id -> poll frame, with `mine`
    let closedRoom = false;

    function results(poll) {
        const ul = document.createElement("ul");
        ul.className = "workshop__results";
        const total = poll.options.reduce((sum, option) => sum + (option.votes || 0), 0);
        poll.options.forEach((option) => {
            const li = document.createElement("li");
            const share = total ? Math.round((100 * option.votes) / total) : 0;
            li.textContent = `${option.label}: ${option.votes} vote${option.votes === 1 ? "" : "s"} (${share} %)`;
            ul.appendChild(li);
        });
        return ul;
    }

    function pollElement(poll) {
        const article = document.createElement("article");
        article.className = "workshop__poll";
        article.dataset.poll = String(poll.id);
        const heading = document.createElement("h3");
        heading.id = `poll-${poll.id}-question`;
        heading.textContent = poll.question;
        const meta = document.createElement("p");
        meta.className = "small";
        meta.textContent = [
            poll.state === "open" ? "Open" : "Closed",
            poll.multiple ? "several choices" : "one choice",
            poll.anonymous ? "anonymous" : "names kept in the record",
            `${poll.voters} voter${poll.voters === 1 ? "" : "s"}`,
        ].join(" · ");
        article.append(heading, meta);
        const you = room.you();
        const hasResults = poll.options.every((option) => option.votes !== undefined);
        if (poll.state === "open" && you?.can_write && !closedRoom) {
            const ballot = document.createElement("form");
            ballot.className = "workshop__ballot";
            const fieldset = document.createElement("fieldset");
            const legend = document.createElement("legend");
            legend.textContent = poll.mine?.length ? "Your vote (you may change it)" : "Your vote";
            fieldset.appendChild(legend);
            poll.options.forEach((option) => {
                const label = document.createElement("label");
                label.className = "workshop__check";
                const input = document.createElement("input");
                input.type = poll.multiple ? "checkbox" : "radio";
                input.name = `poll-${poll.id}`;
                input.value = String(option.id);
                input.dataset.control = `option-${option.id}`;
                input.checked = (poll.mine || []).includes(option.id);
                label.append(input, ` ${option.label}`);
                fieldset.appendChild(label);
            });
            const submit = document.createElement("button");
            submit.type = "submit";
            submit.dataset.control = "vote";
            submit.textContent = poll.mine?.length ? "Change my vote" : "Vote";
            submit.setAttribute("aria-label", `${submit.textContent}: ${poll.question}`);
            ballot.append(fieldset, submit);
            ballot.addEventListener("submit", (event) => {
                event.preventDefault();
                const chosen = Array.from(ballot.querySelectorAll("input:checked")).map((input) =>
                    Number(input.value),
                );
                room.send({ type: "vote", poll: poll.id, options: chosen });
            });
            article.appendChild(ballot);
        }
        if (hasResults) {
            article.appendChild(results(poll));
        } else {
            const wait = document.createElement("p");
            wait.className = "small";
            wait.textContent = "Results are shown once the poll closes.";
            article.appendChild(wait);
        }
        if (poll.state === "open" && you?.facilitator && !closedRoom) {
            const close = document.createElement("button");
            close.type = "button";
            close.dataset.control = "close";
            close.className = "button--secondary";
            close.textContent = "Close the poll";
            close.setAttribute("aria-label", `Close the poll: ${poll.question}`);
            close.addEventListener("click", () => {
                room.send({ type: "poll_close", poll: poll.id });
            });
            article.appendChild(close);
        }
        const status = document.createElement("p");
        status.className = "small";
        status.setAttribute("role", "status");
        status.dataset.pollStatus = "";
        article.appendChild(status);
        return article;
    }

    function render(pollId, message) {
        // Keep focus where it was: re-render one poll, and put focus back on its control.
        const poll = polls.get(pollId);
        const old = list.querySelector(`[data-poll="${pollId}"]`);
        const focused = old?.contains(document.activeElement) ? document.activeElement : null;
        const focusKey = focused ? focused.dataset.control : null;
        const el = pollElement(poll);
        // New results keep what the ballot's status said (they may follow `voted` at once).
        const said = old?.querySelector("[data-poll-status]")?.textContent;
        if (old) {
            old.replaceWith(el);
        } else {
            list.appendChild(el);
        }
        if (message || said) {
            el.querySelector("[data-poll-status]").textContent = message || said;
        }
        if (focused) {
            // The same control again, else the poll's heading (the poll closed meanwhile).
            const again = focusKey && el.querySelector(`[data-control="${focusKey}"]`);
            if (again) {
                again.focus();
            } else {
                const heading = el.querySelector("h3");
                heading.tabIndex = -1;
                heading.focus();
            }
        }
        none.hidden = polls.size > 0;
    }

    root.addEventListener("workshop:frame", (event) => {
        const frame = event.detail;
        if (frame.type === "welcome") {
            closedRoom = frame.room.status === "closed";
            form.hidden = !(frame.you.facilitator && frame.you.can_write);
            list.replaceChildren();
            polls.clear();
            frame.polls.forEach((poll) => {
                polls.set(poll.id, poll);
                render(poll.id);
            });
            none.hidden = polls.size > 0;
        } else if (frame.type === "poll") {
            const known = polls.get(frame.poll.id);
            polls.set(frame.poll.id, { ...frame.poll, mine: known ? known.mine : [] });
            render(frame.poll.id);
        } else if (frame.type === "voted") {
            const poll = polls.get(frame.poll);
            if (poll) {
                poll.mine = frame.options;
                render(frame.poll, "Your vote is counted.");
            }
        } else if (frame.type === "error" && frame.code === "already_voted") {
            const status = list.querySelector("[data-poll-status]");
            if (status) {
                status.textContent = frame.detail;
            }
        } else if (frame.type === "closed") {
            closedRoom = true;
            form.hidden = true;
            polls.forEach((_poll, id) => {
                render(id);
            });
        }
    });

    form.addEventListener("submit", (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const sent = room.send({
            type: "poll_open",
            question: String(data.get("question")).trim(),
            options: String(data.get("options"))
                .split("\n")
                .map((line) => line.trim())
                .filter(Boolean),
            multiple: data.get("multiple") === "on",
            anonymous: data.get("anonymous") === "on",
            results: data.get("hide_results") === "on" ? "closed" : "live",
        });
        if (sent) {
            form.reset();
        }
    });
})();
