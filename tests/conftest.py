import pytest

from home.models import HomePage

from . import factories


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
