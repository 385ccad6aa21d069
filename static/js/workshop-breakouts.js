/* Breakout groups: the facilitator splits the room; each participant goes to their group's
 * sub-room and is brought back when the breakout ends. */
(() => {
    const room = window.TwinHubWorkshop;
    if (!room) {
        return;
    }
    const root = room.root;
    const $ = (selector) => root.querySelector(selector);
    const els = {
        panel: $("[data-breakout-panel]"),
        box: $("[data-breakout]"),
        form: $("[data-breakout-form]"),
        end: $("[data-breakout-end]"),
    };
    let facilitator = false;

    function timeOf(iso) {
        return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    }

    function paragraph(text) {
        const p = document.createElement("p");
        p.textContent = text;
        return p;
    }

    function render(breakout) {
        const you = room.you();
        const parts = [];
        if (!breakout || breakout.state === "ended") {
            parts.push(paragraph("No breakout under way."));
            if (breakout?.groups) {
                const ul = document.createElement("ul");
                breakout.groups.forEach((group) => {
                    const li = document.createElement("li");
                    li.textContent = `${group.name} notes: ${group.notes || "none"}`;
                    ul.appendChild(li);
                });
                parts.push(paragraph("Notes the groups brought back:"), ul);
            }
        } else if (breakout.parent) {
            // This is a group's own room.
            parts.push(
                paragraph(
                    `${breakout.group.name} of ${breakout.parent.title}, until ${timeOf(breakout.ends_at)}. Your notes go back to the main room.`,
                ),
            );
            const back = document.createElement("a");
            back.href = breakout.parent.url;
            back.textContent = "Back to the main room";
            parts.push(back);
        } else {
            parts.push(paragraph(`Breakout under way until ${timeOf(breakout.ends_at)}.`));
            const mine = breakout.groups.find((group) =>
                group.members.some((member) => you && member.id === you.id),
            );
            if (mine) {
                const link = document.createElement("a");
                link.className = "button";
                link.href = mine.url;
                link.dataset.myGroup = "";
                link.textContent = `Go to ${mine.name}`;
                parts.push(paragraph(`You are in ${mine.name}.`), link);
            }
            if (facilitator) {
                const ul = document.createElement("ul");
                breakout.groups.forEach((group) => {
                    const li = document.createElement("li");
                    const link = document.createElement("a");
                    link.href = group.url;
                    link.textContent = group.name;
                    li.append(
                        link,
                        `: ${group.members.map((member) => member.name).join(", ") || "nobody"}`,
                    );
                    ul.appendChild(li);
                });
                parts.push(ul);
            }
        }
        els.box.replaceChildren(...parts);
        const running = Boolean(breakout && breakout.state === "running" && !breakout.parent);
        els.form.hidden = !facilitator || running || Boolean(breakout?.parent);
        els.end.hidden = !facilitator || !running;
        // When the time is up, the server ends the breakout and brings everyone back.
    }

    root.addEventListener("workshop:frame", (event) => {
        const frame = event.detail;
        if (frame.type === "welcome") {
            facilitator = Boolean(frame.you.facilitator && frame.you.can_write);
            render(frame.breakout);
            if (frame.breakout?.parent && frame.breakout.state === "ended") {
                window.location.assign(frame.breakout.parent.url);
            }
        } else if (frame.type === "breakout") {
            const breakout = frame.breakout;
            if (breakout.parent && breakout.state === "ended") {
                // Everyone back to the main room.
                window.location.assign(breakout.parent.url);
                return;
            }
            render(breakout);
            const link = els.box.querySelector("[data-my-group]");
            if (link) {
                link.focus();
            }
        } else if (frame.type === "closed") {
            facilitator = false;
            els.form.hidden = true;
            els.end.hidden = true;
        }
    });

    els.form.addEventListener("submit", (event) => {
        event.preventDefault();
        const data = new FormData(els.form);
        room.send({
            type: "breakout_start",
            groups: Number(data.get("groups")),
            minutes: Number(data.get("minutes")),
            mode: data.get("mode"),
        });
    });
    els.end.addEventListener("click", () => {
        room.send({ type: "breakout_end" });
    });
})();
