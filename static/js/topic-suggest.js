// Topics suggested from a text box's words (components/topic_suggestions.html).
// Progressive enhancement: without this file the topic checkboxes work alone.
(() => {
    const WAIT_MS = 300;

    function setUp(box) {
        const source = document.getElementById(box.dataset.source);
        const status = document.querySelector(
            `[data-topic-suggestions-status='${box.dataset.source}']`,
        );
        const list = box.querySelector("ul");
        if (!source || !list) {
            return;
        }
        let timer = null;
        let lastText = null;
        let controller = null;

        function checkbox(slug) {
            const boxes = document.querySelectorAll(
                `input[type=checkbox][name='${box.dataset.target}']`,
            );
            for (let i = 0; i < boxes.length; i += 1) {
                if (boxes[i].value === slug) {
                    return boxes[i];
                }
            }
            return null;
        }

        function show(topics) {
            list.textContent = "";
            topics.forEach((topic) => {
                const target = checkbox(topic.slug);
                if (!target) {
                    return;
                }
                const item = document.createElement("li");
                const button = document.createElement("button");
                button.type = "button";
                button.className = "topic-suggestion";
                button.textContent = topic.name;
                button.setAttribute("aria-pressed", target.checked ? "true" : "false");
                button.addEventListener("click", () => {
                    target.checked = !target.checked;
                    target.dispatchEvent(new Event("change", { bubbles: true }));
                    button.setAttribute("aria-pressed", target.checked ? "true" : "false");
                    status.textContent = topic.name + (target.checked ? " added." : " removed.");
                });
                target.addEventListener("change", () => {
                    button.setAttribute("aria-pressed", target.checked ? "true" : "false");
                });
                item.appendChild(button);
                list.appendChild(item);
            });
            box.hidden = list.children.length === 0;
            if (status) {
                status.textContent = list.children.length
                    ? list.children.length +
                      " topics suggested: " +
                      topics.map((t) => t.name).join(", ") +
                      "."
                    : "";
            }
        }

        function ask() {
            const text = source.value.trim();
            if (text === lastText) {
                return;
            }
            lastText = text;
            if (text.length < 3) {
                show([]);
                return;
            }
            if (controller) {
                controller.abort();
            }
            controller = new AbortController();
            const url = `${box.dataset.url}?limit=5&text=${encodeURIComponent(text)}`;
            fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
                .then((response) => (response.ok ? response.json() : { topics: [] }))
                .then((data) => {
                    show(data.topics || []);
                })
                .catch((error) => {
                    if (error.name !== "AbortError") {
                        show([]);
                    }
                });
        }

        source.addEventListener("input", () => {
            window.clearTimeout(timer);
            timer = window.setTimeout(ask, WAIT_MS);
        });
        if (source.value.trim()) {
            ask();
        }
    }

    document.querySelectorAll("[data-topic-suggestions]").forEach(setUp);
})();
