import pytest
from django.contrib.auth.models import Permission

from tests import factories


@pytest.fixture
def programme(hub_tree):
    return factories.ProgrammePageFactory(
        parent=hub_tree.partnerships, title="H2 Twin Cities", slug="h2-twin-cities"
    )


@pytest.fixture
def form_page(programme):
    return factories.ApplicationFormPageFactory(parent=programme)


@pytest.fixture
def valid_data():
    """What a city types into the form, as the browser posts it."""
    return {
        "city": "Umeå",
        "country": "SE",
        "contact_name": "Anna Lindqvist",
        "contact_email": "anna.lindqvist@example.org",
        "population": "130000",
        "maturity": "piloting",
        "needs": ["hydrogen-buses", "permitting"],
        "offers": ["district-heating"],
        "motivation": (
            "Our bus operator plans fuel cell buses.\nWe want to learn from cities that run them."
        ),
        "consent": "on",
        "fax_number": "",
    }


@pytest.fixture
def manager(django_user_model):
    """A user who may use the admin and convert applications, but is no superuser."""
    user = django_user_model.objects.create_user("manager", password="pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="convert_application"),
    )
    return user


@pytest.fixture
def editor_without_conversion(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user
