"""Re-index a page once publishing has saved all of it.

Wagtail's own handler runs on `post_save`, before modelcluster commits a page's child
relations (its topics, offers and needs), so it indexes the topics the page had before.
`page_published` is sent after everything is saved.
"""

from wagtail.search import index
from wagtail.signals import page_published


def reindex_published_page(sender, instance, **kwargs):
    index.insert_or_update_object(instance.specific)


def register_signal_handlers():
    page_published.connect(reindex_published_page, dispatch_uid="search-reindex-published")
