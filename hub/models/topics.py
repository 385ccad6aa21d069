"""The controlled topic vocabulary and the through models that attach it to pages."""

from django.db import models
from django.db.models.signals import post_delete, post_save
from modelcluster.fields import ParentalKey
from taggit.models import TagBase, TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.cache_versions import CacheVersion, PerProcess

# Retired by any change to a topic or a domain (see the end of this module).
TOPICS_VERSION = CacheVersion("hub:topics-version")


class Domain(models.Model):
    """A family of topics, such as "Hydrogen" or "Mobility and transport"."""

    slug = models.SlugField(unique=True, max_length=50)
    name = models.CharField(max_length=100)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Topic(index.Indexed, TagBase):
    """A topic from the hub's vocabulary. Editors add topics; pages cannot invent them."""

    free_tagging = False

    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="topics")
    synonyms = models.JSONField(
        default=list,
        blank=True,
        help_text="Other words people use for this topic; search matches them too.",
    )
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel(
            "slug",
            help_text="Addresses, filters and blocks refer to the topic by this slug: "
            "change it only for a new topic.",
        ),
        FieldPanel("domain"),
        FieldPanel("synonyms"),
        FieldPanel("description"),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("synonyms_text"),
        index.FilterField("slug"),
    ]

    class Meta:
        ordering = ["domain__sort_order", "sort_order", "name"]

    @property
    def synonyms_text(self):
        return " ".join(self.synonyms or [])


class PageTopic(TaggedItemBase):
    """Topics of any page: business cases, guides, webinars, partnerships, cities."""

    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="page_topics")
    content_object = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="topic_items"
    )


class CityOffer(TaggedItemBase):
    """A topic a city can share with others."""

    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="offered_by")
    content_object = ParentalKey(
        "hub.CityProfilePage", on_delete=models.CASCADE, related_name="offer_items"
    )


class CityNeed(TaggedItemBase):
    """A topic a city wants to learn about."""

    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="needed_by")
    content_object = ParentalKey(
        "hub.CityProfilePage", on_delete=models.CASCADE, related_name="need_items"
    )


_choices = PerProcess(TOPICS_VERSION, lambda: tuple(Topic.objects.values_list("slug", "name")))


def topic_choices():
    """Every topic as (slug, name), in the vocabulary's order: one query per process and
    version of the vocabulary."""
    return list(_choices())


def _build_vocabulary():
    topics = list(Topic.objects.all())
    return {"by_id": {t.pk: t for t in topics}, "by_slug": {t.slug: t for t in topics}}


_vocabulary = PerProcess(TOPICS_VERSION, _build_vocabulary)


def topics_by_id():
    """{id: Topic} for the whole vocabulary, shared by the requests of a process (read
    them, never change them)."""
    return _vocabulary()["by_id"]


def topics_by_slug():
    return _vocabulary()["by_slug"]


def _retire_topics(**kwargs):
    TOPICS_VERSION.retire()


for _model in (Topic, Domain):
    post_save.connect(_retire_topics, sender=_model, dispatch_uid=f"topics-save-{_model.__name__}")
    post_delete.connect(
        _retire_topics, sender=_model, dispatch_uid=f"topics-delete-{_model.__name__}"
    )
