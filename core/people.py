"""How a person is named next to what they did, for apps that may not import `home`.

`home.people` knows about people and the city they work for; the apps built on `core`
only (the workshop rooms) reach it through the `PEOPLE_DESCRIBER` setting, a dotted
path to a function taking user ids and returning `{id: {"name", "city",
"organisation"}}`. Without the setting a person is their full name, else their username.
"""

from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.module_loading import import_string

FORMER_PARTICIPANT = "A former participant"


def _plain(user_ids):
    rows = get_user_model().objects.filter(pk__in=user_ids)
    return {
        user.pk: {
            "name": user.get_full_name().strip() or user.get_username(),
            "city": "",
            "organisation": "",
        }
        for user in rows
    }


@cache
def _describer():
    path = getattr(settings, "PEOPLE_DESCRIBER", "")
    return import_string(path) if path else _plain


def describe_many(user_ids):
    """{user id: {"name", "city", "organisation"}} in one query; unknown ids are left out."""
    ids = {pk for pk in user_ids if pk is not None}
    return _describer()(ids) if ids else {}


CACHE_ATTRIBUTE = "_twinhub_person"


def describe(user_or_id):
    """One person; a deleted account is "A former participant".

    Given a user object, the answer is kept on it, so a connection that names its user
    in every frame looks the person up once (`prime` does it for many users at once).
    """
    cached = getattr(user_or_id, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    pk = getattr(user_or_id, "pk", user_or_id)
    found = describe_many([pk]).get(pk) if pk is not None else None
    found = found or {"name": FORMER_PARTICIPANT, "city": "", "organisation": ""}
    if hasattr(user_or_id, "pk"):
        setattr(user_or_id, CACHE_ATTRIBUTE, found)
    return found


def prime(users):
    """Look up many user objects' descriptions in one query, for `describe` to reuse."""
    users = [user for user in users if user is not None and user.pk is not None]  # every instance
    descriptions = describe_many(user.pk for user in users)
    for user in users:
        if user.pk in descriptions:
            setattr(user, CACHE_ATTRIBUTE, descriptions[user.pk])


def person_frame(user_id, descriptions):
    """A person as the room protocol names them: id, name, city, organisation."""
    found = descriptions.get(user_id) or {
        "name": FORMER_PARTICIPANT,
        "city": "",
        "organisation": "",
    }
    return {"id": user_id, **found}
