"""The demo's partnership workspaces: Aachen and Jyväskylä part-way through their year,
Aachen and Vilnius with a site visit report and a signed plan, Reykjavik and Jakobstad in
Getting Started with their first meeting."""

import io

from django.core.management.base import OutputWrapper
from django.core.management.color import no_style
from django.test import Client
from django.utils import timezone

from demo import builders, loader
from partnerships.models import (
    ActivityEntry,
    Meeting,
    PartnershipModule,
    PartnershipPage,
    PlanAction,
    PlanSignature,
)

STEPS = ("Programmes", "Cities", "Twin cities", "Partnerships", "set_up_roles", "Demo accounts")


def load():
    out = io.StringIO()
    steps = [*builders.steps(*STEPS), *builders.steps("Partnership workspaces")]
    loader.load(OutputWrapper(out), no_style(), steps)
    return out.getvalue()


def test_the_demo_partnership_is_part_way_through_its_year(hub_tree):
    output = load()
    assert "Partnership workspaces [1/4] Aachen and Jyväskylä: " in output
    page = PartnershipPage.objects.get(slug="aachen-jyvaskyla")
    assert page.start_date < timezone.localdate()
    members = page.member_user_ids()
    usernames = set(
        page.facilitators.model.objects.filter(pk__in=members).values_list("username", flat=True)
    )
    assert usernames == {"aachen-staff", "jyvaskyla-staff", "facilitator"}

    client = Client()
    client.force_login(page.facilitators.model.objects.get(username="jyvaskyla-staff"))
    html = client.get(f"{page.url}workspace/").content.decode()
    assert "Getting Started" in html and ">Done<" in html and ">In progress<" in html
    assert "Klima Plus and the KlimaMatch platform in Aachen" in html
    assert "Aino Mäkinen" in html and "(Jyväskylä)" in html
    assert "Marta Silva" in html and "(NetZeroCities)" in html
    signing = Meeting.objects.get(partnership__slug="lancaster-namie")
    assert signing.starts_at.date().isoformat() == "2021-07-01"
    visit = Meeting.objects.get(kind="site-visit", partnership=page)
    assert visit.starts_at > timezone.now() and visit.place == "Aachen"
    assert PlanAction.objects.filter(partnership=page).count() == 3
    assert ActivityEntry.objects.filter(partnership=page, actor__isnull=False).exists()

    # Aachen and Vilnius: the site visit has its report, and both cities signed the plan,
    # which the partnership page publishes.
    vilnius = PartnershipPage.objects.get(slug="aachen-vilnius")
    report = Meeting.objects.get(kind="site-visit", partnership=vilnius)
    assert report.starts_at < timezone.now() and "serious game" in report.report
    assert PlanSignature.objects.filter(partnership=vilnius).count() == 2
    public = Client().get(vilnius.url).content.decode()
    assert "A coordinating role for climate work across departments" in public
    # Reykjavik and Jakobstad: Getting Started under way, after their first meeting.
    start = PartnershipPage.objects.get(slug="reykjavik-jakobstad")
    [first] = Meeting.objects.filter(partnership=start)
    assert first.starts_at < timezone.now()
    assert [m.status for m in PartnershipModule.objects.filter(partnership=start)] == [
        "in-progress"
    ]

    second = load()
    assert "Partnership workspaces [1/4] Aachen and Jyväskylä: already present" in second
    assert Meeting.objects.count() == 8 and PlanAction.objects.count() == 5
    assert PlanSignature.objects.count() == 2
