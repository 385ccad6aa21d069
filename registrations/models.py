"""People registered for a webinar on TwinHub: a seat, or a place on the waiting list."""

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


def new_token():
    return secrets.token_urlsafe(24)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING).order_by("created", "pk")


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Has a seat"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    webinar = models.ForeignKey(
        "hub.WebinarPage", on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(max_length=100)
    organisation = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices)
    # The secret in the link of every email: it shows and cancels this registration.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    promoted_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When a seat came free for them."
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["webinar", "created", "pk"]
        constraints = [
            # One live registration per address and webinar; a cancelled one may register again.
            models.UniqueConstraint(
                "webinar",
                models.functions.Lower("email"),
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} · {self.webinar.title}"

    def get_absolute_url(self):
        return reverse("registrations:manage", args=[self.token])

    @property
    def has_seat(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_waiting(self):
        return self.status == self.Status.WAITING

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED
