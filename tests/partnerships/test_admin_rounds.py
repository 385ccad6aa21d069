"""A programme manager's matching round in the Wagtail admin: propose, override, accept."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from partnerships.models import MatchingRound, PartnershipPage, ProposedMatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    """A member of a "Programme managers" group holding the round permissions."""
    group = Group.objects.create(name="Programme managers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="partnerships",
            codename__in=["add_matchinground", "change_matchinground", "view_matchinground"],
        ),
    )
    user = User.objects.create_user("manager", password="pw")
    user.groups.add(group)
    client.force_login(user)
    return user


def create_round(client, world, capacity=1):
    data = nested_form_data(
        {
            "name": "2025 call",
            "programme": world.programme.pk,
            "kind": "mentor",
            "hosts": inline_formset(
                [
                    {"city": world.aberdeen.pk, "capacity": capacity},
                    {"city": world.kobe.pk, "capacity": capacity},
                ]
            ),
            "applicants": inline_formset(
                [{"city": world.bergen.pk}, {"city": world.leeds.pk}, {"city": world.oslo.pk}]
            ),
        }
    )
    response = client.post(reverse("wagtailsnippets_partnerships_matchinground:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return MatchingRound.objects.get(name="2025 call")


def matches_url(round):
    return reverse("partnerships_round_matches", args=[round.pk])


def test_round_flow_propose_override_accept(client, world, manager):
    round = create_round(client, world)
    assert round.hosts.count() == 2 and round.applicants.count() == 3
    listing = client.get(reverse("wagtailsnippets_partnerships_matchinground:list"))
    assert matches_url(round) in listing.content.decode()

    response = client.post(matches_url(round), {"action": "propose"}, follow=True)
    assert "Proposed 2 pairs; 1 unmatched." in response.content.decode()
    pairs = {m.applicant.slug: m for m in round.matches.filter(host__isnull=False)}
    # H2 Twin Cities pairs different countries only: Leeds cannot learn from Aberdeen.
    assert pairs["leeds"].host == world.kobe
    assert pairs["bergen"].host == world.aberdeen
    assert pairs["bergen"].score > 0 and pairs["bergen"].reasons
    [unmatched] = round.matches.filter(host__isnull=True)
    assert unmatched.applicant == world.oslo
    full_hosts = "Every host that shares a topic with Oslo is full: Aberdeen (1 of 1 places taken)"
    assert unmatched.unmatched_reason.startswith(full_hosts)
    assert unmatched.suggestion.startswith("One more place at Aberdeen")
    html = client.get(matches_url(round)).content.decode()
    assert "Hydrogen bus fleets: host offers, applicant needs" in html
    assert full_hosts in html

    # A full host refuses an override; after freeing a place, the override sticks.
    full = client.post(
        matches_url(round),
        {"action": "override", "match": unmatched.pk, "host": world.aberdeen.pk},
        follow=True,
    )
    assert "already has 1 of 1 places taken" in full.content.decode()
    client.post(matches_url(round), {"action": "override", "match": pairs["bergen"].pk, "host": ""})
    client.post(
        matches_url(round),
        {"action": "override", "match": unmatched.pk, "host": world.aberdeen.pk},
    )
    oslo = ProposedMatch.objects.get(pk=unmatched.pk)
    assert oslo.host == world.aberdeen and oslo.overridden and oslo.score > 0

    response = client.post(matches_url(round), {"action": "accept-all"}, follow=True)
    assert "Accepted 2 pairs as draft partnerships." in response.content.decode()
    drafts = PartnershipPage.objects.child_of(world.programme).filter(live=False)
    assert sorted(drafts.values_list("title", flat=True)) == [
        "Aberdeen and Oslo",
        "Kobe and Leeds",
    ]
    draft = drafts.get(title="Kobe and Leeds")
    assert draft.kind == "mentor-mentee"
    assert {(m.city.slug, m.role) for m in draft.members.all()} == {
        ("kobe", "mentor"),
        ("leeds", "mentee"),
    }
    assert draft.latest_revision is not None

    actions = list(round.audit_entries.order_by("at", "pk").values_list("action", "user"))
    assert actions == [
        ("propose", manager.pk),
        ("override", manager.pk),
        ("override", manager.pk),
        ("accept", manager.pk),
        ("accept", manager.pk),
    ]
    html = client.get(matches_url(round)).content.decode()
    assert "Bergen: Aberdeen → no host." in html

    # Proposing again keeps accepted pairs and leaves Bergen without capacity.
    client.post(matches_url(round), {"action": "propose"})
    assert round.matches.filter(status="accepted").count() == 2
    assert "is full" in round.matches.get(applicant=world.bergen).unmatched_reason


def test_viewers_cannot_change_a_round(client, world, manager):
    round = create_round(client, world)
    viewer = User.objects.create_user("viewer", password="pw")
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_matchinground"),
    )
    client.force_login(viewer)
    assert client.get(matches_url(round)).status_code == 200
    # Wagtail's admin turns a permission error into a redirect to the dashboard.
    denied = client.post(matches_url(round), {"action": "propose"})
    assert (denied.status_code, denied.url) == (302, "/admin/")
    assert not round.matches.exists()
    assert not round.audit_entries.exists()
    outsider = User.objects.create_user("outsider", password="pw")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    denied = client.get(matches_url(round))
    assert (denied.status_code, denied.url) == (302, "/admin/")
