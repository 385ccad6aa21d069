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


def exported_rows(client, url, export_format):
    import csv
    import io

    response = client.get(url, {"export": export_format})
    assert response.status_code == 200
    if export_format == "csv":
        text = b"".join(response.streaming_content).decode()
        return list(csv.reader(io.StringIO(text)))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_a_typed_formula_is_exported_as_text(relevance_hub, client, editor):
    # An anonymous reader's search lands in the popular-searches report and its export.
    client.get("/search/", {"q": '=HYPERLINK("http://evil.example","click")'})
    client.force_login(editor)
    for export_format in ("csv", "xlsx"):
        rows = exported_rows(client, "/admin/reports/searches/popular/", export_format)
        assert rows[0][:2] == ["Search", "Searches"]
        assert rows[1][0] == '\'=hyperlink("http://evil.example","click")'


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_every_formula_prefix_is_escaped_in_the_no_results_export(client, editor, export_format):
    from search.models import NoResultQuery

    typed = ["+1+1", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1", "plain words"]
    for hits, query_string in enumerate(typed, start=1):
        # Tab- and CR-led values cannot come from today's search box (it drops them), but
        # older rows or other writers may hold them.
        NoResultQuery.objects.create(query_string=query_string, hits=hits)
    client.force_login(editor)
    rows = exported_rows(client, "/admin/reports/searches/no-results/", export_format)
    # XML, inside an XLSX file, reads a carriage return back as a line feed.
    exported = {row[0].replace("\r", "\n") for row in rows[1:]}
    assert exported == {"'+1+1", "'-2+3", "'@SUM(1+1)", "'\t=1+1", "'\n=1+1", "plain words"}
