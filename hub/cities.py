"""Writing a city profile: the one place that creates or updates a `CityProfilePage`.

Application conversion, `import_cities` and the demo loader all write cities through
here, so a city gets the same checks (the page model's validation, known topics), the
same slug, the same topics (its offers and needs together unless given) and a revision
for its history, however it arrives.

- `write_city(data, ...)` creates or updates the city named in `data` (field names of
  the page; topic fields as lists of slugs) and says what it did;
- `save_city(page, ...)` validates and saves a page someone built (the demo builds pages
  from its data files), adding it under /cities/ when it is new.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from .models import CityIndexPage, CityProfilePage, Topic

TOPIC_FIELDS = ("offers", "needs", "topics")
# Set by the page tree when the page is added, so not checked before.
TREE_FIELDS = ["path", "depth", "numchild", "url_path"]

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
EXISTING = "existing"  # a city of that name was there and was left as it is


@dataclass(frozen=True)
class CityWrite:
    page: CityProfilePage
    state: str  # CREATED, UPDATED, UNCHANGED or EXISTING
    changes: tuple[str, ...] = ()


def city_slug(name):
    """The page slug of a city name; non-Latin names keep their letters."""
    return slugify(name or "") or slugify(name or "", allow_unicode=True)


def city_index():
    index = CityIndexPage.objects.first()
    if index is None:
        raise ValidationError("There is no city index page (/cities/) to add the city to.")
    return index


def find_city(name, index=None):
    """The city profile under /cities/ that a city name maps to, if any."""
    index = index or CityIndexPage.objects.first()
    if index is None:
        return None
    return CityProfilePage.objects.child_of(index).filter(slug=city_slug(name)).first()


def known_topics(slugs, field):
    """The topics of `slugs`, in order; unknown slugs are refused, naming the field."""
    slugs = list(dict.fromkeys(slugs))
    found = {topic.slug: topic for topic in Topic.objects.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ValidationError({field: f"Unknown topics: {', '.join(unknown)}."})
    return [found[slug] for slug in slugs]


def _shown(name, value):
    if name == "country":
        return getattr(value, "code", value) or ""
    return value


def apply_data(page, data):
    """Set the page's fields from `data`; return what changed, in words."""
    changes = []
    for name, value in data.items():
        if name in TOPIC_FIELDS:
            current = sorted(tag.slug for tag in getattr(page, name).all())
            topics = known_topics(value, name)
            if current != sorted(topic.slug for topic in topics):
                getattr(page, name).set(topics)
                new = sorted(topic.slug for topic in topics)
                changes.append(f"{name} {';'.join(current) or '∅'} → {';'.join(new) or '∅'}")
            continue
        current = _shown(name, getattr(page, name))
        if (current or None) != (value or None):
            setattr(page, name, value)
            label = "title" if name == "title" else name
            changes.append(f"{label} {current!r} → {value!r}")
    return changes


def _topics_of_offers_and_needs(page):
    if page.topics.all():
        return
    merged = {tag.pk: tag for tag in [*page.needs.all(), *page.offers.all()]}
    page.topics.set(list(merged.values()))


def save_city(page, *, user=None, publish=True, index=None):
    """Validate `page` and save it with a revision (published unless `publish` is False).

    A new page gets its slug from its title when it has none and goes under /cities/;
    its topics are its offers and needs when none are given. Raises ValidationError,
    with the field, for anything the page model refuses.
    """
    with transaction.atomic():
        new = page.pk is None
        if new:
            index = index or city_index()
            page.slug = page.slug or city_slug(page.title)
            page.owner = page.owner or user
            if publish is False:
                page.live = False
        _topics_of_offers_and_needs(page)
        exclude = TREE_FIELDS if new else []
        page.full_clean(exclude=exclude)
        if new:
            index.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
    return page


def write_city(data, *, user=None, publish=True, update=True, dry_run=False):
    """Create or update the city named `data["title"]` under /cities/.

    `data` holds page field names (`title`, `country`, `population`, ...) and topic
    fields as lists of slugs. A city whose slug exists is updated when `update` is set
    (and published when `publish` is), else left as it is (EXISTING). With `dry_run`
    nothing is written and the result says what would change.
    """
    title = (data.get("title") or "").strip()
    slug = data.get("slug") or city_slug(title)
    if not slug:
        raise ValidationError({"title": "A city needs a name that gives a page slug."})
    index = city_index()
    page = CityProfilePage.objects.child_of(index).filter(slug=slug).first()
    fields = {key: value for key, value in data.items() if key != "slug"}
    if page is None:
        page = CityProfilePage(slug=slug)
        apply_data(page, fields)
        if dry_run:
            page.full_clean(exclude=TREE_FIELDS)
            return CityWrite(page, CREATED)
        return CityWrite(save_city(page, user=user, publish=publish, index=index), CREATED)
    if not update:
        return CityWrite(page, EXISTING)
    changes = apply_data(page, fields)
    if publish and not page.live:
        changes.append("publish")
    if not changes:
        return CityWrite(page, UNCHANGED)
    if not dry_run:
        save_city(page, user=user, publish=publish)
    return CityWrite(page, UPDATED, tuple(changes))
