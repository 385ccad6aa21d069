// Search suggestions as you type, for every input with data-autocomplete-url: the header's
// search box on every page, and the search page's. Each suggestion says what it is
// ("Business case", "Topic"). Arrow keys move, Enter opens, Escape closes the list and
// keeps the text. Progressive enhancement: without this file the form submits as usual.
(() => {
    function setUp(input, index) {
        const url = input.getAttribute("data-autocomplete-url");
        const container = input.parentElement;
        const list = document.createElement("ul");
        const listId = `autocomplete-${index}`;
        let options = [];
        let active = -1;
        let timer = null;
        let latest = 0;

        list.id = listId;
        list.className = "autocomplete";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", "Suggestions");
        list.hidden = true;
        const status = document.createElement("span");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        if (window.getComputedStyle(container).position === "static") {
            container.style.position = "relative";
        }
        container.appendChild(list);
        container.appendChild(status);
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);

        function close() {
            list.hidden = true;
            list.textContent = "";
            options = [];
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function highlight(position) {
            options.forEach((option, i) => {
                option.element.setAttribute("aria-selected", i === position ? "true" : "false");
            });
            active = position;
            if (position >= 0) {
                input.setAttribute("aria-activedescendant", options[position].element.id);
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function add(label, kind, href) {
            const item = document.createElement("li");
            const kindLabel = document.createElement("span");
            item.id = `${listId}-${options.length}`;
            item.setAttribute("role", "option");
            item.setAttribute("aria-selected", "false");
            item.textContent = label;
            kindLabel.className = "autocomplete__kind";
            kindLabel.textContent = kind || "";
            // A space keeps the title and the type apart in what screen readers announce.
            item.appendChild(document.createTextNode(" "));
            item.appendChild(kindLabel);
            item.addEventListener("mousedown", (event) => {
                event.preventDefault();
                window.location.href = href;
            });
            list.appendChild(item);
            options.push({ element: item, href: href });
        }

        function show(data) {
            list.textContent = "";
            options = [];
            (data.titles || []).forEach((page) => {
                add(page.title, page.type_label, page.url);
            });
            (data.topics || []).forEach((topic) => {
                add(topic.name, topic.type_label, topic.url);
            });
            status.textContent = `${options.length || "No"} suggestion${options.length === 1 ? "" : "s"}`;
            if (!options.length) {
                close();
                return;
            }
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
            highlight(-1);
        }

        function fetchSuggestions() {
            const query = input.value.trim();
            const ticket = ++latest;
            if (query.length < 2) {
                close();
                return;
            }
            fetch(`${url}?q=${encodeURIComponent(query)}`, {
                headers: { Accept: "application/json" },
            })
                .then((response) => (response.ok ? response.json() : null))
                .then((data) => {
                    // Answers can arrive out of order; only the newest counts.
                    if (data && ticket === latest) {
                        show(data);
                    }
                })
                .catch(close);
        }

        input.addEventListener("input", () => {
            window.clearTimeout(timer);
            timer = window.setTimeout(fetchSuggestions, 150);
        });
        input.addEventListener("keydown", (event) => {
            if (list.hidden) {
                return;
            }
            if (event.key === "ArrowDown") {
                event.preventDefault();
                highlight((active + 1) % options.length);
            } else if (event.key === "ArrowUp") {
                event.preventDefault();
                highlight(active <= 0 ? options.length - 1 : active - 1);
            } else if (event.key === "Enter" && active >= 0) {
                event.preventDefault();
                window.location.href = options[active].href;
            } else if (event.key === "Escape") {
                // A search box clears its text on Escape; here Escape only closes the list.
                event.preventDefault();
                close();
            }
        });
        input.addEventListener("blur", () => {
            window.setTimeout(close, 100);
        });
    }

    document.querySelectorAll("input[data-autocomplete-url]").forEach(setUp);
})();
