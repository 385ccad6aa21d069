"""A call's applications in the admin (filters, pages, bulk conversion, export) and a
matching round built from the call in one step, with true unmatched reasons and
confirmed overrides; `match_cities --from-applications` does the same."""

import csv
import datetime
import io
import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from applications.eligibility import RuleKind
from applications.models import ApplicationConversion, CityGroup, EligibilityRule
from home.roles import PROGRAMME_MANAGERS
from hub.models import CityProfilePage
from partnerships.models import MatchingRound, ProposedMatch
from tests import factories

LIST = "/admin/applications/"


@pytest.fixture
def tlp(hub_tree):
    """A Twinning-Learning-like programme: two Mission Cities host, one call with rules."""
    aachen = factories.CityProfilePageFactory(
        parent=hub_tree.cities,
        title="Aachen",
        slug="aachen",
        country="DE",
        offers=["citizen-engagement", "climate-governance"],
        needs=["building-renovation"],
    )
    torino = factories.CityProfilePageFactory(
        parent=hub_tree.cities,
        title="Torino",
        slug="torino",
        country="IT",
        offers=["energy-communities"],
        needs=["citizen-engagement"],
    )
    programme = factories.ProgrammePageFactory(
        parent=hub_tree.partnerships, title="Twinning", slug="twinning", runs_mission_twin=True
    )
    programme.member_cities.add(aachen, torino)
    programme.save_revision().publish()
    group = CityGroup.objects.create(
        name="EU Mission Cities", members="Aachen, DE\nTorino, IT\nStockholm, SE"
    )
    call = factories.ApplicationFormPageFactory(parent=programme, title="2025 call")
    call.opens_on = timezone.localdate() - datetime.timedelta(days=5)
    call.closes_on = timezone.localdate() + datetime.timedelta(days=5)
    call.host_capacity = 2
    call.eligibility_rules = [
        EligibilityRule(kind=RuleKind.COUNTRIES, countries=["SE", "LT", "DE", "IT", "FI"]),
        EligibilityRule(kind=RuleKind.TARGET_YEAR, year=2050),
        EligibilityRule(kind=RuleKind.NOT_IN_GROUP, group=group),
    ]
    call.save_revision().publish()

    class World:
        pass

    World.programme, World.call, World.aachen, World.torino = programme, call, aachen, torino
    return World


def apply(client, call, city, country, needs, offers=(), year="2045", anyway=False):
    data = {
        "city": city,
        "country": country,
        "contact_name": f"Contact in {city}",
        "contact_email": f"contact@{city.lower()}.example",
        "population": "80000",
        "target_year": year,
        "maturity": "planning",
        "needs": list(needs),
        "offers": list(offers),
        "motivation": "We want to learn from a Mission City.",
        "consent": "on",
        "fax_number": "",
    }
    if anyway:
        data["send_anyway"] = "on"
    client.post(call.url, data)
    return FormSubmission.objects.get(page=call, form_data__city=city)


@pytest.fixture
def applications(client, tlp):
    return {
        "Kalmar": apply(client, tlp.call, "Kalmar", "SE", ["citizen-engagement"]),
        "Vilnius": apply(client, tlp.call, "Vilnius", "LT", ["district-heating"]),
        "Lyon": apply(client, tlp.call, "Lyon", "FR", ["citizen-engagement"], anyway=True),
        "Stockholm": apply(
            client, tlp.call, "Stockholm", "SE", ["energy-communities"], anyway=True
        ),
    }


@pytest.fixture
def manager(client, django_user_model, tlp):
    call_command("setup_roles", stdout=StringIO())
    user = django_user_model.objects.create_user("pm", password="pw")
    user.groups.add(Group.objects.get(name=PROGRAMME_MANAGERS))
    client.force_login(user)
    return user


def test_the_list_shows_every_application_with_its_rule_result(client, applications, manager):
    content = client.get(LIST).content.decode()
    assert "4 applications" in content
    assert "France is not one of the countries this call is open to." in content
    assert "Stockholm is one of the EU Mission Cities, who cannot apply to this call." in content
    assert content.count("<strong>Ineligible</strong>") == 2


@pytest.mark.parametrize(
    ("query", "cities"),
    [
        ({"rules": "ineligible"}, {"Lyon", "Stockholm"}),
        ({"rules": "eligible"}, {"Kalmar", "Vilnius"}),
        ({"country": "SE"}, {"Kalmar", "Stockholm"}),
        ({"status": "converted"}, set()),
        ({"status": "new", "rules": "eligible", "country": "LT"}, {"Vilnius"}),
    ],
)
def test_filters_narrow_the_list(client, applications, manager, query, cities):
    response = client.get(LIST, query)
    shown = {
        city for city in applications if f'aria-label="Select {city}"' in response.content.decode()
    }
    assert shown == cities


def test_the_list_comes_in_pages(client, tlp, manager):
    FormSubmission.objects.bulk_create(
        [
            FormSubmission(page=tlp.call, form_data={"city": f"Town {n}", "country": "SE"})
            for n in range(30)
        ]
    )
    first = client.get(LIST).content.decode()
    assert "Page 1 of 2" in first and first.count('name="selected"') == 25
    second = client.get(LIST, {"page": "2"}).content.decode()
    assert second.count('name="selected"') == 5
    assert "showing the last one" in client.get(LIST, {"page": "9"}).content.decode()


def test_the_list_runs_the_same_queries_for_more_applications(client, tlp, manager):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    FormSubmission.objects.bulk_create(
        [
            FormSubmission(page=tlp.call, form_data={"city": f"Town {n}", "country": "SE"})
            for n in range(3)
        ]
    )
    few = count()
    FormSubmission.objects.bulk_create(
        [
            FormSubmission(page=tlp.call, form_data={"city": f"City {n}", "country": "FR"})
            for n in range(20)
        ]
    )
    assert count() == few


def test_export_has_the_rule_result_and_escapes_cells(client, applications, manager):
    FormSubmission.objects.filter(pk=applications["Lyon"].pk).update(
        form_data={**applications["Lyon"].form_data, "contact_name": "=cmd()"}
    )
    response = client.get(LIST, {"rules": "ineligible", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["Submitted", "Programme", "City", "Country"]
    assert "Rule result" in rows[0]
    by_city = {row[2]: row for row in rows[1:]}
    assert set(by_city) == {"Lyon", "Stockholm"}
    assert by_city["Lyon"][4].startswith("'=cmd()")
    assert by_city["Lyon"][rows[0].index("Rule result")].startswith("Ineligible: France")
    xlsx = client.get(LIST, {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_selected_applications_become_draft_cities_in_one_action(client, applications, manager):
    response = client.post(
        LIST,
        {"action": "convert", "selected": [applications["Kalmar"].pk, applications["Vilnius"].pk]},
        follow=True,
    )
    assert "2 draft cities created." in response.content.decode()
    kalmar = CityProfilePage.objects.get(slug="kalmar")
    assert not kalmar.live and kalmar.target_year == 2045
    assert ApplicationConversion.objects.count() == 2
    assert 'aria-label="Select Kalmar"' not in response.content.decode()
    converted = client.get(LIST, {"status": "converted"}).content.decode()
    assert "Converted: " in converted and "Kalmar" in converted


def test_a_round_from_the_call_in_one_step(client, applications, manager, tlp):
    # Kalmar was converted before; Vilnius was not: both are matched, neither is published.
    client.post(LIST, {"action": "convert", "selected": [applications["Kalmar"].pk]})
    response = client.post(LIST, {"action": "round", "call": tlp.call.pk}, follow=True)
    content = response.content.decode()
    assert (
        "created with 2 eligible applicants and 2 hosts; 2 ineligible applications left out"
        in content
    )
    matching_round = MatchingRound.objects.get()
    assert matching_round.programme.pk == tlp.programme.pk
    assert sorted(a.city.title for a in matching_round.applicants.all()) == ["Kalmar", "Vilnius"]
    assert sorted((h.city.title, h.capacity) for h in matching_round.hosts.all()) == [
        ("Aachen", 2),
        ("Torino", 2),
    ]
    assert (
        "Left out as ineligible: Lyon (France is not one"
        in matching_round.audit_entries.get().detail
    )

    url = reverse("partnerships_round_matches", args=[matching_round.pk])
    content = client.post(url, {"action": "propose"}, follow=True).content.decode()
    assert "Proposed 1 pairs; 1 unmatched." in content
    pair = matching_round.matches.get(applicant__slug="kalmar")
    assert pair.host.slug in {"aachen", "torino"} and pair.score > 0
    vilnius = matching_round.matches.get(applicant__slug="vilnius")
    # Both hosts have free places: the reason is the topics, never the capacity.
    assert vilnius.unmatched_reason == "No host shares a topic with Vilnius."
    assert "It would match if it added a need the hosts offer" in vilnius.suggestion
    assert "No host shares a topic with Vilnius." in content
    listed = client.get(LIST, {"status": "matched"}).content.decode()
    assert "Matched with" in listed and "Kalmar" in listed


def test_an_override_without_a_shared_topic_asks_for_confirmation_and_a_reason(
    client, applications, manager, tlp
):
    client.post(LIST, {"action": "round", "call": tlp.call.pk})
    matching_round = MatchingRound.objects.get()
    url = reverse("partnerships_round_matches", args=[matching_round.pk])
    client.post(url, {"action": "propose"})
    vilnius = matching_round.matches.get(applicant__slug="vilnius")
    override = {"action": "override", "match": vilnius.pk, "host": tlp.torino.pk}

    asked = client.post(url, override)
    assert (
        "Vilnius and Torino share no topic this round scores (a score of 0)."
        in asked.content.decode()
    )
    assert 'name="confirmed" value="yes"' in asked.content.decode()
    assert ProposedMatch.objects.get(pk=vilnius.pk).host is None

    no_reason = client.post(url, {**override, "confirmed": "yes", "reason": "  "})
    assert no_reason.status_code == 409
    assert "Give a reason for pairing them anyway." in no_reason.content.decode()
    assert ProposedMatch.objects.get(pk=vilnius.pk).host is None

    client.post(url, {**override, "confirmed": "yes", "reason": "Torino plans a heat network."})
    vilnius.refresh_from_db()
    assert vilnius.host == tlp.torino and vilnius.overridden and vilnius.score == 0
    entry = matching_round.audit_entries.filter(action="override").get()
    assert entry.user == manager
    assert "Vilnius: no host → Torino." in entry.detail
    assert "Reason: Torino plans a heat network." in entry.detail


def test_match_cities_from_applications(applications, tlp):
    out, err = StringIO(), StringIO()
    call_command(
        "match_cities", "--programme", "twinning", "--from-applications", stdout=out, stderr=err
    )
    data = json.loads(out.getvalue())
    assert [pair["applicant"] for pair in data["pairs"]] == ["kalmar"]
    assert {"applicant", "host", "score", "reasons"} <= set(data["pairs"][0])
    assert data["unmatched"][0]["applicant"] == "vilnius"
    assert data["unmatched"][0]["reason"] == "No host shares a topic with Vilnius."
    ineligible = {item["applicant"]: item["rule"] for item in data["ineligible"]}
    assert ineligible == {
        "lyon": "Based in Finland, Germany, Italy, Lithuania, Sweden",
        "stockholm": "Not one of the EU Mission Cities",
    }
    assert "Reading the applications to the call of Twinning" in err.getvalue()
    assert (
        "2 eligible applicants (2 converted into draft cities), 2 ineligible, 2 hosts."
        in err.getvalue()
    )
    assert "Proposed 1 pairs; 1 unmatched." in err.getvalue()


def test_match_cities_from_applications_needs_a_programme_with_a_call(hub_tree):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="needs --programme"):
        call_command("match_cities", "--from-applications", stdout=StringIO(), stderr=StringIO())
    factories.ProgrammePageFactory(parent=hub_tree.partnerships, slug="empty")
    with pytest.raises(CommandError, match="has no call"):
        call_command(
            "match_cities",
            "--programme",
            "empty",
            "--from-applications",
            stdout=StringIO(),
            stderr=StringIO(),
        )


def test_people_who_may_not_convert_cannot_see_the_list(client, django_user_model, applications):
    user = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(LIST).status_code in (302, 403)
