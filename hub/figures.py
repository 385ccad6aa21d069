"""A business case's figures as readers compare them: each with its source, money converted
to one currency and price year (`hub.money`), values derived from them, and charts that set
a case beside the others of its application.

Illustrative cases show their own figures but stay out of comparisons: a worked example is
not a record to benchmark against.
"""

from dataclasses import dataclass, field
from decimal import Decimal

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


def comparisons(cases, request=None, current=None, slug_prefix="", group=""):
    """One bar chart per compared metric that at least one sourced case has; `group` names
    the cases compared in each chart's title ("bus fleet cases")."""
    table = money.tables()
    target = f"euros at {table.target_year} prices"
    cases = [case for case in cases if not case.is_illustrative]
    result = []
    for key, label, _, _unit in COMPARED:
        bars, left_out = [], []
        for case in cases:
            value, reason = metric(case, key)
            city = case.city.title if case.city_id and case.city else ""
            url = case.get_url(request) or ""
            if value is not None:
                bars.append(
                    charts.Bar(
                        label=case.title,
                        note=city,
                        value=float(value),
                        display=money.format_money(value, table.target_currency),
                        url=url,
                        current=current is not None and case.pk == current.pk,
                    )
                )
            elif reason:
                left_out.append(charts.LeftOut(case.title, city, reason, url))
        if not bars:
            continue
        bars.sort(key=lambda bar: bar.value, reverse=True)
        title = f"{label}: {group}" if group else label
        description = (
            f"{label}, in {target}, for {len(bars)} sourced "
            f"case{'s' if len(bars) != 1 else ''}; the longest bar is the highest."
        )
        chart = charts.bar_chart(f"{slug_prefix}{key}", title, description, label, bars, left_out)
        result.append(chart)
    return result


def application_comparisons(cases, applications, request=None):
    """The index's charts: for each application ((value, label) pairs, in their order), its
    cases compared."""
    groups = {}
    for case in cases:
        groups.setdefault(case.application, []).append(case)
    sections = []
    for value, label in applications:
        if value not in groups:
            continue
        found = comparisons(
            groups[value], request, slug_prefix=f"{value}-", group=f"{label.lower()} cases"
        )
        if found:
            sections.append((label, found))
    return sections
