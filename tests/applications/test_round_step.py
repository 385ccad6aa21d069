"""Converting an application also makes the city an applicant of a matching round, once."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from applications.conversion import ConversionError, Outcome, convert_application
from applications.models import ApplicationConversion
from home.roles import PROGRAMME_MANAGERS
from hub.models import CityProfilePage
from partnerships.models import MatchingRound, RoundApplicant, RoundAuditEntry, RoundHost
from tests import factories


@pytest.fixture
def submission(client, form_page, valid_data):
    client.post(form_page.url, valid_data)
    return FormSubmission.objects.get(page=form_page)


@pytest.fixture
def spring_round(programme):
    return MatchingRound.objects.create(name="Spring 2027", programme=programme)


@pytest.fixture
def other_round(hub_tree):
    other = factories.ProgrammePageFactory(parent=hub_tree.partnerships, title="Heat Mentors")
    return MatchingRound.objects.create(name="Heat 2027", programme=other)


@pytest.fixture
def programme_manager(django_user_model, hub_tree):
    """A user whose only rights come from the "Programme managers" group of setup_roles."""
    call_command("setup_roles", stdout=None)
    user = django_user_model.objects.create_user("pm", password="pw")
    user.groups.add(Group.objects.get(name=PROGRAMME_MANAGERS))
    return user


def convert_url(submission):
    return reverse("applications_convert", args=[submission.pk])


def applicant_titles(matching_round):
    return [a.city.title for a in matching_round.applicants.select_related("city")]


def test_conversion_with_a_round_adds_the_new_city_as_an_applicant(
    submission, spring_round, manager
):
    result = convert_application(submission, manager, spring_round)

    assert result.outcome is Outcome.CREATED
    assert result.added_to_round
    applicant = RoundApplicant.objects.get()
    assert applicant.round == spring_round
    assert applicant.city.pk == result.city.pk
    entry = RoundAuditEntry.objects.get(round=spring_round)
    assert entry.user == manager
    assert entry.action == "add applicant"
    assert "Umeå" in entry.detail
    assert f"submission {submission.pk}" in entry.detail


def test_the_new_applicant_goes_after_those_already_in_the_round(
    submission, spring_round, manager, hub_tree
):
    for title in ("Gabrovo", "Bristol"):
        city = factories.CityProfilePageFactory(parent=hub_tree.cities, title=title)
        spring_round.add_applicant(city, manager)

    convert_application(submission, manager, spring_round)

    assert applicant_titles(spring_round) == ["Gabrovo", "Bristol", "Umeå"]


def test_converting_twice_with_the_same_round_adds_the_city_once(submission, spring_round, manager):
    first = convert_application(submission, manager, spring_round)
    second = convert_application(submission, manager, spring_round)

    assert second.outcome is Outcome.ALREADY_CONVERTED
    assert not second.added_to_round
    assert second.city.pk == first.city.pk
    assert CityProfilePage.objects.count() == 1
    assert RoundApplicant.objects.count() == 1
    assert RoundAuditEntry.objects.count() == 1


def test_an_already_converted_application_can_still_join_a_round(submission, spring_round, manager):
    city = convert_application(submission, manager).city

    result = convert_application(submission, manager, spring_round)

    assert result.outcome is Outcome.ALREADY_CONVERTED
    assert result.added_to_round
    assert CityProfilePage.objects.count() == 1
    assert RoundApplicant.objects.get().city.pk == city.pk


def test_a_round_of_another_programme_is_refused_and_nothing_is_written(
    submission, other_round, manager
):
    with pytest.raises(ConversionError, match="not a matching round of H2 Twin Cities"):
        convert_application(submission, manager, other_round)

    assert not CityProfilePage.objects.exists()
    assert not ApplicationConversion.objects.exists()
    assert not RoundApplicant.objects.exists()
    assert not RoundAuditEntry.objects.exists()


def test_a_host_of_the_round_cannot_also_be_an_applicant(
    submission, spring_round, manager, hub_tree
):
    umea = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Umeå", slug="umea")
    RoundHost.objects.create(round=spring_round, city=umea)

    with pytest.raises(ConversionError, match="Umeå is a host in “Spring 2027”"):
        convert_application(submission, manager, spring_round)

    # The link to the city is rolled back with the refused round step.
    assert not ApplicationConversion.objects.exists()
    assert not RoundApplicant.objects.exists()


# The admin: a programme manager chooses the round on the conversion page.


def test_programme_manager_converts_into_a_round_from_the_admin(
    client, submission, spring_round, other_round, programme_manager
):
    client.force_login(programme_manager)
    page = client.get(convert_url(submission)).content.decode()
    assert "Add the city to a matching round as an applicant" in page
    assert "Spring 2027" in page
    assert "No round" in page
    assert "Heat 2027" not in page  # another programme's round

    response = client.post(
        convert_url(submission), {"matching_round": spring_round.pk}, follow=True
    )

    city = CityProfilePage.objects.get()
    assert not city.live
    assert applicant_titles(spring_round) == ["Umeå"]
    assert RoundAuditEntry.objects.get().user == programme_manager
    content = response.content.decode()
    assert "Draft city profile “Umeå” created from the application." in content
    assert "added to the matching round “Spring 2027”" in content


def test_programme_manager_converts_without_a_round(
    client, submission, spring_round, programme_manager
):
    client.force_login(programme_manager)
    response = client.post(convert_url(submission), {"matching_round": ""}, follow=True)

    assert CityProfilePage.objects.count() == 1
    assert not RoundApplicant.objects.exists()
    content = response.content.decode()
    assert "Draft city profile “Umeå” created from the application." in content
    assert "added to the matching round" not in content


def test_admin_refuses_a_round_of_another_programme(
    client, submission, spring_round, other_round, programme_manager
):
    client.force_login(programme_manager)
    response = client.post(convert_url(submission), {"matching_round": other_round.pk})

    assert response.status_code == 200
    assert "Choose one of the matching rounds of this programme." in response.content.decode()
    assert not CityProfilePage.objects.exists()
    assert not ApplicationConversion.objects.exists()
    assert not RoundApplicant.objects.exists()


def test_converted_application_offers_to_add_the_city_to_a_round(
    client, submission, spring_round, programme_manager
):
    convert_application(submission, programme_manager)
    client.force_login(programme_manager)
    page = client.get(convert_url(submission)).content.decode()
    assert "Add to a matching round" in page
    assert "Create draft city profile" not in page

    response = client.post(
        convert_url(submission), {"matching_round": spring_round.pk}, follow=True
    )
    content = response.content.decode()
    assert "This application was already converted into “Umeå”." in content
    assert "added to the matching round “Spring 2027”" in content
    assert applicant_titles(spring_round) == ["Umeå"]

    page = client.get(convert_url(submission)).content.decode()
    assert "Spring 2027 (already an applicant)" in page
    response = client.post(
        convert_url(submission), {"matching_round": spring_round.pk}, follow=True
    )
    assert "already an applicant in the matching round “Spring 2027”" in response.content.decode()
    assert CityProfilePage.objects.count() == 1
    assert RoundApplicant.objects.count() == 1


def test_adding_a_converted_city_needs_a_round(client, submission, spring_round, programme_manager):
    convert_application(submission, programme_manager)
    client.force_login(programme_manager)
    response = client.post(convert_url(submission), {"matching_round": ""})
    assert "Choose the matching round to add the city to." in response.content.decode()
    assert not RoundApplicant.objects.exists()


def test_user_without_the_permission_cannot_add_a_city_to_a_round(
    client, submission, spring_round, editor_without_conversion
):
    client.force_login(editor_without_conversion)
    response = client.post(convert_url(submission), {"matching_round": spring_round.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not CityProfilePage.objects.exists()
    assert not RoundApplicant.objects.exists()


def test_user_who_may_convert_but_not_change_rounds_is_not_offered_them(
    client, submission, spring_round, manager
):
    client.force_login(manager)
    page = client.get(convert_url(submission)).content.decode()
    assert "Create draft city profile" in page
    assert "Spring 2027" not in page

    response = client.post(convert_url(submission), {"matching_round": spring_round.pk})

    assert response["Location"] == reverse("wagtailadmin_home")
    assert not CityProfilePage.objects.exists()
    assert not RoundApplicant.objects.exists()
