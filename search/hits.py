"""What a search result shows: the page, its type, city, country, topics and an excerpt."""

from dataclasses import dataclass

from django_countries import countries
from wagtail.models import Page

from hub.models.topics import topics_by_id

from .catalogue import country_path, searchable_models, topic_links, type_label
from .catalogue import type_name as catalogue_type_name
from .excerpts import excerpt


@dataclass
class Hit:
    page: Page
    type_label: str
    type_name: str
    city: Page | None
    country: str
    topics: list
    excerpt: str  # HTML, escaped, matched words in <mark>
    excerpt_text: str


def _is_specific(page):
    return page.specific_class is None or isinstance(page, page.specific_class)


def _topic_ids(ids):
    """{page id: [topic id]} for the pages `ids`, from every topic link model, in one query."""
    links = [
        link.objects.filter(content_object_id__in=ids).values_list("content_object_id", "tag_id")
        for link in topic_links()
    ]
    found = {pk: [] for pk in ids}
    rows = links[0].union(*links[1:], all=True) if len(links) > 1 else links[0]
    for page_id, topic_id in rows:
        found[page_id].append(topic_id)
    return found


def load_hits(pages, words):
    """Specific pages with their city, country and topics, in a fixed number of queries
    (none for the pages when they are given specific, as `HubSearch.results` gives them)."""
    ids = [page.pk for page in pages]
    specific = {page.pk: page for page in pages if _is_specific(page)}
    if rest := [pk for pk in ids if pk not in specific]:
        specific.update((page.pk, page) for page in Page.objects.filter(pk__in=rest).specific())
    vocabulary = topics_by_id()
    topics = {pk: {} for pk in ids}
    for pk, topic_ids in _topic_ids(ids).items():
        for topic in filter(None, map(vocabulary.get, topic_ids)):
            topics[pk].setdefault(topic.slug, topic)
    city_ids = {getattr(p, "city_id", None) for p in specific.values()} - {None}
    cities = {}
    if city_ids:
        city_model = next(
            m.city.field.related_model
            for m in searchable_models()
            if country_path(m) == "city__country"
        )
        cities = city_model.objects.in_bulk(city_ids)
    hits = []
    for pk in ids:
        page = specific.get(pk)
        if page is None:
            continue
        city = cities.get(getattr(page, "city_id", None))
        country = getattr(page, "country", None) or (city.country if city else None)
        excerpt_text, excerpt_html = excerpt(page, words)
        hits.append(
            Hit(
                page=page,
                type_label=type_label(type(page)),
                type_name=catalogue_type_name(type(page)),
                city=city,
                country=country.name if country else "",
                topics=sorted(topics[pk].values(), key=lambda t: t.name),
                excerpt=excerpt_html,
                excerpt_text=excerpt_text,
            )
        )
    return hits


def country_name(code):
    return countries.name(code) or code
