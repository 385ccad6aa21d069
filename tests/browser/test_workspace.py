"""The partnership workspace in Chromium: a member completes a module and schedules a site
visit, both cities sign the Replication Plan and it appears on the partnership's page, and
no state of the workspace has a WCAG 2.1 AA violation.

Screenshots go to $SCREENSHOTS (default /tmp/twinhub-workspace) at 1280 and 375 px.
"""

import datetime
import os
import tempfile
from pathlib import Path

import pytest

from .test_accessibility import PHONE, axe_violations, describe

SHOTS = Path(os.environ.get("SCREENSHOTS") or Path(tempfile.gettempdir()) / "twinhub-workspace")
PASSWORD = "heron-quarry-lantern-42"


def no_violations(page, state):
    violations = axe_violations(page)
    assert not violations, f"workspace {state} fails WCAG 2.1 AA:\n{describe(violations)}"


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def partnership(committed_db, demo_site):
    """A mission–twin partnership of two cities of its own, their staff and a facilitator."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from home.models import Person
    from home.roles import FACILITATORS
    from partnerships.models import PartnershipIndexPage, ProgrammeModule
    from tests import factories

    User = get_user_model()

    def person(username, name, city=None, organisation=""):
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(PASSWORD)
            user.save()
            Person.objects.create(
                user=user,
                display_name=name,
                organisation=organisation,
                city=city,
                city_status="confirmed" if city else "",
            )
        return user

    index = PartnershipIndexPage.objects.get()
    programme = index.get_children().filter(slug="workspace-programme").first()
    if programme is not None:
        return programme.get_children().get().specific
    programme = factories.ProgrammePageFactory(
        parent=index,
        title="Learning exchange",
        slug="workspace-programme",
        runs_mission_twin=True,
    )
    for order, (name, months) in enumerate(
        [("Getting Started", 3), ("Co-creating", 6), ("Capitalising", 3)]
    ):
        ProgrammeModule.objects.create(
            page=programme,
            name=name,
            months=months,
            sort_order=order,
            expected_outputs=f"What {name} should produce.",
        )
    cities = index.get_parent().get_children().get(slug="cities")
    host = factories.CityProfilePageFactory(
        parent=cities, title="Umeå", slug="umea-workspace", country="SE"
    )
    twin = factories.CityProfilePageFactory(
        parent=cities, title="Elbasan", slug="elbasan-workspace", country="AL"
    )
    page = factories.PartnershipPageFactory(
        parent=programme,
        title="Umeå and Elbasan",
        slug="umea-elbasan",
        kind="mission-twin",
        start_date=datetime.date.today() - datetime.timedelta(days=60),
        members=[(host, "mission-city"), (twin, "twin-city")],
    )
    facilitator = person("ws-facilitator", "Marta Silva", organisation="NetZeroCities")
    facilitator.groups.add(Group.objects.get_or_create(name=FACILITATORS)[0])
    page.facilitators.add(facilitator)
    page.save_revision().publish()
    person("ws-umea", "Ingrid Lind", host)
    person("ws-elbasan", "Arta Hoxha", twin)
    person("ws-outsider", "Sam Reader")
    return page


def sign_in(page, username, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url}")


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_the_workspace_has_no_violation_and_refuses_outsiders_clearly(
    new_context, partnership, browser_watch, width
):
    browser_watch.allow_console(r"status of 403")  # the refusal is a 403 page, on purpose
    viewport = {"width": width, "height": 900}
    member = new_context(viewport=viewport).new_page()
    sign_in(member, "ws-umea", f"{partnership.url}workspace/")
    assert member.get_by_role("heading", level=1).inner_text() == "Workspace: Umeå and Elbasan"
    no_violations(member, f"overview at {width}px")
    shoot(member, f"workspace-{width}")

    outsider = new_context(viewport=viewport).new_page()
    sign_in(outsider, "ws-outsider", partnership.url)
    assert "Ask Marta Silva (NetZeroCities) for an invitation." in outsider.inner_text("main")
    no_violations(outsider, f"partnership page for an outsider at {width}px")
    response = outsider.goto(f"{partnership.url}workspace/")
    assert response.status == 403
    assert "is for its partners" in outsider.get_by_role("heading", level=1).inner_text()
    no_violations(outsider, f"refusal at {width}px")
    shoot(outsider, f"workspace-refused-{width}")


def test_a_member_completes_a_module_and_schedules_a_site_visit(
    new_context, partnership, browser_watch
):
    browser_watch.allow_console(r"status of 400")  # a form sent back with its errors
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, "ws-elbasan", f"{partnership.url}workspace/")
    page.get_by_role("link", name="Update Getting Started").click()
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_role("button", name="Save").click()
    # Marked done without saying what it produced: the form says so and keeps the choice.
    assert "Say what the module produced" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Status").input_value() == "done"
    no_violations(page, "module form with an error")
    page.get_by_label("What was produced").fill("A work plan both teams agreed.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/workspace/#modules")
    assert "Getting Started is now “done”." in page.locator(".messages").inner_text()
    row = page.locator("#modules tr", has_text="Getting Started")
    assert "Done" in row.inner_text() and "A work plan both teams agreed." in row.inner_text()

    page.get_by_role("link", name="Schedule a meeting or site visit").click()
    page.get_by_label("Kind").select_option(label="Site visit")
    page.get_by_label("Title").fill("District heating in Umeå")
    visit_day = datetime.date.today() + datetime.timedelta(days=40)
    page.get_by_label("Date and time").fill(f"{visit_day:%Y-%m-%d}T09:30")
    page.get_by_label("Place").fill("Umeå")
    page.get_by_label("Visits").fill("The heat plant and the new waste sorting facility.")
    page.get_by_label("Arta Hoxha (Elbasan)").check()
    page.get_by_label("Ingrid Lind (Umeå)").check()
    no_violations(page, "meeting form")
    shoot(page, "workspace-meeting-form-1280")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/workspace/#meetings")
    visit = page.locator(".meeting", has_text="District heating in Umeå")
    assert f"{visit_day:%-d %B %Y}, 09:30 · Umeå" in visit.inner_text()
    assert "Arta Hoxha (Elbasan), Ingrid Lind (Umeå)" in visit.inner_text()
    activity = page.locator("#activity").inner_text()
    assert "Arta Hoxha (Elbasan) scheduled the site visit “District heating in Umeå”" in activity
    assert "Arta Hoxha (Elbasan) set Getting Started to “done”" in activity
    no_violations(page, "overview with a visit")
    shoot(page, "workspace-after-visit-1280")


def test_both_cities_sign_the_replication_plan(new_context, partnership):
    twin = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(twin, "ws-elbasan", f"{partnership.url}workspace/")
    twin.get_by_role("link", name="Add an action").click()
    twin.get_by_label("Action", exact=True).fill("Open a one-stop shop for home renovation")
    twin.get_by_label("Owner", exact=True).select_option(label="Arta Hoxha (Elbasan)")
    twin.get_by_label("Due").fill(
        f"{datetime.date.today() + datetime.timedelta(days=300):%Y-%m-%d}"
    )
    twin.get_by_label("Practice replicated").select_option(label="Umeå (city profile)")
    twin.get_by_label("Which action of the city").fill("Umeå Climate Roadmap")
    no_violations(twin, "action form")
    twin.get_by_role("button", name="Save").click()
    twin.wait_for_url("**/workspace/#plan")
    twin.get_by_role("button", name="Sign the plan for Elbasan").click()
    twin.wait_for_url("**/workspace/#plan")
    assert "Waiting for Umeå" in twin.locator(".messages").inner_text()

    host = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(host, "ws-umea", f"{partnership.url}workspace/")
    assert "Signed by 1 of 2 cities" in host.locator("#plan").inner_text()
    host.get_by_role("button", name="Sign the plan for Umeå").click()
    host.wait_for_url("**/workspace/#plan")
    assert "Every city has: it is now published." in host.locator(".messages").inner_text()
    assert "Status: Signed." in host.locator("#plan").inner_text()
    no_violations(host, "signed plan")
    shoot(host, "workspace-signed-1280")
    host.set_viewport_size(PHONE)
    no_violations(host, f"signed plan at {PHONE['width']}px")
    shoot(host, f"workspace-signed-{PHONE['width']}")
    host.set_viewport_size({"width": 1280, "height": 900})

    host.goto(partnership.url)
    plan = host.locator("section", has=host.get_by_role("heading", name="Replication Plan"))
    assert "Open a one-stop shop for home renovation" in plan.inner_text()
    assert "Arta Hoxha (Elbasan)" in plan.inner_text()
    no_violations(host, "partnership page with its signed plan")
    shoot(host, "partnership-signed-1280")


def test_a_programme_manager_follows_the_partnerships_in_the_admin(new_context, partnership):
    from django.contrib.auth.models import Group

    from home.roles import PROGRAMME_MANAGERS, setup_roles

    setup_roles()
    manager = partnership.facilitators.model.objects.get_or_create(username="ws-manager")[0]
    manager.set_password(PASSWORD)
    manager.save()
    manager.groups.add(Group.objects.get(name=PROGRAMME_MANAGERS))
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("ws-manager")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    page.get_by_role("link", name="Partnership progress").first.click()
    page.get_by_label("Programme").select_option(label="Learning exchange")
    page.get_by_role("button", name="Show").click()
    table = page.locator("table.listing:not(.funnel)")
    assert "Umeå and Elbasan" in table.inner_text()
    shoot(page, "admin-progress-1280")
