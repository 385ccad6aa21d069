"""What a signed-in person follows (topics, cities, programmes) and the weekly digests
they were sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Follow(models.Model):
    """One thing a person follows: a topic, or a city's or programme's page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    topic = models.ForeignKey(
        "hub.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
        help_text="A city or a programme.",
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["user", "created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=True, page__isnull=False)
                | Q(topic__isnull=False, page__isnull=True),
                name="follow_one_thing",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"], condition=Q(topic__isnull=False), name="follow_topic_once"
            ),
            models.UniqueConstraint(
                fields=["user", "page"], condition=Q(page__isnull=False), name="follow_page_once"
            ),
        ]

    def __str__(self):
        return str(self.topic or self.page)

    @property
    def target(self):
        return self.topic if self.topic_id else self.page


class DigestSubscription(models.Model):
    """Whether a person gets the weekly digest: yes until they unsubscribe."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscription"
    )
    weekly = models.BooleanField("weekly digest", default=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self):
        return f"Digest of {self.user}"


class DigestDelivery(models.Model):
    """One person's digest for one period (an ISO week, such as "2026-W49"): written
    before the email is sent, so a second run in the same period sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    period = models.CharField(max_length=10)
    sent_at = models.DateTimeField(default=timezone.now)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="one_digest_per_period")
        ]

    def __str__(self):
        return f"{self.period}: {self.user}"
