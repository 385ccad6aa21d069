"""Every public page type in Chromium: WCAG 2.1 A and AA by axe-core, and what axe cannot see.

axe-core comes from node_modules (`npm ci`, which `make browser-test` runs). It is
evaluated through the DevTools protocol, which the page's content security policy does
not apply to; the page's own scripts stay under the policy.
"""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 375, "height": 812}

# Every page type, by the `demo_site` attribute holding its path, or by a fixed path.
PAGES = {
    "home": "home",
    "city index": "cities",
    "city": "city",
    "business case index": "business_cases",
    "business case": "business_case",
    "business case with sourced figures": "sourced_business_case",
    "permitting index": "permitting",
    "permitting guide": "guide",
    "webinar index": "webinars",
    "upcoming webinar": "upcoming_webinar",
    "past webinar": "past_webinar",
    "partnership index": "partnerships",
    "programme": "programme",
    "workshop room": "workshop_room",
    "workshop transcript": "workshop_transcript",
    "search": "/search/?q=hydrogen",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "privacy": "/privacy/",
    "filtered index with an error": "/cities/?country=ZZ&maturity=hopeful",
    "city map filtered to one country": "/cities/?country=GB",
}


def path_of(demo_site, name):
    where = PAGES[name]
    return where if where.startswith("/") else getattr(demo_site, where)


def open_page(page, demo_site, name):
    response = page.goto(path_of(demo_site, name))
    assert response.status == 200, f"{name}: HTTP {response.status} at {response.url}"
    if page.locator("[data-workshop]").count():
        # Check the room as its participants see it: connected, with its messages shown.
        page.locator('[data-connection][data-state="online"]').wait_for()
        page.locator("[data-messages] li").first.wait_for()
    return page


def axe_violations(page):
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci` (make browser-test does).")
    page.evaluate(AXE.read_text())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return results["violations"]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(
                " > ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            lines.append(f"    {target}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.fixture
def phone_page(new_context):
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


@pytest.mark.parametrize("name", PAGES)
def test_page_meets_wcag_21_aa(page, demo_site, name):
    open_page(page, demo_site, name)
    violations = axe_violations(page)
    assert not violations, f"{name} ({page.url}) fails WCAG 2.1 AA:\n{describe(violations)}"


@pytest.mark.parametrize("name", PAGES)
def test_page_has_exactly_one_h1(page, demo_site, name):
    open_page(page, demo_site, name)
    headings = page.locator("h1").all_inner_texts()
    assert len(headings) == 1, f"{name} has {len(headings)} h1 elements: {headings}"


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone_screen(phone_page, demo_site, name):
    open_page(phone_page, demo_site, name)
    widths = phone_page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    wide = phone_page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))"""
    )
    assert widths["scroll"] <= widths["inner"], (
        f"{name} scrolls sideways at {PHONE['width']} px: {widths}; too wide: {wide}"
    )


@pytest.mark.parametrize("name", ["home", "city", "filtered index with an error", "login"])
def test_skip_link_is_first_and_moves_focus_to_main(page, demo_site, name):
    open_page(page, demo_site, name)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Skip to main content", "href": "#main"}
    skip_link = page.locator("a.skip-link")
    box = skip_link.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 0, "the focused skip link is off screen"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab continues inside the main content, not back at the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")


def test_keyboard_focus_is_visible(page, demo_site):
    open_page(page, demo_site, "city index")
    for _ in range(3):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)} }"
        )
        assert outline["style"] != "none" and outline["width"] >= 2, outline


def test_filter_error_is_announced_next_to_the_form(page, demo_site):
    open_page(page, demo_site, "filtered index with an error")
    alert = page.get_by_role("alert")
    assert "not recognised" in alert.inner_text()
    assert "Country" in alert.inner_text()


def test_pages_work_without_javascript(new_context, demo_site):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(demo_site.cities)
    assert page.get_by_role("heading", level=2, name="3 cities").is_visible()
    page.get_by_label("Country").select_option("GB")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/cities/?*country=GB*")
    results = page.locator(".listing__results .card__title").all_inner_texts()
    assert results == ["Aberdeen"]
    page.locator(".listing__results").get_by_role("link", name="Aberdeen").click()
    assert page.locator("h1").inner_text() == "Aberdeen"
