"""`manage.py load_demo`: fills an empty site once, changes nothing the second time,
writes nothing when a step fails, and gives newcomers a way to log in."""

import re
import shutil
import types
from io import StringIO

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from core import site_roots
from demo import builders, loader
from demo.management.commands import load_demo as command
from home.models import HomePage
from hub.models import (
    BusinessCasePage,
    CityNeed,
    CityOffer,
    CityProfilePage,
    PageTopic,
    PermittingGuidePage,
    Topic,
    WebinarPage,
)
from partnerships.models import ProgrammePage

PASSWORD = "demo-admin-Passw0rd"
MISSION_CITIES = {
    "Aachen",
    "Bristol",
    "Bucharest Sector 2",
    "Eindhoven-Helmond",
    "Elbasan",
    "Gabrovo",
    "Ioannina",
    "Kozani",
    "Liberec",
    "Padova",
    "Reykjavik",
    "Sarajevo",
    "Sofia",
    "Stockholm",
    "Torino",
    "Umeå",
}
H2_CITIES = {
    "Lancaster": "US",
    "Namie": "JP",
    "Hawaiʻi County": "US",
    "Aberdeen": "GB",
    "Kobe": "JP",
    "Houston": "US",
    "Nuevo León": "MX",
}
REQUIRED_APPLICATIONS = {"bus-fleet", "hospital", "trucks", "industry"}


def run_load_demo(**options):
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def snapshot():
    """Everything a second run must leave alone."""
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "path", "latest_revision_id", "last_published_at", "live"
            )
        ),
        "revisions": Revision.objects.count(),
        "users": list(get_user_model().objects.values_list("username", "password")),
        "topics": PageTopic.objects.count(),
        "offers": CityOffer.objects.count(),
        "needs": CityNeed.objects.count(),
        "sites": list(Site.objects.values_list("hostname", "port", "root_page_id")),
    }


@pytest.fixture(autouse=True)
def fresh_site_root_cache():
    """load_demo moves the site to 127.0.0.1:8000; don't let other tests see cached URLs."""
    yield
    site_roots.renew()


@pytest.mark.django_db
def test_a_failing_step_leaves_nothing_behind(monkeypatch):
    def broken_step(run):
        raise RuntimeError("this demo step broke")

    monkeypatch.setattr(
        builders, "STEPS", [*builders.steps("Sections", "Programmes", "Cities"), broken_step]
    )
    before = snapshot()

    with pytest.raises(RuntimeError, match="this demo step broke"):
        run_load_demo(admin_password=PASSWORD)

    assert snapshot() == before
    assert not CityProfilePage.objects.exists()


@pytest.mark.django_db
def test_a_misspelt_topic_in_demo_data_is_a_clear_error(monkeypatch, tmp_path):
    shutil.copytree(loader.DATA_DIR, tmp_path, dirs_exist_ok=True)
    cities = yaml.safe_load((tmp_path / "mission_cities.yaml").read_text(encoding="utf-8"))
    misspelt = dict(cities[0], offers=["hydrogen-bus"])
    (tmp_path / "mission_cities.yaml").write_text(yaml.safe_dump([misspelt]), encoding="utf-8")
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)
    before = snapshot()

    with pytest.raises(CommandError, match="unknown topics: hydrogen-bus"):
        run_load_demo(admin_password=PASSWORD)

    assert snapshot() == before


@pytest.mark.django_db
def test_missing_topics_are_loaded_first(monkeypatch):
    monkeypatch.setattr(builders, "STEPS", [])
    Topic.objects.filter(domain__slug="hydrogen").delete()

    output = run_load_demo(no_admin=True)

    assert Topic.objects.filter(slug="hydrogen-buses").exists()
    assert "Topics:" in output and "loaded" in output


@pytest.mark.django_db
def test_admin_password_is_generated_and_printed_once_in_development(client, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(builders, "STEPS", [])

    output = run_load_demo()

    assert "http://127.0.0.1:8000/admin/" in output
    password = re.search(r"with password: (\S+)", output).group(1)
    assert client.login(username="admin", password=password)
    assert get_user_model().objects.get(username="admin").is_superuser
    again = run_load_demo()
    assert password not in again
    assert "changepassword admin" in again


@pytest.mark.django_db
def test_no_printed_admin_password_when_debug_is_off():
    before = snapshot()

    with pytest.raises(CommandError, match="--admin-password"):
        run_load_demo()

    assert snapshot() == before


@pytest.mark.django_db
def test_given_admin_password_is_checked_and_never_printed(client, monkeypatch):
    monkeypatch.setattr(builders, "STEPS", [])
    with pytest.raises(CommandError, match="too short"):
        run_load_demo(admin_password="abc")
    assert not get_user_model().objects.exists()

    output = run_load_demo(admin_password=PASSWORD)

    assert PASSWORD not in output
    assert client.login(username="admin", password=PASSWORD)


@pytest.mark.django_db
def test_no_admin_skips_the_account_and_site_points_at_the_demo_server(monkeypatch):
    monkeypatch.setattr(builders, "STEPS", [])

    run_load_demo(no_admin=True)

    assert not get_user_model().objects.exists()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert HomePage.objects.get().full_url == "http://127.0.0.1:8000/"


def test_help_documents_the_flags():
    parser = command.Command().create_parser("manage.py", "load_demo")
    help_text = parser.format_help()
    assert "--admin-password" in help_text
    assert "--no-admin" in help_text
    assert "DEBUG" in help_text


@pytest.fixture(scope="class")
def loaded_twice(django_db_setup, django_db_blocker):
    """The demo loaded twice into an empty site, shared by a class of read-only tests and
    rolled back afterwards: loading is slow enough to do once."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = run_load_demo(admin_password=PASSWORD)
        after_first = snapshot()
        second = run_load_demo(admin_password=PASSWORD)
        yield types.SimpleNamespace(
            first=first, after_first=after_first, second=second, after_second=snapshot()
        )
        transaction.set_rollback(True)
    site_roots.renew()


class TestDemoContent:
    """What a newcomer finds after `make demo`, which runs load_demo on an empty site."""

    @pytest.fixture
    def demo(self, loaded_twice, db):
        return loaded_twice.first

    def test_second_run_adds_and_changes_nothing(self, loaded_twice, db):
        assert loaded_twice.after_second == loaded_twice.after_first
        assert "Cities: 0 created, 23 already present" in loaded_twice.second
        assert "Administrator “admin” already exists" in loaded_twice.second
        assert "changepassword admin" in loaded_twice.second
        assert "Done: everything was already present." in loaded_twice.second
        assert "Done: everything was already present." not in loaded_twice.first

    def test_every_record_is_loaded(self, demo):
        """Every reference between records resolves: a full load skips nothing."""
        assert "skipped" not in demo
        for section in builders.STEPS:
            if isinstance(section, loader.Section):
                total = sum(len(loader.read_records(name)) for name in section.files)
                if total > 1:
                    assert f"  {section.heading} [{total}/{total}] " in demo, section.heading

    def test_progress_is_shown_per_section(self, demo):
        assert "Cities [16/23] Umeå: created" in demo
        for section in ("Sections", "Programmes", "Business cases", "Permitting guides"):
            assert f"  {section}: " in demo
        # Hub cities and those the partnerships step adds: every one reported as created.
        cities = CityProfilePage.objects.count()
        assert cities >= 23
        assert re.search(rf"City profile\s+{cities} created\s+0 already present", demo)

    def test_mission_cities_are_live_twinning_members_with_offers_and_needs(self, demo):
        twinning = ProgrammePage.objects.get(slug="twinning-learning-programme")
        cities = CityProfilePage.objects.filter(title__in=MISSION_CITIES)
        assert {city.title for city in cities} == MISSION_CITIES
        for city in cities:
            assert city.live, city
            assert city.target_year == 2030, city
            assert city.offers.exists() and city.needs.exists(), city
            assert twinning in city.programmes.all(), city
            assert 2 <= len(city.actions) <= 4, city
            assert city.latitude is not None and city.population, city
            assert city.motivation and city.summary, city

    def test_h2_cities_are_live_programme_members_with_hydrogen_topics(self, demo):
        h2 = ProgrammePage.objects.get(slug="h2-twin-cities")
        sisters = ProgrammePage.objects.get(slug="smart-sister-cities")
        cities = {city.title: city for city in CityProfilePage.objects.filter(title__in=H2_CITIES)}
        assert set(cities) == set(H2_CITIES)
        for title, city in cities.items():
            assert city.live, title
            assert city.country.code == H2_CITIES[title], title
            assert h2 in city.programmes.all(), title
            hydrogen = (
                city.offers.filter(domain__slug="hydrogen").exists()
                or city.needs.filter(domain__slug="hydrogen").exists()
            )
            assert hydrogen, title
            assert city.offers.exists() and city.needs.exists(), title
        assert {city.title for city in sisters.member_cities.all()} == {"Lancaster", "Namie"}

    def test_block_topics_name_real_topics(self, demo):
        known = set(Topic.objects.values_list("slug", flat=True))
        for city in CityProfilePage.objects.all():
            for action in city.actions:
                assert set(action.value["topics"]) <= known, (city, action.value["title"])

    def test_business_cases_cover_the_applications_and_obey_the_figure_rules(self, demo):
        cases = list(BusinessCasePage.objects.live().specific())
        assert len(cases) >= 6
        assert {case.application for case in cases} >= REQUIRED_APPLICATIONS
        for case in cases:
            case.full_clean()
            assert isinstance(case.get_parent().specific, CityProfilePage), case
            assert case.city_id == case.get_parent().pk, case
            if case.has_key_figures():
                assert case.sources or case.is_illustrative, case
            if case.is_illustrative:
                assert "illustrative" in case.summary.lower(), case
            assert case.tour and case.lessons_learned and case.topics.exists(), case

    def test_illustrative_cases_tell_readers(self, client, demo):
        case = BusinessCasePage.objects.filter(is_illustrative=True).first()
        response = client.get(case.url)
        assert "Illustrative figures." in response.content.decode()

    def test_permitting_guides_have_steps_and_a_timeline(self, demo):
        guides = list(PermittingGuidePage.objects.live())
        assert len(guides) >= 4
        for guide in guides:
            assert 3 <= len(guide.steps) <= 6, guide
            assert all(step.value["authority"] for step in guide.steps), guide
            assert guide.total_days > 0, guide
            assert guide.acceptance_practices, guide

    def test_webinars_have_upcoming_registration_and_past_recordings(self, demo):
        webinars = list(WebinarPage.objects.live())
        now = timezone.now()
        assert len(webinars) >= 4
        upcoming = [w for w in webinars if w.start > now]
        past = [w for w in webinars if w.end < now]
        # People register on TwinHub, and past webinars offer documents served by the hub.
        assert upcoming and all(w.registers_here and w.capacity for w in upcoming)
        assert past and all(w.transcript and w.slides for w in past)
        for webinar in past:
            assert webinar.slides.file.read(8) == b"%PDF-1.4"
            assert webinar.transcript.file_extension == "txt"
        for webinar in webinars:
            assert "example.org" not in f"{webinar.registration_url} {webinar.recording_url}"
            assert webinar.speakers and webinar.agenda and webinar.topics.exists(), webinar

    def test_home_page_features_demo_content(self, client, demo):
        home = HomePage.objects.get()
        assert len(home.featured) >= 3
        content = client.get("/").content.decode()
        for block in home.featured:
            assert block.value.title in content
        upcoming = WebinarPage.objects.filter(start__gt=timezone.now()).order_by("start").first()
        assert upcoming.title in content

    def test_every_page_is_published_and_renders(self, client, demo):
        from applications.models import ApplicationConversion

        # The demo's matching round converts the call's eligible applications into draft
        # cities: publishing an applicant is a separate decision.
        drafts = set(ApplicationConversion.objects.values_list("city_id", flat=True))
        pages = Page.objects.filter(depth__gt=1).exclude(pk__in=drafts).specific()
        assert len(pages) > 40 and drafts
        failures = []
        for page in pages:
            if not page.live or page.latest_revision_id is None:
                failures.append((page.url_path, "not published"))
                continue
            status = client.get(page.url).status_code
            if status != 200:
                failures.append((page.url, status))
        assert failures == []

    def test_business_cases_carry_sourced_figures_readers_can_compare(self, client, demo):
        from hub import figures

        cases = list(BusinessCasePage.objects.live().specific())
        well_sourced = [case for case in cases if figures.case_figures(case).sourced_count >= 3]
        assert len(well_sourced) >= 6, [case.title for case in well_sourced]
        sourced = {case.application for case in cases if not case.is_illustrative}
        assert sourced >= {"bus-fleet", "trucks", "hospital", "industry", "refuelling"}
        for case in cases:
            for source in case.sources:
                if source.value["figures"]:
                    assert source.value["publisher"] and source.value["year"], case
                    assert source.value["url"].startswith("http"), case
        html = client.get("/business-cases/").content.decode()
        assert "Capital cost per vehicle or unit: bus fleet cases" in html
        assert (
            "£8.3 m in 2020 ≈ €11.2 m in 2024 prices"
            in client.get("/cities/aberdeen/hydrogen-double-deck-buses/").content.decode()
        )

    def test_every_city_can_be_reached_and_is_placed_by_name(self, client, demo):
        for city in CityProfilePage.objects.live().specific():
            html = client.get(city.url).content.decode()
            assert f"Contact {city.title}" in html and f"Write to {city.title}" in html, city
            form = client.get(reverse("contact_city", args=[city.slug])).content.decode()
            assert f"Send to {city.title}" in form, city
            assert city.contact_email or city.website, city
            assert city.has_position, city
            assert f"<dt>Place</dt><dd>{city.place_name}</dd>" in html, city
