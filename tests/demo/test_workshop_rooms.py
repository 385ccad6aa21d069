"""The demo's workshop rooms: every live webinar has one, and past webinars' are closed."""

import datetime
import io

from django.core.management.color import no_style
from django.utils import timezone

from demo import builders, loader
from tests import factories
from workshops.models import WorkshopRoom


def test_demo_step_gives_every_webinar_a_room_and_closes_past_ones(hub_tree):
    upcoming = factories.WebinarPageFactory(parent=hub_tree.webinars)
    past = factories.WebinarPageFactory(
        parent=hub_tree.webinars, start=timezone.now() - datetime.timedelta(days=30)
    )
    WorkshopRoom.objects.all().delete()
    out = io.StringIO()
    loader.load(out, no_style(), builders.steps("open_workshop_rooms"))
    loader.load(out, no_style(), builders.steps("open_workshop_rooms"))
    assert WorkshopRoom.objects.get(page=upcoming).status == WorkshopRoom.Status.SCHEDULED
    assert WorkshopRoom.objects.get(page=past).status == WorkshopRoom.Status.CLOSED
    assert WorkshopRoom.objects.count() == 2
    assert "2 created" in out.getvalue()
    assert "0 created, 0 closed, 2 in all" in out.getvalue()
