"""What every content page of the hub shares: topics, a summary and related content."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core import visibility
from core.text import folded_variants, searchable_texts

from .topics import PageTopic


class TopicTagField(APIField):
    """Expose a topic set in the API as a list of slugs."""

    def __init__(self, name):
        from rest_framework import serializers

        super().__init__(
            name,
            serializer=serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug"),
        )


class HubPageQuerySet(PageQuerySet):
    def visible_to(self, request):
        """The pages this visitor may open: none in a section whose view restriction
        (password, login, groups) they do not pass."""
        return visibility.visible(self, request)

    def listable(self, request):
        """What a listing, feed or related list shows this visitor: live, and theirs to open."""
        return self.live().visible_to(request)


HubPageManager = PageManager.from_queryset(HubPageQuerySet)


class HubPage(Page):
    """Abstract base: a page with a summary and topics, related to others by topic."""

    summary = models.TextField(
        blank=True, help_text="One or two sentences shown in listings and search results."
    )
    topics = ClusterTaggableManager(
        through=PageTopic,
        blank=True,
        help_text="Topics from the hub's vocabulary.",
    )

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("topics")]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.RelatedFields(
            "topics",
            [index.SearchField("name", boost=4), index.SearchField("synonyms_text")],
        ),
        index.FilterField("live"),
        # What the search's filters and facets read, for Elasticsearch's aggregations
        # (search/es_facets.py); the database backends read them from the catalogue.
        index.FilterField("search_type"),
        index.FilterField("search_country"),
        index.FilterField("search_application"),
        index.FilterField("search_topic_ids"),
        # ASCII copies of accented words, so "umea" finds Umeå on every backend.
        index.SearchField("accent_folded_text"),
        index.SearchField("accent_folded_title", boost=4),
        index.AutocompleteField("accent_folded_title"),
    ]

    api_fields = [APIField("summary"), TopicTagField("topics")]

    objects = HubPageManager()

    # Relevance multiplier for pages of this type in the hub search. Reference content
    # (cities, business cases, guides) keeps 1; pages about events and pairings, which
    # mention that content, rank below it for the same words.
    search_weight = 1.0

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Save, then index the page again once its topics, offers and needs are written.

        Wagtail indexes a page on `post_save`, which modelcluster sends before it commits
        the page's child relations; the index would hold the topics the page had before.
        """
        result = super().save(*args, **kwargs)
        # A save of chosen fields (a new revision, a lock) writes no topics; the page in
        # memory may also hold draft content that must not reach the index.
        if kwargs.get("update_fields") is None:
            index.insert_or_update_object(self)
        return result

    @property
    def accent_folded_text(self):
        skip = {"accent_folded_text", "accent_folded_title"}
        return folded_variants(searchable_texts(self, skip=skip))

    @property
    def accent_folded_title(self):
        return folded_variants([self.title])

    def topic_ids(self):
        return [item.tag_id for item in self.topic_items.all()]

    # Filter values as the search's filters name them (indexed for Elasticsearch).

    def search_type(self):
        return f"{self._meta.app_label}.{type(self).__name__}"

    def search_country(self):
        country = getattr(self, "country", None)
        city = getattr(self, "city", None) if not country else None
        country = country or (getattr(city, "country", None) if city is not None else None)
        return str(country) if country else None

    def search_application(self):
        return getattr(self, "application", None) or None

    def search_topic_ids(self):
        ids = set(self.topic_ids())
        for name in ("offer_items", "need_items"):
            if hasattr(self, name):
                ids.update(item.tag_id for item in getattr(self, name).all())
        return sorted(ids)

    def related_pages(self, request, limit=4, topic_ids=None):
        """Live pages the visitor may open sharing the most topics with this one, best first.

        One query (two without `topic_ids`) plus one per page type among the results.
        """
        topic_ids = self.topic_ids() if topic_ids is None else topic_ids
        if not topic_ids:
            return []
        links = PageTopic.objects.filter(tag_id__in=topic_ids, content_object__live=True)
        ranked = (
            visibility.visible(links, request, field="content_object__path")
            .exclude(content_object_id=self.pk)
            .values("content_object_id", "content_object__content_type_id")
            .annotate(shared=Count("id"))
            .order_by("-shared", "content_object_id")[:limit]
        )
        ids_by_type = {}
        ids = []
        for row in ranked:
            ids.append(row["content_object_id"])
            ids_by_type.setdefault(row["content_object__content_type_id"], []).append(ids[-1])
        # Specific fields (the summary) are loaded with the pages, or the template would
        # fetch them one page at a time; one query per page type, however many pages.
        by_id = {}
        for content_type_id, type_ids in ids_by_type.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:  # a page type whose code is gone
                continue
            by_id.update(
                (page.pk, page)
                for page in model.objects.filter(pk__in=type_ids).defer_streamfields()
            )
        return [by_id[pk] for pk in ids if pk in by_id]
