/* The session of a workshop room: status and agenda (docs/workshops.md, "Session"). */
(() => {
    const room = window.TwinHubWorkshop;
    if (!room) {
        return;
    }
    const root = room.root;
    const $ = (selector) => root.querySelector(selector);
    const els = {
        status: document.querySelector("[data-room-status]"),
        current: $("[data-current-item]"),
        agenda: $("[data-agenda]"),
        none: $("[data-no-agenda]"),
        form: $("[data-agenda-form]"),
        items: $("#agenda-items"),
        open: $("[data-open-room]"),
        settings: root.querySelectorAll("[data-setting]"),
    };
    let agenda = { items: [], current: null };

    function timeOf(iso) {
        return iso
            ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
            : "";
    }

    function facilitating() {
        const you = room.you();
        return Boolean(you?.facilitator && you.can_write);
    }

    function renderAgenda() {
        const items = agenda.items.map((item) => {
            const li = document.createElement("li");
            li.dataset.item = String(item.id);
            const planned = item.planned_start ? `${timeOf(item.planned_start)} · ` : "";
            li.textContent = `${planned}${item.title} (${item.minutes} min)`;
            if (item.id === agenda.current) {
                li.setAttribute("aria-current", "step");
                li.classList.add("workshop__agenda-current");
            }
            if (facilitating() && item.id !== agenda.current) {
                const go = document.createElement("button");
                go.type = "button";
                go.className = "workshop__small button--secondary";
                go.textContent = "Take up";
                go.setAttribute("aria-label", `Take up the agenda item: ${item.title}`);
                go.addEventListener("click", () => {
                    room.send({ type: "agenda", current: item.id });
                });
                li.append(" ", go);
            }
            return li;
        });
        els.agenda.replaceChildren(...items);
        els.none.hidden = items.length > 0;
        const current = agenda.items.find((item) => item.id === agenda.current);
        els.current.textContent = current ? `Now: ${current.title}` : "";
        if (facilitating() && document.activeElement !== els.items) {
            els.items.value = agenda.items
                .map((item) => `${item.title} | ${item.minutes}`)
                .join("\n");
        }
    }

    function setStatus(status) {
        if (els.status && status) {
            els.status.textContent = status.label;
        }
        if (els.open) {
            els.open.hidden = status?.value !== "scheduled";
        }
    }

    root.addEventListener("workshop:frame", (event) => {
        const frame = event.detail;
        if (frame.type === "welcome") {
            agenda = frame.agenda;
            els.form.hidden = !facilitating();
            setStatus(frame.status);
            els.settings.forEach((box) => {
                box.checked = Boolean(frame.settings[box.dataset.setting]);
            });
            renderAgenda();
        } else if (frame.type === "agenda") {
            agenda = frame;
            renderAgenda();
        } else if (frame.type === "status") {
            setStatus(frame.status);
        } else if (frame.type === "settings") {
            els.settings.forEach((box) => {
                box.checked = Boolean(frame[box.dataset.setting]);
            });
        } else if (frame.type === "closed") {
            els.form.hidden = true;
            renderAgenda();
        }
    });

    els.form.addEventListener("submit", (event) => {
        event.preventDefault();
        const items = els.items.value
            .split("\n")
            .map((line) => line.trim())
            .filter(Boolean)
            .map((line) => {
                const [title, minutes] = line.split("|").map((part) => part.trim());
                return { title: title, minutes: Number.parseInt(minutes, 10) || 10 };
            });
        room.send({ type: "agenda", items: items });
    });
    if (els.open) {
        els.open.addEventListener("click", () => {
            room.send({ type: "open" });
        });
    }
    els.settings.forEach((box) => {
        box.addEventListener("change", () => {
            room.send({ type: "moderation", [box.dataset.setting]: box.checked });
        });
    });
})();
