"""setup_roles and add_city_publisher, run as an administrator runs them."""

import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)

from .conftest import make_user


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    """Every row the roles are made of, so two runs can be compared."""
    return {
        "groups": sorted(
            (group.name, sorted(group.permissions.values_list("codename", flat=True)))
            for group in Group.objects.all()
        ),
        "page permissions": GroupPagePermission.objects.count(),
        "collection permissions": GroupCollectionPermission.objects.count(),
        "collections": Collection.objects.count(),
        "workflows": sorted(Workflow.objects.values_list("name", flat=True)),
        "tasks": GroupApprovalTask.objects.count(),
        "workflow pages": sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")),
    }


def page_codenames(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def test_setup_roles_creates_the_groups_and_the_workflow(cities, hub_tree, home):
    out, err = run("setup_roles")
    assert "Roles set up" in out
    assert err == ""

    editors = Group.objects.get(name="Editors")
    assert {"publish_page", "change_page", "add_page"} <= page_codenames(editors, home.get_parent())
    assert {"add_topic", "change_topic", "add_domain", "change_searchpromotion"} <= set(
        editors.permissions.values_list("codename", flat=True)
    )
    managers = Group.objects.get(name="Programme managers")
    assert "publish_page" in page_codenames(managers, hub_tree.partnerships)
    assert page_codenames(managers, home) == set()
    for group in (editors, managers, Group.objects.get(name="Facilitators")):
        assert group.permissions.filter(codename="access_admin").exists()

    workflow = Workflow.objects.get(name="Editor review")
    assert cities.bristol.get_workflow() == workflow
    assert hub_tree.cities.get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Editors"]


def test_setup_roles_twice_creates_nothing_new(cities):
    run("setup_roles")
    before = snapshot()
    out, err = run("setup_roles")
    assert out.strip() == "Roles already set up; nothing to change."
    assert snapshot() == before


def test_facilitators_may_moderate_rooms_in_the_wagtail_admin_and_nothing_more(roles):
    granted = set(
        Group.objects.get(name="Facilitators")
        .permissions.filter(content_type__app_label="workshops")
        .values_list("codename", flat=True)
    )
    assert granted == {"view_workshoproom", "change_workshoproom", "view_message",
                       "change_message", "view_poll", "change_poll"}  # fmt: skip


@pytest.mark.parametrize("group_name, app_label", [("Programme managers", "partnerships")])
def test_groups_get_every_model_permission_of_their_app(roles, group_name, app_label):
    """Models are discovered when setup_roles runs, so new ones are granted on the next run."""
    models = [
        model
        for model in apps.get_app_config(app_label).get_models()
        if not issubclass(model, Page)
    ]
    expected = set(
        Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model__in=[model._meta.model_name for model in models],
        ).values_list("codename", flat=True)
    )
    granted = set(
        Group.objects.get(name=group_name)
        .permissions.filter(content_type__app_label=app_label)
        .values_list("codename", flat=True)
    )
    assert granted == expected


def test_programme_managers_may_start_draft_cities_but_not_publish_them(roles, hub_tree):
    managers = Group.objects.get(name="Programme managers")
    assert page_codenames(managers, hub_tree.cities) == {"add_page"}


def test_setup_roles_warns_when_there_is_no_city_index(db):
    out, err = run("setup_roles")
    assert "no city index page" in err
    assert not WorkflowPage.objects.filter(workflow__name="Editor review").exists()


def test_add_city_publisher_gives_the_city_and_nothing_else(roles, cities):
    user = make_user("mara")
    out, err = run("add_city_publisher", "mara", "bristol")
    assert "mara is now a publisher of Bristol" in out
    assert err == ""

    group = Group.objects.get(name="Publishers: Bristol")
    assert list(user.groups.all()) == [group]
    assert page_codenames(group, cities.bristol) == {"add_page", "change_page"}
    assert GroupPagePermission.objects.filter(group=group).exclude(page=cities.bristol).count() == 0

    out, _ = run("add_city_publisher", "mara", "bristol")
    assert "already a publisher" in out
    assert Group.objects.filter(name__startswith="Publishers:").count() == 1


def test_two_publishers_of_one_city_share_its_group(roles, cities):
    make_user("mara")
    make_user("tom")
    run("add_city_publisher", "mara", "bristol")
    run("add_city_publisher", "tom", "bristol")
    group = Group.objects.get(name="Publishers: Bristol")
    assert sorted(group.user_set.values_list("username", flat=True)) == ["mara", "tom"]
    assert Collection.objects.filter(name="Bristol").count() == 1


def test_add_city_publisher_names_what_is_missing(roles, cities):
    make_user("mara")
    with pytest.raises(CommandError, match="no user “nobody”"):
        run("add_city_publisher", "nobody", "bristol")
    with pytest.raises(CommandError, match="no city page with the slug “atlantis”"):
        run("add_city_publisher", "mara", "atlantis")
    assert not Group.objects.filter(name__startswith="Publishers:").exists()


def test_add_city_publisher_warns_when_the_review_workflow_is_missing(cities):
    make_user("mara")
    _, err = run("add_city_publisher", "mara", "gabrovo")
    assert "run manage.py setup_roles" in err


def test_app_model_permissions_cover_snippets_and_leave_pages_to_page_permissions(db):
    from home.roles import app_model_permissions

    codenames = set(app_model_permissions("hub").values_list("codename", flat=True))
    assert {"add_topic", "change_topic", "delete_topic", "view_topic", "view_domain"} <= codenames
    assert "add_cityprofilepage" not in codenames
    assert not app_model_permissions("no_such_app").exists()
