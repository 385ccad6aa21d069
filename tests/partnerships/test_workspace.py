"""The partnership workspace on the site: who opens it, and the year of work done in it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerships.models import (
    ActivityEntry,
    Meeting,
    PartnershipModule,
    PlanAction,
    PlanSignature,
)
from tests import factories

pytestmark = pytest.mark.django_db


def workspace_url(twinning, rest=""):
    return f"{twinning.partnership.url}workspace/{rest}"


def test_members_facilitators_and_managers_open_the_workspace(client, twinning):
    for user in (twinning.umea_staff, twinning.elbasan_staff, twinning.facilitator):
        client.force_login(user)
        response = client.get(workspace_url(twinning))
        assert response.status_code == 200
        assert "Schedule a meeting or site visit" in response.content.decode()
    client.force_login(twinning.manager)
    html = client.get(workspace_url(twinning)).content.decode()
    assert "You follow this workspace as a programme manager" in html
    assert "Schedule a meeting or site visit" not in html
    assert client.get(workspace_url(twinning, "meetings/new/")).status_code == 403


def test_others_are_refused_clearly_and_told_whom_to_ask(client, twinning):
    response = client.get(workspace_url(twinning))
    assert response.status_code == 302 and "/login/" in response["Location"]
    for user in (twinning.outsider, twinning.unconfirmed):
        client.force_login(user)
        for rest in ("", "meetings/new/", "actions/new/"):
            response = client.get(workspace_url(twinning, rest))
            assert response.status_code == 403
            html = response.content.decode()
            assert "is for its partners" in html
            assert 'Ask <span class="person">Maria Costa' in html
            assert "(NetZeroCities)" in html
        assert client.post(workspace_url(twinning, "plan/sign/")).status_code == 403
    assert not PlanSignature.objects.exists()


def test_modules_carry_dates_from_the_start_and_late_ones_are_flagged(client, twinning):
    client.force_login(twinning.elbasan_staff)
    html = client.get(workspace_url(twinning)).content.decode()
    # Getting Started runs two months from 12 January 2026; it is not done, so it is late.
    assert "12 Jan 2026 – 12 Mar 2026" in html
    assert "12 Mar 2026 – 12 Sep 2026" in html
    assert html.count('<strong class="late">Late</strong>') == (
        2 if timezone.localdate() > datetime.date(2026, 9, 12) else 1
    )


def test_a_member_completes_a_module(client, twinning):
    module = twinning.programme.modules.get(name="Getting Started")
    client.force_login(twinning.umea_staff)
    url = workspace_url(twinning, f"modules/{module.pk}/")
    assert "A shared work plan" in client.get(url).content.decode()
    response = client.post(url, {"status": "done", "starts_on": "2026-01-12", "due_on": ""})
    assert response.status_code == 400
    assert "Say what the module produced" in response.content.decode()
    assert not PartnershipModule.objects.exists()
    response = client.post(
        url,
        {
            "status": "done",
            "starts_on": "2026-01-12",
            "due_on": "2026-03-12",
            "outputs": "A work plan agreed by both teams.",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Getting Started is now “done”." in html
    assert "A work plan agreed by both teams." in html
    entry = ActivityEntry.objects.get()
    assert entry.actor == twinning.umea_staff
    assert (
        'Ingrid Lind <span class="person__where">(Umeå)</span></span> set Getting Started to “done”'
        in html
    )
    assert entry.summary == "set Getting Started to “done”"
    assert client.get(twinning.partnership.url).content.decode().count("Getting Started: done") == 1


def test_a_member_schedules_a_site_visit_with_its_plan(client, twinning):
    client.force_login(twinning.elbasan_staff)
    url = workspace_url(twinning, "meetings/new/")
    data = {
        "kind": "site-visit",
        "title": "District heating in Umeå",
        "starts_at": "2027-05-12T09:00",
        "place": "",
        "visit_programme": "The heat plant; the waste sorting facility.",
        "attendees": [twinning.elbasan_staff.pk, twinning.umea_staff.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Say where the site visit takes place." in response.content.decode()
    data["place"] = "Umeå"
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Scheduled “District heating in Umeå” on 12 May 2027." in html
    assert "Wednesday 12 May 2027, 09:00</time> · Umeå" in html
    assert 'Arta Hoxha <span class="person__where">(Elbasan)</span>' in html
    meeting = Meeting.objects.get()
    assert set(meeting.attendees.all()) == {twinning.elbasan_staff, twinning.umea_staff}
    assert ActivityEntry.objects.get().summary == (
        "scheduled the site visit “District heating in Umeå” for 12 May 2027"
    )


def test_attendees_are_the_partnerships_people_only(client, twinning):
    client.force_login(twinning.elbasan_staff)
    response = client.post(
        workspace_url(twinning, "meetings/new/"),
        {
            "kind": "online",
            "title": "Kick-off",
            "starts_at": "2027-02-01T10:00",
            "attendees": [twinning.outsider.pk],
        },
    )
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def _add_action(client, twinning, title="Open a one-stop shop for renovation", **extra):
    data = {
        "title": title,
        "owner": twinning.elbasan_staff.pk,
        "due_on": "2027-06-30",
        "status": "planned",
        "practice": twinning.umea.pk,
        "practice_note": "Umeå Climate Roadmap",
        **extra,
    }
    return client.post(workspace_url(twinning, "actions/new/"), data, follow=True)


def test_both_cities_sign_the_plan_and_it_is_published(client, twinning):
    client.force_login(twinning.elbasan_staff)
    html = _add_action(client, twinning).content.decode()
    assert "Added the action “Open a one-stop shop for renovation”." in html
    assert "Status:</strong> Draft" in html
    action = PlanAction.objects.get()
    assert action.owner == twinning.elbasan_staff

    html = client.post(workspace_url(twinning, "plan/sign/"), follow=True).content.decode()
    assert "Waiting for Umeå" in html
    assert "Signed by 1 of 2 cities" in html
    html = client.post(workspace_url(twinning, "plan/sign/"), follow=True).content.decode()
    assert "Elbasan has already signed the plan" in html
    assert PlanSignature.objects.count() == 1
    assert "Open a one-stop shop" not in client.get(twinning.partnership.url).content.decode()

    # A facilitator follows and edits, but signs for no city.
    client.force_login(twinning.facilitator)
    html = client.post(workspace_url(twinning, "plan/sign/"), follow=True).content.decode()
    assert "Only the confirmed staff of a member city can sign" in html

    client.force_login(twinning.umea_staff)
    html = client.post(workspace_url(twinning, "plan/sign/"), follow=True).content.decode()
    assert "Every city has: it is now published." in html
    assert "Status:</strong> Signed." in html
    public = client.get(twinning.partnership.url).content.decode()
    assert "Open a one-stop shop for renovation" in public
    assert "Arta Hoxha" in public and "Umeå Climate Roadmap" in public
    summaries = list(ActivityEntry.objects.order_by("pk").values_list("summary", flat=True))
    assert summaries[-3:] == [
        "signed the Replication Plan for Elbasan",
        "signed the Replication Plan for Umeå",
        "The Replication Plan is signed by every member city",
    ]


def test_changing_the_plan_withdraws_its_signatures(client, twinning):
    client.force_login(twinning.elbasan_staff)
    _add_action(client, twinning)
    client.post(workspace_url(twinning, "plan/sign/"))
    action = PlanAction.objects.get()
    html = _add_action(client, twinning, title="Reuse greywater in two parks").content.decode()
    assert not PlanSignature.objects.exists()
    assert "the signatures of Elbasan were withdrawn" in html
    assert PlanAction.objects.count() == 2
    assert action in PlanAction.objects.all()


def test_an_action_needs_an_owner_and_a_due_date(client, twinning):
    client.force_login(twinning.umea_staff)
    response = client.post(
        workspace_url(twinning, "actions/new/"),
        {"title": "Something", "owner": "", "owner_team": "", "due_on": "", "status": "planned"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say who answers for the action" in html
    assert "This field is required." in html
    assert not PlanAction.objects.exists()


def test_bad_addresses_are_not_found(client, twinning, hub_tree):
    other = factories.PartnershipPageFactory(
        parent=twinning.programme,
        slug="other",
        members=[(twinning.umea, "mission-city"), (twinning.elbasan, "twin-city")],
        kind="mission-twin",
    )
    foreign = Meeting.objects.create(partnership=other, title="Elsewhere", starts_at=timezone.now())
    client.force_login(twinning.umea_staff)
    assert client.get(workspace_url(twinning, "nonsense/new/")).status_code == 404
    assert client.get(workspace_url(twinning, "modules/new/")).status_code == 404
    assert client.get(workspace_url(twinning, "modules/999999/")).status_code == 404
    assert client.get(workspace_url(twinning, f"meetings/{foreign.pk}/")).status_code == 404
    assert client.get(workspace_url(twinning, "plan/sign/")).status_code == 405


def _fill(twinning, count):
    now = timezone.now()
    for n in range(count):
        meeting = Meeting.objects.create(
            partnership=twinning.partnership,
            kind="online" if n % 2 else "site-visit",
            title=f"Meeting {n}",
            starts_at=now + datetime.timedelta(days=n - count // 2),
            place="Umeå",
        )
        meeting.attendees.add(twinning.umea_staff, twinning.elbasan_staff, twinning.facilitator)
        PlanAction.objects.create(
            partnership=twinning.partnership,
            title=f"Action {n}",
            owner=twinning.umea_staff if n % 2 else twinning.elbasan_staff,
            due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=30 * n),
            practice=twinning.elbasan,
        )
        ActivityEntry.objects.create(
            partnership=twinning.partnership,
            actor=twinning.umea_staff if n % 2 else twinning.facilitator,
            summary=f"did thing {n}",
        )
    for module in twinning.programme.modules.all():
        PartnershipModule.objects.get_or_create(
            partnership=twinning.partnership, module=module, defaults={"status": "in-progress"}
        )
    PlanSignature.objects.get_or_create(
        partnership=twinning.partnership, city=twinning.umea, signed_by=twinning.umea_staff
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Session, user, page routing, navigation and the workspace's own dozen queries.
WORKSPACE_QUERIES = 36


def test_the_workspace_costs_the_same_queries_however_much_it_holds(client, twinning):
    client.force_login(twinning.umea_staff)
    url = workspace_url(twinning)
    _fill(twinning, 2)
    client.get(url)  # the first request fills the site's caches (navigation, restrictions)
    few = _queries(client, url)
    _fill(twinning, 20)
    many = _queries(client, url)
    assert few == many
    assert many <= WORKSPACE_QUERIES


def test_a_member_reports_the_figures_of_their_kind_of_partnership(client, twinning):
    client.force_login(twinning.umea_staff)
    url = workspace_url(twinning, "outcomes/new/")
    form = client.get(url).content.decode()
    assert "Actions replicated" in form and "Capacity deployed (MW)" not in form
    bad = {"metric": "mw-deployed", "period": "2026 H2", "value": "2"}
    assert client.post(url, bad).status_code == 400
    negative = {"metric": "actions-replicated", "period": "2026 H2", "value": "-1"}
    response = client.post(url, negative)
    assert response.status_code == 400
    assert "cannot be negative" in response.content.decode()
    good = {"metric": "actions-replicated", "period": "2026 H2", "value": "2", "note": "Plan"}
    html = client.post(url, good, follow=True).content.decode()
    assert "Reported actions replicated for 2026 H2." in html
    assert '<td data-label="Value">2</td>' in html
    assert ActivityEntry.objects.get().summary == "reported actions replicated: 2 for 2026 H2"
