"""Keep the search catalogue in step with the pages.

(The full-text index follows pages through Wagtail's own handlers and `HubPage.save()`.)
The catalogue (`catalogue.py`) is retired whenever a page, a topic link or a view
restriction is saved or deleted (moving a page saves it too).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction

from .catalogue import CATALOGUE_VERSION, topic_links

# Saves of draft and lock bookkeeping only (a new revision, a lock) leave the live page
# as it was, so they keep the catalogue, whose rebuild is the costly part (docs/benchmarks.md).
DRAFT_ONLY_FIELDS = frozenset(
    {
        "comments",
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def retire_catalogue_for_page(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    CATALOGUE_VERSION.retire()


def register_signal_handlers():
    # Any page model: the senders are the specific page classes.
    post_save.connect(retire_catalogue_for_page, dispatch_uid="search-catalogue-page-save")
    post_delete.connect(retire_catalogue_for_page, dispatch_uid="search-catalogue-page-delete")
    for model in (*topic_links(), PageViewRestriction):
        name = model._meta.label_lower
        post_save.connect(
            CATALOGUE_VERSION.retire, sender=model, dispatch_uid=f"search-catalogue-save-{name}"
        )
        post_delete.connect(
            CATALOGUE_VERSION.retire, sender=model, dispatch_uid=f"search-catalogue-delete-{name}"
        )
