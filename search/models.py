"""What the search page remembers: queries that found nothing, for editors to act on.

Popular queries are counted in Wagtail's own `QueryDailyHits` (search promotions app), by
`query_log`.
"""

from django.db import models
from django.utils import timezone


class NoResultQuery(models.Model):
    """A query (normalised) that returned no page, how often, and when last."""

    query_string = models.CharField(max_length=255, unique=True)
    hits = models.PositiveIntegerField(default=0)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-hits", "-last_seen"]
        verbose_name = "query without results"
        verbose_name_plural = "queries without results"

    def __str__(self):
        return self.query_string
