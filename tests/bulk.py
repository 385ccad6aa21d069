"""Fast creation of many published pages, for query-count tests and benchmarks.

`Page.add_child` saves one page at a time through treebeard and Wagtail (path lookups,
full_clean, search indexing, signals), about fifty queries a page. Here the tree paths are
computed in Python and the rows are inserted in batches: the Page rows with the public
`bulk_create`, then each page type's own table with the insert Django's `bulk_create` uses
internally, because `bulk_create` refuses multi-table inherited models. The result is the
same tree `add_child` builds, minus revisions and search-index entries, which no page
rendering reads.
"""

from collections import defaultdict
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from hub import models as hub

APPLICATIONS = [choice for choice, _label in hub.EndUse.choices]
MATURITIES = [choice for choice, _label in hub.Maturity.choices]
COUNTRIES = ["SE", "DE", "FR", "IT", "ES", "PL", "NL", "GB", "US", "JP", "MX", "DK"]


def add_pages(pairs, *, published_at=None):
    """Insert `(parent, unsaved page)` pairs as published children, in the given order.

    A parent may itself be a page inserted by an earlier call. Returns the pages, saved.
    """
    published_at = published_at or timezone.now()
    pages = []
    next_index = {}
    added = defaultdict(int)
    for position, (parent, page) in enumerate(pairs):
        if parent.path not in next_index:
            next_index[parent.path] = parent.numchild
        next_index[parent.path] += 1
        added[parent.pk] += 1
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, next_index[parent.path])
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        # Distinct publication times keep "newest first" listings deterministic.
        page.first_published_at = page.last_published_at = published_at - timedelta(
            seconds=position
        )
        pages.append(page)

    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    with transaction.atomic():
        for model, model_pages in by_model.items():
            content_type = ContentType.objects.get_for_model(model)
            base_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
            base_rows = []
            for page in model_pages:
                page.content_type = content_type
                base_rows.append(Page(**{name: getattr(page, name) for name in base_fields}))
            Page.objects.bulk_create(base_rows, batch_size=500)
            for page, row in zip(model_pages, base_rows, strict=True):
                page.pk = page.page_ptr_id = row.pk
            # Only the page type's own table: Django's bulk_create does this step itself
            # for models without parents.
            model._base_manager.all()._batched_insert(
                model_pages, model._meta.local_concrete_fields, batch_size=500
            )
        for parent_pk, count in added.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)
    for parent, _page in pairs:
        parent.numchild = next_index[parent.path]
    for page in pages:
        page.numchild = next_index.get(page.path, 0)
    return pages


def tag(through_model, pages, topic_ids):
    """Attach the same topics to every page through a topic through-model."""
    through_model.objects.bulk_create(
        [through_model(content_object_id=page.pk, tag_id=t) for page in pages for t in topic_ids],
        batch_size=1000,
    )


def add_cities(city_index, count, *, start=0, topics=None, guides=True, progress=None):
    """`count` published cities under `city_index`, each with a business case and a guide.

    Every page carries the same few topics (so related-content lists are full) unless
    `topics` gives them, as a list of topic ids or a function of the city's number; cities
    offer the first half of their topics and need the rest. Country, maturity and
    application rotate so every filter has matches. `progress(done, total)` is called
    after each batch of cities.
    """
    from hub.models import Topic

    if topics is None:
        topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True)[:6])
    topics_of = topics if callable(topics) else (lambda n: topics)
    batch = 1000
    cities = []
    for batch_start in range(start, start + count, batch):
        numbers = range(batch_start, min(batch_start + batch, start + count))
        new_cities = add_pages(
            [
                (
                    city_index,
                    hub.CityProfilePage(
                        title=f"Synthetic city {n:05d}",
                        slug=f"synthetic-city-{n:05d}",
                        summary=f"Synthetic city {n} shares what it learned.",
                        country=COUNTRIES[n % len(COUNTRIES)],
                        population=10_000 + n,
                        target_year=2030 + n % 20,
                        maturity=MATURITIES[n % len(MATURITIES)],
                        motivation="To learn from cities further along.",
                    ),
                )
                for n in numbers
            ]
        )
        children = []
        for n, city in zip(numbers, new_cities, strict=True):
            application = APPLICATIONS[n % len(APPLICATIONS)]
            children.append(
                (
                    city,
                    hub.BusinessCasePage(
                        title=f"Business case of city {n:05d}",
                        slug="business-case",
                        summary="Fuel cell buses on two urban lines.",
                        application=application,
                        status="operating",
                        capital_cost=5_000_000,
                        currency="EUR",
                        price_year=2024,
                        units=10,
                        is_illustrative=True,
                        city_id=city.pk,
                    ),
                )
            )
            if guides:
                children.append(
                    (
                        city,
                        hub.PermittingGuidePage(
                            title=f"Permitting guide of city {n:05d}",
                            slug="permitting-guide",
                            summary="How a refuelling station was permitted.",
                            jurisdiction="Municipality",
                            application=application,
                            city_id=city.pk,
                        ),
                    )
                )
        content = add_pages(children)
        per_city = len(children) // len(new_cities)
        rows = defaultdict(list)
        for i, (n, city) in enumerate(zip(numbers, new_cities, strict=True)):
            topic_ids = topics_of(n)
            half = len(topic_ids) // 2
            for page in [city, *content[i * per_city : (i + 1) * per_city]]:
                rows[hub.PageTopic] += [(page, t) for t in topic_ids]
            rows[hub.CityOffer] += [(city, t) for t in topic_ids[:half]]
            rows[hub.CityNeed] += [(city, t) for t in topic_ids[half:]]
        for through_model, pairs in rows.items():
            through_model.objects.bulk_create(
                [through_model(content_object_id=p.pk, tag_id=t) for p, t in pairs],
                batch_size=1000,
            )
        cities.extend(new_cities)
        if progress:
            progress(len(cities), count)
    return cities
