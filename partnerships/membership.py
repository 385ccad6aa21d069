"""Who belongs to a partnership, and what that lets them open and do.

A city's confirmed staff (`home.people`) are the members of that city's partnerships;
the facilitators named on a partnership belong to it too. Belonging opens the
partnership's workshop room (the room asks `PartnershipPage.member_user_ids()`), its
workspace and its private page (a partnership page with a view restriction). The
programme managers follow every workspace without belonging to it.
"""

from django.db.models import Q

from core import visibility
from home import people
from home.roles import PROGRAMME_MANAGERS


def staff_user_ids(partnership):
    """Ids of the confirmed staff of the partnership's member cities."""
    city_ids = [member.city_id for member in partnership.members.all()]
    return set(people.staff_of_cities(city_ids).values_list("pk", flat=True))


def facilitator_user_ids(partnership):
    return {user.pk for user in partnership.facilitators.all()}


def member_user_ids(partnership):
    """Everyone who belongs to the partnership: its cities' staff and its facilitators."""
    return staff_user_ids(partnership) | facilitator_user_ids(partnership)


def is_manager(user):
    """Programme managers (and superusers) follow every partnership."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=PROGRAMME_MANAGERS).exists()


def _cached(user, partnership, name, compute):
    """One answer per user, partnership and question for the life of the page object."""
    key = (name, user.pk)
    cache = partnership.__dict__.setdefault("_membership_answers", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def belongs(user, partnership):
    """The user is staff of a member city or a facilitator of the partnership."""
    if not user.is_authenticated or not user.is_active:
        return False
    return _cached(user, partnership, "belongs", lambda: user.pk in member_user_ids(partnership))


def may_open_workspace(user, partnership):
    return belongs(user, partnership) or _cached(
        user, partnership, "manager", lambda: is_manager(user)
    )


def may_edit_workspace(user, partnership):
    """Members and facilitators change the workspace; managers read it."""
    return belongs(user, partnership)


def signing_city(user, partnership):
    """The member city the user signs the Replication Plan for (its confirmed staff), or None."""
    city = people.staff_city(user)
    if city is None:
        return None
    return next((m.city for m in partnership.members.all() if m.city_id == city.pk), None)


def partnership_paths_of(user):
    """Tree paths of the partnerships whose private pages the user opens: those they
    belong to (staff of a member city, or a facilitator), and every one for managers."""
    from .models import PartnershipPage

    if not user.is_authenticated or not user.is_active:
        return []
    partnerships = PartnershipPage.objects.all()
    if not is_manager(user):
        city = people.staff_city(user)
        condition = Q(facilitators=user)
        if city is not None:
            condition |= Q(members__city=city)
        partnerships = partnerships.filter(condition)
    return list(partnerships.values_list("path", flat=True).distinct())


def _admitted(request):
    user = getattr(request, "user", None)
    return partnership_paths_of(user) if user is not None else []


visibility.register_admission(_admitted)
