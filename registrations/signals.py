"""Seats that come free outside registering and cancelling go to the people waiting: seats
an editor adds to a webinar (when it is published) and registrations deleted in the admin."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published

from hub.models import WebinarPage

from . import services
from .models import Registration


@receiver(page_published, sender=WebinarPage, dispatch_uid="registrations.fill_on_publish")
def fill_free_seats_on_publish(sender, instance, **kwargs):
    services.fill_free_seats(instance)


@receiver(post_delete, sender=Registration, dispatch_uid="registrations.fill_on_delete")
def fill_free_seats_on_delete(sender, instance, **kwargs):
    if instance.status != Registration.Status.CONFIRMED:
        return

    def fill():
        # Gone too when the webinar itself was deleted.
        webinar = WebinarPage.objects.filter(pk=instance.webinar_id).first()
        if webinar is not None:
            services.fill_free_seats(webinar)

    transaction.on_commit(fill)
