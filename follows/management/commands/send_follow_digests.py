"""Email each person who follows topics, cities or programmes what is new on them."""

from django.core.management.base import BaseCommand

from follows.digest import send_digests


class Command(BaseCommand):
    help = (
        "Send the weekly digest: the public pages published on what each person follows, "
        "once per person per ISO week. Run it once a week (running it again sends nothing)."
    )

    def handle(self, *args, **options):
        send_digests(report=self.stdout.write)
