import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def fresh_cache():
    """The corpus cache must not carry cities from one test's database into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(hub_tree):
    """Five cities around hydrogen buses, a programme and one existing partnership."""

    def make(slug, title, country, maturity, offers=(), needs=()):
        return factories.CityProfilePageFactory(
            parent=hub_tree.cities,
            slug=slug,
            title=title,
            country=country,
            maturity=maturity,
            offers=list(offers),
            needs=list(needs),
        )

    class World:
        aberdeen = make(
            "aberdeen",
            "Aberdeen",
            "GB",
            "scaling",
            offers=["hydrogen-buses", "hydrogen-refuelling"],
            needs=["hydrogen-ports"],
        )
        kobe = make(
            "kobe",
            "Kobe",
            "JP",
            "scaling",
            offers=["hydrogen-ports", "hydrogen-buses"],
            needs=["hydrogen-refuelling"],
        )
        bergen = make(
            "bergen",
            "Bergen",
            "NO",
            "planning",
            offers=["district-heating"],
            needs=["hydrogen-buses", "hydrogen-refuelling"],
        )
        leeds = make(
            "leeds",
            "Leeds",
            "GB",
            "exploring",
            offers=["cycling"],
            needs=["hydrogen-buses"],
        )
        oslo = make(
            "oslo",
            "Oslo",
            "NO",
            "piloting",
            offers=["cycling", "hydrogen-buses"],
            needs=["hydrogen-refuelling", "district-heating"],
        )
        programme = factories.ProgrammePageFactory(
            parent=hub_tree.partnerships,
            slug="h2-twin-cities",
            title="H2 Twin Cities",
            runs_sibling=True,
            runs_mentor_mentee=True,
            different_countries=True,
        )
        tree = hub_tree

    World.siblings = factories.PartnershipPageFactory(
        parent=World.programme,
        slug="aberdeen-kobe",
        title="Aberdeen and Kobe",
        kind="sibling",
        members=[(World.aberdeen, "sibling"), (World.kobe, "sibling")],
    )
    return World
