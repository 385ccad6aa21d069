"""The workspace in the Wagtail admin: facilitators edit their partnerships' rows, managers
follow every partnership on one overview and export it."""

import csv
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document

from home.roles import setup_roles
from partnerships.models import (
    ActivityEntry,
    Meeting,
    PartnershipMember,
    PartnershipPage,
    PlanAction,
    WorkspaceDocument,
)
from tests import bulk, factories

pytestmark = pytest.mark.django_db


def refused(response):
    """The admin turns a refusal into a redirect to its dashboard, with a message."""
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


@pytest.fixture
def roles(twinning):
    setup_roles()
    return twinning


def _other(twinning, slug="other-pair"):
    return factories.PartnershipPageFactory(
        parent=twinning.programme,
        title=f"Pair {slug}",
        slug=slug,
        kind="mission-twin",
        members=[(twinning.umea, "mission-city"), (twinning.elbasan, "twin-city")],
    )


def test_a_facilitator_keeps_their_own_partnerships_workspace_in_the_admin(client, roles):
    other = _other(roles)
    mine = Meeting.objects.create(
        partnership=roles.partnership, title="Kick-off", starts_at=timezone.now()
    )
    theirs = Meeting.objects.create(partnership=other, title="Elsewhere", starts_at=timezone.now())
    client.force_login(roles.facilitator)
    listing = client.get(reverse("wagtailsnippets_partnerships_meeting:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Kick-off" in html and "Elsewhere" not in html
    edit = reverse("wagtailsnippets_partnerships_meeting:edit", args=[theirs.pk])
    refused(client.get(edit))
    assert (
        client.get(reverse("wagtailsnippets_partnerships_meeting:edit", args=[mine.pk])).status_code
        == 200
    )

    response = client.post(
        reverse("wagtailsnippets_partnerships_planaction:add"),
        {
            "partnership": roles.partnership.pk,
            "title": "Green procurement pilot",
            "owner_team": "Procurement office",
            "due_on": "2027-03-31",
            "status": "planned",
            "practice_note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action = PlanAction.objects.get()
    entry = ActivityEntry.objects.get()
    assert entry.actor == roles.facilitator and action.partnership == roles.partnership
    assert entry.summary.startswith("added the plan action “Green procurement pilot”")

    # Another partnership is not among the facilitator's choices.
    response = client.post(
        reverse("wagtailsnippets_partnerships_planaction:add"),
        {
            "partnership": other.pk,
            "title": "Not mine",
            "owner_team": "Someone",
            "due_on": "2027-03-31",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert not PlanAction.objects.filter(title="Not mine").exists()


def test_outsiders_have_no_workspace_admin(client, roles):
    client.force_login(roles.umea_staff)
    assert client.get(reverse("wagtailsnippets_partnerships_meeting:list")).status_code in (
        302,
        403,
    )
    client.force_login(roles.facilitator)
    refused(client.get(reverse("partnerships_progress")))


def test_a_shared_file_opens_for_the_workspace_only(client, roles):
    document = Document.objects.create(
        title="Work plan", file=ContentFile(b"plan", name="work-plan.txt")
    )
    WorkspaceDocument.objects.create(
        partnership=roles.partnership, title="Work plan", document=document
    )
    url = document.url
    assert client.get(url).status_code == 302
    client.force_login(roles.outsider)
    assert client.get(url).status_code == 403
    client.force_login(roles.elbasan_staff)
    response = client.get(url)
    assert response.status_code == 200
    document.file.delete()


def _progress(client, roles, **params):
    return client.get(reverse("partnerships_progress"), {"programme": roles.programme.pk, **params})


def test_managers_follow_every_partnership_and_export_it(client, roles):
    _other(roles, slug="second")
    PlanAction.objects.create(
        partnership=roles.partnership,
        title="=HYPERLINK(1)",
        owner_team="Mayor's office",
        due_on=datetime.date(2026, 2, 1),
    )
    Meeting.objects.create(
        partnership=roles.partnership,
        title="Study visit",
        kind="site-visit",
        starts_at=timezone.now() + datetime.timedelta(days=20),
    )
    roles.partnership.title = "=Umeå and Elbasan"
    roles.partnership.save()
    client.force_login(roles.manager)
    html = _progress(client, roles).content.decode()
    assert "2 partnerships in Twinning Learning Programme" in html
    assert "Study visit" in html
    assert "1 overdue action" in html
    assert "0 of 3 done" in html

    response = _progress(client, roles, export="csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Partnership", "Cities", "Modules done"]
    first = rows[1]
    assert first[0] == "'=Umeå and Elbasan"  # a formula is escaped
    assert first[1] == "Umeå, Elbasan"
    assert first[5] == "Study visit"
    assert first[8] == "Draft" and first[9] == "1"
    assert first[11].endswith("/umea-elbasan/workspace/")


def _count(client, roles):
    _progress(client, roles)
    with CaptureQueriesContext(connection) as queries:
        assert _progress(client, roles).status_code == 200
    return len(queries)


def _add_partnerships(roles, start, count):
    """`count` partnerships of Umeå and Elbasan, each with a meeting coming and an overdue
    plan action, inserted in bulk."""
    pages = bulk.add_pages(
        [
            (
                roles.programme,
                PartnershipPage(
                    title=f"Pair {n}", slug=f"pair-{n}", kind="mission-twin", start_date=None
                ),
            )
            for n in range(start, start + count)
        ]
    )
    PartnershipMember.objects.bulk_create(
        PartnershipMember(page=page, city=city, role=role, sort_order=order)
        for page in pages
        for order, (city, role) in enumerate(
            [(roles.umea, "mission-city"), (roles.elbasan, "twin-city")]
        )
    )
    soon = timezone.now() + datetime.timedelta(days=3)
    Meeting.objects.bulk_create(Meeting(partnership=p, title="Call", starts_at=soon) for p in pages)
    PlanAction.objects.bulk_create(
        PlanAction(partnership=p, title="Act", owner_team="Team", due_on=datetime.date(2026, 1, 1))
        for p in pages
    )


def test_the_overview_costs_the_same_queries_for_10_and_200_partnerships(client, roles):
    client.force_login(roles.manager)
    _add_partnerships(roles, 0, 9)  # and the fixture's own: 10
    few = _count(client, roles)
    _add_partnerships(roles, 9, 190)
    html = _progress(client, roles).content.decode()
    assert "200 partnerships in Twinning Learning Programme" in html
    assert _count(client, roles) == few
