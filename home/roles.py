"""Who may do what in the Wagtail admin: groups, page permissions and the review workflow.

`setup_roles()` builds the shared groups and the "Editor review" workflow;
`add_city_publisher()` gives one user their own city's subtree. Both are idempotent:
they only ever add what is missing, so running them again changes nothing.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "Editors"
PROGRAMME_MANAGERS = "Programme managers"
FACILITATORS = "Facilitators"
PUBLISHERS_PREFIX = "Publishers: "
REVIEW_WORKFLOW = "Editor review"
REVIEW_TASK = "Editor approval"

# Page permissions, by Wagtail codename. Publishers add and change but never publish.
CURATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
PUBLISHER_PAGE_PERMISSIONS = ["add_page", "change_page"]

# Images and documents are permitted per collection.
MEDIA_PERMISSIONS = [
    "add_image",
    "change_image",
    "choose_image",
    "delete_image",
    "add_document",
    "change_document",
    "choose_document",
    "delete_document",
]
COLLECTION_PERMISSIONS = ["add_collection", "change_collection", "delete_collection"]
PUBLISHER_MEDIA_PERMISSIONS = [
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
]
SHARED_MEDIA_PERMISSIONS = ["choose_image", "choose_document"]

# Model permissions of the editors, as (app_label, model) pairs: every action on each.
EDITOR_MODELS = [
    ("hub", "topic"),
    ("hub", "domain"),
    ("home", "sitesettings"),
    ("home", "navigationsettings"),
    ("home", "person"),
    ("wagtailsearchpromotions", "searchpromotion"),
    ("wagtailsearchpromotions", "query"),
    ("wagtailredirects", "redirect"),
]


@dataclass
class Report:
    """What a run created, by kind, and what it could not do."""

    created: Counter = field(default_factory=Counter)
    warnings: list = field(default_factory=list)

    @property
    def total_created(self):
        return sum(self.created.values())

    def count(self, kind, created):
        if created:
            self.created[kind] += 1


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _wagtail_permission(codename):
    """Page, collection, image and document permissions, named by their Wagtail codename."""
    app_label = {
        "image": "wagtailimages",
        "document": "wagtaildocs",
    }.get(codename.rsplit("_", 1)[1], "wagtailcore")
    return _permission(app_label, codename)


def _grant_model_permissions(group, permissions, report):
    missing = set(permissions) - set(group.permissions.all())
    if missing:
        group.permissions.add(*missing)
        report.created["model permissions"] += len(missing)


def _grant_page_permissions(group, page, codenames, report):
    for codename in codenames:
        _, created = GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_wagtail_permission(codename)
        )
        report.count("page permissions", created)


def _grant_collection_permissions(group, collection, codenames, report):
    for codename in codenames:
        _, created = GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_wagtail_permission(codename)
        )
        report.count("collection permissions", created)


def _group(name, report):
    group, created = Group.objects.get_or_create(name=name)
    report.count("groups", created)
    _grant_model_permissions(group, [_permission("wagtailadmin", "access_admin")], report)
    return group


def app_model_permissions(app_label):
    """Every permission on the models an app has now, pages left out.

    Looked up at run time, so models another app adds later are included the next time
    `setup_roles` runs. Page models are governed by page permissions instead.
    """
    try:
        app_config = apps.get_app_config(app_label)
    except LookupError:
        return Permission.objects.none()
    models = [model for model in app_config.get_models() if not issubclass(model, Page)]
    if not models:
        return Permission.objects.none()
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return Permission.objects.filter(content_type__in=content_types.values())


def _first_page(model_path):
    model = apps.get_model(model_path)
    return model.objects.order_by("path").first()


def setup_editors(report):
    group = _group(EDITORS, report)
    permissions = Permission.objects.filter(
        content_type__in=[
            ContentType.objects.get_by_natural_key(app_label, model)
            for app_label, model in EDITOR_MODELS
        ],
    )
    _grant_model_permissions(group, permissions, report)
    root_page = Page.get_first_root_node()
    _grant_page_permissions(group, root_page, CURATOR_PAGE_PERMISSIONS, report)
    root_collection = Collection.get_first_root_node()
    _grant_collection_permissions(
        group, root_collection, MEDIA_PERMISSIONS + COLLECTION_PERMISSIONS, report
    )
    return group


def setup_programme_managers(report):
    group = _group(PROGRAMME_MANAGERS, report)
    _grant_model_permissions(group, app_model_permissions("partnerships"), report)
    # Turning an application into a draft city is a programme manager's job.
    _grant_model_permissions(group, app_model_permissions("applications"), report)
    # They answer the messages to cities that have no confirmed staff yet (on the city's
    # page of requests), and delete what must not be kept.
    _grant_model_permissions(
        group,
        Permission.objects.filter(
            content_type__app_label="home",
            codename__in=["view_citymessage", "delete_citymessage"],
        ),
        report,
    )
    index = _first_page("partnerships.PartnershipIndexPage")
    if index is None:
        report.warnings.append(
            "There is no partnership index page yet, so programme managers have no pages. "
            "Run setup_roles again once /partnerships/ exists."
        )
    else:
        _grant_page_permissions(group, index, CURATOR_PAGE_PERMISSIONS, report)
    cities = _first_page("hub.CityIndexPage")
    if cities is not None:
        # Accepted applicants become draft cities, which editors then review and publish.
        _grant_page_permissions(group, cities, ["add_page"], report)
    _grant_collection_permissions(
        group, Collection.get_first_root_node(), PUBLISHER_MEDIA_PERMISSIONS, report
    )
    return group


# What facilitators do in the Wagtail admin (Workshops → Rooms, Messages, Polls;
# workshops/wagtail_hooks.py): see and change the rooms they run (with their session's
# settings and agenda, edited in the room's form), moderate their messages, read their
# polls and close an open one. Rooms, messages and polls are made by the site, and votes,
# hands and connections are the rooms' own bookkeeping, so nothing else is granted.
FACILITATOR_PERMISSIONS = ["view_workshoproom", "change_workshoproom", "view_message",
                           "change_message", "view_poll", "change_poll"]  # fmt: skip

# What facilitators keep in the partnership workspaces they are named on, as
# (app_label, model) pairs: every action on each (the admin shows them their own only).
FACILITATOR_WORKSPACE_MODELS = [
    ("partnerships", "partnershipmodule"),
    ("partnerships", "meeting"),
    ("partnerships", "planaction"),
    ("partnerships", "workspacedocument"),
    ("partnerships", "outcome"),
]


def setup_facilitators(report):
    group = _group(FACILITATORS, report)
    wanted = [_permission("workshops", codename) for codename in FACILITATOR_PERMISSIONS]
    _grant_model_permissions(group, wanted, report)
    # Earlier versions granted every workshops permission, for a Django admin that is gone.
    unused = group.permissions.filter(content_type__app_label="workshops").exclude(
        codename__in=FACILITATOR_PERMISSIONS
    )
    if unused.exists():
        report.created["model permissions withdrawn"] += unused.count()
        group.permissions.remove(*unused)
    workspace = Permission.objects.filter(
        content_type__in=[
            ContentType.objects.get_by_natural_key(app_label, model)
            for app_label, model in FACILITATOR_WORKSPACE_MODELS
        ],
    )
    _grant_model_permissions(group, workspace, report)
    # Files shared in a workspace are Wagtail documents.
    _grant_collection_permissions(
        group,
        Collection.get_first_root_node(),
        ["add_document", "change_document", "choose_document"],
        report,
    )
    return group


def setup_review_workflow(editors, report):
    """The "Editor review" workflow: one approval step by the editors, on /cities/."""
    task, created = GroupApprovalTask.objects.get_or_create(name=REVIEW_TASK)
    report.count("workflow tasks", created)
    if not task.groups.filter(pk=editors.pk).exists():
        task.groups.add(editors)
    workflow, created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    report.count("workflows", created)
    _, created = WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    report.count("workflow steps", created)

    cities = _first_page("hub.CityIndexPage")
    if cities is None:
        report.warnings.append(
            f"There is no city index page yet, so “{REVIEW_WORKFLOW}” applies to no page. "
            "Run setup_roles again once /cities/ exists."
        )
        return workflow
    link, created = WorkflowPage.objects.get_or_create(page=cities, defaults={"workflow": workflow})
    report.count("workflow assignments", created)
    if link.workflow_id != workflow.pk:
        report.warnings.append(
            f"{cities.url_path} used the workflow “{link.workflow}”; it now uses "
            f"“{REVIEW_WORKFLOW}”."
        )
        link.workflow = workflow
        link.save()
    return workflow


@transaction.atomic
def setup_roles():
    """Create or complete the shared groups and the review workflow; return a Report."""
    report = Report()
    editors = setup_editors(report)
    setup_programme_managers(report)
    setup_facilitators(report)
    setup_review_workflow(editors, report)
    return report


def publisher_group_for(city):
    """The group whose members publish `city`, found by its permission on the page."""
    return (
        Group.objects.filter(
            name__startswith=PUBLISHERS_PREFIX,
            page_permissions__page=city,
            page_permissions__permission__codename="change_page",
        )
        .order_by("pk")
        .first()
    )


def _city_collection(group, city, report):
    """The collection for the city's images and documents, found by the group's rights."""
    existing = (
        Collection.objects.filter(
            group_permissions__group=group,
            group_permissions__permission__codename="add_image",
        )
        .order_by("path")
        .first()
    )
    if existing is not None:
        return existing
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=city.title).first()
    if collection is None:
        collection = root.add_child(name=city.title)
        report.count("collections", True)
    return collection


@transaction.atomic
def add_city_publisher(user, city):
    """Let `user` edit `city` and the pages under it and submit them for review.

    Returns (group, report). The group is the city's own: every publisher of a city
    shares it, and it holds add and change (never publish) on the city's subtree.
    """
    report = Report()
    group = publisher_group_for(city)
    if group is None:
        name = f"{PUBLISHERS_PREFIX}{city.title}"
        if Group.objects.filter(name=name).exists():
            # Another city has the same name; the slug tells them apart.
            name = f"{name} ({city.slug})"
        group = Group.objects.create(name=name)
        report.count("groups", True)
    _grant_model_permissions(group, [_permission("wagtailadmin", "access_admin")], report)
    _grant_page_permissions(group, city, PUBLISHER_PAGE_PERMISSIONS, report)
    _grant_collection_permissions(
        group, _city_collection(group, city, report), PUBLISHER_MEDIA_PERMISSIONS, report
    )
    _grant_collection_permissions(
        group, Collection.get_first_root_node(), SHARED_MEDIA_PERMISSIONS, report
    )
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        report.count("memberships", True)
    return group, report
