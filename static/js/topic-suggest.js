// Topics suggested from a text box's words (components/topic_suggestions.html).
// Progressive enhancement: without this file the topic checkboxes work alone.
(function () {
    "use strict";

    var WAIT_MS = 300;

    function setUp(box) {
        var source = document.getElementById(box.dataset.source);
        var status = document.querySelector(
            "[data-topic-suggestions-status='" + box.dataset.source + "']"
        );
        var list = box.querySelector("ul");
        if (!source || !list) {
            return;
        }
        var timer = null;
        var lastText = null;
        var controller = null;

        function checkbox(slug) {
            var boxes = document.querySelectorAll(
                "input[type=checkbox][name='" + box.dataset.target + "']"
            );
            for (var i = 0; i < boxes.length; i += 1) {
                if (boxes[i].value === slug) {
                    return boxes[i];
                }
            }
            return null;
        }

        function show(topics) {
            list.textContent = "";
            topics.forEach(function (topic) {
                var target = checkbox(topic.slug);
                if (!target) {
                    return;
                }
                var item = document.createElement("li");
                var button = document.createElement("button");
                button.type = "button";
                button.className = "topic-suggestion";
                button.textContent = topic.name;
                button.setAttribute("aria-pressed", target.checked ? "true" : "false");
                button.addEventListener("click", function () {
                    target.checked = !target.checked;
                    target.dispatchEvent(new Event("change", { bubbles: true }));
                    button.setAttribute("aria-pressed", target.checked ? "true" : "false");
                    status.textContent = topic.name + (target.checked ? " added." : " removed.");
                });
                target.addEventListener("change", function () {
                    button.setAttribute("aria-pressed", target.checked ? "true" : "false");
                });
                item.appendChild(button);
                list.appendChild(item);
            });
            box.hidden = list.children.length === 0;
            if (status) {
                status.textContent = list.children.length
                    ? list.children.length + " topics suggested: " +
                      topics.map(function (t) { return t.name; }).join(", ") + "."
                    : "";
            }
        }

        function ask() {
            var text = source.value.trim();
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
            var url = box.dataset.url + "?limit=5&text=" + encodeURIComponent(text);
            fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
                .then(function (response) { return response.ok ? response.json() : { topics: [] }; })
                .then(function (data) { show(data.topics || []); })
                .catch(function (error) {
                    if (error.name !== "AbortError") {
                        show([]);
                    }
                });
        }

        source.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(ask, WAIT_MS);
        });
        if (source.value.trim()) {
            ask();
        }
    }

    document.querySelectorAll("[data-topic-suggestions]").forEach(setUp);
})();
