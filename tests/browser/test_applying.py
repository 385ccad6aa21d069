"""Applying to a call and building a matching round from it, in Chromium: the form says
which rule an application fails, in words, before anything is stored; the programme
manager builds the round from the call in the admin and proposes its matches.

Screenshots go to $SCREENSHOTS (default <temp>/journey-*.png).
"""

import datetime
import os
import tempfile
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from .test_accessibility import axe_violations, describe

PASSWORD = "grey-heron-harbour-42"
SHOTS = Path(os.environ.get("SCREENSHOTS") or tempfile.gettempdir())


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"journey-{name}.png"), full_page=True)


@pytest.fixture
def call(demo_site, committed_db):
    """A programme with two hosts and an open call whose rules are data."""
    from applications.eligibility import RuleKind
    from applications.models import CityGroup, EligibilityRule
    from hub.models import CityProfilePage
    from partnerships.models import PartnershipIndexPage
    from tests import factories

    suffix = uuid.uuid4().hex[:6]
    index = PartnershipIndexPage.objects.get()
    programme = factories.ProgrammePageFactory(
        parent=index, title=f"Hydrogen twinning {suffix}", slug=f"h2-twinning-{suffix}"
    )
    programme.member_cities.add(*CityProfilePage.objects.filter(slug__in=["aberdeen", "namie"]))
    programme.save_revision().publish()
    group = CityGroup.objects.create(name=f"Front-runners {suffix}", members="Aberdeen, GB")
    page = factories.ApplicationFormPageFactory(
        parent=programme, title="The 2026 call", slug="apply"
    )
    page.opens_on = timezone.localdate() - datetime.timedelta(days=3)
    page.closes_on = timezone.localdate() + datetime.timedelta(days=30)
    page.host_capacity = 2
    page.eligibility_rules = [
        EligibilityRule(kind=RuleKind.COUNTRIES, countries=["SE", "NO", "FI", "DK"]),
        EligibilityRule(kind=RuleKind.TARGET_YEAR, year=2050),
        EligibilityRule(kind=RuleKind.NOT_IN_GROUP, group=group),
    ]
    page.save_revision().publish()
    return page


def fill_application(page, city, year):
    page.get_by_label("City", exact=True).fill(city)
    page.get_by_label("Country").select_option("SE")
    page.get_by_label("Population").fill("65000")
    page.get_by_label("Climate-neutrality target year").fill(year)
    page.get_by_label("How far along is your city?").select_option("planning")
    page.get_by_label("Contact person").fill("Karin Berg")
    page.get_by_label("Contact email").fill("karin.berg@example.org")
    page.locator('input[name="needs"][value="hydrogen-buses"]').check()
    page.get_by_label("Why does your city want to take part?").fill(
        "Our bus operator wants to trial fuel cell buses next year."
    )
    page.get_by_label("I agree that TwinHub stores").check()


def test_applying_says_which_rule_fails_in_words(page, call, live_url):
    from wagtail.contrib.forms.models import FormSubmission

    page.goto(call.url)
    facts = page.get_by_role("region", name="The call")
    assert "Aiming for climate neutrality by 2050 or earlier" in facts.inner_text()
    assert "Based in Denmark, Finland, Norway, Sweden" in facts.inner_text()
    city = f"Skellefteå {uuid.uuid4().hex[:4]}"
    fill_application(page, city, "2060")
    page.get_by_role("button", name="Send the application").click()
    page.wait_for_load_state()

    summary = page.get_by_role("alert")
    text = summary.inner_text()
    assert "does not meet a rule of this call" in text
    assert (
        "The call is open to cities aiming for climate neutrality by 2050 or earlier; "
        "the application's target year is 2060." in text
    )
    assert page.get_by_label("Send the application anyway").is_visible()
    # What was typed is still there, and nothing was stored.
    assert page.get_by_label("City", exact=True).input_value() == city
    assert not FormSubmission.objects.filter(page=call, form_data__city=city).exists()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    shot(page, "apply-rule")
    # The summary's line leads to the rule and the box that sends the application anyway.
    assert summary.get_by_role("link").get_attribute("href") == "#rule-failures"
    assert page.locator("#rule-failures").get_by_label("Send the application anyway").count() == 1

    page.get_by_label("Climate-neutrality target year").fill("2040")
    page.get_by_role("button", name="Send the application").click()
    page.wait_for_load_state()
    assert "What happens next" in page.content()
    assert FormSubmission.objects.filter(page=call, form_data__city=city).exists()


def test_a_manager_builds_a_round_from_the_call_in_the_admin(new_context, call, live_url):
    from django.contrib.auth import get_user_model
    from wagtail.contrib.forms.models import FormSubmission

    for city, needs in (("Luleå", ["hydrogen-buses"]), ("Kiruna", ["hydrogen-ports"])):
        FormSubmission.objects.create(
            page=call,
            form_data={
                "city": f"{city} {call.pk}",
                "country": "SE",
                "contact_name": "Demo",
                "contact_email": "demo@example.org",
                "population": 50000,
                "target_year": 2045,
                "maturity": "planning",
                "needs": needs,
                "offers": [],
                "motivation": "A sample.",
                "consent": True,
            },
        )
    username = f"pm-{uuid.uuid4().hex[:6]}"
    get_user_model().objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    admin = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    admin.goto("/admin/login/")
    admin.get_by_label("Username").fill(username)
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url("**/admin/")

    admin.goto("/admin/applications/")
    admin.get_by_label("Call").select_option(str(call.pk))
    admin.get_by_role("button", name="Filter").click()
    admin.wait_for_load_state()
    assert admin.get_by_text("2 applications match the filters").is_visible()
    shot(admin, "admin-applications")

    admin.get_by_role("button", name="New round from this call").click()
    admin.wait_for_url("**/matching-rounds/*/matches/")
    assert "created with 2 eligible applicants and 2 hosts" in admin.content()
    admin.get_by_role("button", name="Propose matches").click()
    admin.wait_for_load_state()
    content = admin.content()
    assert "Proposed 1 pairs; 1 unmatched." in content
    unmatched = admin.get_by_role("table").nth(1)
    assert f"No host shares a topic with Kiruna {call.pk}." in unmatched.inner_text()
    shot(admin, "admin-round")

    # Giving Kiruna a host it shares nothing with asks for a reason first.
    unmatched.get_by_label(f"Host for Kiruna {call.pk}").select_option(label="Namie")
    unmatched.get_by_role("button", name="Assign").click()
    admin.wait_for_load_state()
    assert "share no topic this round scores" in admin.get_by_role("alert").inner_text()
    admin.get_by_label("Why pair").fill("Namie offered to host a study visit.")
    admin.get_by_role("button", name="Pair them anyway").click()
    admin.wait_for_load_state()
    assert "Reason: Namie offered to host a study visit." in admin.content()
    shot(admin, "admin-override")
