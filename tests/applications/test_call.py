"""A programme's call: its dates, its eligibility rules as data, said in words on the form."""

import datetime

import pytest
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from applications import eligibility
from applications.eligibility import RuleKind
from applications.models import CityGroup, EligibilityRule

MISSION_CITIES = "Umeå, SE\nStockholm, SE\nAachen, DE"


@pytest.fixture
def mission_cities(db):
    return CityGroup.objects.create(name="EU Mission Cities", members=MISSION_CITIES)


@pytest.fixture
def call(form_page, mission_cities):
    today = timezone.localdate()
    form_page.opens_on = today - datetime.timedelta(days=10)
    form_page.closes_on = today + datetime.timedelta(days=20)
    form_page.host_capacity = 2
    form_page.eligibility_rules = [
        EligibilityRule(kind=RuleKind.COUNTRIES, countries=["SE", "FI", "DE", "LT"]),
        EligibilityRule(kind=RuleKind.TARGET_YEAR, year=2050),
        EligibilityRule(kind=RuleKind.NOT_IN_GROUP, group=mission_cities),
    ]
    form_page.save_revision().publish()
    form_page.refresh_from_db()
    return form_page


@pytest.fixture
def eligible(valid_data):
    return {**valid_data, "city": "Kalmar", "target_year": "2045"}


def test_the_form_states_the_call_dates_and_rules(client, call):
    content = client.get(call.url).content.decode()
    assert "Applications open on" in content and "close at the end of" in content
    assert "Based in Finland, Germany, Lithuania, Sweden" in content
    assert "Aiming for climate neutrality by 2050 or earlier" in content
    assert "Not one of the EU Mission Cities" in content


def test_an_eligible_application_is_stored(client, call, eligible):
    response = client.post(call.url, eligible)
    assert "What happens next" in response.content.decode()
    assert FormSubmission.objects.get(page=call).form_data["target_year"] == 2045


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"country": "FR"}, "France is not one of the countries this call is open to."),
        (
            {"target_year": "2060"},
            "The call is open to cities aiming for climate neutrality by 2050 or earlier; "
            "the application&#x27;s target year is 2060.",
        ),
        ({"target_year": ""}, "the application gives no target year"),
        ({"city": "UMEA"}, "UMEA is one of the EU Mission Cities, who cannot apply"),
    ],
)
def test_a_failed_rule_is_said_in_words_and_nothing_is_stored(
    client, call, eligible, change, words
):
    response = client.post(call.url, {**eligible, **change})
    content = response.content.decode()
    assert words in content
    assert "Send the application anyway" in content
    assert not FormSubmission.objects.exists()


def test_the_applicant_may_send_an_ineligible_application_anyway(client, call, eligible):
    client.post(call.url, {**eligible, "country": "FR", "send_anyway": "on"})
    submission = FormSubmission.objects.get(page=call)
    assert "send_anyway" not in submission.form_data
    [failure] = call.rule_failures(submission.form_data)
    assert failure.rule == "Based in Finland, Germany, Lithuania, Sweden"


def test_field_errors_come_before_the_rules(client, call, eligible):
    content = client.post(call.url, {**eligible, "country": ""}).content.decode()
    assert "Choose the country your city is in." in content
    assert "Send the application anyway" not in content


@pytest.mark.parametrize(
    ("opens", "closes", "words"),
    [(5, 30, "This call is not open yet."), (-40, -1, "This call is closed.")],
)
def test_a_call_out_of_its_dates_says_so_and_stores_nothing(
    client, call, eligible, opens, closes, words
):
    today = timezone.localdate()
    call.opens_on = today + datetime.timedelta(days=opens)
    call.closes_on = today + datetime.timedelta(days=closes)
    call.save_revision().publish()
    assert words in client.get(call.url).content.decode()
    response = client.post(call.url, eligible)
    assert words in response.content.decode()
    assert call.closes_on.strftime("%-d %B %Y") in response.content.decode()
    assert not FormSubmission.objects.exists()


def test_the_consent_links_the_privacy_page(client, call):
    assert 'href="/privacy/"' in client.get(call.url).content.decode()


def test_a_rule_needs_its_value(form_page):
    rule = EligibilityRule(page=form_page, kind=RuleKind.TARGET_YEAR)
    with pytest.raises(Exception, match="latest target year"):
        rule.clean()


def test_group_members_are_compared_without_accents_or_case(mission_cities):
    assert mission_cities.includes("umea", "se")
    assert not mission_cities.includes("Umeå", "FI")
    assert eligibility.group_key("Umeå", "se") == eligibility.group_key("UMEA", "SE")
