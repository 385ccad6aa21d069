"""A city's confirmed staff are the members of its partnerships: what that opens, and
what everyone else is told."""

import pytest
from wagtail.models import PageViewRestriction

from partnerships import membership
from workshops.models import WorkshopRoom
from workshops.signals import ensure_room

pytestmark = pytest.mark.django_db


def test_members_are_the_confirmed_staff_of_its_cities_and_its_facilitators(twinning):
    members = twinning.partnership.member_user_ids()
    assert members == {
        twinning.umea_staff.pk,
        twinning.elbasan_staff.pk,
        twinning.facilitator.pk,
    }
    # A request to join Umeå's staff that nobody confirmed opens nothing; nor does
    # managing the programme.
    assert twinning.unconfirmed.pk not in members
    assert twinning.manager.pk not in members


def test_the_room_lets_members_in_and_keeps_others_out(twinning):
    room = ensure_room(twinning.partnership)
    assert room.visibility == WorkshopRoom.Visibility.MEMBERS
    room = WorkshopRoom.objects.get(pk=room.pk)
    assert room.can_read(twinning.umea_staff)
    assert room.can_read(twinning.elbasan_staff)
    assert room.can_read(twinning.facilitator)
    assert not room.can_read(twinning.unconfirmed)
    assert not room.can_read(twinning.outsider)


def test_staff_leaving_their_city_leave_its_partnerships(twinning):
    person = twinning.elbasan_staff.person
    person.city_status = ""
    person.city = None
    person.save()
    assert twinning.elbasan_staff.pk not in twinning.partnership.member_user_ids()


def test_who_may_open_and_change_the_workspace(twinning):
    page = twinning.partnership
    for user in (twinning.umea_staff, twinning.elbasan_staff, twinning.facilitator):
        assert membership.may_open_workspace(user, page)
        assert membership.may_edit_workspace(user, page)
    assert membership.may_open_workspace(twinning.manager, page)
    assert not membership.may_edit_workspace(twinning.manager, page)
    for user in (twinning.unconfirmed, twinning.outsider):
        assert not membership.may_open_workspace(user, page)
    assert membership.signing_city(twinning.umea_staff, page) == twinning.umea
    assert membership.signing_city(twinning.facilitator, page) is None


def test_visitors_who_may_not_join_are_told_whom_to_ask(client, twinning):
    client.force_login(twinning.outsider)
    html = client.get(twinning.partnership.url).content.decode()
    assert "Ask" in html and "Maria Costa" in html and "(NetZeroCities)" in html
    assert "for an invitation." in html
    assert "Open the workspace" not in html

    client.force_login(twinning.umea_staff)
    html = client.get(twinning.partnership.url).content.decode()
    assert "Open the workspace" in html
    assert "for an invitation" not in html


def _make_private(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)


def test_a_private_partnership_page_opens_for_members_only(client, twinning):
    _make_private(twinning.partnership)
    url = twinning.partnership.url
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(twinning.outsider)
    assert client.get(url).status_code == 302  # a restriction of groups they are not in
    for user in (twinning.elbasan_staff, twinning.facilitator, twinning.manager):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert "Umeå and Elbasan" in response.content.decode()


def test_a_private_partnership_is_listed_for_its_members_only(client, twinning):
    _make_private(twinning.partnership)
    programme_url = twinning.programme.url
    client.force_login(twinning.outsider)
    assert "Umeå and Elbasan" not in client.get(programme_url).content.decode()
    client.force_login(twinning.umea_staff)
    assert "Umeå and Elbasan" in client.get(programme_url).content.decode()


def test_the_rooms_page_names_the_facilitator_to_ask(client, twinning):
    room = ensure_room(twinning.partnership)
    client.force_login(twinning.outsider)
    response = client.get(room.get_absolute_url())
    assert response.status_code == 403
    html = response.content.decode()
    assert "Maria Costa" in html and "(NetZeroCities)" in html and "for an invitation." in html
    client.force_login(twinning.elbasan_staff)
    assert client.get(room.get_absolute_url()).status_code == 200


def test_a_citys_staff_find_their_partnerships_workspaces_on_their_citys_page(client, twinning):
    from django.urls import reverse

    client.force_login(twinning.elbasan_staff)
    html = client.get(reverse("city_inbox")).content.decode()
    assert f'href="{twinning.partnership.url}workspace/"' in html
    assert "Workspace of Umeå and Elbasan" in html
