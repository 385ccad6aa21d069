import pytest
from wagtail.coreutils import get_dummy_request
from wagtail.test.utils import WagtailPageTestCase

from core import site_roots
from core.visibility import RESTRICTIONS_VERSION
from home.chrome import CHROME_VERSION
from home.models import HomePage
from hub.filters import CITY_COUNTRIES_VERSION
from hub.models.topics import TOPICS_VERSION
from hub.suggest import SUGGESTER_VERSION
from search.catalogue import CATALOGUE_VERSION

from . import factories


@pytest.fixture(autouse=True)
def _fresh_derived_data():
    """Each test starts with the search catalogue, the site's navigation, the view
    restrictions, the site root paths and the topic suggester's index retired: a test's
    rows are rolled back without the signals that would retire them."""
    CATALOGUE_VERSION.renew()
    CHROME_VERSION.renew()
    CITY_COUNTRIES_VERSION.renew()
    RESTRICTIONS_VERSION.renew()
    site_roots.renew()
    SUGGESTER_VERSION.renew()
    TOPICS_VERSION.renew()


@pytest.fixture
def home(db):
    """The home page the migrations create."""
    return HomePage.objects.get()


@pytest.fixture
def hub_tree(home):
    """The index pages of the page tree, as `load_demo` lays them out."""

    class Tree:
        cities = factories.CityIndexPageFactory(parent=home)
        business_cases = factories.BusinessCaseIndexPageFactory(parent=home)
        permitting = factories.PermittingGuideIndexPageFactory(parent=home)
        webinars = factories.WebinarIndexPageFactory(parent=home)
        partnerships = factories.PartnershipIndexPageFactory(parent=home)

    return Tree


@pytest.fixture
def cities(hub_tree):
    """Two live cities under /cities/, as in the demo."""

    class Cities:
        bristol = factories.CityProfilePageFactory(
            parent=hub_tree.cities, title="Bristol", slug="bristol", country="GB"
        )
        gabrovo = factories.CityProfilePageFactory(
            parent=hub_tree.cities, title="Gabrovo", slug="gabrovo", country="BG"
        )

    return Cities


@pytest.fixture
def page_assertions(client):
    """Wagtail's page assertions (`WagtailPageTestCase`) for pytest tests, on pytest's client.

    `assertPageIsEditable` and friends log in a superuser of their own.
    """
    case = WagtailPageTestCase()
    case.client = client
    case.dummy_request = get_dummy_request()
    return case
