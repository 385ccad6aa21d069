/* Shared notes, decisions and action items. */
(() => {
    const room = window.TwinHubWorkshop;
    if (!room) {
        return;
    }
    const root = room.root;
    const $ = (selector) => root.querySelector(selector);
    const els = {
        notes: $("[data-notes]"),
        status: $("[data-notes-status]"),
        save: $("[data-save-notes]"),
        outcomes: $("[data-outcomes]"),
        none: $("[data-no-outcomes]"),
        form: $("[data-outcome-form]"),
        people: $("[data-outcome-people]"),
    };
    let version = 0;
    let mayEdit = false;
    let facilitator = false;
    let participants = [];

    function outcomeElement(outcome) {
        const li = document.createElement("li");
        li.dataset.outcome = String(outcome.id);
        if (outcome.kind === "decision") {
            li.textContent = `Decision: ${outcome.text}`;
        } else {
            li.textContent = `Action: ${outcome.text} · owner ${outcome.owner_name} · due ${outcome.due}`;
        }
        if (facilitator) {
            const remove = document.createElement("button");
            remove.type = "button";
            remove.className = "workshop__small button--secondary";
            remove.textContent = "Remove";
            remove.setAttribute(
                "aria-label",
                `Remove the ${outcome.kind === "decision" ? "decision" : "action item"}: ${outcome.text}`,
            );
            remove.addEventListener("click", () => {
                room.send({ type: "outcome_remove", id: outcome.id });
            });
            li.append(" ", remove);
        }
        return li;
    }

    function showNotes(frame, mine) {
        version = frame.version;
        if (!mine || document.activeElement !== els.notes) {
            els.notes.value = frame.body;
        }
        els.status.textContent = frame.by
            ? `Saved by ${frame.by.name} (version ${frame.version}).`
            : "";
    }

    function setEditable() {
        els.notes.readOnly = !mayEdit;
        els.save.hidden = !mayEdit;
    }

    root.addEventListener("workshop:frame", (event) => {
        const frame = event.detail;
        const you = room.you();
        if (frame.type === "welcome") {
            facilitator = Boolean(frame.you.facilitator && frame.you.can_write);
            mayEdit =
                frame.you.can_write && (facilitator || frame.settings.participants_edit_notes);
            participants = frame.participants;
            showNotes(frame.notes, false);
            setEditable();
            els.form.hidden = !facilitator;
            els.outcomes.replaceChildren(...frame.outcomes.map(outcomeElement));
            els.none.hidden = frame.outcomes.length > 0;
        } else if (frame.type === "notes") {
            showNotes(frame, frame.by && you && frame.by.id === you.id);
        } else if (frame.type === "settings") {
            mayEdit = Boolean(you?.can_write) && (facilitator || frame.participants_edit_notes);
            setEditable();
        } else if (frame.type === "outcome") {
            els.outcomes.appendChild(outcomeElement(frame.outcome));
            els.none.hidden = true;
        } else if (frame.type === "outcome_removed") {
            els.outcomes.querySelector(`[data-outcome="${frame.id}"]`)?.remove();
            els.none.hidden = els.outcomes.children.length > 0;
        } else if (frame.type === "presence") {
            participants = frame.participants;
        } else if (frame.type === "error" && frame.code === "conflict") {
            els.status.textContent = frame.detail;
        } else if (frame.type === "closed") {
            mayEdit = false;
            facilitator = false;
            setEditable();
            els.form.hidden = true;
        }
        els.people.replaceChildren(
            ...participants.map((person) => {
                const option = document.createElement("option");
                option.value = person.name;
                return option;
            }),
        );
    });

    els.save.addEventListener("click", () => {
        room.send({ type: "notes", body: els.notes.value, version: version });
    });

    els.form.addEventListener("submit", (event) => {
        event.preventDefault();
        const data = new FormData(els.form);
        const frame = {
            type: "outcome",
            kind: data.get("kind"),
            text: String(data.get("text")).trim(),
        };
        if (frame.kind === "action") {
            const name = String(data.get("owner_name")).trim();
            const person = participants.find((p) => p.name === name);
            if (person) {
                frame.owner = person.id;
            } else {
                frame.owner_name = name;
            }
            frame.due = String(data.get("due"));
        }
        if (room.send(frame)) {
            els.form.reset();
        }
    });
})();
