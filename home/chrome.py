"""What every page shows around its content: the main navigation and the footer.

Both come from the site settings and the page tree, which change far less often than
pages are read, so they are built once per site and kept under a version token that
publishing, moving or deleting a page, or saving the settings, retires: in the shared
cache, so one process builds them, and in each process, so a page asks the cache for
nothing but the token (read once per request, `core.cache_versions`).
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.cache_versions import CacheVersion, PerProcess

from .blocks import NavigationLinkBlock
from .models import NavigationSettings, SiteSettings

CHROME_VERSION = CacheVersion("home:chrome-version")
CACHE_SECONDS = 24 * 60 * 60

# Shown after the page tree's sections until editors set the navigation.
DEFAULT_VIEWS = [("Find partners", "partner_finder")]
DEFAULT_FOOTER_TEXT = (
    "TwinHub: cities learning from cities about the energy transition. Open source."
)


@dataclass(frozen=True)
class Chrome:
    links: tuple = ()  # (label, url) pairs, in order
    home_url: str = "/"
    tagline: str = ""
    footer_text: str = DEFAULT_FOOTER_TEXT
    contact_email: str = ""
    social_links: tuple = field(default_factory=tuple)  # (label, url) pairs


# {host: Chrome} of this process, emptied when the version is retired
_by_host = PerProcess(CHROME_VERSION, dict)


def site_chrome(request):
    """The navigation and footer of the request's site, from this process or the cache
    when current.

    Keyed by the host the request names (one of ALLOWED_HOSTS), so a page that is served
    from the cache needs no query to find its site either.
    """
    host = request.get_host()
    kept = _by_host()
    chrome = kept.get(host)
    if chrome is None:
        key = f"home:chrome:{host}:{CHROME_VERSION.current()}"
        chrome = cache.get(key)
        if chrome is None:
            site = Site.find_for_request(request)
            chrome = build_chrome(site) if site is not None else Chrome(links=tuple(_view_links()))
            cache.set(key, chrome, CACHE_SECONDS)
        kept[host] = chrome
    return chrome


def build_chrome(site):
    settings = SiteSettings.for_site(site)
    return Chrome(
        links=tuple(_configured_links(site) or _default_links(site)),
        home_url=site.root_page.get_url() or "/",
        tagline=settings.tagline,
        footer_text=settings.footer_text or DEFAULT_FOOTER_TEXT,
        contact_email=settings.contact_email,
        social_links=tuple(
            (block.value["label"], block.value["url"]) for block in settings.social_links
        ),
    )


def _configured_links(site):
    links = []
    for block in NavigationSettings.for_site(site).main_links:
        resolved = NavigationLinkBlock.resolve(block.value)
        if resolved is not None and resolved[1]:
            links.append(resolved)
    return links


def _view_links():
    return [(label, reverse(name)) for label, name in DEFAULT_VIEWS]


def _default_links(site):
    sections = site.root_page.get_children().live().in_menu()
    return [(page.title, page.get_url()) for page in sections] + _view_links()


def current_link(links, path):
    """The URL of the section `path` is in: the longest link that starts it."""
    within = [url for _, url in links if url != "/" and path.startswith(url)]
    return max(within, key=len, default=None)


def _retire(created=False, sender=None, **kwargs):
    # Settings are created with their defaults the first time a page reads them: what was
    # cached already shows those defaults.
    if created and sender in (SiteSettings, NavigationSettings):
        return
    CHROME_VERSION.retire()


def _retire_after_page_save(sender, instance, update_fields=None, **kwargs):
    # A save of chosen fields (a new draft revision, a lock) changes nothing readers see.
    if isinstance(instance, Page) and update_fields is None:
        CHROME_VERSION.retire()


post_save.connect(_retire_after_page_save, dispatch_uid="home-chrome-page-save")
for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(_retire, dispatch_uid=f"home-chrome-{signal}")
post_delete.connect(_retire, sender=Page, dispatch_uid="home-chrome-page-delete")
for model in (SiteSettings, NavigationSettings, Site):
    post_save.connect(_retire, sender=model, dispatch_uid=f"home-chrome-{model.__name__}")
