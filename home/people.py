"""People and the city they work for: every write, and how a person is named.

Everywhere a person appears (rooms, transcripts, activity logs, workspaces, messages)
they are shown by `display_name()` and, once confirmed, their city: never by username.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission

from .models import Person
from .roles import EDITORS, PROGRAMME_MANAGERS

FORMER_PARTICIPANT = "A former participant"


def display_name(user):
    """The name others see: the person's display name, else their full name."""
    if user is None:
        return FORMER_PARTICIPANT
    person = getattr(user, "person", None) if _has_person(user) else None
    if person is not None and person.display_name:
        return person.display_name
    return user.get_full_name().strip() or f"Participant {user.pk}"


def _has_person(user):
    try:
        user.person  # noqa: B018 (a reverse one-to-one raises when missing)
    except Person.DoesNotExist:
        return False
    return True


def staff_city(user):
    """The city whose confirmed staff the user is, or None."""
    if user is None or not user.is_authenticated or not _has_person(user):
        return None
    person = user.person
    return person.city if person.is_city_staff else None


def describe(user):
    """{"name", "city", "organisation"}: how a person is presented next to what they did."""
    if user is None:
        return {"name": FORMER_PARTICIPANT, "city": "", "organisation": ""}
    person = user.person if _has_person(user) else None
    city = person.city.title if person is not None and person.is_city_staff else ""
    return {
        "name": display_name(user),
        "city": city,
        "organisation": person.organisation if person is not None else "",
    }


def describe_many(user_ids):
    """{user id: describe(user)} for many people in one query (`core.people` calls it)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(pk__in=list(user_ids))
    return {user.pk: describe(user) for user in users.select_related("person__city")}


def city_staff(city):
    """The confirmed staff of a city, as users."""
    return staff_of_cities([city.pk])


def staff_of_cities(city_ids):
    """The confirmed staff of any of these cities, as users."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True,
        person__city_id__in=list(city_ids),
        person__city_status=Person.CityStatus.CONFIRMED,
    )


def hub_managers():
    """Who answers for a city that has no confirmed staff yet: the programme managers
    and editors (the superusers when there are none)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    managers = users.filter(groups__name__in=[PROGRAMME_MANAGERS, EDITORS]).distinct()
    return managers if managers.exists() else users.filter(is_superuser=True)


def is_hub_manager(user):
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=[PROGRAMME_MANAGERS, EDITORS]).exists()


def may_answer_for(user, city):
    """Whether `user` answers messages and proposals to `city`: its confirmed staff, and
    the hub's programme managers and editors."""
    if not user.is_authenticated or not user.is_active:
        return False
    mine = staff_city(user)
    return (mine is not None and mine.pk == city.pk) or is_hub_manager(user)


def requests_for(city):
    """People who asked to join the city's staff and wait for an answer."""
    return Person.objects.filter(city=city, city_status=Person.CityStatus.REQUESTED).select_related(
        "user"
    )


def may_confirm_staff(user, city):
    """Editors, superusers and the city's own publishers decide who is its staff (with
    no city: whether the user decides for every city)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.groups.filter(name=EDITORS).exists():
        return True
    if city is None:
        return False
    return GroupPagePermission.objects.filter(
        group__user=user, page=city, permission__codename="change_page"
    ).exists()


# Writes


def save_person(user, *, display_name, organisation="", role=""):
    """Create or update what others see of `user`."""
    display_name = (display_name or "").strip()
    if not display_name:
        raise ValidationError({"display_name": "Say how others should see your name."})
    person, _ = Person.objects.update_or_create(
        user=user,
        defaults={
            "display_name": display_name[:100],
            "organisation": (organisation or "").strip()[:200],
            "role": (role or "").strip()[:120],
        },
    )
    return person


def _person(user):
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(user=user, display_name=display_name(user))
    return person


@transaction.atomic
def request_city(user, city):
    """The user asks to be confirmed as staff of `city` (replacing an earlier request)."""
    person = _person(user)
    if person.city_id == city.pk and person.is_city_staff:
        return person
    person.city = city
    person.city_status = Person.CityStatus.REQUESTED
    person.city_decided_by = None
    person.city_decided_at = None
    person.save()
    return person


def _decide(person, by, city, status):
    if not may_confirm_staff(by, city):
        raise PermissionDenied(f"Only {city.title}'s publishers or an editor can decide this.")
    person.city = city if status else None
    person.city_status = status
    person.city_decided_by = by
    person.city_decided_at = timezone.now()
    person.save()
    return person


@transaction.atomic
def confirm_staff(person, by):
    """Confirm a request: the person is staff of the city they asked for."""
    if person.city_id is None or person.city_status != Person.CityStatus.REQUESTED:
        raise ValidationError(f"{person.display_name} has not asked to join a city.")
    return _decide(person, by, person.city, Person.CityStatus.CONFIRMED)


@transaction.atomic
def decline_staff(person, by):
    """Decline a request, or end a confirmed membership: the person has no city."""
    if person.city_id is None:
        raise ValidationError(f"{person.display_name} is not with a city.")
    return _decide(person, by, person.city, "")


@transaction.atomic
def add_staff(user, city, by):
    """A city's publisher or an editor adds a colleague to the city's staff directly."""
    person = _person(user)
    return _decide(person, by, city, Person.CityStatus.CONFIRMED)
