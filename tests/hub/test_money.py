"""Money in one currency and price year: the conversion readers see beside each figure."""

from decimal import Decimal

import pytest

from hub import money
from hub.models import Currency


def table(**changes):
    data = {
        "target": {"currency": "EUR", "year": 2024},
        "exchange_rates": {
            "usd_per_unit": {"EUR": {2020: 1.2, 2024: 1.1}, "GBP": {2020: 1.5}},
            "units_per_usd": {"JPY": {2020: 100}},
        },
        "price_index": {
            "name": "Test index",
            "base_year": 2020,
            "annual_change_percent": {
                2019: 1.0,
                2020: 2.0,
                2021: 10.0,
                2022: 0.0,
                2023: 5.0,
                2024: 2.0,
            },
        },
    }
    data.update(changes)
    return money.Tables.from_data(data)


def test_a_sum_becomes_euros_at_its_years_rate_then_target_year_prices():
    conversion = money.convert(1_500_000, "GBP", 2020, table())
    # 1.2 dollars a euro and 1.5 a pound: 0.8 pounds a euro; prices rose 10%, 0%, 5%, 2%.
    assert conversion.units_per_euro == Decimal("0.8")
    assert conversion.price_factor == Decimal("1.1") * Decimal("1.05") * Decimal("1.02")
    assert conversion.value == Decimal(1_500_000) / Decimal("0.8") * conversion.price_factor
    assert conversion.describe() == "£1.5 m in 2020 ≈ €2.2 m in 2024 prices"
    assert (
        conversion.method()
        == "0.8000 GBP to the euro (2020 average); prices × 1.178 (2020 to 2024)"
    )


def test_currencies_quoted_per_dollar_are_crossed_through_the_dollar():
    conversion = money.convert(1_000_000_000, "JPY", 2020, table())
    assert conversion.units_per_euro == Decimal(120)  # 100 yen a dollar, 1.2 dollars a euro


def test_euros_of_the_target_year_are_left_as_they_are():
    conversion = money.convert(612_345, "EUR", 2024, table())
    assert conversion.value == Decimal(612_345)
    assert conversion.is_identity
    assert conversion.describe() == "€612,000 in 2024"


def test_a_year_before_the_index_base_is_deflated_backwards():
    tables = table()
    assert tables.price_level(2019) == Decimal(100) / Decimal("1.02")
    assert money.convert(100, "EUR", 2019, tables).price_factor == (
        tables.price_level(2024) / tables.price_level(2019)
    )


@pytest.mark.parametrize(
    ("currency", "year", "reason"),
    [
        ("GBP", 2024, "the table has no GBP exchange rate for 2024"),
        ("USD", 2016, "the table has no euro exchange rate for 2016"),
        ("ISK", 2020, "the table has no exchange rates for ISK"),
        ("EUR", 2017, "the table has no Test index change for 2018"),
    ],
)
def test_a_gap_in_the_tables_is_a_clear_reason_not_a_guess(currency, year, reason):
    tables = table()
    with pytest.raises(money.ConversionError, match=reason):
        money.convert(100, currency, year, tables)
    assert money.try_convert(100, currency, year, tables) == (None, reason)


@pytest.mark.parametrize(
    ("amount", "currency", "year", "reason"),
    [
        (None, "EUR", 2020, "there is no figure to convert"),
        (100, "", 2020, "the figure has no currency"),
        (100, "EUR", None, "the figure has no price year"),
    ],
)
def test_incomplete_figures_are_not_converted(amount, currency, year, reason):
    assert money.try_convert(amount, currency, year, table()) == (None, reason)


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (8_300_000, "GBP", "£8.3 m"),
        (19_000_000, "GBP", "£19 m"),
        (8_063_000_000, "EUR", "€8.1 bn"),
        (197_400_000, "EUR", "€197 m"),
        (553_333, "GBP", "£553,000"),
        (1_234, "USD", "$1,230"),
        (65, "USD", "$65"),
        (270_000_000, "MXN", "MXN 270 m"),
        (2.5, "EUR", "€2.50"),
    ],
)
def test_sums_are_written_as_people_write_them(amount, currency, shown):
    assert money.format_money(Decimal(str(amount)), currency) == shown


def test_the_repository_tables_name_their_sources_and_cover_the_recent_years():
    tables = money.tables()
    assert (tables.target_currency, tables.target_year) == ("EUR", 2024)
    assert tables.sources and all(
        source["url"] and source["publisher"] for source in tables.sources
    )
    for year in range(2013, 2025):
        tables.price_level(year)  # no gap from 2012 to the target year
    for currency in ("GBP", "USD", "JPY", "MXN", "SEK", "DKK"):
        for year in (2015, 2017, 2020, 2023):
            assert tables.units_per_euro(currency, year) > 0


def test_the_published_aberdeen_figure_in_2024_prices():
    """£8.3 m in 2020: the Fed's 2020 averages give 0.8894 pounds a euro, and euro area
    prices rose 0.3→2024 by 2.6%, 8.4%, 5.4% and 2.4%."""
    conversion = money.convert(8_300_000, "GBP", 2020)
    expected = (
        Decimal(8_300_000)
        / (Decimal("1.1410") / Decimal("1.2829"))
        * Decimal("1.026")
        * Decimal("1.084")
        * Decimal("1.054")
        * Decimal("1.024")
    )
    assert abs(conversion.value - expected) < Decimal("0.01")
    assert conversion.describe() == "£8.3 m in 2020 ≈ €11.2 m in 2024 prices"


def test_every_currency_an_editor_can_choose_converts_or_says_why():
    for code, _ in Currency.choices:
        conversion, reason = money.try_convert(1000, code, 2020)
        assert conversion is not None or reason.startswith("the table has no"), code
