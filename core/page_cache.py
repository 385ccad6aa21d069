"""Whole pages kept for anonymous visitors, and the one signal that says they are stale.

A GET (or HEAD) from a visitor who carries no cookie but the CSRF cookie (so no session:
not signed in, no page password entered, no pending message) is answered from the cache
when the same site, path and query string were rendered before under the current version
token. Everything else goes through the whole stack and is never stored:

- signed-in visitors, and anyone with a session;
- responses that used a CSRF token (a form that posts), set a cookie, or say
  `Cache-Control: private`/`no-store`/`no-cache`;
- paths under `PAGE_CACHE_EXCLUDED_PATHS` (the admin, accounts, live workshop rooms...);
- a page the anonymous visitor may not open (`core.visibility`): Wagtail answers such a
  visitor with a sign-in redirect or a password form, and this is checked again here;
- anything but a 200 with HTML or JSON.

**Purging.** Every page shows derived data, so any change retires the version token and
every process's cached pages with it: publishing, unpublishing, moving or deleting a page,
a live page's save, and every retired version of derived data (`cache_versions.retired`:
topics, partnerships and recommendations, navigation, view restrictions, the search
catalogue). `pages_changed` is sent then, once per change, for a front-end cache (Varnish,
a CDN) to purge or ban its own copies (docs/deployment.md). Entries also expire after
`PAGE_CACHE_SECONDS`, for what changes with time alone (a webinar becomes a past one).

**Browsers.** Cached and cacheable responses carry an `ETag`, a `Last-Modified` and
`Cache-Control: public, max-age=0, must-revalidate`: a browser or proxy asks again each
time, and an unchanged page costs a 304 without a body. Responses to visitors with a
session say `Cache-Control: private`.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import visibility
from .cache_versions import CacheVersion, retired

PAGE_CACHE_VERSION = CacheVersion("core:page-cache-version")

# Sent once per change that may alter a cached page; `reason` says what changed.
pages_changed = Signal()

# Served from the cache (`request`, `meta`: what the view left in `response.page_cache_meta`),
# for views that count their visits, such as the search's query log.
served_from_cache = Signal()

# Saves of draft and lock bookkeeping only (a new revision, a lock) leave the live page as
# it was: they change nothing a visitor sees.
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

CACHEABLE_TYPES = ("text/html", "application/json")
_REFUSED_CACHE_CONTROL = ("private", "no-store", "no-cache")
_PAGE_ATTRIBUTE = "_page_cache_page"


def _setting(name, default):
    return getattr(settings, name, default)


def enabled():
    return _setting("PAGE_CACHE_ENABLED", True)


def excluded_path(path):
    return any(path.startswith(prefix) for prefix in _setting("PAGE_CACHE_EXCLUDED_PATHS", ()))


def anonymous_request(request):
    """True for a GET or HEAD from a visitor without a session or any cookie but CSRF's."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def cache_key(request):
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()
    return f"core:page:{PAGE_CACHE_VERSION.current()}:{digest}"


def storable(request, response):
    """May this response to an anonymous request be kept and served to others?"""
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if request.META.get("CSRF_COOKIE_USED"):  # the page holds a form that posts
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in _REFUSED_CACHE_CONTROL):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    # Cookie: no session here. Accept: the API renders JSON whatever is asked.
    if vary - {"cookie", "accept", "accept-encoding"}:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    page = getattr(request, _PAGE_ATTRIBUTE, None)
    return page is None or visibility.can_open(page, None)


def _validators(response, etag, modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _from_entry(request, entry):
    from django.http import HttpResponse

    response = HttpResponse(b"" if request.method == "HEAD" else entry["content"], status=200)
    for name, value in entry["headers"]:
        response[name] = value
    response = _validators(response, entry["etag"], entry["modified"])
    return get_conditional_response(
        request, etag=entry["etag"], last_modified=int(entry["modified"]), response=response
    )


class PageCacheMiddleware:
    """Serve and store anonymous visitors' pages (see the module's description). Goes
    after WhiteNoise and before the session middleware, so a hit skips the rest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or excluded_path(request.path_info):
            return self.get_response(request)
        if not anonymous_request(request):
            response = self.get_response(request)
            if "Cache-Control" not in response:
                patch_cache_control(response, private=True)
            return response

        key = cache_key(request)
        entry = cache.get(key)
        if entry is not None:
            served_from_cache.send(sender=None, request=request, meta=entry["meta"])
            return _from_entry(request, entry)

        response = self.get_response(request)
        if not storable(request, response):
            return response
        content = response.content
        etag = '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'
        modified = time.time()
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in {"content-length", "set-cookie", "etag", "last-modified"}
        ]
        entry = {
            "content": content,
            "headers": headers,
            "etag": etag,
            "modified": modified,
            "meta": getattr(response, "page_cache_meta", None),
        }
        if request.method == "GET":  # a HEAD response has no body to keep
            cache.set(key, entry, _setting("PAGE_CACHE_SECONDS", 300))
        response = _validators(response, etag, modified)
        return get_conditional_response(
            request, etag=etag, last_modified=int(modified), response=response
        )


# --- Purging ---------------------------------------------------------------------------


def purge(reason="change", **details):
    """Retire every cached page now and once the change is committed (as `CacheVersion`
    does), and tell front-end caches."""
    PAGE_CACHE_VERSION.renew()
    transaction.on_commit(PAGE_CACHE_VERSION.renew)
    pages_changed.send(sender=None, reason=reason, **details)


def _page_event(reason):
    def handler(sender, instance=None, **kwargs):
        purge(reason, page=instance)

    return handler


_published = _page_event("publish")
_unpublished = _page_event("unpublish")
_moved = _page_event("move")
_deleted = _page_event("delete")


def _page_saved(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, Page) or not instance.live:
        return
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    purge("save", page=instance)


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge("delete", page=instance)


def _derived_data_retired(sender, **kwargs):
    if sender is not PAGE_CACHE_VERSION:
        purge("derived data", version=sender.key)


def _media_changed(sender, instance, **kwargs):
    purge("media", instance=instance)


def register_signal_handlers():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    for model in (get_image_model(), get_document_model()):
        name = model._meta.label_lower
        post_save.connect(_media_changed, sender=model, dispatch_uid=f"core-page-cache-{name}")
        post_delete.connect(_media_changed, sender=model, dispatch_uid=f"core-page-cache-d-{name}")
    page_published.connect(_published, dispatch_uid="core-page-cache-published")
    page_unpublished.connect(_unpublished, dispatch_uid="core-page-cache-unpublished")
    post_page_move.connect(_moved, dispatch_uid="core-page-cache-moved")
    post_save.connect(_page_saved, dispatch_uid="core-page-cache-page-save")
    post_delete.connect(_page_deleted, dispatch_uid="core-page-cache-page-delete")
    retired.connect(_derived_data_retired, dispatch_uid="core-page-cache-derived-data")


@hooks.register("before_serve_page")
def _remember_page(page, request, serve_args, serve_kwargs):
    """The page being served, so the middleware can check who may open it."""
    setattr(request, _PAGE_ATTRIBUTE, page)
