"""Every page type: a factory, Wagtail's page assertions and the page tree rules."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from home.models import HomePage
from hub import models as hub
from partnerships import models as partnerships
from tests import factories
from tests.form_data import edit_form_data

PAGE_MODELS = factories.project_page_models()

# The page tree of docs/architecture.md: where each page type may be created, and what it may hold.
PARENTS = {
    HomePage: {Page},
    hub.CityIndexPage: {HomePage},
    hub.CityProfilePage: {hub.CityIndexPage},
    hub.BusinessCasePage: {hub.CityProfilePage},
    hub.PermittingGuidePage: {hub.CityProfilePage},
    hub.BusinessCaseIndexPage: {HomePage},
    hub.PermittingGuideIndexPage: {HomePage},
    hub.WebinarIndexPage: {HomePage},
    hub.WebinarPage: {hub.WebinarIndexPage},
    partnerships.PartnershipIndexPage: {HomePage},
}
CHILDREN = {
    hub.CityIndexPage: {hub.CityProfilePage},
    hub.CityProfilePage: {hub.BusinessCasePage, hub.PermittingGuidePage},
    hub.BusinessCasePage: set(),
    hub.PermittingGuidePage: set(),
    hub.BusinessCaseIndexPage: set(),
    hub.PermittingGuideIndexPage: set(),
    hub.WebinarIndexPage: {hub.WebinarPage},
    hub.WebinarPage: set(),
}


def label(model):
    return model._meta.label


def test_every_page_type_has_a_factory():
    missing = [label(model) for model in PAGE_MODELS if model not in factories.page_factories()]
    assert not missing, f"add a factory to tests/factories.py for: {missing}"


def test_every_page_type_says_where_it_belongs():
    # Without parent_page_types a page type could be created anywhere in the tree.
    loose = [label(model) for model in PAGE_MODELS if model.parent_page_types is None]
    assert not loose


@pytest.mark.parametrize("model", PAGE_MODELS, ids=label)
def test_page_type_is_routable_renderable_editable_and_previewable(
    model, home, hub_tree, page_assertions
):
    page = factories.page_in_tree(model, home)
    page_assertions.assertPageIsRoutable(page)
    page_assertions.assertPageIsRenderable(page)
    editor = page_assertions.create_superuser("editor")
    page_assertions.client.force_login(editor)
    data = edit_form_data(page_assertions.client, page)
    page_assertions.assertPageIsEditable(page, post_data=data.copy(), user=editor)
    page_assertions.assertPageIsPreviewable(page, post_data=data, user=editor)


@pytest.mark.parametrize("model", PAGE_MODELS, ids=label)
def test_edit_form_saves_the_page_unchanged(model, home, hub_tree, admin_client):
    """Publishing the edit form as the admin shows it succeeds: no hidden validation error.

    (`assertPageIsEditable` posts the form but does not look at the answer.)
    """
    page = factories.page_in_tree(model, home)
    data = edit_form_data(admin_client, page)
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    errors = response.context["form"].errors if response.status_code == 200 else None
    assert response.status_code == 302, errors
    assert page.revisions.count() >= 1


def test_webinar_calendar_route_renders(home, hub_tree, page_assertions):
    webinar = factories.WebinarPageFactory(parent=hub_tree.webinars)
    page_assertions.assertPageIsRoutable(webinar, "calendar/")
    page_assertions.assertPageIsRenderable(webinar, "calendar/")


@pytest.mark.parametrize("model", sorted(PARENTS, key=label), ids=label)
def test_allowed_parent_page_types(model, page_assertions):
    page_assertions.assertAllowedParentPageTypes(model, PARENTS[model])


@pytest.mark.parametrize("model", sorted(CHILDREN, key=label), ids=label)
def test_allowed_subpage_types(model, page_assertions):
    page_assertions.assertAllowedSubpageTypes(model, CHILDREN[model])


def test_home_page_holds_the_indexes(page_assertions):
    hub_indexes = {
        hub.CityIndexPage,
        hub.BusinessCaseIndexPage,
        hub.PermittingGuideIndexPage,
        hub.WebinarIndexPage,
        partnerships.PartnershipIndexPage,
    }
    for index in hub_indexes:
        page_assertions.assertCanCreateAt(HomePage, index)
    others = set(HomePage.allowed_subpage_models()) - hub_indexes
    assert all(model._meta.app_label not in {"home", "hub"} for model in others)


@pytest.mark.parametrize("model", sorted(PARENTS, key=label), ids=label)
def test_page_cannot_be_created_anywhere_else(model, page_assertions):
    for parent in [Page, *PAGE_MODELS]:
        if parent not in PARENTS[model]:
            page_assertions.assertCanNotCreateAt(parent, model)


def test_index_pages_exist_once(hub_tree):
    for index in (
        hub_tree.cities,
        hub_tree.business_cases,
        hub_tree.permitting,
        hub_tree.webinars,
        hub_tree.partnerships,
    ):
        assert not index.specific_class.can_create_at(hub_tree.cities.get_parent())


@pytest.mark.parametrize(
    ("parent", "page_type"),
    [("home", "businesscasepage"), ("cities", "webinarpage"), ("webinars", "cityprofilepage")],
)
def test_admin_refuses_a_page_in_the_wrong_place(parent, page_type, home, hub_tree, admin_client):
    parent_page = home if parent == "home" else getattr(hub_tree, parent)
    url = reverse("wagtailadmin_pages:add", args=["hub", page_type, parent_page.pk])
    pages_before = Page.objects.count()
    response = admin_client.post(url, {"title": "Misplaced", "slug": "misplaced"}, follow=True)
    assert "Sorry, you do not have permission to access this area." in response.content.decode()
    assert Page.objects.count() == pages_before


def test_editor_creates_a_city_with_actions_offers_and_needs(hub_tree, page_assertions, client):
    page_assertions.login()
    page_assertions.assertCanCreate(
        hub_tree.cities,
        hub.CityProfilePage,
        nested_form_data(
            {
                "title": "Umeå",
                "summary": "A northern city heating homes with its district network.",
                "topics": "District heating and cooling",
                "country": "SE",
                "population": "130000",
                "maturity": "scaling",
                "target_year": "2030",
                "actions": streamfield(
                    [
                        (
                            "action",
                            {
                                "title": "Waste heat recovery",
                                "summary": "Heat from industry warms the district network.",
                                "topics": ["district-heating"],
                            },
                        )
                    ]
                ),
                "offers": "District heating and cooling, Heat pumps",
                # The admin's tag widget quotes a topic name with spaces.
                "needs": '"Hydrogen bus fleets"',
                "motivation": "To share what works in a cold climate.",
                "comments": inline_formset([]),
            }
        ),
    )
    city = hub.CityProfilePage.objects.get(slug="umea")
    assert city.live
    assert city.country.code == "SE"
    assert sorted(city.offers.values_list("slug", flat=True)) == [
        "district-heating",
        "heat-pumps",
    ]
    assert list(city.needs.values_list("slug", flat=True)) == ["hydrogen-buses"]
    assert city.actions[0].value["title"] == "Waste heat recovery"
    content = client.get(city.url).content.decode()
    assert "Waste heat recovery" in content
    assert "Hydrogen bus fleets" in content


def test_editor_creates_a_business_case_with_sources_and_lessons(hub_tree, page_assertions):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities)
    page_assertions.login()
    page_assertions.assertCanCreate(
        city,
        hub.BusinessCasePage,
        nested_form_data(
            {
                "title": "Fuel cell buses",
                "summary": "Ten fuel cell buses on two lines.",
                "application": "bus-fleet",
                "status": "operating",
                "capital_cost": "6500000",
                "currency": "EUR",
                "price_year": "2023",
                "units": "10",
                "funding_mix": streamfield(
                    [("source", {"funder": "Clean Hydrogen Partnership", "kind": "grant"})]
                ),
                "tour": streamfield([]),
                "lessons_learned": rich_text("<p>Train the drivers <b>early</b>.</p>"),
                "sources": streamfield(
                    [("source", {"title": "Annual report 2023", "publisher": "Transit agency"})]
                ),
                "comments": inline_formset([]),
            }
        ),
    )
    case = hub.BusinessCasePage.objects.get(slug="fuel-cell-buses")
    assert case.city_id == city.pk
    assert case.sources[0].value["title"] == "Annual report 2023"
    assert "<b>early</b>" in case.lessons_learned
