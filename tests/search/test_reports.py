"""Editors' reports of popular searches and of searches that found nothing."""

import pytest
from django.contrib.auth.models import Group, Permission

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw")
    group = Group.objects.create(name="Search editors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_searchpromotion"),
    )
    user.groups.add(group)
    return user


def test_reports_list_popular_and_fruitless_searches(relevance_hub, client, editor):
    for query in ["hydrogen buses", "hydrogen buses", "energy community", "qqqzzz"]:
        client.get("/search/", {"q": query})
    client.force_login(editor)

    popular = client.get("/admin/reports/searches/popular/")
    assert popular.status_code == 200
    text = popular.text
    assert text.index("hydrogen buses") < text.index("energy community")

    fruitless = client.get("/admin/reports/searches/no-results/")
    assert fruitless.status_code == 200
    assert "qqqzzz" in fruitless.text
    assert "energy community" not in fruitless.text


def test_reports_are_paginated(client, editor):
    from search.models import NoResultQuery

    NoResultQuery.objects.bulk_create(
        NoResultQuery(query_string=f"nothing {n}", hits=n) for n in range(60)
    )
    client.force_login(editor)
    first = client.get("/admin/reports/searches/no-results/")
    second = client.get("/admin/reports/searches/no-results/", {"p": 2})
    assert "nothing 59" in first.text and "nothing 0<" not in first.text
    assert "nothing 0" in second.text


def test_readers_cannot_see_reports(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/reports/searches/popular/").status_code in (302, 403)
