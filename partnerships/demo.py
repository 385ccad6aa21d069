"""Demo step for `load_demo`: programme rules and the real partnerships they run.

Idempotent: pages are got or created by slug, so a second run creates nothing. The
programme pages may already exist (the hub demo creates them); their rules and modules
are set here either way. Cities the hub demo does not carry get a profile of their own.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from home.models import HomePage
from hub.models import CityIndexPage, CityProfilePage, Domain, Topic

from .models import (
    PartnershipIndexPage,
    PartnershipKind,
    PartnershipMember,
    PartnershipPage,
    ProgrammeModule,
    ProgrammePage,
    Role,
)

TREE_FIELDS = ["path", "depth", "numchild", "url_path"]

# EU Member States and the countries associated to Horizon Europe, as the call states.
EU_MEMBER_STATES = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
)
HORIZON_ASSOCIATED = "AL AM BA FO GE IS IL MD ME MK NO RS TN TR UA GB CH"
EU_AND_ASSOCIATED = f"{EU_MEMBER_STATES} {HORIZON_ASSOCIATED}".split()

PROGRAMMES = [
    {
        "slug": "h2-twin-cities",
        "title": "H2 Twin Cities",
        "summary": (
            "A Clean Energy Ministerial initiative that pairs cities across continents so "
            "hydrogen front-runners and newcomers learn from each other."
        ),
        "rules": {
            "runs_sibling": True,
            "runs_mentor_mentee": True,
            "runs_mission_twin": False,
            "different_countries": True,
            "eligible_countries": [],
            "duration_months": None,
        },
        "focus_domains": ["hydrogen"],
        "modules": [],
    },
    {
        "slug": "twinning-learning-programme",
        "title": "Twinning Learning Programme",
        "summary": (
            "The EU Cities Mission's exchange in which a Mission City hosts Twin Cities "
            "through three facilitated modules that end in a Replication Plan."
        ),
        "rules": {
            "runs_sibling": False,
            "runs_mentor_mentee": False,
            "runs_mission_twin": True,
            "different_countries": False,
            "eligible_countries": EU_AND_ASSOCIATED,
            "duration_months": 12,
        },
        "focus_domains": [],
        "modules": [
            (
                "Getting Started",
                "The partners get to know each other's context and agree what to work on.",
            ),
            (
                "Co-creating",
                "Site visits and workshops in which the cities adapt solutions together.",
            ),
            (
                "Capitalising",
                "Each Twin City turns what it learned into its own Replication Plan.",
            ),
        ],
    },
    {
        "slug": "smart-sister-cities",
        "title": "Smart Sister Cities",
        "summary": (
            "The hydrogen partnership Lancaster and Namie opened in 2021 and invite other "
            "municipalities to join."
        ),
        "rules": {
            "runs_sibling": True,
            "runs_mentor_mentee": True,
            "runs_mission_twin": False,
            "different_countries": False,
            "eligible_countries": [],
            "duration_months": None,
        },
        "focus_domains": ["hydrogen"],
        "modules": [],
    },
]

# Profiles for partner cities, used only when the hub demo has not created them.
CITIES = [
    {
        "slug": "aachen",
        "title": "Aachen",
        "country": "DE",
        "population": 250_000,
        "target_year": 2030,
        "maturity": "piloting",
        "summary": ("A university city on Germany's western border, a Mission City since 2022."),
        "offers": ["climate-governance", "citizen-engagement", "green-procurement"],
        "needs": ["building-renovation", "district-heating", "monitoring-evaluation"],
    },
    {
        "slug": "jyvaskyla",
        "title": "Jyväskylä",
        "country": "FI",
        "population": 147_000,
        "target_year": 2030,
        "maturity": "piloting",
        "summary": (
            "A lake-district city in central Finland that heats most homes from a district "
            "network and runs a resource-wise circular economy programme."
        ),
        "offers": ["district-heating", "circular-economy", "renewable-energy"],
        "needs": ["climate-governance", "citizen-engagement", "green-procurement"],
        "motivation": (
            "To learn how a Mission City organises its climate work and involves residents."
        ),
    },
    {
        "slug": "vilnius",
        "title": "Vilnius",
        "country": "LT",
        "population": 600_000,
        "target_year": 2030,
        "maturity": "planning",
        "summary": (
            "Lithuania's capital, a Mission City modernising its district heating and its "
            "electric trolleybus and bus network."
        ),
        "offers": ["district-heating", "public-transport"],
        "needs": ["building-renovation", "citizen-engagement", "climate-governance"],
        "motivation": (
            "To speed up the renovation of Soviet-era apartment blocks with residents on board."
        ),
    },
    {
        "slug": "reykjavik",
        "title": "Reykjavik",
        "country": "IS",
        "population": 140_000,
        "target_year": 2040,
        "maturity": "scaling",
        "summary": (
            "Iceland's capital heats almost every building with geothermal water and now "
            "works on transport, the largest source of its emissions."
        ),
        "offers": ["district-heating", "renewable-energy", "urban-greening"],
        "needs": ["sustainable-mobility", "public-transport", "waste-management"],
    },
    {
        "slug": "jakobstad",
        "title": "Jakobstad",
        "country": "FI",
        "population": 19_000,
        "target_year": None,
        "maturity": "planning",
        "summary": (
            "A bilingual port town on Finland's west coast, home to one of the largest "
            "biomass power plants in the world."
        ),
        "offers": ["renewable-energy", "industrial-decarbonisation"],
        "needs": ["sustainable-mobility", "climate-governance", "citizen-engagement"],
        "motivation": (
            "To learn how a capital city plans its climate work and moves people out of cars."
        ),
    },
]

PARTNERSHIPS = [
    {
        "programme": "twinning-learning-programme",
        "slug": "aachen-jyvaskyla",
        "title": "Aachen and Jyväskylä",
        "kind": PartnershipKind.MISSION_TWIN,
        "members": [("aachen", Role.MISSION_CITY), ("jyvaskyla", Role.TWIN_CITY)],
        "summary": ("One of the first cohort's pilot pairs of the Twinning Learning Programme."),
        "topics": ["climate-governance", "citizen-engagement", "green-procurement"],
    },
    {
        "programme": "twinning-learning-programme",
        "slug": "aachen-vilnius",
        "title": "Aachen and Vilnius",
        "kind": PartnershipKind.MISSION_TWIN,
        "members": [("aachen", Role.MISSION_CITY), ("vilnius", Role.TWIN_CITY)],
        "summary": ("A first-cohort pilot pair working on governance and resident involvement."),
        "topics": ["climate-governance", "citizen-engagement", "building-renovation"],
    },
    {
        "programme": "twinning-learning-programme",
        "slug": "reykjavik-jakobstad",
        "title": "Reykjavik and Jakobstad",
        "kind": PartnershipKind.MISSION_TWIN,
        "members": [("reykjavik", Role.MISSION_CITY), ("jakobstad", Role.TWIN_CITY)],
        "summary": (
            "Two Nordic cities with renewable heat and power comparing notes on transport."
        ),
        "topics": ["renewable-energy", "sustainable-mobility"],
    },
    {
        "programme": "smart-sister-cities",
        "slug": "lancaster-namie",
        "title": "Lancaster and Namie",
        "kind": PartnershipKind.SIBLING,
        "members": [("lancaster", Role.SIBLING), ("namie", Role.SIBLING)],
        "summary": (
            "The first Smart Sister Cities: a memorandum of understanding to produce, store, "
            "deliver and use hydrogen at city facilities and in their communities."
        ),
        "topics": ["hydrogen-production", "hydrogen-storage-distribution", "hydrogen-buildings"],
        "start_date": datetime.date(2021, 7, 1),
        "activity_log": [
            (
                "activity",
                {
                    "date": datetime.date(2021, 7, 1),
                    "text": (
                        "Lancaster's mayor and Japan's Consul General in Los Angeles sign the "
                        "memorandum of understanding."
                    ),
                },
            )
        ],
    },
    {
        "programme": "smart-sister-cities",
        "slug": "lancaster-namie-hawaii-county",
        "title": "Lancaster and Namie mentoring Hawaiʻi County",
        "kind": PartnershipKind.MENTOR_MENTEE,
        "members": [
            ("lancaster", Role.MENTOR),
            ("namie", Role.MENTOR),
            ("hawaii-county", Role.MENTEE),
        ],
        "summary": ("The two hydrogen sister cities share what they learned with Hawaiʻi County."),
        "topics": ["hydrogen-production", "hydrogen-refuelling", "community-acceptance"],
    },
    {
        "programme": "h2-twin-cities",
        "slug": "aberdeen-kobe",
        "title": "Aberdeen and Kobe",
        "kind": PartnershipKind.SIBLING,
        "members": [("aberdeen", Role.SIBLING), ("kobe", Role.SIBLING)],
        "summary": ("Two port cities at the front of hydrogen deployment, as sibling cities."),
        "topics": ["hydrogen-buses", "hydrogen-ports", "hydrogen-refuelling"],
    },
    {
        "programme": "h2-twin-cities",
        "slug": "houston-nuevo-leon",
        "title": "Houston mentoring Nuevo León",
        "kind": PartnershipKind.MENTOR_MENTEE,
        "members": [("houston", Role.MENTOR), ("nuevo-leon", Role.MENTEE)],
        "summary": (
            "Houston's hydrogen hub experience offered to the industrial state of Nuevo León."
        ),
        "topics": ["hydrogen-industry", "hydrogen-production", "industrial-decarbonisation"],
    },
]


def _topics(slugs):
    found = {topic.slug: topic for topic in Topic.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise CommandError(f"Partnership demo names unknown topics: {', '.join(missing)}")
    return [found[slug] for slug in slugs]


def _publish_new(parent, page):
    try:
        page.full_clean(exclude=TREE_FIELDS)
    except ValidationError as error:
        raise CommandError(f"Demo page “{page.title}” is invalid: {error.message_dict}") from error
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _index(home, model, slug, title):
    page = model.objects.child_of(home).filter(slug=slug).first()
    if page is not None:
        return page, False
    return _publish_new(home, model(title=title, slug=slug)), True


def _programme(index, data):
    page = ProgrammePage.objects.child_of(index).filter(slug=data["slug"]).first()
    created = page is None
    if created:
        page = ProgrammePage(title=data["title"], slug=data["slug"], summary=data["summary"])
    changed = created
    for name, value in data["rules"].items():
        current = getattr(page, name)
        if name == "eligible_countries":
            current = [country.code for country in current]
        if current != value:
            setattr(page, name, value)
            changed = True
    domains = list(Domain.objects.filter(slug__in=data["focus_domains"]))
    if {d.slug for d in page.focus_domains.all()} != {d.slug for d in domains}:
        page.focus_domains.set(domains)
        changed = True
    if data["modules"] and not page.modules.exists():
        page.modules = [
            ProgrammeModule(name=name, description=description, sort_order=order)
            for order, (name, description) in enumerate(data["modules"])
        ]
        changed = True
    if created:
        _publish_new(index, page)
    elif changed:
        page.save_revision().publish()
    return page, created, changed


def _city(cities_index, data):
    page = CityProfilePage.objects.filter(slug=data["slug"]).first()
    if page is not None:
        return page, False
    page = CityProfilePage(
        title=data["title"],
        slug=data["slug"],
        country=data["country"],
        population=data["population"],
        target_year=data["target_year"],
        maturity=data["maturity"],
        summary=data["summary"],
        motivation=data.get("motivation", ""),
    )
    page.offers.set(_topics(data["offers"]))
    page.needs.set(_topics(data["needs"]))
    return _publish_new(cities_index, page), True


def load(stdout, style):
    stdout.write("Partnerships")
    home = HomePage.objects.first()
    if home is None:
        raise CommandError("There is no home page; run the migrations first.")
    cities_index, _ = _index(home, CityIndexPage, "cities", "Cities")
    partnerships_index, _ = _index(home, PartnershipIndexPage, "partnerships", "Partnerships")

    programmes = {}
    for data in PROGRAMMES:
        page, created, changed = _programme(partnerships_index, data)
        programmes[data["slug"]] = page
        state = "created" if created else ("rules updated" if changed else "already present")
        stdout.write(f"  Programme {page.title}: {style.SUCCESS(state) if changed else state}")

    for data in CITIES:
        page, created = _city(cities_index, data)
        state = style.SUCCESS("created") if created else "already present"
        stdout.write(f"  City {page.title}: {state}")

    slugs = {slug for data in PARTNERSHIPS for slug, _ in data["members"]}
    cities = {page.slug: page for page in CityProfilePage.objects.filter(slug__in=slugs)}
    for number, data in enumerate(PARTNERSHIPS, start=1):
        label = f"  Partnership [{number}/{len(PARTNERSHIPS)}] {data['title']}"
        programme = programmes[data["programme"]]
        if PartnershipPage.objects.child_of(programme).filter(slug=data["slug"]).exists():
            stdout.write(f"{label}: already present")
            continue
        missing = [slug for slug, _ in data["members"] if slug not in cities]
        if missing:
            stdout.write(
                style.WARNING(f"{label}: skipped, no city profile for {', '.join(missing)}")
            )
            continue
        page = PartnershipPage(
            title=data["title"],
            slug=data["slug"],
            kind=data["kind"],
            summary=data["summary"],
            start_date=data.get("start_date"),
            activity_log=data.get("activity_log", []),
        )
        page.members = [
            PartnershipMember(city=cities[slug], role=role, sort_order=order)
            for order, (slug, role) in enumerate(data["members"])
        ]
        page.topics.set(_topics(data["topics"]))
        _publish_new(programme, page)
        stdout.write(f"{label}: {style.SUCCESS('created')}")
