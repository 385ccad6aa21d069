"""A business case's figures as readers compare them: each with its source, money converted
to one currency and price year (`hub.money`), values derived from them, and charts that set
a case beside the others of its application.

Illustrative cases show their own figures but stay out of comparisons: a worked example is
not a record to benchmark against.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from hub import charts, money
from hub.blocks import FIGURE_CHOICES

FIGURE_LABELS = dict(FIGURE_CHOICES)
MONEY_FIELDS = ("capital_cost", "annual_operating_cost")

# (key, label, divisor field, unit shown after the value)
DERIVED = (
    ("cost_per_unit", "Capital cost per vehicle or unit", "units", "per vehicle or unit"),
    (
        "cost_per_kg_day",
        "Capital cost per kg of hydrogen a day",
        "hydrogen_kg_per_day",
        "per kg of hydrogen a day",
    ),
    (
        "cost_per_tonne",
        "Capital cost per tonne of CO₂e avoided a year",
        "co2e_avoided_tonnes_per_year",
        "per tonne of CO₂e avoided a year",
    ),
)
COMPARED = (("capital", "Capital cost", None, ""),) + DERIVED


def _number(value, places=1):
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.{places}f}"


@dataclass
class Figure:
    key: str
    label: str
    display: str
    conversion: object = None
    conversion_error: str = ""
    sources: list = field(default_factory=list)


@dataclass
class Derived:
    key: str
    label: str
    display: str
    value: Decimal  # in the case's own currency and price year
    converted: Decimal | None = None
    converted_display: str = ""
    conversion_error: str = ""


@dataclass
class FundingLine:
    funder: str
    kind: str
    share_percent: Decimal | None
    display: str = ""
    conversion: object = None
    conversion_error: str = ""


@dataclass
class CaseFigures:
    figures: list
    derived: list
    funding: list
    funding_sources: list

    @property
    def sourced_count(self):
        return sum(1 for figure in self.figures if figure.sources) + (
            len([line for line in self.funding if line.display]) if self.funding_sources else 0
        )


def sources_by_figure(page):
    found = {}
    for block in page.sources:
        for key in block.value.get("figures") or []:
            found.setdefault(key, []).append(block.value)
    return found


def _money(amount, page):
    conversion, error = money.try_convert(amount, page.currency, page.price_year)
    return money.format_money(amount, page.currency), conversion, error


def case_figures(page):
    """The key figures, derived values and funding of one business case."""
    cited = sources_by_figure(page)
    figures = []
    for key in MONEY_FIELDS:
        amount = getattr(page, key)
        if amount is None:
            continue
        display, conversion, error = _money(amount, page)
        figures.append(
            Figure(key, FIGURE_LABELS[key], display, conversion, error, cited.get(key, []))
        )
    if page.units is not None:
        figures.append(Figure("units", FIGURE_LABELS["units"], _number(page.units)))
    if page.hydrogen_kg_per_day is not None:
        shown = f"{_number(page.hydrogen_kg_per_day)} kg"
        figures.append(Figure("hydrogen_kg_per_day", FIGURE_LABELS["hydrogen_kg_per_day"], shown))
    if page.co2e_avoided_tonnes_per_year is not None:
        shown = f"{_number(page.co2e_avoided_tonnes_per_year)} t"
        key = "co2e_avoided_tonnes_per_year"
        figures.append(Figure(key, FIGURE_LABELS[key], shown))
    if page.payback_years is not None:
        shown = f"{_number(page.payback_years)} years"
        figures.append(Figure("payback_years", FIGURE_LABELS["payback_years"], shown))
    for figure in figures:
        figure.sources = cited.get(figure.key, [])

    funding = []
    for block in page.funding_mix:
        value = block.value
        line = FundingLine(
            value["funder"],
            dict(block.block.child_blocks["kind"].field.choices).get(value["kind"], value["kind"]),
            value.get("share_percent"),
        )
        if value.get("amount") is not None:
            line.display, line.conversion, line.conversion_error = _money(value["amount"], page)
        funding.append(line)

    return CaseFigures(figures, derived_values(page), funding, cited.get("funding", []))


def derived_values(page):
    if page.capital_cost is None:
        return []
    conversion, error = money.try_convert(page.capital_cost, page.currency, page.price_year)
    derived = []
    for key, label, divisor_field, unit in DERIVED:
        divisor = getattr(page, divisor_field)
        if not divisor:
            continue
        value = Decimal(page.capital_cost) / Decimal(divisor)
        item = Derived(key, label, f"{money.format_money(value, page.currency)} {unit}", value)
        if conversion:
            item.converted = conversion.value / Decimal(divisor)
            shown = money.format_money(item.converted, conversion.target_currency)
            item.converted_display = f"{shown} {unit}"
        else:
            item.conversion_error = error
        derived.append(item)
    return derived


def metric(page, key):
    """(value in target currency and year, None) or (None, why not), for a compared metric."""
    if page.capital_cost is None:
        return None, None
    divisor = None
    for derived_key, _, divisor_field, _ in DERIVED:
        if derived_key == key:
            divisor = getattr(page, divisor_field)
            if not divisor:
                return None, None
    conversion, error = money.try_convert(page.capital_cost, page.currency, page.price_year)
    if conversion is None:
        return None, error
    value = conversion.value / Decimal(divisor) if divisor else conversion.value
    return value, None


# A chart draws at most this many cases, the highest first (the case a page is about
# always among them), and names at most this many of those it leaves out: past that a
# chart is a list nobody reads, and with thousands of cases drawing them all was most of
# the index's time (docs/benchmarks.md, 10,000 cities).
MAX_BARS = 15
MAX_LEFT_OUT = 10


# What a case's place in a comparison is worked out from: read as plain rows, since
# building thousands of page objects cost more than the charts themselves.
COMPARISON_FIELDS = (
    "pk",
    "application",
    "capital_cost",
    "currency",
    "price_year",
    *(field for _, _, field, _ in DERIVED),
)


def _rows(cases):
    rows = cases.filter(is_illustrative=False).values(*COMPARISON_FIELDS)
    return [SimpleNamespace(**row) for row in rows]


def comparisons(cases, request=None, current=None, slug_prefix="", group=""):
    """One bar chart per compared metric that at least one sourced case of `cases` (a
    queryset of business cases) has; `group` names the cases compared in each chart's
    title ("bus fleet cases")."""
    plans = _plans(_rows(cases), current)
    return _draw(plans, _pages(cases, plans), request, current, slug_prefix, group)


@dataclass
class _Plan:
    """One chart before its cases are loaded: (value, pk) drawn, (pk, reason) named as
    left out, how many more are left out, how many cases have the metric."""

    key: str
    label: str
    shown: list
    named: list
    more: int
    total: int


def _plans(rows, current):
    plans = []
    for key, label, _, _unit in COMPARED:
        valued, left_out = [], []
        for row in rows:
            value, reason = metric(row, key)
            if value is not None:
                valued.append((value, row.pk))
            elif reason:
                left_out.append((row.pk, reason))
        if not valued:
            continue
        valued.sort(key=lambda pair: pair[0], reverse=True)
        shown = valued[:MAX_BARS]
        if current is not None and all(pk != current.pk for _, pk in shown):
            mine = [pair for pair in valued if pair[1] == current.pk]
            if mine:
                shown = sorted([*shown[: MAX_BARS - 1], *mine], key=lambda p: p[0], reverse=True)
        named = left_out[:MAX_LEFT_OUT]
        plans.append(_Plan(key, label, shown, named, len(left_out) - len(named), len(valued)))
    return plans


def _pages(cases, plans):
    """The cases the charts draw or name, as pages (titles, cities, links), in one query."""
    wanted = {pk for plan in plans for _, pk in plan.shown}
    wanted |= {pk for plan in plans for pk, _ in plan.named}
    if not wanted:
        return {}
    pages = cases.model.objects.filter(pk__in=wanted).defer_streamfields().select_related("city")
    return {page.pk: page for page in pages}


def _draw(plans, pages, request, current, slug_prefix, group):
    table = money.tables()
    target = f"euros at {table.target_year} prices"
    result = []
    for plan in plans:
        bars = [
            charts.Bar(
                label=pages[pk].title,
                note=_city_of(pages[pk]),
                value=float(value),
                display=money.format_money(value, table.target_currency),
                url=pages[pk].get_url(request) or "",
                current=current is not None and pk == current.pk,
            )
            for value, pk in plan.shown
        ]
        named = [
            charts.LeftOut(
                pages[pk].title, _city_of(pages[pk]), reason, pages[pk].get_url(request) or ""
            )
            for pk, reason in plan.named
        ]
        title = f"{plan.label}: {group}" if group else plan.label
        if plan.total > len(bars):
            # The case the page is about, drawn below the highest when it is not among them.
            added = bars[-1].current and len(bars) == MAX_BARS and plan.total > MAX_BARS
            highest = f"the {len(bars) - added} highest of {plan.total} sourced cases"
            counted = (
                f"for {highest}{' and this one' if added else ''}; filter the list to "
                "compare others"
            )
        else:
            counted = f"for {len(bars)} sourced case{'s' if len(bars) != 1 else ''}"
        description = f"{plan.label}, in {target}, {counted}; the longest bar is the highest."
        chart = charts.bar_chart(
            f"{slug_prefix}{plan.key}", title, description, plan.label, bars, named
        )
        chart.left_out_more = plan.more
        result.append(chart)
    return result


def _city_of(case):
    return case.city.title if case.city_id and case.city else ""


def application_comparisons(cases, applications, request=None):
    """The index's charts: for each application ((value, label) pairs, in their order), its
    cases (a queryset) compared; the cases drawn are loaded in one query for all."""
    groups = {}
    for row in _rows(cases):
        groups.setdefault(row.application, []).append(row)
    planned = [
        (value, label, _plans(groups[value], None))
        for value, label in applications
        if value in groups
    ]
    pages = _pages(cases, [plan for _, _, plans in planned for plan in plans])
    sections = []
    for value, label, plans in planned:
        found = _draw(plans, pages, request, None, f"{value}-", f"{label.lower()} cases")
        if found:
            sections.append((label, found))
    return sections
