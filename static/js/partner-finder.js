// The partner finder: the city choice shows its partners at once, and after a search
// the results' heading takes the focus, so a screen reader starts there.
(function () {
    "use strict";

    var heading = document.querySelector("[data-focus-on-load]");
    if (heading) {
        heading.focus();
    }

    // Coming back to the page (the browser's back button) finds the description usable.
    window.addEventListener("pageshow", function () {
        document.querySelectorAll(".finder-describe [disabled]").forEach(function (field) {
            field.disabled = false;
        });
    });

    document.querySelectorAll("[data-submit-on-change]").forEach(function (select) {
        select.addEventListener("change", function () {
            if (select.value && select.form) {
                // The description does not travel with a chosen city.
                var details = select.form.querySelector(".finder-describe");
                if (details) {
                    details.querySelectorAll("input, select, textarea").forEach(function (field) {
                        field.disabled = true;
                    });
                }
                select.form.requestSubmit();
            }
        });
    });
})();
