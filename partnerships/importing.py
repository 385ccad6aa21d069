"""Reading and checking applicant city files for `import_cities`.

A file is checked in full before anything is written; every problem is reported as
"row N, field F: ..." so the person fixing the spreadsheet knows where to look. Rows are
numbered from 1, the first city after the CSV header (or the first item of a JSON list).
"""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.text import Truncator, slugify
from django_countries import countries

from core.text import first_control_character
from hub.models import CityProfilePage, Maturity, Topic

FIELDS = (
    "name",
    "country",
    "population",
    "maturity",
    "target_year",
    "offers",
    "needs",
    "motivation",
)


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


@dataclass
class CityRow:
    row: int
    name: str
    slug: str
    country: str
    population: int | None
    maturity: str
    target_year: int | None
    offers: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    motivation: str = ""


def read_records(path: Path) -> list[dict]:
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise ImportFileError(f"No file at {path}.") from error
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path} is not UTF-8 text.") from error
    if suffix == ".csv":
        return list(csv.DictReader(text.splitlines()))
    if suffix == ".json":
        try:
            data = json.loads(text)
        except ValueError as error:  # JSONDecodeError, or a number too long to read
            raise ImportFileError(f"{path} is not valid JSON: {error}.") from error
        if isinstance(data, dict):
            data = data.get("cities")
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise ImportFileError('A JSON file must hold a list of cities (or {"cities": [...]}).')
        return data
    raise ImportFileError(f"Cannot tell the format of {path.name}: use a .csv or .json file.")


def _text(value):
    return "" if value is None else str(value).strip()


def _shown(text):
    """A value as the report quotes it: repr, cut to a readable length."""
    return repr(Truncator(text).chars(21))


def _column_range(model, name):
    """The values a model's integer column holds on every supported database (SQLite
    holds more than PostgreSQL; a file that imports on one imports on the other)."""
    internal_type = model._meta.get_field(name).get_internal_type()
    return BaseDatabaseOperations.integer_field_ranges[internal_type]


def _control_characters(record, row, errors):
    """Report every value holding a control character (PostgreSQL refuses NUL, and none
    of them is ever meant)."""
    for name, value in record.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            character = first_control_character(_text(item))
            if character:
                errors.append(
                    f"row {row}, field {name}: {_shown(_text(item))} contains the control "
                    f"character {character}"
                )


def _topics(value):
    if isinstance(value, list):
        return [_text(item) for item in value if _text(item)]
    return [part.strip() for part in _text(value).split(";") if part.strip()]


def _whole_number(value, row, name, errors, low=None, high=None):
    text = _text(value)
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:  # not digits, or too many to convert
        errors.append(f"row {row}, field {name}: {_shown(text)} is not a whole number")
        return None
    if (low is not None and number < low) or (high is not None and number > high):
        errors.append(f"row {row}, field {name}: {number} is not between {low} and {high}")
        return None
    return number


def check_records(records: list[dict]) -> tuple[list[CityRow], list[str]]:
    """The rows as `CityRow`s and every problem found, in file order."""
    known_topics = set(Topic.objects.values_list("slug", flat=True))
    rows, errors, seen = [], [], {}
    for number, record in enumerate(records, start=1):
        unknown = sorted(set(record) - set(FIELDS) - {None}, key=str)
        if unknown:
            errors.append(f"row {number}: unknown field(s) {', '.join(map(str, unknown))}")
        _control_characters({k: v for k, v in record.items() if k in FIELDS}, number, errors)
        name = _text(record.get("name"))
        if not name:
            errors.append(f"row {number}, field name: a name is required")
        slug = slugify(name)
        if name and not slug:
            errors.append(f"row {number}, field name: {name!r} gives no usable page slug")
        if slug and slug in seen:
            errors.append(f"row {number}, field name: {name!r} repeats row {seen[slug]}")
        seen.setdefault(slug, number)
        code = _text(record.get("country")).upper()
        if not code:
            errors.append(f"row {number}, field country: a country code is required")
        elif len(code) != 2 or not countries.alpha2(code):
            errors.append(
                f"row {number}, field country: unknown country {_text(record.get('country'))!r} "
                "(use an ISO 3166 alpha-2 code such as DE)"
            )
        maturity = _text(record.get("maturity")).lower() or "planning"
        if maturity not in Maturity.values:
            errors.append(
                f"row {number}, field maturity: {_text(record.get('maturity'))!r} is not one of "
                f"{', '.join(Maturity.values)}"
            )
        population = _whole_number(
            record.get("population"),
            number,
            "population",
            errors,
            *_column_range(CityProfilePage, "population"),
        )
        target_year = _whole_number(
            record.get("target_year"), number, "target_year", errors, 2025, 2070
        )
        topic_lists = {}
        for name_of_field in ("offers", "needs"):
            slugs = _topics(record.get(name_of_field))
            for topic in slugs:
                if topic not in known_topics:
                    errors.append(f"row {number}, field {name_of_field}: unknown topic {topic!r}")
            topic_lists[name_of_field] = sorted(set(slugs))
        rows.append(
            CityRow(
                row=number,
                name=name,
                slug=slug,
                country=code,
                population=population,
                maturity=maturity,
                target_year=target_year,
                offers=topic_lists["offers"],
                needs=topic_lists["needs"],
                motivation=_text(record.get("motivation")),
            )
        )
    return rows, errors
