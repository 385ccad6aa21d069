"""Building blocks every demo step shares: pages got or created by slug, topics by slug,
and the progress lines `load_demo` prints.

A page that already exists is left as it is, so a second run writes nothing and an
editor's changes to demo pages survive a reload.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from hub.models import Topic

# Tree fields are set by `add_child`; they cannot be valid before the page is placed.
TREE_FIELDS = ["path", "depth", "numchild", "url_path"]


def topics(slugs):
    """The Topic rows for these slugs, in order; an unknown slug is an error in the demo data."""
    found = {topic.slug: topic for topic in Topic.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise CommandError(f"Demo data names unknown topics: {', '.join(missing)}")
    return [found[slug] for slug in slugs]


def publish_new_page(parent, page):
    """Validate `page`, add it under `parent` and publish it, so it is live with a revision."""
    try:
        page.full_clean(exclude=TREE_FIELDS)
    except ValidationError as error:
        raise CommandError(f"Demo page “{page.title}” is invalid: {error.message_dict}") from error
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def get_or_create_page(parent, model, slug, build):
    """The `model` page with `slug` under `parent`, created from `build()` if missing.

    `build` returns an unsaved page with every field set except the slug.
    Returns (page, created).
    """
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    if parent.get_children().filter(slug=slug).exists():
        raise CommandError(
            f"{parent.url_path}{slug}/ exists but is not a {model._meta.verbose_name}; "
            "rename or move it, then run load_demo again."
        )
    page = build()
    page.slug = slug
    return publish_new_page(parent, page), True


class Progress:
    """Prints one line per item of a section: “Cities [3/23] Umeå: created”."""

    def __init__(self, stdout, style, section, total):
        self.stdout = stdout
        self.style = style
        self.section = section
        self.total = total
        self.done = 0
        self.created = 0

    def report(self, title, created):
        self.done += 1
        self.created += created
        state = self.style.SUCCESS("created") if created else "already present"
        self.stdout.write(f"  {self.section} [{self.done}/{self.total}] {title}: {state}")

    def finish(self):
        present = self.done - self.created
        self.stdout.write(f"  {self.section}: {self.created} created, {present} already present")
