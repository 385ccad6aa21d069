"""The partner finder and the next steps in Chromium: results first with the focus on their
heading, topics suggested as a city types, no WCAG 2.1 AA violation in any state, and a
message written to a city that its staff answer on their city's page.

Screenshots of every state go to $SCREENSHOTS (default /tmp/twinhub-finder) at 1280 and
375 px, for people to look at.
"""

import os
import tempfile
from pathlib import Path

import pytest

from .test_accessibility import PHONE, axe_violations, describe

SHOTS = Path(os.environ.get("SCREENSHOTS") or Path(tempfile.gettempdir()) / "twinhub-finder")
PASSWORD = "amber-kestrel-depot-17"


def no_violations(page, state):
    violations = axe_violations(page)
    assert not violations, f"finder {state} fails WCAG 2.1 AA:\n{describe(violations)}"


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def aberdeen_staff(committed_db, demo_site):
    """A confirmed staff member of Aberdeen, with an account of their own."""
    from django.contrib.auth import get_user_model

    from home.models import Person
    from hub.models import CityProfilePage

    user, created = get_user_model().objects.get_or_create(
        username="morag-aberdeen", defaults={"email": "morag@aberdeen.example"}
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
        Person.objects.create(
            user=user,
            display_name="Morag Innes",
            city=CityProfilePage.objects.get(slug="aberdeen"),
            city_status=Person.CityStatus.CONFIRMED,
        )
    return user


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_choosing_a_city_shows_its_partners_first_with_the_focus_on_them(
    new_context, demo_site, width
):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto("/search/partners/")
    assert page.title() == "Find partner cities · TwinHub"
    no_violations(page, "first visit")
    shoot(page, f"finder-first-visit-{width}")
    page.locator("details.finder-describe summary").click()
    no_violations(page, "description open")
    shoot(page, f"finder-description-open-{width}")

    # Choosing a city submits the form by itself.
    page.get_by_label("Your city", exact=True).select_option("namie")
    page.wait_for_url("**/search/partners/?city=namie*")
    assert page.title() == "Partners for Namie · TwinHub"
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Partners for Namie"
    assert page.evaluate("() => document.activeElement.id") == "results-heading"
    # The results sit above the form: the heading is near the top of the page.
    assert heading.bounding_box()["y"] < 400
    assert heading.bounding_box()["y"] < page.locator("#finder-form").bounding_box()["y"]
    cards = page.locator(".recommendations .card")
    assert "Aberdeen has experience with Hydrogen bus fleets" in cards.first.inner_text()
    assert page.locator(".strength").first.inner_text().endswith("match")
    # The numbers are there for those who open them.
    details = cards.first.locator("details.match-numbers")
    assert not details.locator("p").is_visible()
    details.locator("summary").click()
    assert "Score" in details.locator("p").inner_text()
    no_violations(page, "results for a city")
    shoot(page, f"finder-results-{width}")


def test_a_city_described_in_words_gets_topics_suggested_and_partners(new_context, demo_site):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/search/partners/")
    # The description is folded away until asked for.
    describe_box = page.locator("details.finder-describe")
    assert describe_box.get_attribute("open") is None
    assert not page.get_by_label("Your challenge, in your own words").is_visible()
    describe_box.locator("summary").click()
    page.get_by_label("Your challenge, in your own words").fill(
        "We want fuel cell buses on our routes, and people living near the depot to accept them."
    )
    suggestion = page.get_by_role("button", name="Hydrogen bus fleets")
    suggestion.wait_for()
    assert suggestion.get_attribute("aria-pressed") == "false"
    no_violations(page, "with suggestions")
    # By keyboard: the suggestion ticks the topic it names.
    suggestion.focus()
    page.keyboard.press("Enter")
    assert suggestion.get_attribute("aria-pressed") == "true"
    checkbox = page.locator("input[name=needs][value=hydrogen-buses]")
    assert checkbox.is_checked()
    assert (
        "Hydrogen bus fleets added." in page.locator("[data-topic-suggestions-status]").inner_text()
    )
    page.get_by_label("Your city's name (optional)").fill("Valencia")
    page.get_by_role("button", name="Find partners").click()
    page.wait_for_url("**/search/partners/?*")
    assert page.get_by_role("heading", level=1).inner_text() == "Partners for Valencia"
    assert page.evaluate("() => document.activeElement.id") == "results-heading"
    assert "From your description we added" in page.locator(".finder-results").inner_text()
    no_violations(page, "results for a described city")
    shoot(page, "finder-described-1280")


def test_nothing_chosen_is_explained_and_nothing_fitting_says_why(new_context, demo_site):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/search/partners/")
    page.get_by_role("button", name="Find partners").click()
    page.wait_for_url("**/search/partners/?*")
    assert "describe your challenge" in page.get_by_role("alert").inner_text()
    no_violations(page, "with an error")
    shoot(page, "finder-error-1280")

    page.goto("/search/partners/?offers=cycling&maturity=scaling")
    mentors = page.locator(".finder-results__kind").first
    assert "No city fits yet." in mentors.inner_text()
    assert "you have named nothing yet" in mentors.inner_text()
    no_violations(page, "with an empty list")


def test_a_message_to_a_city_is_answered_by_its_staff(new_context, demo_site, aberdeen_staff):
    visitor = new_context(viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto("/search/partners/?city=namie")
    visitor.get_by_role("link", name="Write to Aberdeen").first.click()
    assert visitor.get_by_role("heading", level=1).inner_text() == "Write to Aberdeen"
    no_violations(visitor, "contact form")
    visitor.get_by_label("Your name").fill("Kenji Sato")
    visitor.get_by_label("Your email address").fill("kenji@namie.example")
    visitor.get_by_label("Subject").fill("Bus depot visit")
    visitor.get_by_label("Your message").fill("Could our team visit your bus depot in May?")
    visitor.get_by_role("button", name="Send to Aberdeen").click()
    visitor.wait_for_url("**/contact/aberdeen/sent/")
    assert "Your message to Aberdeen is on its way" in visitor.locator("h1").inner_text()
    shoot(visitor, "contact-sent-1280")

    staff = new_context(viewport={"width": PHONE["width"], "height": 900}).new_page()
    staff.goto("/accounts/login/?next=/accounts/city/")
    staff.get_by_label("Username").fill("morag-aberdeen")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.wait_for_url("**/accounts/city/")
    item = staff.locator(".inbox__item", has_text="Bus depot visit")
    assert "Could our team visit your bus depot in May?" in item.inner_text()
    assert "kenji@namie.example" not in staff.content()
    no_violations(staff, "city inbox")
    item.get_by_label("Your answer").fill("Yes, the second week of May suits us.")
    item.get_by_role("button", name="Send the answer").click()
    staff.wait_for_url("**/accounts/city/")
    assert staff.get_by_role("status").filter(has_text="on its way by email").count() == 1
    answered = staff.locator(".inbox__item", has_text="Bus depot visit")
    assert "Yes, the second week of May suits us." in answered.inner_text()
    assert "Answer by Morag Innes" in answered.inner_text()
    shoot(staff, "city-inbox-375")


def test_a_proposal_is_accepted_by_the_other_citys_staff(new_context, demo_site, aberdeen_staff):
    from django.contrib.auth import get_user_model

    from home.models import Person
    from hub.models import CityProfilePage

    user, created = get_user_model().objects.get_or_create(
        username="aiko-namie", defaults={"email": "aiko@namie.example"}
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
        Person.objects.create(
            user=user,
            display_name="Aiko Watanabe",
            city=CityProfilePage.objects.get(slug="namie"),
            city_status=Person.CityStatus.CONFIRMED,
        )

    def sign_in(page, username, next_url):
        page.goto(f"/accounts/login/?next={next_url}")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"**{next_url}*")

    namie = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(namie, "aiko-namie", "/search/partners/?city=namie")
    mentors = namie.locator(".finder-results__kind").first
    mentors.get_by_role("link", name="Propose a partnership with Aberdeen").click()
    assert namie.get_by_role("heading", level=1).inner_text() == (
        "Propose a partnership with Aberdeen"
    )
    namie.get_by_label("In which programme").select_option(label="H2 Twin Cities")
    assert namie.get_by_label("What they would be to your city").input_value() == "mentor"
    namie.get_by_label("What you would like to do together").fill(
        "Mentor our first fuel cell bus line, with a site visit to your depot."
    )
    no_violations(namie, "proposal form")
    namie.get_by_role("button", name="Send the proposal to Aberdeen").click()
    namie.wait_for_url("**/partnerships/requests/sent/")
    assert "Your proposal to Aberdeen is on its way" in namie.locator("h1").inner_text()

    aberdeen = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(aberdeen, "morag-aberdeen", "/accounts/city/")
    proposal = aberdeen.locator(".inbox__item", has_text="Namie proposes a partnership")
    assert "Mentor our first fuel cell bus line" in proposal.inner_text()
    proposal.get_by_label("A note with your answer (optional)").fill("Welcome aboard.")
    proposal.get_by_role("button", name="Accept the proposal from Namie").click()
    aberdeen.wait_for_url("**/accounts/city/**")
    accepted = aberdeen.locator(".inbox__item", has_text="Namie proposes a partnership")
    assert "the draft partnership “Aberdeen and Namie” waits for a programme manager" in (
        accepted.inner_text()
    )
    no_violations(aberdeen, "city inbox with an accepted proposal")
    shoot(aberdeen, "proposal-accepted-1280")
