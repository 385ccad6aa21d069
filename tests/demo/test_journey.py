"""The 2025 Twinning Learning Programme call of the demo, run end to end as people would:
the call page, applying (eligible, and refused by a rule said in words), the admin's
applications list, converting many, a matching round from the call and its matches."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.color import no_style
from wagtail.contrib.forms.models import FormSubmission

from applications.models import ApplicationFormPage
from demo import builders, loader
from home.roles import PROGRAMME_MANAGERS
from partnerships.models import MatchingRound

STEPS = (
    "Sections",
    "Programmes",
    "Cities",
    "Twin cities",
    "Programme members",
    "City groups",
    "Application forms",
    "Applications",
)
LIST = "/admin/applications/"


@pytest.fixture
def call(db):
    loader.load(io.StringIO(), no_style(), builders.steps(*STEPS))
    return ApplicationFormPage.objects.get(slug="apply", url_path__contains="twinning")


@pytest.fixture
def manager(client, django_user_model, call):
    call_command("setup_roles", stdout=io.StringIO())
    user = django_user_model.objects.create_user("pm", password="pw")
    user.groups.add(Group.objects.get(name=PROGRAMME_MANAGERS))
    return user


def application(city, country, year, needs):
    return {
        "city": city,
        "country": country,
        "contact_name": "Liisa Virtanen",
        "contact_email": f"climate@{city.lower()}.example",
        "population": "120000",
        "target_year": year,
        "maturity": "planning",
        "needs": needs,
        "offers": ["district-heating"],
        "motivation": "We want to learn how a Mission City runs its climate contract.",
        "consent": "on",
        "fax_number": "",
    }


def test_the_call_from_application_to_matches(client, call, manager):
    # The call page says when it runs and who may apply.
    page = client.get(call.url).content.decode()
    assert "The 2025 Twinning Learning Programme call" in page
    assert "close at the end of" in page
    assert "Aiming for climate neutrality by 2050 or earlier" in page
    assert "Not one of the EU Mission Cities" in page
    stored = FormSubmission.objects.filter(page=call).count()
    assert stored == 12

    # An applicant whose target year is too late is told so, in words; nothing is stored.
    refused = client.post(call.url, application("Kuopio", "FI", "2060", ["citizen-engagement"]))
    assert "the application&#x27;s target year is 2060" in refused.content.decode()
    assert FormSubmission.objects.filter(page=call).count() == stored
    # With a target year the call accepts, the application is stored.
    accepted = client.post(call.url, application("Kuopio", "FI", "2040", ["citizen-engagement"]))
    assert "What happens next" in accepted.content.decode()

    # The manager sees every application of the call, and why four are ineligible.
    client.force_login(manager)
    listing = client.get(LIST, {"call": call.pk}).content.decode()
    assert "13 applications match the filters" in listing
    assert listing.count("<strong>Ineligible</strong>") == 4
    assert "United States of America is not one of the countries this call is open to." in listing
    assert "Stockholm is one of the EU Mission Cities" in listing
    assert "the application gives no target year" in listing

    # Converting a few in one action, then a round from the call in one step.
    eligible = FormSubmission.objects.filter(page=call, form_data__city__in=["Gävle", "Graz"])
    converted = client.post(
        LIST,
        {"action": "convert", "selected": [s.pk for s in eligible], "query": f"call={call.pk}"},
        follow=True,
    )
    assert "2 draft cities created." in converted.content.decode()
    round_page = client.post(LIST, {"action": "round", "call": call.pk}, follow=True)
    assert (
        "created with 9 eligible applicants and 16 hosts; 4 ineligible"
        in round_page.content.decode()
    )
    matching_round = MatchingRound.objects.get()
    assert {host.capacity for host in matching_round.hosts.all()} == {2}

    proposed = client.post(round_page.request["PATH_INFO"], {"action": "propose"}, follow=True)
    content = proposed.content.decode()
    assert "Proposed 8 pairs; 1 unmatched." in content
    # Kalmar wants to learn about hydrogen ports, which no Mission City offers.
    kalmar = matching_round.matches.get(applicant__slug="kalmar")
    assert kalmar.host is None
    assert kalmar.unmatched_reason == "No host shares a topic with Kalmar."
    assert "No host shares a topic with Kalmar." in content
    for pair in matching_round.matches.filter(host__isnull=False):
        assert pair.score > 0 and pair.reasons
    assert "Gävle" in content and "Kuopio" in content
    # The applications list now says who was matched with whom.
    matched = client.get(LIST, {"call": call.pk, "status": "matched"}).content.decode()
    assert matched.count("Matched with") == 8
