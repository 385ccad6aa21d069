"""What every spreadsheet export of the site writes into a cell.

Exports hold what readers typed (searches, applications), so a cell is escaped where a
spreadsheet program would act on it, and never makes the export fail:

- A text that starts with a formula character (`= + - @`, or a tab or carriage return
  before one) gets a leading apostrophe, so `=HYPERLINK(...)` is shown as text instead of
  being run (OWASP's advice on CSV injection). The apostrophe is visible in a CSV file
  and tells the reader the cell was escaped.
- Control characters, which the XLSX format cannot hold (openpyxl refuses them), are
  dropped; text stored before forms stripped them still exports.

`spreadsheet_cell` is the one rule; `SafeSpreadsheetExportMixin` applies it to Wagtail's
admin exports (reports, listings, form submissions) and `safe_row` to a CSV writer's rows.
"""

from .text import strip_control_characters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """`value` as it may safely be written into a CSV or XLSX cell."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_PREFIXES):
        value = "'" + value
    return strip_control_characters(value)


def safe_row(values):
    """A row for `csv.writer`, every cell through `spreadsheet_cell`."""
    return [spreadsheet_cell(value) for value in values]


class SafeSpreadsheetExportMixin:
    """For views built on Wagtail's `SpreadsheetExportMixin`: every exported cell, CSV
    or XLSX, goes through `spreadsheet_cell` after Wagtail's own preprocessing."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return spreadsheet_cell(value)

    def get_heading(self, queryset, field):
        return spreadsheet_cell(super().get_heading(queryset, field))
