"""Wagtail's site root paths and sites, kept in each process rather than read each time.

Wagtail turns a page's tree path into its URL with `Site.get_site_root_paths()`, which
reads the list from the cache every time a page's URL is asked for without a request to
keep it on (`page.url` in a template, `full_url` in the API): twenty cards or API items
are twenty round trips to Redis. And it finds the site of every request with a query
(`Site.find_for_request`). Both change only when a site is saved or deleted or a site's
root page is saved, which is when Wagtail calls `clear_site_root_paths_cache()`;
`install()` makes that retire a version token as well, and keeps the list and the sites
by host and port per process under it (`PerProcess`), so a page's URL costs no round trip,
finding the site no query, and every process sees a change at its next request. Each
request gets its own copy of its site.
"""

import copy

from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from .cache_versions import CacheVersion, PerProcess

SITE_ROOT_PATHS_VERSION = CacheVersion("core:site-root-paths-version")
# Hosts remembered per process: a request may name any host before it is refused.
MAX_HOSTS = 100


def install():
    if getattr(Site.get_site_root_paths, "_per_process", False):
        return
    read = Site.get_site_root_paths
    clear = Site.clear_site_root_paths_cache
    find = Site._find_for_request
    kept = PerProcess(SITE_ROOT_PATHS_VERSION, lambda: tuple(read()))
    sites = PerProcess(SITE_ROOT_PATHS_VERSION, dict)

    def get_site_root_paths():
        return list(kept())

    def clear_site_root_paths_cache():
        clear()
        SITE_ROOT_PATHS_VERSION.retire()

    def find_for_request(request):
        key = (split_domain_port(request._get_raw_host())[0], request.get_port())
        by_host = sites()
        if key not in by_host:
            site = find(request)
            if len(by_host) >= MAX_HOSTS:
                return site
            by_host[key] = site
        site = by_host[key]
        return copy.deepcopy(site) if site is not None else None

    get_site_root_paths._per_process = True
    Site.get_site_root_paths = staticmethod(get_site_root_paths)
    Site.clear_site_root_paths_cache = staticmethod(clear_site_root_paths_cache)
    Site._find_for_request = staticmethod(find_for_request)


def renew():
    """Forget the list everywhere, without a signal (tests: a rolled-back site sends none)."""
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    SITE_ROOT_PATHS_VERSION.renew()
