// Progressive enhancement only: every page works without this file.
(() => {
    // A link in a form's error summary puts the cursor in the field it names; without
    // this script the link still scrolls to the field.
    document.addEventListener("click", (event) => {
        const link = event.target.closest(".error-summary a[href^='#']");
        if (!link) {
            return;
        }
        const field = document.getElementById(link.getAttribute("href").slice(1));
        if (field) {
            event.preventDefault();
            field.focus();
            field.scrollIntoView({ block: "center" });
        }
    });
})();
