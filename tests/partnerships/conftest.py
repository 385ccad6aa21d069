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


@pytest.fixture
def twinning(hub_tree):
    """A Twinning Learning Programme partnership (Umeå hosting Elbasan) and the people
    around it: each city's confirmed staff, a colleague whose request is not yet
    confirmed, a facilitator, a programme manager and an outsider."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from home.models import Person
    from home.roles import FACILITATORS, PROGRAMME_MANAGERS
    from partnerships.models import ProgrammeModule

    User = get_user_model()
    programme = factories.ProgrammePageFactory(
        parent=hub_tree.partnerships,
        title="Twinning Learning Programme",
        slug="twinning-learning-programme",
        runs_mission_twin=True,
        different_countries=True,
        duration_months=12,
    )
    modules = [
        ("Getting Started", 2, "A shared work plan and the actions to study."),
        ("Co-creating", 6, "Site visits and workshops; a first draft of the plan."),
        ("Capitalising", 4, "A signed Replication Plan."),
    ]
    for order, (name, months, outputs) in enumerate(modules):
        ProgrammeModule.objects.create(
            page=programme, name=name, sort_order=order, months=months, expected_outputs=outputs
        )
    umea = factories.CityProfilePageFactory(
        parent=hub_tree.cities, slug="umea", title="Umeå", country="SE"
    )
    elbasan = factories.CityProfilePageFactory(
        parent=hub_tree.cities, slug="elbasan", title="Elbasan", country="AL"
    )
    partnership = factories.PartnershipPageFactory(
        parent=programme,
        title="Umeå and Elbasan",
        slug="umea-elbasan",
        kind="mission-twin",
        start_date=datetime.date(2026, 1, 12),
        members=[(umea, "mission-city"), (elbasan, "twin-city")],
    )

    def person(username, name, city=None, status="confirmed", organisation="", group=None):
        user = User.objects.create_user(username, password="pw")
        Person.objects.create(
            user=user,
            display_name=name,
            organisation=organisation,
            city=city,
            city_status=status if city else "",
        )
        if group:
            user.groups.add(Group.objects.get_or_create(name=group)[0])
        return user

    class Twinning:
        pass

    t = Twinning()
    t.programme, t.partnership, t.umea, t.elbasan = programme, partnership, umea, elbasan
    t.umea_staff = person("ingrid", "Ingrid Lind", umea)
    t.elbasan_staff = person("arta", "Arta Hoxha", elbasan)
    t.unconfirmed = person("olof", "Olof Berg", umea, status="requested")
    t.facilitator = person("maria", "Maria Costa", organisation="NetZeroCities", group=FACILITATORS)
    t.manager = person(
        "paul", "Paul Meyer", organisation="Mission Platform", group=PROGRAMME_MANAGERS
    )
    t.outsider = person("sam", "Sam Reader")
    partnership.facilitators.add(t.facilitator)
    partnership.save()  # a ParentalManyToManyField is written when the page is
    return t
