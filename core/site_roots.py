"""Wagtail's site root paths, kept in each process rather than read from the cache.

Wagtail turns a page's tree path into its URL with `Site.get_site_root_paths()`, which
reads the list from the cache every time a page's URL is asked for without a request to
keep it on (`page.url` in a template, `full_url` in the API): twenty cards or API items
are twenty round trips to Redis. The list changes only when a site is saved or deleted or
a site's root page is saved, which is when Wagtail calls `clear_site_root_paths_cache()`;
`install()` makes that retire a version token as well, and keeps the list per process
under it (`PerProcess`), so a page's URL costs no round trip and every process sees a
change at its next request.
"""

from django.core.cache import cache
from wagtail.models import Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from .cache_versions import CacheVersion, PerProcess

SITE_ROOT_PATHS_VERSION = CacheVersion("core:site-root-paths-version")


def install():
    if getattr(Site.get_site_root_paths, "_per_process", False):
        return
    read = Site.get_site_root_paths
    clear = Site.clear_site_root_paths_cache
    kept = PerProcess(SITE_ROOT_PATHS_VERSION, lambda: tuple(read()))

    def get_site_root_paths():
        return list(kept())

    def clear_site_root_paths_cache():
        clear()
        SITE_ROOT_PATHS_VERSION.retire()

    get_site_root_paths._per_process = True
    Site.get_site_root_paths = staticmethod(get_site_root_paths)
    Site.clear_site_root_paths_cache = staticmethod(clear_site_root_paths_cache)


def renew():
    """Forget the list everywhere, without a signal (tests: a rolled-back site sends none)."""
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    SITE_ROOT_PATHS_VERSION.renew()
