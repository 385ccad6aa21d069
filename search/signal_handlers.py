"""Keep the search catalogue in step with the pages.

(The full-text index follows pages through Wagtail's own handlers and `HubPage.save()`.)
Saving, publishing or unpublishing a page, and saving or deleting a topic link, journals
the page for every process's catalogue (`catalogue.record_change`); deleting or moving a
page, and saving or deleting a view restriction, retires the catalogue (a whole subtree
may change).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.page_cache import DRAFT_ONLY_FIELDS, purge, served_from_cache

from . import query_log
from .catalogue import CATALOGUE_VERSION, record_change, topic_links

# Saves of draft and lock bookkeeping only leave the live page as it was, so they keep the
# catalogue, whose rebuild is the costly part (docs/benchmarks.md).


def page_saved(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    record_change([instance.pk])


def page_published_or_unpublished(sender, instance, **kwargs):
    record_change([instance.pk])


def topic_link_changed(sender, instance, **kwargs):
    record_change([instance.content_object_id])
    purge("topic link")


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        CATALOGUE_VERSION.retire()


def register_signal_handlers():
    # Any page model: the senders are the specific page classes.
    post_save.connect(page_saved, dispatch_uid="search-catalogue-page-save")
    post_delete.connect(page_deleted, dispatch_uid="search-catalogue-page-delete")
    for signal in (page_published, page_unpublished):
        signal.connect(page_published_or_unpublished, dispatch_uid=f"search-catalogue-{signal}")
    post_page_move.connect(CATALOGUE_VERSION.retire, dispatch_uid="search-catalogue-page-move")
    for model in topic_links():
        name = model._meta.label_lower
        post_save.connect(
            topic_link_changed, sender=model, dispatch_uid=f"search-catalogue-save-{name}"
        )
        post_delete.connect(
            topic_link_changed, sender=model, dispatch_uid=f"search-catalogue-delete-{name}"
        )
    for signal in (post_save, post_delete):
        signal.connect(
            CATALOGUE_VERSION.retire,
            sender=PageViewRestriction,
            dispatch_uid=f"search-catalogue-restriction-{signal}",
        )
    # Editors' picks are shown on the search page.
    for model in (SearchPromotion,):
        post_save.connect(_purge_pages, sender=model, dispatch_uid="search-pages-promotion-save")
        post_delete.connect(_purge_pages, sender=model, dispatch_uid="search-pages-promotion-del")
    served_from_cache.connect(record_cached_search, dispatch_uid="search-record-cached-search")


def _purge_pages(sender, **kwargs):
    purge("search promotion")


def record_cached_search(sender, request, meta=None, **kwargs):
    """A search page served from the page cache still counts in the query reports."""
    if meta and "search_query" in meta:
        query_log.count(meta["search_query"], meta["total"])
