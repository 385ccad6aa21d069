"""The map by keyboard and without script, the charts' tables, and no WCAG violation on the
pages that carry them (also with the map zoomed)."""

import re

import pytest

from tests.browser.test_accessibility import axe_violations, describe


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), label: el.getAttribute('aria-label') || '',
                    text: el.textContent.trim(), inMap: !!el.closest('.city-map__svg')};
        }"""
    )


def test_the_map_is_used_with_the_keyboard(page, demo_site):
    page.goto(demo_site.cities)
    section = page.locator("[data-city-map]")
    section.get_by_role("button", name="Zoom in").wait_for()
    start = float(section.get_attribute("data-zoom"))

    # The zoom buttons work from the keyboard.
    section.get_by_role("button", name="Zoom in").focus()
    page.keyboard.press("Enter")
    assert float(section.get_attribute("data-zoom")) > start
    page.keyboard.press("0")
    assert float(section.get_attribute("data-zoom")) == pytest.approx(start, rel=1e-3)

    # Tab reaches the map itself (its keys zoom and pan), then each city on it, named by
    # its place; Enter opens one.
    stops = []
    for _ in range(12):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["inMap"]:
            stops.append(now["label"] or now["tag"])
        elif stops:
            break
    assert stops[0] == "svg"
    assert sorted(stops[1:]) == [
        "Aberdeen, Scotland, United Kingdom",
        "Lancaster, California, United States of America",
        "Namie, Fukushima Prefecture, Japan",
    ]
    for _ in stops:
        page.keyboard.press("Shift+Tab")
    assert focused(page)["tag"] == "svg"
    page.keyboard.press("+")
    page.keyboard.press("ArrowLeft")
    assert float(section.get_attribute("data-zoom")) > start
    page.keyboard.press("0")
    assert float(section.get_attribute("data-zoom")) == pytest.approx(start, rel=1e-3)

    # A city has a visible focus ring; keys still zoom; Enter opens the city.
    page.keyboard.press("Tab")
    city = focused(page)["label"]
    assert city == stops[1]
    page.keyboard.press("+")
    assert float(section.get_attribute("data-zoom")) > start
    stroke = page.evaluate(
        "() => getComputedStyle(document.activeElement.querySelector('circle')).strokeWidth"
    )
    assert stroke == "4px"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/cities/{city.split(',')[0].lower()}/")
    assert page.get_by_role("heading", level=1).inner_text() == city.split(",")[0]


def test_without_script_the_map_and_its_list_still_lead_to_each_city(new_context, demo_site):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(demo_site.cities)
    section = page.locator("[data-city-map]")
    assert section.locator("svg path.city-map__country").count() > 150
    assert section.get_by_role("button").count() == 0
    links = section.locator(".city-map__list a")
    names = links.all_inner_texts()
    assert names == sorted(names)
    assert {"Aberdeen", "Lancaster", "Namie"} <= set(names)
    section.get_by_role("link", name="Namie, Fukushima Prefecture, Japan").click()
    page.wait_for_url("**/cities/namie/")


def test_each_chart_has_a_table_with_the_same_numbers(page, demo_site):
    page.goto(demo_site.sourced_business_case)
    charts = page.locator("figure.chart")
    assert charts.count() >= 2
    for index in range(charts.count()):
        chart = charts.nth(index)
        table = chart.get_by_role("table")
        assert table.is_visible()
        shown = [
            re.sub(r" \(this case\)$", "", text)
            for text in chart.locator("svg text.chart__value").evaluate_all(
                "texts => texts.map(text => text.textContent)"
            )
        ]
        assert shown == chart.locator("td.chart__number").all_inner_texts()
        image = chart.get_by_role("img")
        assert image.get_attribute("aria-labelledby").split() == [
            chart.locator("svg title").get_attribute("id"),
            chart.locator("svg desc").get_attribute("id"),
        ]
    assert page.get_by_text("¥600 m in 2020 ≈ €").count() >= 1


@pytest.mark.parametrize(
    "where",
    ["cities", "city", "sourced_business_case", "business_cases", "guide"],
)
def test_pages_with_charts_and_maps_meet_wcag_21_aa(page, demo_site, where):
    page.goto(getattr(demo_site, where))
    violations = axe_violations(page)
    assert not violations, f"{where} fails WCAG 2.1 AA:\n{describe(violations)}"


def test_the_zoomed_map_meets_wcag_21_aa(page, demo_site):
    page.goto(demo_site.cities)
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()
    violations = axe_violations(page)
    assert not violations, describe(violations)
