"""Remind the people registered for a webinar that starts within a day; run it hourly."""

from django.core.management.base import BaseCommand

from registrations.reminders import REMINDER_HOURS, send_reminders


class Command(BaseCommand):
    help = (
        f"Email a reminder to everyone with a seat at a webinar starting in the next "
        f"{REMINDER_HOURS} hours, once each. Run it every hour."
    )

    def handle(self, *args, **options):
        send_reminders(report=self.stdout.write)
