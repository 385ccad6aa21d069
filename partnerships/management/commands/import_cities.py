"""Create or update published city profiles from a CSV or JSON file, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hub.models import CityIndexPage, CityProfilePage, Topic
from partnerships.importing import ImportFileError, check_records, read_records

SCALAR_FIELDS = ("country", "population", "maturity", "target_year", "motivation")


def _changes(page, row):
    """What differs between a page and a row, as readable strings."""
    changes = []
    if page.title != row.name:
        changes.append(f"title {page.title!r} → {row.name!r}")
    for name in SCALAR_FIELDS:
        current = getattr(page, name)
        current = current.code if name == "country" else current
        new = getattr(row, name)
        if (current or None) != (new or None):
            changes.append(f"{name} {current!r} → {new!r}")
    for name in ("offers", "needs"):
        current = sorted(tag.slug for tag in getattr(page, name).all())
        if current != getattr(row, name):
            changes.append(
                f"{name} {';'.join(current) or '∅'} → {';'.join(getattr(row, name)) or '∅'}"
            )
    if not page.live:
        changes.append("publish")
    return changes


def _apply(page, row, topics):
    page.title = row.name
    for name in SCALAR_FIELDS:
        setattr(page, name, getattr(row, name))
    page.offers.set([topics[slug] for slug in row.offers])
    page.needs.set([topics[slug] for slug in row.needs])


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
        index = CityIndexPage.objects.first()
        if index is None:
            raise CommandError("There is no city index page (/cities/) to put the cities under.")
        topics = {topic.slug: topic for topic in Topic.objects.all()}
        existing = {
            page.slug: page
            for page in CityProfilePage.objects.child_of(index).prefetch_related(
                "offer_items__tag", "need_items__tag"
            )
        }
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        plan = []
        for row in rows:
            page = existing.get(row.slug)
            if page is None:
                counts["created"] += 1
                plan.append((row, None))
                self.stdout.write(
                    f"{'Would create' if dry_run else 'Create'} {row.name} (row {row.row})"
                )
                continue
            changes = _changes(page, row)
            if not changes:
                counts["unchanged"] += 1
                continue
            counts["updated"] += 1
            plan.append((row, page))
            self.stdout.write(
                f"{'Would update' if dry_run else 'Update'} {row.name} (row {row.row}): "
                + "; ".join(changes)
            )
        if not dry_run:
            with transaction.atomic():
                for row, page in plan:
                    if page is None:
                        page = CityProfilePage(slug=row.slug)
                        _apply(page, row, topics)
                        index.add_child(instance=page)
                    else:
                        _apply(page, row, topics)
                    page.save_revision().publish()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        verb = "Dry run, nothing written" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {summary}."))
