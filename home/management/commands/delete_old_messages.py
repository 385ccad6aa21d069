"""Delete the messages sent to cities once their retention period has passed."""

from django.core.management.base import BaseCommand

from home.messages import RETENTION_DAYS, delete_old_messages


class Command(BaseCommand):
    help = f"Delete messages to cities older than {RETENTION_DAYS} days (and their answers)."

    def handle(self, *args, **options):
        count = delete_old_messages()
        self.stdout.write(f"Deleted {count} messages older than {RETENTION_DAYS} days.")
