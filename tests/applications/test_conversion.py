"""Turning an application into a draft city profile, once, from the admin."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import PageLogEntry

from applications.conversion import ConversionError, Outcome, convert_application
from applications.models import ApplicationConversion
from hub.models import CityProfilePage
from tests import factories


@pytest.fixture
def submission(client, form_page, valid_data):
    client.post(form_page.url, valid_data)
    return FormSubmission.objects.get(page=form_page)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")


def slugs(manager):
    return sorted(topic.slug for topic in manager.all())


def convert_url(submission):
    return reverse("applications_convert", args=[submission.pk])


def test_conversion_creates_a_draft_city_with_the_application(submission, hub_tree, manager):
    result = convert_application(submission, manager)

    assert result.outcome is Outcome.CREATED
    city = CityProfilePage.objects.get(pk=result.city.pk)
    assert city.get_parent().specific == hub_tree.cities
    assert city.title == "Umeå"
    assert city.slug == "umea"
    assert not city.live
    assert city.country.code == "SE"
    assert city.population == 130_000
    assert city.maturity == "piloting"
    assert city.motivation.startswith("Our bus operator plans fuel cell buses.")
    assert city.contact_email == "anna.lindqvist@example.org"
    assert slugs(city.needs) == ["hydrogen-buses", "permitting"]
    assert slugs(city.offers) == ["district-heating"]
    assert slugs(city.topics) == ["district-heating", "hydrogen-buses", "permitting"]
    assert city.owner == manager


def test_the_draft_has_a_revision_and_history(submission, hub_tree, manager):
    city = convert_application(submission, manager).city

    revision = city.latest_revision
    assert revision is not None and revision.user == manager
    assert revision.as_object().motivation == city.motivation
    actions = set(PageLogEntry.objects.filter(page=city).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.edit"} <= actions


def test_converting_twice_creates_one_city(submission, hub_tree, manager):
    first = convert_application(submission, manager)
    second = convert_application(submission, manager)

    assert second.outcome is Outcome.ALREADY_CONVERTED
    assert second.city.pk == first.city.pk
    assert CityProfilePage.objects.count() == 1
    assert ApplicationConversion.objects.get().city.pk == first.city.pk


def test_existing_city_of_the_same_name_is_linked_not_duplicated(submission, hub_tree, manager):
    umea = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Umeå", slug="umea")

    result = convert_application(submission, manager)

    assert result.outcome is Outcome.EXISTING_CITY
    assert result.city.pk == umea.pk
    assert CityProfilePage.objects.count() == 1
    assert ApplicationConversion.objects.get(submission=submission).city.pk == umea.pk


def test_topics_removed_since_the_application_are_left_out(submission, hub_tree, manager):
    submission.form_data["needs"].append("retired-topic")
    submission.save()
    city = convert_application(submission, manager).city
    assert slugs(city.needs) == ["hydrogen-buses", "permitting"]


def test_conversion_without_a_city_index_explains_why(submission, hub_tree, manager):
    hub_tree.cities.delete()
    with pytest.raises(ConversionError, match="no city index"):
        convert_application(submission, manager)
    assert not ApplicationConversion.objects.exists()


# The admin: listing, conversion view, permissions, export.


def test_submissions_listing_offers_conversion_then_links_the_city(client, submission, superuser):
    client.force_login(superuser)
    listing = reverse("wagtailforms:list_submissions", args=[submission.page_id])

    content = client.get(listing).content.decode()
    assert "Umeå" in content
    assert convert_url(submission) in content

    convert_application(submission, superuser)
    content = client.get(listing).content.decode()
    city = CityProfilePage.objects.get()
    assert reverse("wagtailadmin_pages:edit", args=[city.pk]) in content
    assert convert_url(submission) not in content


def test_submissions_listing_runs_the_same_queries_for_more_rows(
    client, form_page, valid_data, superuser, hub_tree
):
    client.post(form_page.url, valid_data)
    client.force_login(superuser)
    listing = reverse("wagtailforms:list_submissions", args=[form_page.pk])
    client.get(listing)
    with CaptureQueriesContext(connection) as few:
        client.get(listing)
    for number in range(5):
        client.post(form_page.url, {**valid_data, "city": f"Town {number}"})
    convert_application(FormSubmission.objects.first(), superuser)
    with CaptureQueriesContext(connection) as many:
        content = client.get(listing).content.decode()
    assert "Town 4" in content
    assert len(many) == len(few)


def test_manager_converts_from_the_admin_in_one_step(client, submission, manager, hub_tree):
    client.force_login(manager)
    page = client.get(convert_url(submission))
    assert page.status_code == 200
    assert "Create draft city profile" in page.content.decode()

    response = client.post(convert_url(submission))

    city = CityProfilePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[city.pk])
    assert not city.live


def test_second_conversion_in_the_admin_links_to_the_existing_city(
    client, submission, manager, hub_tree
):
    client.force_login(manager)
    client.post(convert_url(submission))
    response = client.post(convert_url(submission), follow=True)

    assert CityProfilePage.objects.count() == 1
    city = CityProfilePage.objects.get()
    content = response.content.decode()
    assert "This application was already converted into “Umeå”." in content
    page = client.get(convert_url(submission)).content.decode()
    assert "was converted into" in page
    assert reverse("wagtailadmin_pages:edit", args=[city.pk]) in page
    assert "Create draft city profile" not in page


def test_admin_shows_the_application_escaped(client, form_page, valid_data, manager, hub_tree):
    valid_data["motivation"] = "Costs < 2 M€ & rising"
    client.post(form_page.url, valid_data)
    client.force_login(manager)
    content = client.get(convert_url(FormSubmission.objects.get())).content.decode()
    assert "Costs &lt; 2 M€ &amp; rising" in content


def test_admin_warns_before_linking_to_a_city_of_the_same_name(
    client, submission, manager, hub_tree
):
    factories.CityProfilePageFactory(parent=hub_tree.cities, title="Umeå", slug="umea")
    client.force_login(manager)
    content = client.get(convert_url(submission)).content.decode()
    assert "already exists" in content
    assert "Link to the existing city" in content


def test_user_without_the_permission_cannot_convert(
    client, submission, editor_without_conversion, hub_tree
):
    client.force_login(editor_without_conversion)

    for response in (client.get(convert_url(submission)), client.post(convert_url(submission))):
        # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert not CityProfilePage.objects.exists()
    assert not ApplicationConversion.objects.exists()


def test_anonymous_visitor_is_sent_to_log_in(client, submission, hub_tree):
    response = client.post(convert_url(submission))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not CityProfilePage.objects.exists()


def test_only_applications_can_be_converted(client, manager, hub_tree):
    other_form = factories.ProgrammePageFactory(parent=hub_tree.partnerships)
    not_an_application = FormSubmission.objects.create(page=other_form, form_data={"city": "X"})
    client.force_login(manager)
    assert client.get(convert_url(not_an_application)).status_code == 404
    assert client.get(reverse("applications_convert", args=[999_999])).status_code == 404


def test_csv_export_has_every_field(client, form_page, valid_data, superuser):
    valid_data["motivation"] = "=HYPERLINK('https://x.example')"
    client.post(form_page.url, valid_data)
    client.force_login(superuser)

    response = client.get(
        reverse("wagtailforms:list_submissions", args=[form_page.pk]), {"export": "csv"}
    )

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Submission date",
        "City",
        "Country",
        "Contact name",
        "Contact email",
        "Population",
        "Target year",
        "Maturity",
        "Needs",
        "Offers",
        "Motivation",
        "Consent to store data",
    ]
    assert rows[1][1:10] == [
        "Umeå",
        "SE",
        "Anna Lindqvist",
        "anna.lindqvist@example.org",
        "130000",
        "",
        "piloting",
        "hydrogen-buses, permitting",
        "district-heating",
    ]
    # A spreadsheet must not run what an applicant typed as a formula.
    assert rows[1][10] == "'=HYPERLINK('https://x.example')"
    assert rows[1][11] == "True"


def test_listing_shortens_long_motivations(client, form_page, valid_data, superuser):
    valid_data["motivation"] = "word " * 200 + "END"
    client.post(form_page.url, valid_data)
    client.force_login(superuser)
    content = client.get(
        reverse("wagtailforms:list_submissions", args=[form_page.pk])
    ).content.decode()
    assert "word word" in content
    assert "END" not in content


def exported_submission_rows(client, form_page, export_format):
    from openpyxl import load_workbook

    response = client.get(
        reverse("wagtailforms:list_submissions", args=[form_page.pk]), {"export": export_format}
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if export_format == "csv":
        return list(csv.reader(io.StringIO(content.decode())))
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_xlsx_export_escapes_formulas(client, form_page, valid_data, superuser):
    valid_data["contact_name"] = "@SUM(A1:A9)"
    valid_data["motivation"] = "=HYPERLINK('https://x.example')"
    client.post(form_page.url, valid_data)
    client.force_login(superuser)
    row = exported_submission_rows(client, form_page, "xlsx")[1]
    assert row[3] == "'@SUM(A1:A9)"
    assert row[10] == "'=HYPERLINK('https://x.example')"


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_exports_never_fail_on_stored_control_characters(
    client, form_page, valid_data, superuser, export_format
):
    # Stored before the form stripped control characters, or written by other code (NUL
    # aside: PostgreSQL never stores it).
    stored = {**valid_data, "city": "Ume\x01å", "motivation": "Line one\x0b\nline two\x1f"}
    stored["needs"] = valid_data["needs"]
    FormSubmission.objects.create(
        page=form_page, form_data={k: v for k, v in stored.items() if k != "fax_number"}
    )
    client.force_login(superuser)
    row = exported_submission_rows(client, form_page, export_format)[1]
    assert row[1] == "Umeå"
    assert row[10] == "Line one\nline two"
