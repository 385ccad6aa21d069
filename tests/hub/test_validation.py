"""What the admin refuses, with the message an editor sees, and what readers are told."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories
from tests.form_data import edit_form_data


def publish(client, page, changes, remove=()):
    """Post the page's edit form with `changes`, as an editor pressing Publish."""
    data = edit_form_data(client, page)
    for key in remove:
        data.pop(key, None)
    for key, value in changes.items():
        data[key] = value
    data["action-publish"] = "action-publish"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def refused(response, field, message):
    assert response.status_code == 200, "the form was accepted"
    assert field in response.context["form"].errors
    assert message in str(response.context["form"].errors[field])
    return True


@pytest.fixture
def city(hub_tree):
    return factories.CityProfilePageFactory(parent=hub_tree.cities, title="Aberdeen")


def test_a_page_cannot_be_saved_with_unsourced_figures(city):
    with pytest.raises(ValidationError, match="Key figures need a source"):
        factories.BusinessCasePageFactory(parent=city, is_illustrative=False)


def test_key_figures_without_a_source_are_refused(admin_client, city):
    case = factories.BusinessCasePageFactory(parent=city)
    response = publish(admin_client, case, {}, remove=["is_illustrative"])
    assert refused(response, "sources", "Key figures need a source")
    assert "Key figures need a source" in response.content.decode()
    case.refresh_from_db()
    assert case.is_illustrative


def test_key_figures_with_a_source_are_accepted(admin_client, city, client):
    case = factories.BusinessCasePageFactory(parent=city)
    response = publish(
        admin_client,
        case,
        {
            "sources-count": "1",
            "sources-0-type": "source",
            "sources-0-deleted": "",
            "sources-0-order": "0",
            "sources-0-id": "",
            "sources-0-value-title": "Fleet report 2024",
            "sources-0-value-publisher": "",
            "sources-0-value-year": "2024",
            "sources-0-value-url": "",
            "sources-0-value-document": "",
        },
        remove=["is_illustrative"],
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.is_illustrative
    html = client.get(case.url).content.decode()
    assert "Fleet report 2024" in html
    assert "Illustrative figures" not in html


def test_illustrative_figures_are_accepted_and_readers_are_told(admin_client, city, client):
    case = factories.BusinessCasePageFactory(
        parent=city, is_illustrative=False, capital_cost=None, units=None
    )
    assert "Illustrative figures" not in client.get(case.url).content.decode()
    response = publish(admin_client, case, {"capital_cost": "5000000", "is_illustrative": "on"})
    assert response.status_code == 302
    html = client.get(case.url).content.decode()
    assert "Illustrative figures" in html
    assert "<dd>€5 m</dd>" in html


def test_costs_need_a_currency_and_a_price_year(admin_client, city):
    case = factories.BusinessCasePageFactory(parent=city)
    response = publish(admin_client, case, {"currency": "", "price_year": ""})
    assert refused(response, "currency", "Say which currency")
    assert refused(response, "price_year", "Say which year")


def test_webinar_ending_before_it_starts_is_refused(admin_client, hub_tree):
    webinar = factories.WebinarPageFactory(parent=hub_tree.webinars)
    response = publish(
        admin_client, webinar, {"start": "2030-05-01 10:00", "end": "2030-05-01 09:00"}
    )
    assert refused(response, "end", "A webinar must end after it starts.")
    response = publish(
        admin_client, webinar, {"start": "2030-05-01 10:00", "end": "2030-05-01 10:00"}
    )
    assert refused(response, "end", "A webinar must end after it starts.")
    response = publish(
        admin_client, webinar, {"start": "2030-05-01 10:00", "end": "2030-05-01 11:30"}
    )
    assert response.status_code == 302


def test_permit_step_with_a_negative_duration_is_refused(admin_client, city, client):
    guide = factories.PermittingGuidePageFactory(parent=city)
    response = publish(admin_client, guide, {"steps-1-value-duration_days": "-5"})
    assert refused(response, "steps", "")
    assert "cannot be negative" in response.content.decode()
    guide.refresh_from_db()
    assert guide.total_days == 90


@pytest.mark.parametrize(
    ("year", "accepted"), [(2024, False), (2025, True), (2070, True), (2071, False)]
)
def test_city_target_year_must_be_between_2025_and_2070(admin_client, city, year, accepted):
    response = publish(admin_client, city, {"target_year": str(year)})
    if accepted:
        assert response.status_code == 302
        city.refresh_from_db()
        assert city.target_year == year
    else:
        assert refused(response, "target_year", "2025" if year < 2025 else "2070")


def test_permitting_total_is_the_sum_of_the_steps(client, city):
    guide = factories.PermittingGuidePageFactory(parent=city)
    assert guide.total_days == 30 + 60
    html = client.get(guide.url).content.decode()
    assert "Total timeline: <strong>90 days</strong>" in html
    assert "about 3 months" in html
    assert html.index("Zoning check") < html.index("Building permit")
