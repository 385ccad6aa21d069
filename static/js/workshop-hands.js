/* The hand queue: who is waiting, in order, and who has the floor. */
(() => {
    const room = window.TwinHubWorkshop;
    if (!room) {
        return;
    }
    const root = room.root;
    const $ = (selector) => root.querySelector(selector);
    const els = {
        floor: $("[data-floor]"),
        queue: $("[data-queue]"),
        none: $("[data-no-queue]"),
        tools: $("[data-queue-tools]"),
        next: $("[data-floor-next]"),
        release: $("[data-floor-release]"),
        clear: $("[data-clear-hands]"),
    };
    let state = { queue: [], floor: null };
    let closedRoom = false;

    function place(person) {
        const where = person.city || person.organisation;
        return where ? `${person.name} (${where})` : person.name;
    }

    function render(previousFloor) {
        const you = room.you();
        els.queue.replaceChildren(
            ...state.queue.map((person) => {
                const li = document.createElement("li");
                li.dataset.user = String(person.id);
                li.textContent = place(person);
                return li;
            }),
        );
        els.none.hidden = state.queue.length > 0;
        if (state.floor) {
            const mine = you && state.floor.id === you.id;
            els.floor.textContent = mine
                ? "You have the floor: please speak now."
                : `${place(state.floor)} has the floor.`;
        } else {
            els.floor.textContent = "";
        }
        const facilitating = Boolean(you?.facilitator && you.can_write && !closedRoom);
        els.tools.hidden = !facilitating;
        els.next.disabled = state.queue.length === 0;
        els.next.textContent = state.queue.length
            ? `Give the floor to ${state.queue[0].name}`
            : "Give the floor to the next person";
        els.release.disabled = !state.floor;
        els.release.textContent = state.floor
            ? `End ${state.floor.name}'s turn`
            : "End the current turn";
        els.clear.disabled = state.queue.length === 0;
        if (you && state.floor?.id === you.id && previousFloor !== you.id) {
            els.floor.classList.add("workshop__now--you");
        } else {
            els.floor.classList.remove("workshop__now--you");
        }
    }

    root.addEventListener("workshop:frame", (event) => {
        const frame = event.detail;
        const before = state.floor?.id;
        if (frame.type === "welcome") {
            closedRoom = frame.room.status === "closed";
            state = { queue: frame.queue, floor: frame.floor };
            render(before);
        } else if (frame.type === "queue") {
            state = { queue: frame.queue, floor: frame.floor };
            render(before);
        } else if (frame.type === "closed") {
            closedRoom = true;
            render(before);
        }
    });

    els.next.addEventListener("click", () => {
        room.send({ type: "floor" });
    });
    els.release.addEventListener("click", () => {
        room.send({ type: "floor", release: true });
    });
    els.clear.addEventListener("click", () => {
        room.send({ type: "clear_hands" });
    });
})();
