"""Money in one currency and one year's prices, so business cases can be compared.

A figure published in currency C at price year Y becomes euros at Y's annual average
exchange rate, then the target year's prices through the euro area HICP chained from its
annual rates of change. The rates, the index and their sources are data, in
`hub/data/exchange_rates.yaml`; a year the tables do not hold is a gap, and a figure that
needs it is shown as published with the reason (`ConversionError`), never guessed.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import yaml

RATES_FILE = Path(__file__).resolve().parent / "data" / "exchange_rates.yaml"

SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥"}


class ConversionError(ValueError):
    """A figure that the tables cannot convert; the message says which figure is missing."""


@dataclass(frozen=True)
class Tables:
    target_currency: str
    target_year: int
    usd_per_unit: dict  # currency -> {year: US dollars per unit}
    units_per_usd: dict  # currency -> {year: units per US dollar}
    index_changes: dict  # year -> annual average rate of change, per cent
    index_base_year: int
    index_name: str
    sources: tuple  # every source of the tables, as dicts (publisher, title, year, url)

    @classmethod
    def from_data(cls, data):
        rates, index = data["exchange_rates"], data["price_index"]
        return cls(
            target_currency=data["target"]["currency"],
            target_year=int(data["target"]["year"]),
            usd_per_unit={
                code: {int(y): Decimal(str(v)) for y, v in years.items()}
                for code, years in rates.get("usd_per_unit", {}).items()
            },
            units_per_usd={
                code: {int(y): Decimal(str(v)) for y, v in years.items()}
                for code, years in rates.get("units_per_usd", {}).items()
            },
            index_changes={
                int(y): Decimal(str(v)) for y, v in index["annual_change_percent"].items()
            },
            index_base_year=int(index["base_year"]),
            index_name=index["name"],
            sources=tuple(rates.get("sources", [])) + tuple(index.get("sources", [])),
        )

    def currencies(self):
        return {"USD", *self.usd_per_unit, *self.units_per_usd}

    def units_per_euro(self, currency, year):
        """How many units of `currency` a euro bought on average in `year`."""
        if currency == "EUR":
            return Decimal(1)
        usd_per_eur = self.usd_per_unit.get("EUR", {}).get(year)
        if usd_per_eur is None:
            raise ConversionError(f"the table has no euro exchange rate for {year}")
        if currency == "USD":
            return usd_per_eur
        if currency in self.usd_per_unit:
            usd_per_unit = self.usd_per_unit[currency].get(year)
            if usd_per_unit is None:
                raise ConversionError(f"the table has no {currency} exchange rate for {year}")
            return usd_per_eur / usd_per_unit
        if currency in self.units_per_usd:
            units = self.units_per_usd[currency].get(year)
            if units is None:
                raise ConversionError(f"the table has no {currency} exchange rate for {year}")
            return units * usd_per_eur
        raise ConversionError(f"the table has no exchange rates for {currency}")

    def price_level(self, year):
        """The price index in `year`, with the base year at 100."""
        level = Decimal(100)
        if year >= self.index_base_year:
            steps = range(self.index_base_year + 1, year + 1)
        else:
            steps = range(year + 1, self.index_base_year + 1)
        for step in steps:
            change = self.index_changes.get(step)
            if change is None:
                raise ConversionError(f"the table has no {self.index_name} change for {step}")
            factor = 1 + change / 100
            level = level * factor if year >= self.index_base_year else level / factor
        return level

    def price_factor(self, year):
        """What a euro of `year` is worth in euros of the target year."""
        return self.price_level(self.target_year) / self.price_level(year)


@lru_cache(maxsize=1)
def tables():
    with RATES_FILE.open(encoding="utf-8") as handle:
        return Tables.from_data(yaml.safe_load(handle))


@dataclass(frozen=True)
class Conversion:
    """One figure as published and in the target currency at the target year's prices."""

    amount: Decimal
    currency: str
    year: int
    units_per_euro: Decimal
    price_factor: Decimal
    value: Decimal
    target_currency: str
    target_year: int

    @property
    def is_identity(self):
        return self.currency == self.target_currency and self.year == self.target_year

    def describe(self):
        """ "£8.3 m in 2020 ≈ €10.5 m in 2024 prices"."""
        original = f"{format_money(self.amount, self.currency)} in {self.year}"
        if self.is_identity:
            return original
        target = format_money(self.value, self.target_currency)
        return f"{original} ≈ {target} in {self.target_year} prices"

    def method(self):
        """How the figure was converted, for readers who check it."""
        parts = []
        if self.currency != self.target_currency:
            rate = self.units_per_euro.quantize(Decimal("0.0001"), ROUND_HALF_UP)
            parts.append(f"{rate} {self.currency} to the euro ({self.year} average)")
        if self.year != self.target_year:
            factor = self.price_factor.quantize(Decimal("0.001"), ROUND_HALF_UP)
            parts.append(f"prices × {factor} ({self.year} to {self.target_year})")
        return "; ".join(parts)


def convert(amount, currency, year, table=None):
    """`amount` of `currency` at `year`'s prices in the target currency and year.

    Raises ConversionError when the tables lack a rate or an index change it needs.
    """
    table = table or tables()
    if amount is None:
        raise ConversionError("there is no figure to convert")
    if not currency:
        raise ConversionError("the figure has no currency")
    if not year:
        raise ConversionError("the figure has no price year")
    amount = Decimal(amount)
    per_euro = table.units_per_euro(currency, int(year))
    factor = table.price_factor(int(year))
    return Conversion(
        amount=amount,
        currency=currency,
        year=int(year),
        units_per_euro=per_euro,
        price_factor=factor,
        value=amount / per_euro * factor,
        target_currency=table.target_currency,
        target_year=table.target_year,
    )


def try_convert(amount, currency, year, table=None):
    """(conversion, None) or (None, the reason it could not be converted)."""
    try:
        return convert(amount, currency, year, table), None
    except ConversionError as error:
        return None, str(error)


def format_money(amount, currency):
    """A sum as people write it: "£8.3 m", "€1.2 bn", "$612,000", "MXN 270 m"."""
    amount = Decimal(amount)
    symbol = SYMBOLS.get(currency)
    prefix = symbol if symbol else f"{currency} "
    return f"{prefix}{format_number(amount)}"


def format_number(amount):
    amount = Decimal(amount)
    size = abs(amount)
    for limit, suffix in ((Decimal("1e9"), " bn"), (Decimal("1e6"), " m")):
        if size >= limit:
            scaled = amount / limit
            places = Decimal("1") if abs(scaled) >= 100 else Decimal("0.1")
            text = f"{scaled.quantize(places, ROUND_HALF_UP):,}"
            return text.removesuffix(".0") + suffix
    if size >= 1000:
        # Three significant figures: the inputs are rarely more precise than that.
        digits = len(str(int(size))) - 3
        rounded = amount.quantize(Decimal(1), ROUND_HALF_UP).scaleb(-digits)
        rounded = rounded.quantize(Decimal(1), ROUND_HALF_UP).scaleb(digits)
        return f"{int(rounded):,}"
    if size >= 10:
        return f"{amount.quantize(Decimal(1), ROUND_HALF_UP):,}"
    return f"{amount.quantize(Decimal('0.01'), ROUND_HALF_UP):,}".removesuffix(".00")
