// Zoom and pan for the hub's map. Progressive enhancement: the map is drawn on the server
// and its cities are links without this file; the buttons exist only when it runs.
(() => {
    const STEP = 1.6;
    const MAX_ZOOM = 8;

    const setUp = (section) => {
        const svg = section.querySelector("svg");
        const frame = section.querySelector("[data-city-map-frame]");
        if (!svg || !frame) {
            return;
        }
        // Zoom is relative to the whole world; the map opens on the part around its cities.
        const [x0, y0, width, height] = svg.dataset.world.split(" ").map(Number);
        const [fx, fy, fw, fh] = svg.dataset.viewbox.split(" ").map(Number);
        const initialZoom = width / fw;
        let zoom = initialZoom;
        let centre = [fx + fw / 2, fy + fh / 2];
        const initialCentre = centre;
        const markers = svg.querySelectorAll("[data-r]");
        const labels = svg.querySelectorAll("[data-size]");
        const status = document.createElement("p");
        status.className = "visually-hidden";
        status.setAttribute("aria-live", "polite");

        const draw = () => {
            const w = width / zoom;
            const h = height / zoom;
            const cx = Math.min(Math.max(centre[0], x0 + w / 2), x0 + width - w / 2);
            const cy = Math.min(Math.max(centre[1], y0 + h / 2), y0 + height - h / 2);
            centre = [cx, cy];
            svg.setAttribute("viewBox", `${cx - w / 2} ${cy - h / 2} ${w} ${h}`);
            // Markers and labels keep their size on screen at every zoom.
            for (const marker of markers) {
                marker.setAttribute("r", (Number(marker.dataset.r) / zoom).toFixed(2));
            }
            for (const label of labels) {
                const size = Number(label.dataset.size) / zoom;
                label.setAttribute("font-size", size.toFixed(2));
                label.setAttribute("dy", (-size * 0.8).toFixed(2));
            }
            section.dataset.zoom = zoom.toFixed(2);
            status.textContent =
                zoom === 1 ? "Whole world shown" : `Zoom ${zoom.toFixed(1)} times the world map`;
        };
        const zoomBy = (factor) => {
            zoom = Math.min(Math.max(zoom * factor, 1), MAX_ZOOM);
            draw();
        };
        const pan = (dx, dy) => {
            centre = [centre[0] + (dx * width) / zoom / 5, centre[1] + (dy * height) / zoom / 5];
            draw();
        };

        const tools = document.createElement("div");
        tools.className = "city-map__tools";
        tools.setAttribute("role", "group");
        tools.setAttribute("aria-label", "Map zoom");
        const button = (label, text, action) => {
            const element = document.createElement("button");
            element.type = "button";
            element.textContent = text;
            element.setAttribute("aria-label", label);
            element.addEventListener("click", action);
            tools.append(element);
            return element;
        };
        button("Zoom in", "+", () => zoomBy(STEP));
        button("Zoom out", "−", () => zoomBy(1 / STEP));
        const reset = () => {
            zoom = initialZoom;
            centre = initialCentre;
            draw();
        };
        button("Reset the map to its cities", "Reset", reset);
        button("Show the whole world", "World", () => {
            zoom = 1;
            draw();
        });
        const hint = document.createElement("p");
        hint.className = "small city-map__hint";
        hint.textContent = "Keys on the map: + and − zoom, arrows move, 0 goes back to the start.";
        frame.before(tools, hint);
        frame.append(status);

        // A city marker focused while zoomed in is brought into view.
        svg.addEventListener("focusin", (event) => {
            const circle = event.target.querySelector?.("circle");
            if (circle && zoom > 1) {
                centre = [Number(circle.getAttribute("cx")), Number(circle.getAttribute("cy"))];
                draw();
            }
        });
        section.addEventListener("keydown", (event) => {
            if (!frame.contains(event.target) && !tools.contains(event.target)) {
                return;
            }
            const actions = {
                "+": () => zoomBy(STEP),
                "=": () => zoomBy(STEP),
                "-": () => zoomBy(1 / STEP),
                0: reset,
                ArrowLeft: () => pan(-1, 0),
                ArrowRight: () => pan(1, 0),
                ArrowUp: () => pan(0, -1),
                ArrowDown: () => pan(0, 1),
            };
            const action = actions[event.key];
            if (action && (zoom > 1 || !event.key.startsWith("Arrow"))) {
                event.preventDefault();
                action();
            }
        });
        draw();
    };

    for (const section of document.querySelectorAll("[data-city-map]")) {
        setUp(section);
    }
})();
