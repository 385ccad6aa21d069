"""Each content rule shows a clear message in the Wagtail editor and saves nothing."""

import html
import re

import pytest
from django.urls import reverse

from hub.models import BusinessCasePage, PermittingGuidePage, WebinarPage

from .forms import (
    business_case_form,
    city_form,
    permit_step,
    permitting_guide_form,
    source_block,
    webinar_form,
)


def add(client, model, parent, data):
    meta = model._meta
    url = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])
    return client.post(url, data)


def page_text(response):
    """The page as the editor reads it, stream block errors included.

    Wagtail hands stream block errors to its JavaScript as JSON in an attribute; decoding
    the entities and the JSON escapes gives the words the editor sees.
    """
    text = html.unescape(response.content.decode())
    return re.sub(r"\\u([0-9a-f]{4})", lambda match: chr(int(match[1], 16)), text)


def assert_refused(response, field, message):
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in page_text(response)
    assert "could not be" in page_text(response)  # Wagtail's banner: nothing was saved


FIGURES = {"capital_cost": "2400000", "currency": "EUR", "price_year": "2023"}
SOURCE_MESSAGE = (
    "Key figures need a source. Add one, or tick “illustrative figures” "
    "so readers know the numbers are an example."
)


def test_business_case_figures_without_a_source_are_refused(editor_client, cities):
    response = add(editor_client, BusinessCasePage, cities.bristol, business_case_form(**FIGURES))
    assert_refused(response, "sources", SOURCE_MESSAGE)
    assert not BusinessCasePage.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"is_illustrative": "on"},
        {"sources": None},  # replaced by a real source below
    ],
    ids=["illustrative", "sourced"],
)
def test_business_case_figures_with_a_source_or_marked_illustrative_are_saved(
    editor_client, cities, extra
):
    if "sources" in extra:
        extra = {"sources": source_block(title="Bristol bus depot annual report")}
    response = add(
        editor_client, BusinessCasePage, cities.bristol, business_case_form(**FIGURES, **extra)
    )
    assert response.status_code == 302
    assert BusinessCasePage.objects.get().capital_cost == 2_400_000


def test_business_case_costs_need_a_currency_and_price_year(editor_client, cities):
    response = add(
        editor_client,
        BusinessCasePage,
        cities.bristol,
        business_case_form(capital_cost="1000", is_illustrative="on"),
    )
    assert_refused(response, "currency", "Say which currency the costs are in.")
    assert response.context["form"].errors["price_year"] == [
        "Say which year's prices the costs are in."
    ]


@pytest.mark.parametrize("end", ["2030-03-01 09:00", "2030-03-01 10:00"], ids=["before", "same"])
def test_webinar_must_end_after_it_starts(editor_client, hub_tree, end):
    response = add(editor_client, WebinarPage, hub_tree.webinars, webinar_form(end=end))
    assert_refused(response, "end", "A webinar must end after it starts.")
    assert not WebinarPage.objects.exists()


def test_permitting_step_duration_cannot_be_negative(editor_client, cities):
    steps = [permit_step(duration_days="30"), permit_step(step="Fire safety", duration_days="-5")]
    response = add(editor_client, PermittingGuidePage, cities.bristol, permitting_guide_form(steps))
    assert response.status_code == 200
    errors = response.context["form"].errors["steps"].as_data()[0]
    assert list(errors.block_errors) == [1]  # the second step, not the first
    assert "A duration cannot be negative." in page_text(response)
    assert not PermittingGuidePage.objects.exists()


def test_permitting_step_of_zero_days_is_saved(editor_client, cities):
    response = add(
        editor_client,
        PermittingGuidePage,
        cities.bristol,
        permitting_guide_form([permit_step(duration_days="0")]),
    )
    assert response.status_code == 302
    assert PermittingGuidePage.objects.get().total_days == 0


@pytest.mark.parametrize("year", ["2024", "2071", "1990"])
def test_city_target_year_outside_2025_to_2070_is_refused(editor_client, cities, year):
    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[cities.bristol.pk]),
        city_form(cities.bristol, target_year=year),
    )
    assert_refused(
        response,
        "target_year",
        "The climate-neutrality target year must lie between 2025 and 2070.",
    )
    cities.bristol.refresh_from_db()
    assert cities.bristol.latest_revision is None


@pytest.mark.parametrize("year", ["2025", "2070"])
def test_city_target_year_at_the_bounds_is_saved(editor_client, cities, year):
    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[cities.bristol.pk]),
        city_form(cities.bristol, target_year=year),
    )
    assert response.status_code == 302
    cities.bristol.refresh_from_db()
    assert cities.bristol.get_latest_revision_as_object().target_year == int(year)


def test_a_publisher_gets_the_same_messages(publisher_client, cities):
    response = add(
        publisher_client, BusinessCasePage, cities.bristol, business_case_form(**FIGURES)
    )
    assert_refused(response, "sources", SOURCE_MESSAGE)
