import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from home.roles import EDITORS, add_city_publisher, setup_roles


@pytest.fixture
def roles(hub_tree):
    return setup_roles()


def make_user(username, **kwargs):
    return get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password="pass-for-tests", **kwargs
    )


@pytest.fixture
def bristol_publisher(roles, cities):
    user = make_user("bristol-publisher")
    add_city_publisher(user, cities.bristol)
    return user


@pytest.fixture
def editor(roles):
    user = make_user("editor")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def logged_in(user):
    """A browser session of its own, so one test can act as several people."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def publisher_client(bristol_publisher):
    return logged_in(bristol_publisher)


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)
