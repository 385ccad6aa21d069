"""Business-case figures readers compare: sources beside figures, conversions, derived values,
charts whose tables hold the same numbers, and permitting timelines."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub import figures, money
from hub.models import BusinessCasePage
from tests import factories

EVENING_EXPRESS = {
    "title": "First double-decker hydrogen buses to hit Aberdeen streets in summer",
    "publisher": "Evening Express",
    "year": 2020,
    "url": "https://news.example/aberdeen-buses",
    "figures": ["capital_cost", "units"],
}


@pytest.fixture
def aberdeen(hub_tree):
    return factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Aberdeen", slug="aberdeen", country="GB", region="Scotland"
    )


def sourced_case(city, **fields):
    values = {
        "is_illustrative": False,
        "application": "bus-fleet",
        "capital_cost": 8_300_000,
        "currency": "GBP",
        "price_year": 2020,
        "units": 15,
        "sources": [("source", EVENING_EXPRESS)],
    }
    values.update(fields)
    return factories.BusinessCasePageFactory(parent=city, **values)


def chart_sections(html):
    return re.findall(r'<figure class="chart".*?</figure>', html, flags=re.S)


def svg_values(chart):
    return re.findall(r'class="chart__value"[^>]*>([^<(]+?)(?: \(this case\))?</text>', chart)


def table_values(chart):
    return re.findall(r'<td class="chart__number">([^<]+)</td>', chart)


def test_each_figure_is_shown_with_its_source_and_its_value_in_2024_euros(client, aberdeen):
    case = sourced_case(aberdeen)
    html = client.get(case.url).content.decode()
    assert "£8.3 m in 2020 ≈ €11.2 m in 2024 prices" in html
    assert html.count('Source: <a href="https://news.example/aberdeen-buses">') == 2
    assert "Evening Express (2020)" in html
    assert "How figures are converted" in html
    assert "Board of Governors of the Federal Reserve System" in html


def test_cost_per_vehicle_per_kg_and_per_tonne_are_derived_where_the_inputs_exist(aberdeen):
    case = sourced_case(aberdeen, hydrogen_kg_per_day=360, co2e_avoided_tonnes_per_year=None)
    derived = {item.key: item for item in figures.derived_values(case)}
    assert set(derived) == {"cost_per_unit", "cost_per_kg_day"}
    per_bus = derived["cost_per_unit"]
    assert per_bus.value == Decimal(8_300_000) / 15
    assert per_bus.display == "£553,000 per vehicle or unit"
    conversion = money.convert(8_300_000, "GBP", 2020)
    assert per_bus.converted == conversion.value / 15
    assert per_bus.converted_display == "€747,000 per vehicle or unit"
    assert derived["cost_per_kg_day"].display == "£23,100 per kg of hydrogen a day"

    case.co2e_avoided_tonnes_per_year = Decimal(1000)
    per_tonne = {item.key: item for item in figures.derived_values(case)}["cost_per_tonne"]
    assert per_tonne.display == "£8,300 per tonne of CO₂e avoided a year"


def test_a_figure_the_tables_cannot_convert_says_why_and_stays_out_of_charts(client, aberdeen):
    sourced_case(aberdeen, title="Recent buses", slug="recent")
    old = sourced_case(aberdeen, title="Early buses", slug="early", currency="EUR", price_year=2001)
    html = client.get(old.url).content.decode()
    assert "not converted: the table has no" in html
    assert "Not compared:" in html and "Early buses" in html
    for chart in chart_sections(html):
        assert "Early buses</text>" not in chart


def test_funding_amounts_are_converted_and_their_source_cited(client, aberdeen):
    case = sourced_case(
        aberdeen,
        funding_mix=[
            ("source", {"funder": "Scottish Government", "kind": "grant", "amount": 3_000_000}),
            ("source", {"funder": "Bus operators", "kind": "private", "share_percent": 20}),
        ],
        sources=[("source", {**EVENING_EXPRESS, "figures": ["funding"]})],
    )
    html = client.get(case.url).content.decode()
    assert "Scottish Government (public grant): £3 m in 2020 ≈ €4 m in 2024 prices" in html
    assert "Bus operators (private investment): 20% of the cost" in html
    funding = re.search(r'id="funding-heading".*?</section>', html, flags=re.S).group(0)
    assert 'Source: <a href="https://news.example/aberdeen-buses">' in funding


def test_a_case_page_compares_it_with_the_sourced_cases_of_its_application(client, aberdeen):
    case = sourced_case(aberdeen, title="Double-deckers", slug="double-deckers")
    sourced_case(aberdeen, title="First fleet", slug="first", capital_cost=19_000_000, units=10)
    factories.BusinessCasePageFactory(parent=aberdeen, title="Worked example", slug="example")
    sourced_case(aberdeen, title="Trucks", slug="trucks", application="trucks")
    html = client.get(case.url).content.decode()
    charts = chart_sections(html)
    titles = re.findall(r'class="chart__title"[^>]*>([^<]+)<', html)
    assert titles == [
        "Capital cost: bus fleet cases",
        "Capital cost per vehicle or unit: bus fleet cases",
    ]
    for chart in charts:
        assert "Worked example" not in chart  # illustrative
        assert "Trucks" not in chart  # another application
        assert 'role="img"' in chart and "<title " in chart and "<desc " in chart
        # The table holds the numbers the bars show, in the same order.
        assert svg_values(chart) == table_values(chart)
        assert len(table_values(chart)) == 2
        assert "Double-deckers <strong>(this case)</strong>" in chart
        assert '<a href="/cities/aberdeen/first/">First fleet</a>' in chart
    per_bus = table_values(charts[1])
    first = money.convert(19_000_000, "GBP", 2020).value / 10
    assert per_bus[0] == money.format_money(first, "EUR")


def test_the_index_compares_cases_application_by_application_and_follows_filters(
    client, hub_tree, aberdeen
):
    sourced_case(aberdeen, title="Double-deckers", slug="double-deckers")
    sourced_case(
        aberdeen,
        title="Station",
        slug="station",
        application="refuelling",
        units=None,
        hydrogen_kg_per_day=130,
    )
    html = client.get(hub_tree.business_cases.url).content.decode()
    headings = re.findall(r"<h3>([^<]+)</h3>", html)
    assert headings == ["Bus fleet", "Refuelling station"]
    assert "Capital cost per kg of hydrogen a day: refuelling station cases" in html
    for chart in chart_sections(html):
        assert svg_values(chart) == table_values(chart)

    filtered = client.get(f"{hub_tree.business_cases.url}?application=refuelling")
    html = filtered.content.decode()
    assert re.findall(r"<h3>([^<]+)</h3>", html) == ["Refuelling station"]
    assert "that match these filters" in html


def test_pages_with_charts_run_the_same_queries_however_many_cases(client, hub_tree, aberdeen):
    first = sourced_case(aberdeen, title="Case 0", slug="case-0")

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    urls = [first.url, hub_tree.business_cases.url, aberdeen.url]
    few = [count(url) for url in urls]
    for n in range(1, 12):
        sourced_case(aberdeen, title=f"Case {n}", slug=f"case-{n}", units=n)
    assert BusinessCasePage.objects.count() == 12
    assert [count(url) for url in urls] == few


def test_a_chart_of_many_cases_draws_the_highest_with_this_case_among_them(
    client, hub_tree, aberdeen
):
    many = figures.MAX_BARS + 5
    cases = [
        sourced_case(
            aberdeen, title=f"Fleet {n:02}", slug=f"fleet-{n}", capital_cost=1_000_000 * (n + 1)
        )
        for n in range(many)
    ]
    cheapest = cases[0]
    for n in range(figures.MAX_LEFT_OUT + 3):
        sourced_case(aberdeen, title=f"Old fleet {n:02}", slug=f"old-{n}", price_year=1990)
    capital = chart_sections(client.get(cheapest.url).content.decode())[0]
    drawn = [
        name.strip() for name in re.findall(r"<th scope=\"row\">(?:<a [^>]+>)?([^<]+)", capital)
    ]
    assert len(drawn) == figures.MAX_BARS
    # The highest first, and the case the page is about last, in its place by value.
    assert drawn[:3] == [f"Fleet {n:02}" for n in (many - 1, many - 2, many - 3)]
    assert drawn[-1] == "Fleet 00"
    assert f"the {figures.MAX_BARS - 1} highest of {many} sourced cases and this one" in capital
    assert svg_values(capital) == table_values(capital)
    assert "; and 3 more." in capital  # left out: only the first ones named

    index = client.get(hub_tree.business_cases.url).content.decode()
    capital = chart_sections(index)[0]
    assert len(table_values(capital)) == figures.MAX_BARS
    assert "Fleet 00" not in capital
    assert f"the {figures.MAX_BARS} highest of {many} sourced cases;" in capital
    assert "filter the list to compare others" in capital


def test_a_permitting_guide_shows_its_steps_as_a_timeline_with_the_total(client, aberdeen):
    guide = factories.PermittingGuidePageFactory(parent=aberdeen, title="Station permit")
    timeline = guide.timeline()
    assert timeline.total_days == 90
    assert [(s.label, s.start, s.days) for s in timeline.segments] == [
        ("Zoning check", 0, 30),
        ("Building permit", 30, 60),
    ]
    assert timeline.segments[1].x > timeline.segments[0].x
    html = client.get(guide.url).content.decode()
    assert "Timeline: Station permit" in html
    assert "2 steps taken one after another, 90 days in all." in html
    assert "Step 2, Building permit: day 30 to day 90." in html
    assert "Day 90</text>" in html
