"""Seats an editor adds to a webinar go to the people waiting when the page is published."""

from django.dispatch import receiver
from wagtail.signals import page_published

from hub.models import WebinarPage

from . import services


@receiver(page_published, sender=WebinarPage, dispatch_uid="registrations.fill_free_seats")
def fill_free_seats_on_publish(sender, instance, **kwargs):
    services.fill_free_seats(instance)
