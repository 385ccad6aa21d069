"""The call's funnel on the managers' "Partnership progress" overview: applied, eligible,
matched, consented, active and plan signed, at a constant cost in queries."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from applications.calls import round_from_call, round_kind
from applications.eligibility import RuleKind
from applications.models import ApplicationConversion, EligibilityRule
from home.models import Person
from home.roles import PROGRAMME_MANAGERS
from partnerships import consent
from partnerships.models import MatchingRound, PairConsent, PlanSignature, ProposedMatch
from partnerships.overview import funnel_for
from partnerships.rounds import accept_match, propose_matches
from tests import bulk, factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(hub_tree):
    aachen = factories.CityProfilePageFactory(
        parent=hub_tree.cities,
        title="Aachen",
        slug="aachen",
        country="DE",
        offers=["citizen-engagement"],
        needs=["building-renovation"],
    )
    programme = factories.ProgrammePageFactory(
        parent=hub_tree.partnerships, title="Twinning", slug="twinning", runs_mission_twin=True
    )
    programme.member_cities.add(aachen)
    programme.save_revision().publish()
    call = factories.ApplicationFormPageFactory(parent=programme, title="2025 call")
    call.opens_on = timezone.localdate() - datetime.timedelta(days=5)
    call.host_capacity = 2
    call.eligibility_rules = [EligibilityRule(kind=RuleKind.COUNTRIES, countries=["SE", "LT"])]
    call.save_revision().publish()
    call.aachen, call.cities = aachen, hub_tree.cities
    return call


def application(call, city, country, needs):
    return FormSubmission.objects.create(
        page=call,
        form_data={
            "city": city,
            "country": country,
            "contact_name": f"Contact in {city}",
            "contact_email": f"contact@{city.lower()}.example",
            "population": "80000",
            "maturity": "planning",
            "needs": needs,
            "offers": [],
        },
    )


@pytest.fixture
def manager(client):
    call_command("setup_roles", stdout=StringIO())
    user = User.objects.create_user("pm", password="pw")
    user.groups.add(Group.objects.get(name=PROGRAMME_MANAGERS))
    client.force_login(user)
    return user


def staff(username, city):
    user = User.objects.create_user(username, password="pw")
    Person.objects.create(
        user=user, display_name=username, city=city, city_status=Person.CityStatus.CONFIRMED
    )
    return user


def test_each_stage_counts_what_reached_it(client, call, manager):
    application(call, "Kalmar", "SE", ["citizen-engagement"])
    application(call, "Vilnius", "LT", ["citizen-engagement"])
    application(call, "Lyon", "FR", ["citizen-engagement"])  # not an eligible country
    built = round_from_call(call, manager)
    propose_matches(built.matching_round, manager)
    assert funnel_for(call.get_parent()).stages() == [
        ("Applied", 3),
        ("Eligible", 2),
        ("Matched", 2),
        ("Consented by both cities", 0),
        ("Active (partnership created)", 0),
        ("Replication Plan signed", 0),
    ]
    consent.request_consent(built.matching_round, manager)
    pairs = {m.applicant.title: m for m in built.matching_round.matches.all()}
    host = staff("anke", call.aachen)
    for title in ("Kalmar", "Vilnius"):
        consent.answer(pairs[title], staff(f"staff-{title}", pairs[title].applicant), True)
    consent.answer(pairs["Kalmar"], host, True)
    consent.answer(pairs["Vilnius"], host, False, "We take one twin this year.")
    page = accept_match(ProposedMatch.objects.get(pk=pairs["Kalmar"].pk), manager)
    for member in page.members.all():
        PlanSignature.objects.create(partnership=page, city=member.city)
    html = client.get(
        reverse("partnerships_progress"), {"programme": call.get_parent().pk}
    ).content.decode()
    assert "The call&#x27;s funnel" in html or "The call's funnel" in html
    cells = html.split('class="listing funnel"')[1].split("</table>")[0]
    assert [c.split("</td>")[0] for c in cells.split("<td>")[1:]] == ["3", "2", "1", "1", "1", "1"]


def _grow(call, start, count):
    """`count` more eligible applications, converted, matched with Aachen and consented."""
    cities = bulk.add_cities(call.cities, count, start=start, guides=False)
    submissions = FormSubmission.objects.bulk_create(
        [
            FormSubmission(page=call, form_data={"city": city.title, "country": "SE"})
            for city in cities
        ]
    )
    ApplicationConversion.objects.bulk_create(
        [
            ApplicationConversion(submission=s, city=city)
            for s, city in zip(submissions, cities, strict=True)
        ]
    )
    matching_round = call.matching_round
    ProposedMatch.objects.bulk_create(
        [ProposedMatch(round=matching_round, applicant=city, host=call.aachen) for city in cities]
    )
    now = timezone.now()
    PairConsent.objects.bulk_create(
        [
            PairConsent(
                round=matching_round,
                applicant=city,
                host=call.aachen,
                city=answering,
                decision="accepted",
                answered_at=now,
            )
            for city in cities
            for answering in (city, call.aachen)
        ]
    )


def test_the_funnel_costs_the_same_queries_for_10_and_200_applications(client, call, manager):
    programme = call.get_parent().specific
    call.matching_round = MatchingRound.objects.create(
        name="2025 call", programme=programme, kind=round_kind(programme)
    )
    url = reverse("partnerships_progress")

    def count():
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url, {"programme": call.get_parent().pk}).content.decode()
        return len(queries), html

    _grow(call, 0, 10)
    few, html = count()
    cells = html.split('class="listing funnel"')[1].split("</table>")[0]
    assert [c.split("</td>")[0] for c in cells.split("<td>")[1:]] == [
        "10", "10", "10", "10", "0", "0",
    ]  # fmt: skip
    _grow(call, 10, 190)
    many, html = count()
    cells = html.split('class="listing funnel"')[1].split("</table>")[0]
    assert [c.split("</td>")[0] for c in cells.split("<td>")[1:]][:4] == ["200"] * 4
    assert many == few
