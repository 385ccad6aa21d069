"""Delete the personal data whose retention period has passed (run daily by a scheduler)."""

from django.core.management.base import BaseCommand

from core import personal_data


class Command(BaseCommand):
    help = (
        "Delete personal data older than its period in PERSONAL_DATA_RETENTION_DAYS: "
        "messages to cities, applications and whatever else an app registers. Running it "
        "again deletes nothing more."
    )

    def handle(self, *args, **options):
        def report(kind, count):
            what = kind.what.split(":")[0]
            self.stdout.write(f"{kind.key}: deleted {count} older than {kind.days} days ({what}).")

        counts = personal_data.expire_all(report=report)
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Done: {total} records deleted."))
