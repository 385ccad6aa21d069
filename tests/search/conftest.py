"""Search fixtures: a small hub that mirrors the demo's pages that the relevance tests need."""

import os

import pytest

from tests import factories


def pytest_collection_modifyitems(config, items):
    # Tests marked `elasticsearch` run against ELASTICSEARCH_URL and are skipped without it.
    if os.environ.get("ELASTICSEARCH_URL"):
        return
    skip = pytest.mark.skip(reason="ELASTICSEARCH_URL is not set")
    for item in items:
        if "elasticsearch" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def relevance_hub(hub_tree):
    """Cities, business cases, guides and a webinar, written like the demo content."""
    cities = hub_tree.cities
    gabrovo = factories.CityProfilePageFactory(
        parent=cities,
        title="Gabrovo",
        slug="gabrovo",
        country="BG",
        summary="A Bulgarian city where residents co-own solar roofs through an energy "
        "community set up with the municipality.",
        motivation="Gabrovo wants to share how its renewable energy community was organised.",
        offers=["energy-communities", "renewable-energy"],
        needs=["hydrogen-production"],
        topics=["energy-communities"],
    )
    torino = factories.CityProfilePageFactory(
        parent=cities,
        title="Torino",
        slug="torino",
        country="IT",
        summary="Torino supports neighbourhood energy communities and shared solar on "
        "public buildings.",
        offers=["energy-communities", "public-buildings"],
        needs=["district-heating"],
    )
    sarajevo = factories.CityProfilePageFactory(
        parent=cities,
        title="Sarajevo",
        slug="sarajevo",
        country="BA",
        summary="Sarajevo asked residents in a citizen assembly how to clean its winter air.",
        motivation="The city ran a climate assembly and wants to learn from others.",
        offers=["citizen-assemblies"],
        needs=["district-heating", "low-emission-zones"],
        topics=["citizen-assemblies"],
    )
    umea = factories.CityProfilePageFactory(
        parent=cities,
        title="Umeå",
        slug="umea",
        country="SE",
        summary="A northern Swedish city with a growing fleet of electric buses.",
        offers=["public-transport"],
    )
    reykjavik = factories.CityProfilePageFactory(
        parent=cities,
        title="Reykjavík",
        slug="reykjavik",
        country="IS",
        summary="Iceland's capital heats nearly every home with geothermal district heating.",
        offers=["district-heating"],
    )
    aberdeen = factories.CityProfilePageFactory(
        parent=cities,
        title="Aberdeen",
        slug="aberdeen",
        country="GB",
        summary="A port city that runs hydrogen vehicles and a public refuelling station.",
        offers=["hydrogen-buses", "hydrogen-refuelling"],
    )
    bus_case = factories.BusinessCasePageFactory(
        parent=aberdeen,
        title="Fuel cell bus fleet for city routes",
        slug="bus-fleet",
        summary="What it cost to run hydrogen buses on urban routes, and what the fleet "
        "saved in emissions.",
        application="bus-fleet",
        topics=["hydrogen-buses", "public-transport"],
    )
    truck_case = factories.BusinessCasePageFactory(
        parent=aberdeen,
        title="Hydrogen refuse trucks",
        slug="refuse-trucks",
        summary="Two hydrogen refuse trucks collect waste; the depot shares a hydrogen "
        "supply with other hydrogen vehicles.",
        application="trucks",
        topics=["hydrogen-trucks"],
    )
    guide = factories.PermittingGuidePageFactory(
        parent=aberdeen,
        title="Permitting a hydrogen refuelling station",
        slug="refuelling-permit",
        summary="The permits, authorities and timelines behind a public hydrogen "
        "refuelling station.",
        jurisdiction="Aberdeen City Council",
        application="refuelling",
        topics=["permitting", "hydrogen-refuelling", "hydrogen-safety"],
    )
    heat_guide = factories.PermittingGuidePageFactory(
        parent=reykjavik,
        title="Connecting homes to district heating",
        slug="heat-permit",
        summary="Which approvals a new heat network connection needs.",
        jurisdiction="Reykjavík",
        application="district-heating",
        topics=["district-heating", "permitting"],
    )
    webinar = factories.WebinarPageFactory(
        parent=hub_tree.webinars,
        title="Hydrogen safety for city staff",
        slug="hydrogen-safety",
        summary="Safety distances and codes for hydrogen stations, explained for planners.",
        topics=["hydrogen-safety"],
    )

    class Hub:
        pass

    for name, page in {
        "gabrovo": gabrovo,
        "torino": torino,
        "sarajevo": sarajevo,
        "umea": umea,
        "reykjavik": reykjavik,
        "aberdeen": aberdeen,
        "bus_case": bus_case,
        "truck_case": truck_case,
        "guide": guide,
        "heat_guide": heat_guide,
        "webinar": webinar,
    }.items():
        setattr(Hub, name, page)
    return Hub
