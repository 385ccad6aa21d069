"""What a city publisher can and cannot do, through the Wagtail admin as they use it."""

import io

import PIL.Image
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, WorkflowState

from hub.models import BusinessCasePage, CityProfilePage

from .forms import business_case_form, city_form


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(model, parent):
    meta = model._meta
    return reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])


def test_publisher_opens_their_own_city_in_the_editor(publisher_client, cities):
    response = publisher_client.get(edit_url(cities.bristol))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="action-submit"' in content
    assert 'name="action-publish"' not in content


def test_publisher_cannot_open_another_city_or_the_home_page(publisher_client, cities, home):
    for page in (cities.gabrovo, home):
        response = publisher_client.get(edit_url(page))
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")


def test_publisher_cannot_change_another_city_by_posting(publisher_client, cities):
    response = publisher_client.post(
        edit_url(cities.gabrovo), city_form(cities.gabrovo, title="Taken over")
    )
    assert response.status_code == 302
    cities.gabrovo.refresh_from_db()
    assert cities.gabrovo.title == "Gabrovo"
    assert cities.gabrovo.draft_title == "Gabrovo"
    assert not cities.gabrovo.revisions.exists()


def test_publisher_cannot_add_pages_outside_their_city(publisher_client, cities, hub_tree):
    response = publisher_client.get(add_url(BusinessCasePage, cities.gabrovo))
    assert response.status_code == 302
    response = publisher_client.get(add_url(CityProfilePage, hub_tree.cities))
    assert response.status_code == 302


def test_publisher_adds_a_business_case_under_their_city_and_submits_it(
    publisher_client, bristol_publisher, cities, mailoutbox, editor
):
    response = publisher_client.post(
        add_url(BusinessCasePage, cities.bristol),
        business_case_form(**{"action-submit": "Submit to Editor review"}),
    )
    assert response.status_code == 302, response.context["form"].errors
    case = BusinessCasePage.objects.get(slug="hydrogen-buses-route-9")
    assert case.get_parent().pk == cities.bristol.pk
    assert case.city_id == cities.bristol.pk
    assert not case.live
    assert case.owner == bristol_publisher

    state = WorkflowState.objects.get(object_id=str(case.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Editor review"
    assert state.requested_by == bristol_publisher
    # The editors hear that something waits for them.
    assert any(editor.email in message.to for message in mailoutbox)


def test_publisher_cannot_publish_even_by_posting_the_publish_button(publisher_client, cities):
    response = publisher_client.post(
        add_url(BusinessCasePage, cities.bristol),
        business_case_form(**{"action-publish": "Publish"}),
    )
    assert response.status_code == 302
    case = BusinessCasePage.objects.get(slug="hydrogen-buses-route-9")
    assert not case.live
    assert not PageLogEntry.objects.filter(page=case, action="wagtail.publish").exists()

    response = publisher_client.post(
        edit_url(cities.bristol),
        city_form(cities.bristol, summary="Rewritten.", **{"action-publish": "Publish"}),
    )
    assert response.status_code == 302
    cities.bristol.refresh_from_db()
    assert cities.bristol.summary != "Rewritten."
    assert cities.bristol.get_latest_revision_as_object().summary == "Rewritten."
    assert cities.bristol.has_unpublished_changes


def test_publisher_saves_a_draft_of_their_city(publisher_client, bristol_publisher, cities):
    response = publisher_client.post(
        edit_url(cities.bristol), city_form(cities.bristol, motivation="To share our depot.")
    )
    assert response.status_code == 302
    cities.bristol.refresh_from_db()
    draft = cities.bristol.get_latest_revision_as_object()
    assert draft.motivation == "To share our depot."
    entry = PageLogEntry.objects.filter(page=cities.bristol).latest("timestamp")
    assert (entry.action, entry.user) == ("wagtail.edit", bristol_publisher)


def test_publisher_images_go_into_their_city_collection(
    publisher_client, cities, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    png = io.BytesIO()
    PIL.Image.new("RGB", (8, 8), "green").save(png, "PNG")
    upload = SimpleUploadedFile("depot.png", png.getvalue(), content_type="image/png")
    response = publisher_client.post(
        reverse("wagtailimages:add"), {"title": "Bus depot", "file": upload, "tags": ""}
    )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Bus depot")
    assert image.collection.name == "Bristol"
