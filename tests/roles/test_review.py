"""The "Editor review" workflow: publishers submit, editors approve or request changes."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from .forms import city_form


def submit_city(client, city, **changes):
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[city.pk]),
        city_form(city, **changes, **{"action-submit": "Submit to Editor review"}),
    )
    assert response.status_code == 302
    return WorkflowState.objects.get(object_id=str(city.pk), status="in_progress")


def act(client, city, state, action, comment=""):
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[city.pk, action, state.current_task_state.pk],
    )
    return client.post(url, {"comment": comment})


@pytest.fixture
def submitted(publisher_client, cities, mailoutbox):
    state = submit_city(publisher_client, cities.bristol, summary="Bristol runs hydrogen buses.")
    mailoutbox.clear()
    return state


def test_submission_goes_to_editor_review_and_tells_the_editors(
    publisher_client, cities, editor, mailoutbox
):
    state = submit_city(publisher_client, cities.bristol, summary="Bristol runs hydrogen buses.")
    assert state.workflow.name == "Editor review"
    assert state.current_task_state.task.name == "Editor approval"
    to_editor = [message for message in mailoutbox if editor.email in message.to]
    assert to_editor
    assert "Bristol" in to_editor[0].subject
    cities.bristol.refresh_from_db()
    assert cities.bristol.summary != "Bristol runs hydrogen buses."


def test_editor_sees_the_submission_on_the_dashboard(editor_client, submitted, cities):
    response = editor_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert reverse("wagtailadmin_pages:edit", args=[cities.bristol.pk]) in (
        response.content.decode()
    )


def test_publisher_cannot_approve_their_own_submission(publisher_client, submitted, cities):
    act(publisher_client, cities.bristol, submitted, "approve")
    submitted.refresh_from_db()
    assert submitted.status == WorkflowState.STATUS_IN_PROGRESS
    cities.bristol.refresh_from_db()
    assert cities.bristol.summary != "Bristol runs hydrogen buses."


def test_editor_approves_and_the_page_goes_live(
    editor_client, editor, bristol_publisher, submitted, cities, mailoutbox
):
    response = act(editor_client, cities.bristol, submitted, "approve", "Looks good.")
    assert response.status_code == 302

    submitted.refresh_from_db()
    assert submitted.status == WorkflowState.STATUS_APPROVED
    cities.bristol.refresh_from_db()
    assert cities.bristol.live
    assert cities.bristol.summary == "Bristol runs hydrogen buses."
    assert not cities.bristol.has_unpublished_changes

    public = editor_client.get(cities.bristol.url)
    assert "Bristol runs hydrogen buses." in public.content.decode()

    # The publisher hears of it.
    assert [message.to for message in mailoutbox] == [[bristol_publisher.email]]
    assert "approved" in mailoutbox[0].subject

    # The page's history says who did what.
    history = list(
        PageLogEntry.objects.filter(page=cities.bristol)
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )
    assert ("wagtail.workflow.start", "bristol-publisher") in history
    assert ("wagtail.workflow.approve", "editor") in history
    assert ("wagtail.publish", "editor") in history
    assert history.index(("wagtail.workflow.start", "bristol-publisher")) < history.index(
        ("wagtail.workflow.approve", "editor")
    )


def test_editor_requests_changes_with_a_comment_and_the_publisher_reads_it(
    editor_client, publisher_client, bristol_publisher, submitted, cities, mailoutbox
):
    comment = "Please add the number of buses & the year they started."
    response = act(editor_client, cities.bristol, submitted, "reject", comment)
    assert response.status_code == 302

    submitted.refresh_from_db()
    assert submitted.status == WorkflowState.STATUS_NEEDS_CHANGES
    cities.bristol.refresh_from_db()
    assert cities.bristol.summary != "Bristol runs hydrogen buses."

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [bristol_publisher.email]
    assert "rejected" in message.subject
    assert comment in message.body
    assert reverse("wagtailadmin_pages:edit", args=[cities.bristol.pk]) in message.body

    entry = PageLogEntry.objects.get(page=cities.bristol, action="wagtail.workflow.reject")
    assert entry.user.username == "editor"
    assert entry.data["comment"] == comment

    # The publisher's editor offers to resubmit.
    response = publisher_client.get(reverse("wagtailadmin_pages:edit", args=[cities.bristol.pk]))
    assert 'name="action-restart-workflow"' in response.content.decode()


def test_publisher_resubmits_after_changes_were_requested(
    publisher_client, editor_client, submitted, cities
):
    act(editor_client, cities.bristol, submitted, "reject", "Add a source.")
    response = publisher_client.post(
        reverse("wagtailadmin_pages:edit", args=[cities.bristol.pk]),
        city_form(
            cities.bristol,
            summary="Bristol runs twenty hydrogen buses.",
            **{"action-restart-workflow": "Resubmit to Editor review"},
        ),
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(cities.bristol.pk), status="in_progress")
    act(editor_client, cities.bristol, state, "approve")
    cities.bristol.refresh_from_db()
    assert cities.bristol.summary == "Bristol runs twenty hydrogen buses."
