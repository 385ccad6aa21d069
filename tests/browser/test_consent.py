"""Consent of a proposed pair in Chromium: a city's staff member opens the pair from the
city's inbox, is told a decline needs a reason, and accepts; the page has no WCAG 2.1 AA
violation in any of these states.

Screenshots go to $SCREENSHOTS (default /tmp/twinhub-consent).
"""

import os
import tempfile
from pathlib import Path

import pytest

from .test_accessibility import axe_violations, describe

SHOTS = Path(os.environ.get("SCREENSHOTS") or Path(tempfile.gettempdir()) / "twinhub-consent")
PASSWORD = "otter-meadow-lantern-17"


def no_violations(page, state):
    violations = axe_violations(page)
    assert not violations, f"consent page {state} fails WCAG 2.1 AA:\n{describe(violations)}"


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def pair(committed_db, demo_site):
    """A round of its own whose one proposed pair has been sent to both cities."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from home.models import Person
    from partnerships.models import MatchingRound, PartnershipIndexPage, ProposedMatch
    from tests import factories

    existing = MatchingRound.objects.filter(name="Consent in the browser").first()
    if existing is not None:
        return existing.matches.get()
    index = PartnershipIndexPage.objects.get()
    programme = factories.ProgrammePageFactory(
        parent=index, title="Consent programme", slug="consent-programme"
    )
    cities = index.get_parent().get_children().get(slug="cities")
    host = factories.CityProfilePageFactory(
        parent=cities, title="Padova", slug="padova-consent", country="IT"
    )
    applicant = factories.CityProfilePageFactory(
        parent=cities, title="Gävle", slug="gavle-consent", country="SE"
    )
    matching_round = MatchingRound.objects.create(
        name="Consent in the browser", programme=programme, kind="twin"
    )
    user = get_user_model().objects.create(username="consent-gavle")
    user.set_password(PASSWORD)
    user.save()
    Person.objects.create(
        user=user, display_name="Karin Sjöberg", city=applicant, city_status="confirmed"
    )
    return ProposedMatch.objects.create(
        round=matching_round,
        applicant=applicant,
        host=host,
        score=3.2,
        reasons=[
            {
                "topic": "energy-communities",
                "topic_name": "Energy communities",
                "theirs": "offers",
                "yours": "needs",
                "weight": 1.0,
            }
        ],
        consent_requested_at=timezone.now(),
    )


def test_a_city_staff_member_accepts_a_pair(new_context, pair, browser_watch):
    browser_watch.allow_console(r"status of 400")  # a decline without a reason, sent back
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/accounts/login/?next=/accounts/city/")
    page.get_by_label("Username").fill("consent-gavle")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/city/")
    page.get_by_role("link", name="Padova (host) and Gävle (applicant)").click()
    page.wait_for_url(f"**/partnerships/pairs/{pair.pk}/consent/")
    assert "Padova: not answered yet" in page.inner_text("main")
    no_violations(page, "before an answer")

    page.get_by_role("button", name="Decline the pair").click()
    assert "Say why your city declines this pair." in page.locator(".error-summary").inner_text()
    no_violations(page, "with an error")
    shoot(page, "consent-error-1280")

    page.get_by_role("button", name="Accept the pair").click()
    page.wait_for_url(f"**/partnerships/pairs/{pair.pk}/consent/")
    main = page.inner_text("main")
    assert "Gävle has answered: accepted." in main
    assert "Gävle: accepted by Karin Sjöberg" in main
    no_violations(page, "after accepting")
    shoot(page, "consent-accepted-1280")
