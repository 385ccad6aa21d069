"""The editors' dashboard panel: what waits for them, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Workflow

from home.dashboard import EditorDashboardPanel
from tests import factories

from .forms import city_form


def dashboard(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def panel_html(client):
    html = dashboard(client)
    start = html.index("data-editor-overview")
    return html[start : html.index("</section>\n    </div>", start)]


def edit_link(page):
    return f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"'


def age(page, days):
    when = timezone.now() - datetime.timedelta(days=days)
    Page.objects.filter(pk=page.pk).update(latest_revision_created_at=when)


def test_publishers_do_not_get_the_panel(publisher_client):
    assert "data-editor-overview" not in dashboard(publisher_client)


def test_editors_see_submissions_awaiting_review(editor_client, publisher_client, cities):
    publisher_client.post(
        reverse("wagtailadmin_pages:edit", args=[cities.bristol.pk]),
        city_form(cities.bristol, **{"action-submit": "Submit"}),
    )
    html = panel_html(editor_client)
    assert "Awaiting review (1)" in html
    assert edit_link(cities.bristol) in html
    assert "submitted by bristol-publisher" in html
    assert edit_link(cities.gabrovo) not in html.split("Upcoming webinars")[0]


def test_editors_see_upcoming_webinars_not_past_ones(editor_client, hub_tree):
    soon = factories.WebinarPageFactory(parent=hub_tree.webinars, title="Hydrogen valleys")
    past_start = timezone.now() - datetime.timedelta(days=30)
    past = factories.WebinarPageFactory(
        parent=hub_tree.webinars, title="Old news", start=past_start
    )
    html = panel_html(editor_client)
    assert "Upcoming webinars (1)" in html
    assert edit_link(soon) in html
    assert edit_link(past) not in html


def test_editors_see_cities_missing_offers_or_needs(editor_client, hub_tree):
    complete = factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Umeå", offers=["heat-pumps"], needs=["hydrogen-buses"]
    )
    no_needs = factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Namie", offers=["hydrogen-buses"]
    )
    bare = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Lancaster")
    html = panel_html(editor_client)
    section = html.split("Cities with no offers or needs (2)")[1].split("</section>")[0]
    assert edit_link(complete) not in section
    assert "Namie</a>:\n                            no needs" in section
    assert "Lancaster</a>:\n                            no offers and no needs" in section
    assert section.index("Lancaster") < section.index("Namie")
    assert edit_link(bare) in section and edit_link(no_needs) in section


def test_editors_see_pages_not_updated_for_a_year(editor_client, hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Gabrovo")
    old_case = factories.BusinessCasePageFactory(parent=city, title="Old depot")
    fresh_case = factories.BusinessCasePageFactory(parent=city, title="New depot")
    age(old_case, 400)
    age(fresh_case, 30)
    age(city, 380)
    age(hub_tree.webinars, 900)  # index pages hold no facts that age
    html = panel_html(editor_client)
    section = html.split("Not updated for 12 months (2)")[1]
    assert edit_link(old_case) in section
    assert edit_link(city) in section
    assert section.index("Old depot") < section.index("Gabrovo")  # oldest first
    assert edit_link(fresh_case) not in section
    assert edit_link(hub_tree.webinars) not in section


def test_lists_are_capped_and_say_how_many_more(editor_client, hub_tree):
    cities = [
        factories.CityProfilePageFactory(parent=hub_tree.cities, title=f"City {n:02}")
        for n in range(EditorDashboardPanel.limit + 3)
    ]
    html = panel_html(editor_client)
    assert f"Cities with no offers or needs ({len(cities)})" in html
    assert "And 3 more." in html
    assert edit_link(cities[0]) in html
    assert edit_link(cities[-1]) not in html


def panel_queries(editor, rf):
    request = rf.get("/admin/")
    request.user = editor
    with CaptureQueriesContext(connection) as queries:
        EditorDashboardPanel().render_html({"request": request, "csrf_token": ""})
    return len(queries)


def fill(hub_tree, count, submitter):
    workflow = Workflow.objects.get(name="Editor review")
    for _ in range(count):
        city = factories.CityProfilePageFactory(parent=hub_tree.cities)
        city.save_revision(user=submitter)
        workflow.start(city, submitter)
        case = factories.BusinessCasePageFactory(parent=city)
        age(case, 500)
        age(city, 500)
        factories.WebinarPageFactory(parent=hub_tree.webinars)


@pytest.mark.parametrize("more", [1, 14])
def test_panel_queries_do_not_grow_with_content(editor, hub_tree, rf, more):
    fill(hub_tree, 2, editor)
    panel_queries(editor, rf)  # the first run fills Django's content type cache
    few = panel_queries(editor, rf)
    fill(hub_tree, more, editor)
    many = panel_queries(editor, rf)
    print(f"editor panel: {few} queries with 2 of each, {many} with {2 + more}")
    assert many == few


def publisher_panel(client):
    html = dashboard(client)
    start = html.index("data-city-publisher-overview")
    return html[start:]


def test_a_publisher_sees_their_city_its_drafts_and_what_awaits_review(publisher_client, cities):
    draft = factories.BusinessCasePageFactory(
        parent=cities.bristol, title="Hydrogen buses on route 9", live=False
    )
    factories.BusinessCasePageFactory(parent=cities.gabrovo, title="Gabrovo hospital")
    publisher_client.post(
        reverse("wagtailadmin_pages:edit", args=[cities.bristol.pk]),
        city_form(cities.bristol, **{"action-submit": "Submit"}),
    )
    assert "Your city" in dashboard(publisher_client)
    html = publisher_panel(publisher_client)
    assert edit_link(cities.bristol) in html
    assert edit_link(draft) in html
    assert "Draft, not published" in html
    assert "Awaiting review" in html
    assert reverse("wagtailadmin_pages:add_subpage", args=[cities.bristol.pk]) in html
    # Only their own city.
    assert "Gabrovo" not in html
    assert edit_link(cities.gabrovo) not in html


def test_the_publisher_panel_costs_the_same_with_many_pages(publisher_client, cities):
    def queries():
        with CaptureQueriesContext(connection) as context:
            publisher_panel(publisher_client)
        return len(context)

    factories.BusinessCasePageFactory(parent=cities.bristol, title="One")
    queries()  # the first view also fills this process's copies (site root paths)
    few = queries()
    for n in range(25):
        factories.BusinessCasePageFactory(parent=cities.bristol, title=f"Case {n}")
    assert queries() == few
    assert "And 7 more" in publisher_panel(publisher_client)


def test_editors_do_not_get_the_publisher_panel(editor_client):
    assert "data-city-publisher-overview" not in dashboard(editor_client)
