"""The knowledge hub's demo content, loaded by `manage.py load_demo` as its first step.

The content lives in plain Python data, one module per kind of page; this module turns
it into pages. Pages are got or created by slug under their parent, so loading twice
creates nothing the second time.
"""

import datetime
import zoneinfo

from django.core.management.base import CommandError
from django.utils import timezone

from home.models import HomePage
from hub.models import (
    BusinessCasePage,
    CityIndexPage,
    CityProfilePage,
    PermittingGuidePage,
    WebinarIndexPage,
    WebinarPage,
)
from partnerships.models import ProgrammePage

from . import business_cases, cities_h2, cities_mission, permitting, webinars
from .pages import Progress, get_or_create_page, topics

HOME_INTRO = (
    "TwinHub is where cities share what they have learned on the way to climate "
    "neutrality: the actions that worked, the business cases behind hydrogen buses, "
    "hospitals, trucks and industry, the permits projects needed, and webinars to learn "
    "from each other. It also helps cities find a twin or a mentor."
)
# Shown on the home page, by (parent slug, page slug); upcoming webinars appear there anyway.
FEATURED = [
    ("cities", "umea"),
    ("aberdeen", "hydrogen-double-deck-buses"),
    ("aberdeen", "permitting-a-hydrogen-refuelling-station"),
    ("cities", "sarajevo"),
]


def load(stdout, style):
    cities = load_cities(stdout, style)
    load_city_pages(
        stdout, style, "Business cases", business_cases.CASES, BusinessCasePage, cities, case_page
    )
    load_city_pages(
        stdout, style, "Permitting guides", permitting.GUIDES, PermittingGuidePage, cities, guide
    )
    load_webinars(stdout, style)
    feature_on_home_page(stdout)


def index_page(model):
    page = model.objects.first()
    if page is None:
        raise CommandError(f"No {model._meta.verbose_name}: run `manage.py load_demo`.")
    return page


# Cities -------------------------------------------------------------------------------


def load_cities(stdout, style):
    """Create the Mission Cities and H2 Twin Cities; return every demo city by slug."""
    parent = index_page(CityIndexPage)
    data = cities_mission.CITIES + cities_h2.CITIES
    programmes = {page.slug: page for page in ProgrammePage.objects.all()}
    progress = Progress(stdout, style, "Cities", len(data))
    cities = {}
    for item in data:
        page, created = get_or_create_page(
            parent, CityProfilePage, item["slug"], lambda item=item: city_page(item, programmes)
        )
        cities[item["slug"]] = page
        progress.report(item["title"], created)
    progress.finish()
    join_programmes(cities, data, programmes)
    return cities


def city_page(item, programmes):
    page = CityProfilePage(
        title=item["title"],
        summary=item["summary"],
        country=item["country"],
        population=item["population"],
        target_year=item["target_year"],
        maturity=item["maturity"],
        latitude=item["latitude"],
        longitude=item["longitude"],
        motivation=item["motivation"],
        actions=[("action", action) for action in item["actions"]],
    )
    for action in item["actions"]:
        topics(action["topics"])  # fail on a misspelt slug inside a block, too
    page.topics.set(topics(item["topics"]))
    page.offers.set(topics(item["offers"]))
    page.needs.set(topics(item["needs"]))
    missing = [slug for slug in item["programmes"] if slug not in programmes]
    if missing:
        raise CommandError(f"{item['title']}: unknown programmes {', '.join(missing)}")
    return page


def join_programmes(cities, data, programmes):
    """Make each demo city a member of its programmes, in a new published revision of
    each programme whose members change (an editor's next edit starts from it)."""
    wanted = {slug: {} for slug in programmes}
    for item in data:
        for slug in item["programmes"]:
            city = cities[item["slug"]]
            wanted[slug][city.pk] = city
    for slug, programme in programmes.items():
        present = set(programme.member_cities.values_list("pk", flat=True))
        missing = [city for pk, city in wanted[slug].items() if pk not in present]
        if not missing:
            continue
        programme.member_cities.add(*missing)
        programme.save_revision().publish()


# Business cases and permitting guides -------------------------------------------------


def load_city_pages(stdout, style, section, data, model, cities, build):
    progress = Progress(stdout, style, section, len(data))
    for item in data:
        city = cities[item["city"]]
        _, created = get_or_create_page(city, model, item["slug"], lambda item=item: build(item))
        progress.report(f"{item['title']} ({city.title})", created)
    progress.finish()


KEY_FIGURES = (
    "capital_cost",
    "annual_operating_cost",
    "currency",
    "price_year",
    "units",
    "hydrogen_kg_per_day",
    "co2e_avoided_tonnes_per_year",
    "payback_years",
)


def case_page(item):
    page = BusinessCasePage(
        title=item["title"],
        summary=item["summary"],
        application=item["application"],
        status=item["status"],
        is_illustrative=item.get("is_illustrative", False),
        funding_mix=[("source", source) for source in item["funding_mix"]],
        tour=[("step", step) for step in item["tour"]],
        lessons_learned=item["lessons_learned"],
        sources=[("source", source) for source in item["sources"]],
        **{name: item[name] for name in KEY_FIGURES if name in item},
    )
    page.topics.set(topics(item["topics"]))
    return page


def guide(item):
    page = PermittingGuidePage(
        title=item["title"],
        summary=item["summary"],
        jurisdiction=item["jurisdiction"],
        application=item["application"],
        steps=[("step", step) for step in item["steps"]],
        acceptance_practices=item["acceptance_practices"],
    )
    page.topics.set(topics(item["topics"]))
    return page


# Webinars -----------------------------------------------------------------------------


def webinar_start(item, now):
    """Past webinars keep their fixed date (moved back a year if the clock is earlier);
    upcoming ones fall `in_days` after today, at the agenda's first time."""
    zone = zoneinfo.ZoneInfo(item["timezone"])
    first = item["agenda"][0]["time"]
    if "in_days" in item:
        day = timezone.localtime(now, zone).date() + datetime.timedelta(days=item["in_days"])
        return datetime.datetime.combine(day, first, tzinfo=zone)
    start = datetime.datetime.combine(item["date"], first, tzinfo=zone)
    while start > now:
        start = start.replace(year=start.year - 1)
    return start


def webinar_page(item, now):
    start = webinar_start(item, now)
    page = WebinarPage(
        title=item["title"],
        summary=item["summary"],
        start=start,
        end=start + datetime.timedelta(minutes=item["minutes"]),
        timezone=item["timezone"],
        speakers=[("speaker", speaker) for speaker in item["speakers"]],
        agenda=[("item", entry) for entry in item["agenda"]],
        registration_url=item.get("registration_url", ""),
        recording_url=item.get("recording_url", ""),
    )
    page.topics.set(topics(item["topics"]))
    return page


def load_webinars(stdout, style):
    parent = index_page(WebinarIndexPage)
    now = timezone.now()
    progress = Progress(stdout, style, "Webinars", len(webinars.WEBINARS))
    for item in webinars.WEBINARS:
        _, created = get_or_create_page(
            parent, WebinarPage, item["slug"], lambda item=item: webinar_page(item, now)
        )
        progress.report(item["title"], created)
    progress.finish()


# Home page ----------------------------------------------------------------------------


def feature_on_home_page(stdout):
    """Give the home page its intro and featured pages, once: an editor's choice stays."""
    home = HomePage.objects.get()
    if home.featured:
        stdout.write("  Home page: featured content already chosen")
        return
    featured = []
    for parent_slug, slug in FEATURED:
        page = (
            CityProfilePage.objects.filter(slug=slug).first()
            if parent_slug == "cities"
            else BusinessCasePage.objects.filter(slug=slug, city__slug=parent_slug).first()
            or PermittingGuidePage.objects.filter(slug=slug, city__slug=parent_slug).first()
        )
        if page is not None:
            featured.append(("page", page))
    home.intro = HOME_INTRO
    home.featured = featured
    home.save_revision().publish()
    stdout.write(f"  Home page: intro and {len(featured)} featured pages set")
