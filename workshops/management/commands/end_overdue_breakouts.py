"""End the breakouts whose time is up and bring their participants back (run it from cron,
every minute: the server ends a breakout on time by itself, and this catches one whose
server stopped meanwhile)."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.management.base import BaseCommand

from workshops import breakout_end, breakouts


class Command(BaseCommand):
    help = "End every breakout past its end time, closing its groups' rooms."

    def handle(self, *args, **options):
        ended = breakouts.end_overdue()
        layer = get_channel_layer()
        told = 0
        for each in ended:
            # Sockets still open hear it now; any other hears it on its next frame or ping.
            if layer is not None:
                async_to_sync(breakout_end.announce)(breakout_end.layer_sender(layer), each)
                told += 1
        self.stdout.write(f"{len(ended)} breakout(s) ended, {told} announced.")
