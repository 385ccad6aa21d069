// The partner finder: the city choice shows its partners at once, and after a search
// the results' heading takes the focus, so a screen reader starts there.
(() => {
    const heading = document.querySelector("[data-focus-on-load]");
    if (heading) {
        heading.focus();
    }

    // Coming back to the page (the browser's back button) finds the description usable.
    window.addEventListener("pageshow", () => {
        document.querySelectorAll(".finder-describe [disabled]").forEach((field) => {
            field.disabled = false;
        });
    });

    document.querySelectorAll("[data-submit-on-change]").forEach((select) => {
        select.addEventListener("change", () => {
            if (select.value && select.form) {
                // The description does not travel with a chosen city.
                const details = select.form.querySelector(".finder-describe");
                if (details) {
                    details.querySelectorAll("input, select, textarea").forEach((field) => {
                        field.disabled = true;
                    });
                }
                select.form.requestSubmit();
            }
        });
    });
})();
