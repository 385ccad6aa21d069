"""The demo's programme rules, partner cities and real partnerships."""

import re
from io import StringIO

import pytest
from django.core.management.color import no_style

from demo import builders, loader
from hub.models import CityProfilePage
from partnerships.models import PartnershipPage, ProgrammePage
from tests import factories

pytestmark = pytest.mark.django_db

HUB_DEMO_CITIES = [
    ("lancaster", "Lancaster", "US"),
    ("namie", "Namie", "JP"),
    ("hawaii-county", "Hawaiʻi County", "US"),
    ("aberdeen", "Aberdeen", "GB"),
    ("kobe", "Kobe", "JP"),
    ("houston", "Houston", "US"),
    ("nuevo-leon", "Nuevo León", "MX"),
]


# The Mission Cities without the H2 Twin Cities, which some tests leave out.
MISSION_CITIES = loader.Section("Cities", ("mission_cities.yaml",), builders.build_city)


def run():
    out = StringIO()
    sections = [
        *builders.steps("Programmes"),
        MISSION_CITIES,
        *builders.steps("Twin cities", "Partnerships"),
    ]
    loader.load(out, no_style(), sections)
    return out.getvalue()


def test_demo_creates_programmes_partner_cities_and_partnerships(hub_tree):
    for slug, title, country in HUB_DEMO_CITIES:
        factories.CityProfilePageFactory(
            parent=hub_tree.cities, slug=slug, title=title, country=country
        )
    # The hub demo may have created a programme page already, without rules.
    factories.ProgrammePageFactory(
        parent=hub_tree.partnerships, slug="h2-twin-cities", title="H2 Twin Cities"
    )
    output = run()
    assert "Programmes [1/3] H2 Twin Cities: rules updated" in output

    tlp = ProgrammePage.objects.get(slug="twinning-learning-programme")
    assert [m.name for m in tlp.modules.all()] == ["Getting Started", "Co-creating", "Capitalising"]
    assert tlp.duration_months == 12 and tlp.runs_mission_twin
    assert ProgrammePage.objects.get(slug="h2-twin-cities").different_countries

    for slug in ("aachen", "jyvaskyla", "vilnius", "reykjavik", "jakobstad"):
        city = CityProfilePage.objects.get(slug=slug)
        assert city.live and city.offers.exists() and city.needs.exists()

    assert PartnershipPage.objects.live().count() == 7
    mentoring = PartnershipPage.objects.get(slug="lancaster-namie-hawaii-county")
    assert {(m.city.slug, m.role) for m in mentoring.members.all()} == {
        ("lancaster", "mentor"),
        ("namie", "mentor"),
        ("hawaii-county", "mentee"),
    }
    houston = PartnershipPage.objects.get(slug="houston-nuevo-leon")
    assert houston.get_parent().slug == "h2-twin-cities"


def test_demo_is_idempotent_and_skips_missing_cities(hub_tree):
    output = run()
    assert "skipped, no city profile for lancaster, namie" in output
    assert PartnershipPage.objects.count() == 3  # the three Twinning Learning pairs
    pages_before = CityProfilePage.objects.count()
    second = run()
    assert ": created" not in second and not re.search(r"[1-9]\d* created", second)
    assert CityProfilePage.objects.count() == pages_before
    assert PartnershipPage.objects.count() == 3
