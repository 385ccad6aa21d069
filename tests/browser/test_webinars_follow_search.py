"""Webinar registration, following a city, and the header search in Chromium: seats, the
waiting list and cancelling; suggestions on a page other than search, by keyboard, readable
and named by type; the search page at 320 px; no WCAG violation in any of these states."""

import datetime
import re
import uuid

import pytest
from django.utils import timezone

from tests.browser.test_accessibility import axe_violations, describe

SHOTS = "/tmp/webinars-{}.png"  # noqa: S108 (screenshots to look at, not data)


@pytest.fixture
def small_webinar(committed_db, demo_site):
    """An upcoming webinar with one seat, under the demo site's webinar index."""
    from hub.models import WebinarIndexPage
    from tests import factories

    start = timezone.now() + datetime.timedelta(days=9)
    webinar = factories.WebinarPageFactory(
        parent=WebinarIndexPage.objects.get(),
        title="Hydrogen valleys for small towns",
        slug=f"hydrogen-valleys-{uuid.uuid4().hex[:6]}",
        start=start,
        end=start + datetime.timedelta(hours=1),
        capacity=1,
        topics=["hydrogen-production"],
        speakers=[("speaker", {"name": "Energy planner", "organisation": "Town of Namie"})],
    )
    yield webinar
    webinar.delete()


def fill_registration(page, name, email):
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your organisation (optional)").fill("Municipality of Gabrovo")
    page.get_by_label("Your city (optional)").fill("Gabrovo")
    page.get_by_label("Your email address").fill(email)


def test_register_join_the_waiting_list_and_get_the_seat_when_someone_cancels(
    new_context, small_webinar
):
    first = new_context(viewport={"width": 1280, "height": 900}).new_page()
    first.goto(small_webinar.url)
    assert first.locator(".registration__seats").inner_text() == "1 seat left."
    violations = axe_violations(first)
    assert not violations, describe(violations)
    first.get_by_role("link", name="Register", exact=True).click()
    assert first.evaluate("document.activeElement.id") == "register-heading"
    fill_registration(first, "Ana Petrova", "ana@gabrovo.test")
    first.screenshot(path=SHOTS.format("registration-form"), full_page=True)
    first.get_by_role("button", name="Register").click()
    first.wait_for_url(re.compile(r"/registrations/[\w-]+/\?new=1$"))
    assert (
        "You are registered: you have a seat." in first.locator("main [role=status]").inner_text()
    )
    first_link = first.url.split("?")[0]

    second = new_context(viewport={"width": 1280, "height": 900}).new_page()
    second.goto(small_webinar.url)
    assert "All seats are taken" in second.locator(".registration__seats").inner_text()
    fill_registration(second, "Ivo Dimov", "ivo@gabrovo.test")
    second.get_by_role("button", name="Join the waiting list").click()
    second.wait_for_url(re.compile(r"/registrations/[\w-]+/"))
    status = second.locator("main [role=status]").inner_text()
    assert "you are on the waiting list, number 1." in status
    second.screenshot(path=SHOTS.format("waiting-list"), full_page=True)
    violations = axe_violations(second)
    assert not violations, describe(violations)

    # The first person cancels from their link, without signing in.
    first.goto(first_link)
    first.get_by_role("button", name="Cancel my registration").click()
    assert "Your registration is cancelled." in first.locator("main [role=status]").inner_text()
    first.screenshot(path=SHOTS.format("cancelled"), full_page=True)

    second.goto(second.url.split("?")[0])
    assert "You have a seat." in second.locator("main [role=status]").inner_text()


def test_bad_registration_is_explained_beside_the_form(page, small_webinar, browser_watch):
    browser_watch.allow_console(r"status of 400 \(Bad Request\)")  # the form's answer
    page.goto(small_webinar.url)
    page.get_by_label("Your email address").fill("not an address")
    page.get_by_role("button", name="Register").click()
    alert = page.get_by_role("alert")
    assert "Give your name" in alert.inner_text()
    alert.get_by_role("link", name=re.compile("Your name")).click()
    assert page.evaluate("document.activeElement.name") == "registration-name"
    violations = axe_violations(page)
    assert not violations, describe(violations)


def contrast(foreground, background):
    def luminance(rgb):
        channels = []
        for value in rgb:
            value /= 255
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        red, green, blue = channels
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rgb(css):
    return [int(part) for part in re.findall(r"\d+", css)[:3]]


def test_header_suggests_on_a_webinar_page_by_keyboard_and_escape_keeps_the_text(page, demo_site):
    page.goto(demo_site.past_webinar)
    box = page.locator("#site-search-q")
    box.click()
    box.press_sequentially("aber", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for()
    options = listbox.get_by_role("option")
    options.first.wait_for()
    labels = options.all_inner_texts()
    assert any("Aberdeen" in text and "City" in text for text in labels), labels
    assert "page" not in " ".join(labels).split()

    box.press("ArrowDown")
    active = options.nth(0)
    assert active.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == active.get_attribute("id")
    page.screenshot(path=SHOTS.format("header-suggestions"))
    # Readable: dark text on a light list, for the active suggestion and the others.
    for option in (active, options.nth(1)) if options.count() > 1 else (active,):
        style = option.evaluate(
            "e => { const s = getComputedStyle(e); const l = getComputedStyle(e.parentElement);"
            " return [s.color, s.backgroundColor === 'rgba(0, 0, 0, 0)' ? l.backgroundColor"
            " : s.backgroundColor]; }"
        )
        assert contrast(rgb(style[0]), rgb(style[1])) >= 4.5, style
    # Marked by more than colour: a bar and an outline the others lack.
    marks = active.evaluate(
        "e => [getComputedStyle(e).borderLeftColor, getComputedStyle(e).outlineStyle,"
        " getComputedStyle(e).fontWeight]"
    )
    assert marks[1] == "solid" and int(marks[2]) >= 600, marks
    violations = axe_violations(page)
    assert not violations, describe(violations)

    box.press("Escape")
    assert listbox.is_hidden()
    assert box.input_value() == "aber"
    assert box.get_attribute("aria-expanded") == "false"

    # Typing again and Enter on a suggestion opens it.
    box.press_sequentially("d", delay=30)
    options.first.wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(f"**{demo_site.city}")


def test_active_suggestion_stays_marked_in_forced_colours(new_context, demo_site):
    context = new_context(viewport={"width": 1280, "height": 900}, forced_colors="active")
    page = context.new_page()
    page.goto(demo_site.home)
    box = page.locator("#site-search-q")
    box.press_sequentially("hydrogen", delay=20)
    options = page.get_by_role("listbox", name="Suggestions").get_by_role("option")
    options.first.wait_for()
    box.press("ArrowDown")
    active = page.locator('.autocomplete [aria-selected="true"]')
    style = active.evaluate(
        "e => [getComputedStyle(e).forcedColorAdjust, getComputedStyle(e).outlineStyle]"
    )
    assert style == ["none", "solid"], style
    if options.count() > 1:
        other = options.nth(1).evaluate("e => getComputedStyle(e).backgroundColor")
        assert active.evaluate("e => getComputedStyle(e).backgroundColor") != other
    page.screenshot(path=SHOTS.format("forced-colours"))


def test_search_page_fits_320_pixels(new_context, demo_site):
    page = new_context(viewport={"width": 320, "height": 640}, is_mobile=True).new_page()
    page.goto("/search/?q=hydrogen")
    page.locator(".search-results").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > 320).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' +"
        " Math.round(e.getBoundingClientRect().right))"
    )
    page.screenshot(path=SHOTS.format("search-320"), full_page=True)
    assert width <= 320, f"the page is {width} px wide: {wide}"
    names = page.locator('[role="search"]').evaluate_all(
        "forms => forms.map(f => f.getAttribute('aria-label'))"
    )
    assert len(names) == 2 and all(names) and len(set(names)) == 2, names


def test_follow_a_city_and_see_it_listed(new_context, committed_db, demo_site, live_url):
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    from tests.browser.test_workshop import session_cookie

    user = get_user_model().objects.create_user(
        f"follower-{uuid.uuid4().hex[:6]}", email="follower@lancaster.test"
    )
    name, _, key = session_cookie(user).partition("=")
    context = new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": name, "value": key, "url": live_url}])
    page = context.new_page()
    try:
        page.goto(demo_site.city)
        feed = page.locator('link[rel="alternate"][type="application/atom+xml"]')
        assert feed.get_attribute("href") == "/feeds/cities/aberdeen.atom"
        page.get_by_role("button", name="Follow Aberdeen").click()
        assert "You follow Aberdeen" in page.locator("main [role=status]").inner_text()
        assert page.get_by_role("button", name="Stop following Aberdeen").is_visible()
        page.get_by_role("link", name="What you follow").click()
        assert page.get_by_role("link", name="Aberdeen", exact=True).is_visible()
        page.screenshot(path=SHOTS.format("follows"), full_page=True)
        violations = axe_violations(page)
        assert not violations, describe(violations)
    finally:
        Session.objects.filter(session_key=key).delete()
        user.delete()
