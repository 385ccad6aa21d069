"""Send the questions left unanswered in every session that has ended (run it from cron;
closing a room sends them at once)."""

from django.core.management.base import BaseCommand

from workshops import followup


class Command(BaseCommand):
    help = "Email each ended session's unanswered questions to who can answer them."

    def handle(self, *args, **options):
        rooms = followup.rooms_due()
        emails = sum(followup.send_unanswered(room.pk) for room in rooms)
        self.stdout.write(f"{len(rooms)} ended session(s), {emails} email(s) sent.")
