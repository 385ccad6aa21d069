"""The Wagtail API v2: pages with their fields, images and documents."""

import pytest

from tests import factories

PAGE_TYPES = [model._meta.label for model in factories.project_page_models()]


def test_api_lists_cities_with_their_fields(client, hub_tree):
    factories.CityProfilePageFactory(
        parent=hub_tree.cities,
        title="Umeå",
        country="SE",
        maturity="scaling",
        offers=["heat-pumps", "district-heating"],
        needs=["hydrogen-buses"],
    )
    factories.CityProfilePageFactory(parent=hub_tree.cities, title="Draft", live=False)
    response = client.get("/api/v2/pages/", {"type": "hub.CityProfilePage", "fields": "*"})
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 1
    city = data["items"][0]
    assert city["title"] == "Umeå"
    assert city["country_code"] == "SE"
    assert city["country_name"] == "Sweden"
    assert city["maturity"] == "scaling"
    assert sorted(city["offers"]) == ["district-heating", "heat-pumps"]
    assert city["needs"] == ["hydrogen-buses"]


def test_api_filters_pages_by_field(client, hub_tree):
    factories.CityProfilePageFactory(parent=hub_tree.cities, title="Umeå", maturity="scaling")
    factories.CityProfilePageFactory(parent=hub_tree.cities, title="Lyon", maturity="planning")
    response = client.get("/api/v2/pages/", {"type": "hub.CityProfilePage", "maturity": "planning"})
    assert [item["title"] for item in response.json()["items"]] == ["Lyon"]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_api_serves_every_page_type_with_all_fields(client, home, hub_tree, page_type):
    from django.apps import apps

    page = factories.page_in_tree(apps.get_model(page_type), home)
    listing = client.get("/api/v2/pages/", {"type": page_type, "fields": "*"})
    assert listing.status_code == 200, listing.content
    assert page.pk in [item["id"] for item in listing.json()["items"]]
    detail = client.get(f"/api/v2/pages/{page.pk}/")
    assert detail.status_code == 200
    assert detail.json()["meta"]["type"] == page_type


def test_api_business_case_and_guide_fields(client, hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities)
    case = factories.BusinessCasePageFactory(parent=city, topics=["hydrogen-buses"])
    guide = factories.PermittingGuidePageFactory(parent=city)
    data = client.get(f"/api/v2/pages/{case.pk}/").json()
    assert data["city_id"] == city.pk
    assert data["application"] == "bus-fleet"
    assert data["is_illustrative"] is True
    assert data["topics"] == ["hydrogen-buses"]
    assert client.get(f"/api/v2/pages/{guide.pk}/").json()["total_days"] == 90


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_api_images_and_documents(client, db, endpoint, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    factory = factories.wagtail_factories.ImageFactory
    if endpoint == "documents":
        factory = factories.wagtail_factories.DocumentFactory
    item = factory(title=f"An {endpoint[:-1]}")
    response = client.get(f"/api/v2/{endpoint}/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["items"]] == [item.pk]
    assert client.get(f"/api/v2/{endpoint}/{item.pk}/").status_code == 200
