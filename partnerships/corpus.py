"""The thin layer between the database and the scoring core.

`load_corpus()` reads every live city, its offers, needs and partners and the topic
vocabulary in a constant number of queries and builds a `scoring.Corpus`. The corpus is
kept under a version token that changes whenever a city, a partnership or a topic is
saved or deleted, so every worker sees fresh data: in Django's cache, so one worker
builds it, and in each worker's memory, so a page that shows recommendations does not
fetch and unpickle the whole corpus (megabytes at 10,000 cities) again.
"""

from collections import defaultdict

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Site

from core import visibility
from core.cache_versions import CacheVersion, PerProcess
from core.page_cache import DRAFT_ONLY_FIELDS
from hub.models import (
    CityNeed,
    CityOffer,
    CityProfilePage,
    Domain,
    Maturity,
    Topic,
    language_codes,
    language_name,
)

from .engine.scoring import CityVector, Corpus, TopicInfo
from .models import PartnershipMember, PartnershipPage

CORPUS_VERSION = CacheVersion("partnerships:corpus-version")
CACHE_SECONDS = 24 * 60 * 60


def _retire_unless_draft_only(sender, update_fields=None, **kwargs):
    """A save of draft bookkeeping only (a new revision, a lock) changes no live city."""
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    CORPUS_VERSION.retire()


# A page's offers and needs are written after the page itself, so they signal too.
for model in (
    CityProfilePage,
    CityOffer,
    CityNeed,
    PartnershipPage,
    PartnershipMember,
    Topic,
    Domain,
):
    post_save.connect(
        _retire_unless_draft_only, sender=model, dispatch_uid=f"corpus-save-{model.__name__}"
    )
    post_delete.connect(
        CORPUS_VERSION.retire, sender=model, dispatch_uid=f"corpus-delete-{model.__name__}"
    )


def relative_url(url_path):
    """A page's URL from its url_path, without a query per page (single-site hubs)."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return ""


def _read():
    key = f"partnerships:corpus:{CORPUS_VERSION.current()}"
    loaded = cache.get(key)
    if loaded is None:
        loaded = build_corpus()
        cache.set(key, loaded, CACHE_SECONDS)
    return loaded


_load = PerProcess(CORPUS_VERSION, _read)


def load_corpus():
    """The corpus of all live cities, from the cache when it is current."""
    return _load()[0]


def hidden_cities(request):
    """Ids of the corpus cities this visitor may not open (in a restricted section whose
    restriction they do not pass): recommendations leave them out."""
    sections = visibility.hidden_paths(request)
    if not sections:
        return frozenset()
    return frozenset(
        city_id for city_id, path in _load()[1].items() if path.startswith(tuple(sections))
    )


def city_vector(
    *,
    id=None,
    slug="",
    title="",
    country="",
    maturity="",
    offers=(),
    needs=(),
    partners=(),
    url="",
    population=None,
    latitude=None,
    languages="",
):
    """The engine's view of a city, from its page's fields or a visitor's description;
    `languages` is the comma-separated field or a list of codes."""
    codes = language_codes(languages) if isinstance(languages, str) else list(languages)
    return CityVector(
        id=id,
        slug=slug,
        title=title,
        country=str(country or ""),
        maturity_rank=Maturity.rank(maturity) or 0,
        maturity=maturity or "",
        offers=frozenset(offers),
        needs=frozenset(needs),
        partners=frozenset(partners),
        url=url,
        population=population or None,
        latitude=None if latitude is None else float(latitude),
        languages=frozenset(codes),
        language_names=tuple((code, language_name(code)) for code in codes),
    )


def build_corpus():
    """The corpus and each city's tree path, in five queries however many cities: cities,
    offers, needs, partnerships, topics."""
    topics = [
        TopicInfo(slug=slug, name=name, domain=domain or "")
        for slug, name, domain in Topic.objects.order_by("slug").values_list(
            "slug", "name", "domain__slug"
        )
    ]
    rows = list(
        CityProfilePage.objects.live()
        .order_by("title", "slug")
        .values_list(
            "id",
            "slug",
            "title",
            "country",
            "maturity",
            "url_path",
            "path",
            "population",
            "latitude",
            "working_languages",
        )
    )
    live_ids = {row[0] for row in rows}
    offers, needs = defaultdict(set), defaultdict(set)
    for city_id, slug in CityOffer.objects.values_list("content_object_id", "tag__slug"):
        offers[city_id].add(slug)
    for city_id, slug in CityNeed.objects.values_list("content_object_id", "tag__slug"):
        needs[city_id].add(slug)
    members = defaultdict(set)
    for partnership_id, city_id in PartnershipMember.objects.filter(page__live=True).values_list(
        "page_id", "city_id"
    ):
        members[partnership_id].add(city_id)
    partners = defaultdict(set)
    for cities in members.values():
        for city_id in cities:
            partners[city_id] |= cities - {city_id}
    cities = [
        city_vector(
            id=city_id,
            slug=slug,
            title=title,
            country=str(country),
            maturity=maturity,
            offers=offers[city_id],
            needs=needs[city_id],
            partners=partners[city_id] & live_ids,
            url=relative_url(url_path),
            population=population,
            latitude=latitude,
            languages=working_languages,
        )
        for (
            city_id,
            slug,
            title,
            country,
            maturity,
            url_path,
            _,
            population,
            latitude,
            working_languages,
        ) in rows
    ]
    paths = {row[0]: row[6] for row in rows}
    return Corpus(topics, cities), paths
