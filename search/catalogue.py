"""What the search needs to know about every searchable page, held in memory.

For each live, public page of a searchable type: its type, country, application, topics
and first publication date, as numpy arrays indexed by position (pages sorted by id).
Filtering, counting, ordering and the facets of a search are then array operations over
the matched positions, instead of SQL joins through the multi-table page models for each
of them: at 50,000 pages a facet over 20,000 matches takes well under a millisecond.

The catalogue is built in a few queries (about half a second at 50,000 pages) and kept
per process under a version token in the shared cache. Saving a page or its topic links
journals the page (`record_change`), and the next search in every process reads just
those pages again and updates its copy (`updated_catalogue`, the same few queries for a
handful of rows); deleting or moving a page, or changing a view restriction, retires the
token instead, so the next search in every process rebuilds it whole (see
`signal_handlers`). Code that writes pages in bulk, skipping signals, calls
`CATALOGUE_VERSION.retire()` itself.
"""

import threading
from dataclasses import dataclass
from functools import cache as memoise

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, ManyToOneRel
from django_countries.fields import CountryField
from taggit.models import TaggedItemBase
from wagtail.models import Page, get_page_models
from wagtail.search import index

from core.cache_versions import CacheVersion
from hub.models import HubPage, Topic

CATALOGUE_VERSION = CacheVersion("search:catalogue-version")
NONE = -1  # the code of "no value" in the country and application columns


# --- What is searchable, derived from the models -------------------------------------------


def _declares_search_fields(model):
    page_defaults = {(type(f), f.field_name) for f in Page.get_search_fields()}
    return any(
        isinstance(f, (index.SearchField, index.RelatedFields))
        and (type(f), f.field_name) not in page_defaults
        for f in model.get_search_fields()
    )


def type_label(model):
    """How the Wagtail API names a page type: "hub.BusinessCasePage"."""
    return f"{model._meta.app_label}.{model.__name__}"


def type_name(model):
    """How people name a page type: "Business case", or the model's `type_name`."""
    return getattr(model, "type_name", None) or str(model._meta.verbose_name).capitalize()


@memoise
def searchable_models():
    """Concrete page models the search covers: hub pages and any page declaring search
    fields of its own, in a stable order. No list of models is kept anywhere."""
    models = [
        model
        for model in get_page_models()
        if model is not Page
        and not model._meta.abstract
        and (issubclass(model, HubPage) or _declares_search_fields(model))
    ]
    return tuple(sorted(models, key=type_label))


@memoise
def topic_links():
    """Every model that tags pages with topics (through models with `tag` -> Topic)."""
    links = []
    for relation in Topic._meta.related_objects:
        through = relation.related_model
        if (
            isinstance(relation, ManyToOneRel)
            and relation.field.name == "tag"
            and issubclass(through, TaggedItemBase)
            and issubclass(through._meta.get_field("content_object").related_model, Page)
        ):
            links.append(through)
    return tuple(links)


@memoise
def country_path(model):
    """The lookup from `model` to a country code, or None when it has no country."""
    fields = {f.name: f for f in model._meta.get_fields()}
    if isinstance(fields.get("country"), CountryField):
        return "country"
    city = fields.get("city")
    if city is not None and city.many_to_one and country_path(city.related_model) == "country":
        return "city__country"
    return None


def models_with_field(name):
    return [m for m in searchable_models() if name in {f.name for f in m._meta.get_fields()}]


# --- The catalogue -----------------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    ids: np.ndarray  # page ids, ascending; a page's position is its index here
    types: np.ndarray  # code into type_labels
    type_labels: tuple
    countries: np.ndarray  # code into country_codes, NONE without a country
    country_codes: tuple
    applications: np.ndarray  # code into application_values, NONE without one
    application_values: tuple
    published: np.ndarray  # first publication, seconds since the epoch
    weights: np.ndarray  # the page type's `search_weight`, a relevance multiplier
    topic_pages: np.ndarray  # (page position, topic id) pairs, each pair once
    topic_ids: np.ndarray

    def __len__(self):
        return len(self.ids)

    def positions(self, ids):
        """Positions of `ids` in the catalogue, and which of them are in it at all."""
        ids = np.asarray(ids, dtype=np.int64)
        found = np.searchsorted(self.ids, ids)
        found = np.minimum(found, max(len(self.ids) - 1, 0))
        known = (self.ids[found] == ids) if len(self.ids) else np.zeros(len(ids), bool)
        return found, known

    def _any_of(self, column, values, names):
        wanted = [names.index(v) for v in values if v in names]
        return np.isin(column, wanted)

    def of_types(self, labels):
        return self._any_of(self.types, labels, self.type_labels)

    def in_countries(self, codes):
        return self._any_of(self.countries, codes, self.country_codes)

    def with_applications(self, values):
        return self._any_of(self.applications, values, self.application_values)

    def with_topics(self, topic_ids):
        """Pages tagged with, offering or needing any of the topics."""
        mask = np.zeros(len(self.ids), dtype=bool)
        mask[self.topic_pages[np.isin(self.topic_ids, list(topic_ids))]] = True
        return mask

    # Counting: each takes a boolean mask over positions.

    @staticmethod
    def _count(column, mask, names):
        counts = np.bincount(column[mask & (column != NONE)], minlength=len(names))
        return {names[i]: int(n) for i, n in enumerate(counts) if n}

    def count_types(self, mask):
        return self._count(self.types, mask, self.type_labels)

    def count_countries(self, mask):
        return self._count(self.countries, mask, self.country_codes)

    def count_topics(self, mask):
        """{topic id: pages}: a city tagged with a topic and offering it counts once."""
        chosen = self.topic_ids[mask[self.topic_pages]]
        ids, counts = np.unique(chosen, return_counts=True)
        return {int(i): int(n) for i, n in zip(ids, counts, strict=True)}

    def topics_in_use(self):
        return {int(i) for i in np.unique(self.topic_ids)}


def _read(page_ids=None):
    """Rows of the live, public, searchable pages (every one, or those among `page_ids`):
    (ids ascending, {column: values in id order}, [(page id, topic id)]).

    One query for the pages, one per model with a country or an application, one per
    topic link model, whatever the number of pages.
    """
    models = searchable_models()
    content_types = ContentType.objects.get_for_models(*models)
    label_of = {content_types[model].pk: type_label(model) for model in models}
    weight_of = {
        content_types[model].pk: float(getattr(model, "search_weight", 1.0)) for model in models
    }

    def only(queryset, field="pk"):
        return queryset if page_ids is None else queryset.filter(**{f"{field}__in": page_ids})

    rows = list(
        only(Page.objects.live().public().type(*models))
        .order_by("pk")
        .values_list("pk", "content_type_id", "first_published_at")
    )
    ids = [row[0] for row in rows]
    wanted = set(ids)
    countries, applications = {}, {}
    for model in models:
        if path := country_path(model):
            countries.update(only(model.objects.live()).values_list("pk", path))
    for model in models_with_field("application"):
        applications.update(only(model.objects.live()).values_list("pk", "application"))
    topic_pairs = set()
    for link in topic_links():
        topic_pairs.update(
            only(link.objects, "content_object_id")
            .annotate(page=F("content_object_id"))
            .values_list("page", "tag_id")
        )
    columns = {
        "type": [label_of.get(row[1]) for row in rows],
        "published": [row[2].timestamp() if row[2] else 0.0 for row in rows],
        "weight": [weight_of.get(row[1], 1.0) for row in rows],
        "country": [str(countries[pk]) if countries.get(pk) else None for pk in ids],
        "application": [applications.get(pk) or None for pk in ids],
    }
    return ids, columns, sorted(pair for pair in topic_pairs if pair[0] in wanted)


def _encode(values, names=()):
    """Values -> (int16 codes, names); names already known keep their codes, new ones are
    added at the end (sorted)."""
    names = tuple(names) + tuple(sorted({v for v in values if v} - set(names)))
    code = {value: i for i, value in enumerate(names)}
    return np.array([code.get(v, NONE) for v in values], dtype=np.int16), names


def _catalogue(ids, columns, topic_pairs, names=None):
    names = names or {}
    ids = np.array(ids, dtype=np.int64)
    types, type_labels = _encode(columns["type"], names.get("type", ()))
    countries, country_codes = _encode(columns["country"], names.get("country", ()))
    applications, application_values = _encode(columns["application"], names.get("application", ()))
    page_ids = np.array([page for page, _ in topic_pairs], dtype=np.int64)
    topic_ids = np.array([tag for _, tag in topic_pairs], dtype=np.int64)
    positions = np.searchsorted(ids, page_ids)
    known = positions < len(ids)
    known[known] = ids[positions[known]] == page_ids[known]
    return Catalogue(
        ids=ids,
        types=types,
        type_labels=type_labels,
        countries=countries,
        country_codes=country_codes,
        applications=applications,
        application_values=application_values,
        published=np.array(columns["published"], dtype=np.float64),
        weights=np.array(columns["weight"], dtype=np.float64),
        topic_pages=positions[known],
        topic_ids=topic_ids[known],
    )


def build_catalogue():
    """Read the whole catalogue from the database (see `_read` for its queries)."""
    return _catalogue(*_read())


def updated_catalogue(catalogue, page_ids):
    """`catalogue` with the pages `page_ids` read again: added, changed or left out (no
    longer live, public or searchable), and with them the pages whose country is theirs
    (a city's business cases and guides). The same queries as a whole build, restricted to
    those pages, and array operations over the rest."""
    page_ids = set(page_ids)
    for model in searchable_models():
        if country_path(model) == "city__country":
            page_ids.update(model.objects.filter(city_id__in=page_ids).values_list("pk", flat=True))
    fresh = _catalogue(
        *_read(sorted(page_ids)),
        names={
            "type": catalogue.type_labels,
            "country": catalogue.country_codes,
            "application": catalogue.application_values,
        },
    )
    return merged_catalogue(catalogue, np.array(sorted(page_ids), dtype=np.int64), fresh)


def merged_catalogue(catalogue, changed, fresh):
    """`catalogue` without the pages `changed` (ids), plus the pages of `fresh` (a
    catalogue of some of them, coded with `catalogue`'s names and then some). Linear in
    the catalogue's size, with no sort: the kept ids and the fresh ids are both in order."""
    keep = ~np.isin(catalogue.ids, changed)
    kept_ids = catalogue.ids[keep]
    # Where each fresh page goes among the kept ones, and where each kept page ends up.
    inserted_at = np.searchsorted(kept_ids, fresh.ids)
    new_position_of_kept = np.arange(len(kept_ids)) + np.searchsorted(
        fresh.ids, kept_ids, side="right"
    )
    new_position_of_fresh = inserted_at + np.arange(len(fresh.ids))
    size = len(kept_ids) + len(fresh.ids)

    def merged(name):
        column = getattr(catalogue, name)
        result = np.empty(size, dtype=column.dtype)
        result[new_position_of_kept] = column[keep]
        result[new_position_of_fresh] = getattr(fresh, name)
        return result

    old_to_new = np.full(len(catalogue.ids), -1, dtype=np.int64)
    old_to_new[keep] = new_position_of_kept
    old_pages = old_to_new[catalogue.topic_pages]
    kept_pairs = old_pages >= 0
    return Catalogue(
        ids=merged("ids"),
        types=merged("types"),
        type_labels=fresh.type_labels,
        countries=merged("countries"),
        country_codes=fresh.country_codes,
        applications=merged("applications"),
        application_values=fresh.application_values,
        published=merged("published"),
        weights=merged("weights"),
        topic_pages=np.concatenate(
            [old_pages[kept_pairs], new_position_of_fresh[fresh.topic_pages]]
        ),
        topic_ids=np.concatenate([catalogue.topic_ids[kept_pairs], fresh.topic_ids]),
    )


# --- Keeping each process's copy current -------------------------------------------------
#
# A change to a few pages is written to a journal in the shared cache, under the current
# version token: a sequence number and, for each number, the page ids. Each process applies
# the entries it has not seen to its own copy (`updated_catalogue`). Retiring the version
# (view restrictions, moves, deletions, bulk writes) makes every process read it whole.

MAX_JOURNAL = 500  # entries behind: read the catalogue whole instead
JOURNAL_SECONDS = 24 * 60 * 60


def _sequence_key(version):
    return f"search:catalogue-journal:{version}"


def record_change(page_ids):
    """Journal a change to `page_ids`: now, and again once the change is committed (a
    process may read the database in between, as `CacheVersion.retire` explains)."""
    page_ids = sorted({int(pk) for pk in page_ids})
    if not page_ids:
        return

    def write():
        version = CATALOGUE_VERSION.current()
        key = _sequence_key(version)
        cache.add(key, 0, JOURNAL_SECONDS)
        try:
            sequence = cache.incr(key)
        except ValueError:  # evicted in between: every process reads the catalogue whole
            CATALOGUE_VERSION.renew()
            return
        cache.set(f"{key}:{sequence}", page_ids, JOURNAL_SECONDS)

    write()
    transaction.on_commit(write)


def catalogue_state():
    """A token that changes with every change to the catalogue (for data derived from it,
    such as the spelling vocabulary)."""
    version = CATALOGUE_VERSION.current()
    return f"{version}:{cache.get(_sequence_key(version)) or 0}"


_lock = threading.Lock()
_built = (None, 0, None)  # (version token, journal entries applied, Catalogue)


def load_catalogue():
    """The current catalogue: this process's copy, brought up to date with the journal."""
    global _built
    version = CATALOGUE_VERSION.current()
    sequence = cache.get(_sequence_key(version)) or 0
    if _built[0] == version and _built[1] == sequence:
        return _built[2]
    with _lock:
        built_version, applied, catalogue = _built
        if built_version == version and applied == sequence:
            return catalogue
        if built_version != version or sequence - applied > MAX_JOURNAL or sequence < applied:
            _built = (version, sequence, build_catalogue())
            return _built[2]
        keys = [f"{_sequence_key(version)}:{n}" for n in range(applied + 1, sequence + 1)]
        entries = cache.get_many(keys)
        if len(entries) < len(keys):  # an entry evicted: read it whole
            _built = (version, sequence, build_catalogue())
        else:
            changed = {pk for ids in entries.values() for pk in ids}
            _built = (version, sequence, updated_catalogue(catalogue, changed))
        return _built[2]
