"""The demo's partnership workspace: Aachen and Jyväskylä part-way through their year."""

import io

from django.core.management.base import OutputWrapper
from django.core.management.color import no_style
from django.test import Client
from django.utils import timezone

from demo import builders, loader
from partnerships.models import ActivityEntry, Meeting, PlanAction

STEPS = ("Programmes", "Cities", "Twin cities", "Partnerships", "set_up_roles", "Demo accounts")


def load():
    out = io.StringIO()
    steps = [*builders.steps(*STEPS), *builders.steps("Partnership workspaces")]
    loader.load(OutputWrapper(out), no_style(), steps)
    return out.getvalue()


def test_the_demo_partnership_is_part_way_through_its_year(hub_tree):
    output = load()
    assert "Partnership workspaces [1/2] Aachen and Jyväskylä: " in output
    from partnerships.models import PartnershipPage

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
    visit = Meeting.objects.get(kind="site-visit")
    assert visit.starts_at > timezone.now() and visit.place == "Aachen"
    assert PlanAction.objects.filter(partnership=page).count() == 3
    assert ActivityEntry.objects.filter(partnership=page, actor__isnull=False).exists()

    second = load()
    assert "Partnership workspaces [1/2] Aachen and Jyväskylä: already present" in second
    assert Meeting.objects.count() == 5 and PlanAction.objects.count() == 3
