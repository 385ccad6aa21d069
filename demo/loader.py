"""The one way demo data becomes content: records read from `demo/data/`, pages built and
published by slug, topics resolved by slug, and the progress lines `load_demo` prints.

A section names its YAML files and the builder that turns each record into a page or a
row (`demo/builders.py`). Pages are got or created by slug under their parent, so a second
run creates nothing and an editor's changes to demo pages survive a reload. Every record is
built on every run, existing page or not, so bad data is refused the moment it is written.
Errors name the file, the record and the field; `load_demo` runs everything in one
transaction, so a refused record leaves the database as it was.
"""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.core.management.base import CommandError, OutputWrapper
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail import blocks
from wagtail.blocks.base import get_error_json_data
from wagtail.fields import StreamField

from home.models import HomePage
from hub.blocks import TopicsBlock
from hub.models import Topic

DATA_DIR = Path(__file__).resolve().parent / "data"

# Tree fields are set by `add_child`; they cannot be valid before the page is placed.
TREE_FIELDS = ["path", "depth", "numchild", "url_path"]

CREATED = "created"
PRESENT = "already present"


class DemoDataError(Exception):
    """A builder's complaint about one field of the record it is building."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


class Skipped(Exception):  # noqa: N818 (an outcome, not a failure)
    """The record refers to content the demo defines but the site does not have (a run
    of some sections only): nothing is written for it, and the progress line says why."""


def data_path(filename):
    return DATA_DIR / filename


def shown_path(path):
    try:
        return str(path.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def read_file(filename):
    """The parsed YAML of a data file: a list of records, or one mapping."""
    path = data_path(filename)
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except OSError as error:
        raise CommandError(f"Demo data file {shown_path(path)} cannot be read: {error}") from error
    except yaml.YAMLError as error:
        raise CommandError(f"{shown_path(path)} is not valid YAML: {error}") from error


def read_records(filename):
    data = read_file(filename)
    items = [] if data is None else data if isinstance(data, list) else [data]
    return [Record(item, data_path(filename), number) for number, item in enumerate(items, 1)]


class Record:
    """One item of a data file. Keys a builder reads are marked, so a key nothing reads
    (a misspelt field) is an error rather than silently ignored."""

    def __init__(self, data, path, number):
        self.path = path
        self.number = number
        if not isinstance(data, dict):
            raise CommandError(
                f"{shown_path(path)}, record {number}: expected field names and values, "
                f"found {data!r}"
            )
        self.data = data
        self.read = set()

    @property
    def label(self):
        for key in ("title", "username", "programme", "slug", "city"):
            if self.data.get(key):
                return str(self.data[key])
        return f"record {self.number}"

    def __getitem__(self, key):
        if key not in self.data:
            raise DemoDataError(key, "required, but missing")
        self.read.add(key)
        return self.data[key]

    def get(self, key, default=None):
        self.read.add(key)
        return self.data.get(key, default)

    def unread(self):
        return [key for key in self.data if key not in self.read]

    def describe(self, field, message):
        where = f"{shown_path(self.path)}, record {self.number} “{self.label}”"
        if field:
            where += f", field “{field}”"
        return f"{where}: {message}"


def first_error(error):
    """(field, message) of the first problem in a model's ValidationError."""
    field, messages = next(iter(error.message_dict.items()))
    return (None if field == NON_FIELD_ERRORS else field), " ".join(messages)


def block_messages(data, where=""):
    """Flatten a block error's JSON data into “item 2, title: This field is required.”"""
    found = [f"{where}: {message}" if where else message for message in data.get("messages", [])]
    for key, child in data.get("blockErrors", {}).items():
        name = f"item {int(key) + 1}" if str(key).isdigit() else str(key)
        found += block_messages(child, f"{where}, {name}" if where else name)
    return found


class Run:
    """One load: what every builder shares."""

    def __init__(self, stdout, style):
        self.stdout = stdout
        self.style = style
        self.now = timezone.now()
        self.logins = []
        self._topics = None

    # Lookups --------------------------------------------------------------------------

    @property
    def home(self):
        home = HomePage.objects.first()
        if home is None:
            raise CommandError("No home page: run `python manage.py migrate` first.")
        return home

    def index(self, model):
        page = model.objects.first()
        if page is None:
            raise CommandError(
                f"No {model._meta.verbose_name} on the site: the Sections step "
                "(index_pages.yaml) creates it."
            )
        return page

    def topics(self, slugs, field):
        """The Topic rows for these slugs, in order; an unknown slug is an error in the data."""
        if self._topics is None:
            self._topics = {topic.slug: topic for topic in Topic.objects.all()}
        if not isinstance(slugs, list):
            raise DemoDataError(field, f"expected a list of topic slugs, found {slugs!r}")
        missing = [str(slug) for slug in slugs if slug not in self._topics]
        if missing:
            raise DemoDataError(field, f"unknown topics: {', '.join(missing)}")
        return [self._topics[slug] for slug in slugs]

    # Pages ----------------------------------------------------------------------------

    def new_page(self, model, record, **fields):
        """An unsaved `model` page from `fields` and every key of `record` no builder has
        read yet: each names a field of the page. Plain fields take the value as it is;
        topic fields take topic slugs; a StreamField takes a list of its block's values."""
        page = model(**fields)
        tags = {}
        for key in record.unread():
            value = record[key]
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist as error:
                raise DemoDataError(key, f"not a field of a {model._meta.verbose_name}") from error
            if isinstance(field, ClusterTaggableManager):
                tags[key] = self.topics(value, key)
            elif isinstance(field, StreamField):
                setattr(page, key, self.stream(field, value, key))
            elif field.is_relation or not field.concrete:
                raise DemoDataError(key, "set by the builder, not by the data")
            elif isinstance(field, models.DecimalField) and isinstance(value, float):
                # As written (50.7753), not as the nearest binary fraction.
                setattr(page, key, Decimal(repr(value)))
            else:
                setattr(page, key, value)
        for key, topics in tags.items():
            getattr(page, key).set(topics)
        return page

    def stream(self, field, items, key):
        """A StreamField of one block type from a list of that block's values, validated
        as the editor validates it; topic slugs inside the blocks must exist."""
        stream_block = field.stream_block
        (block_name, block), *others = stream_block.child_blocks.items()
        if others or not isinstance(items, list):
            raise DemoDataError(key, f"expected a list of “{block_name}” blocks")
        for number, item in enumerate(items, 1):
            if isinstance(block, blocks.StructBlock):
                if not isinstance(item, dict):
                    raise DemoDataError(key, f"item {number}: expected field names and values")
                unknown = sorted(set(item) - set(block.child_blocks))
                if unknown:
                    raise DemoDataError(key, f"item {number}: no field {', '.join(unknown)}")
                for name, child in block.child_blocks.items():
                    if isinstance(child, TopicsBlock):
                        self.topics(item.get(name, []), f"{key}, item {number}, {name}")
        try:
            value = stream_block.to_python([{"type": block_name, "value": v} for v in items])
            return stream_block.clean(value)
        except ValidationError as error:
            messages = block_messages(get_error_json_data(error))
            raise DemoDataError(key, "; ".join(messages)) from error
        except (TypeError, ValueError) as error:
            raise DemoDataError(key, f"a value cannot be read: {error}") from error

    def page(self, parent, model, record, build, find=None, save=None):
        """The `model` page with the record's slug under `parent`, created from `build()`
        if missing. Returns (page, CREATED or PRESENT).

        `build` returns an unsaved page; it runs either way, so a bad record is refused
        even when its page exists. `find` looks the page up another way (an index page
        by its type); `save(page, parent)` validates and saves a new page where a kind of
        page has its own service (cities: `hub.cities.save_city`)."""
        slug = record["slug"]
        page = build()
        found = find() if find else model.objects.child_of(parent).filter(slug=slug).first()
        if found is not None:
            return found, PRESENT
        if parent.get_children().filter(slug=slug).exists():
            raise DemoDataError(
                "slug",
                f"{parent.url_path}{slug}/ exists but is not a {model._meta.verbose_name}; "
                "rename or move it, then run load_demo again.",
            )
        page.slug = slug
        try:
            if save is not None:
                save(page, parent)
                return page, CREATED
            page.full_clean(exclude=TREE_FIELDS)
        except ValidationError as error:
            raise DemoDataError(*first_error(error)) from error
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page, CREATED


# Sections and progress ----------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A kind of demo content: its heading, its data files and the builder that turns one
    record into content, returning (label, state). The state is CREATED, PRESENT (or
    another "already ..." when nothing changed), or what changed ("rules updated"). A
    builder raises DemoDataError for bad data, and Skipped when what the record needs is
    not on the site."""

    heading: str
    files: tuple
    build: object

    def __call__(self, run):
        records = [record for filename in self.files for record in read_records(filename)]
        single = len(self.files) == 1 and isinstance(read_file(self.files[0]), dict)
        progress = Progress(run, self.heading, len(records), single)
        for record in records:
            try:
                label, state = self.build(record, run)
                if record.unread():
                    field = record.unread()[0]
                    raise DemoDataError(field, "not a field this kind of record has")
            except Skipped as skipped:
                progress.skip(record.label, str(skipped))
                continue
            except DemoDataError as error:
                raise CommandError(record.describe(error.field, error.message)) from error
            progress.report(label, state)
        progress.finish()


class Progress:
    """Prints one line per record of a section, “Cities [3/23] Umeå: created”, and a
    count at the end."""

    def __init__(self, run, section, total, single=False):
        self.run = run
        self.section = section
        self.total = total
        self.single = single
        self.done = 0
        self.counts = {CREATED: 0, PRESENT: 0, "updated": 0, "skipped": 0}

    def write(self, label, state, styled):
        self.done += 1
        if self.single:
            self.run.stdout.write(f"  {self.section}: {styled}")
        else:
            self.run.stdout.write(f"  {self.section} [{self.done}/{self.total}] {label}: {styled}")

    def report(self, label, state):
        if state == CREATED:
            kind = CREATED
        else:
            kind = PRESENT if state.startswith("already") else "updated"
        self.counts[kind] += 1
        self.write(label, state, state if kind == PRESENT else self.run.style.SUCCESS(state))

    def skip(self, label, reason):
        self.counts["skipped"] += 1
        self.write(label, reason, self.run.style.WARNING(f"skipped, {reason}"))

    def finish(self):
        if self.single:
            return
        created, present = self.counts[CREATED], self.counts[PRESENT]
        line = f"  {self.section}: {created} created, {present} already present"
        for kind in ("updated", "skipped"):
            if self.counts[kind]:
                line += f", {self.counts[kind]} {kind}"
        self.run.stdout.write(line)


def load(stdout, style, steps):
    """Run each step (a Section, or a function of the run) in order."""
    if not isinstance(stdout, OutputWrapper):
        stdout = OutputWrapper(stdout)
    run = Run(stdout, style)
    for step in steps:
        step(run)
    return run


def files_of(steps):
    """Every data file the steps read, in order."""
    return [name for step in steps if isinstance(step, Section) for name in step.files]


def slugs_in(*filenames):
    """The slugs the records of these files define."""
    return {record.data.get("slug") for filename in filenames for record in read_records(filename)}
