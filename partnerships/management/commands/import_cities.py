"""Create or update published city profiles from a CSV or JSON file, all or nothing."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hub import cities
from hub.models import CityIndexPage
from partnerships.importing import ImportFileError, check_records, read_records


def city_data(row):
    """A checked row as `hub.cities.write_city` takes it."""
    return {
        "title": row.name,
        "slug": row.slug,
        "country": row.country,
        "population": row.population,
        "maturity": row.maturity,
        "target_year": row.target_year,
        "motivation": row.motivation,
        "offers": row.offers,
        "needs": row.needs,
    }


class Command(BaseCommand):
    help = (
        "Create or update published city profiles under /cities/ from a CSV or JSON file. "
        "Any bad row aborts the whole import."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            records = read_records(file)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        rows, errors = check_records(records)
        if errors:
            raise CommandError(
                f"Nothing imported: {len(errors)} problem(s) in {file.name}:\n"
                + "\n".join(f"  {error}" for error in errors)
            )
        if CityIndexPage.objects.first() is None:
            raise CommandError("There is no city index page (/cities/) to put the cities under.")
        counts = {cities.CREATED: 0, cities.UPDATED: 0, cities.UNCHANGED: 0}
        with transaction.atomic():
            for row in rows:
                try:
                    written = cities.write_city(city_data(row), dry_run=dry_run)
                except ValidationError as error:
                    raise CommandError(
                        f"Nothing imported: row {row.row}: {' '.join(error.messages)}"
                    ) from error
                counts[written.state] += 1
                self.report(row, written, dry_run)
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        verb = "Dry run, nothing written" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {summary}."))

    def report(self, row, written, dry_run):
        if written.state == cities.CREATED:
            self.stdout.write(
                f"{'Would create' if dry_run else 'Create'} {row.name} (row {row.row})"
            )
        elif written.state == cities.UPDATED:
            self.stdout.write(
                f"{'Would update' if dry_run else 'Update'} {row.name} (row {row.row}): "
                + "; ".join(written.changes)
            )
