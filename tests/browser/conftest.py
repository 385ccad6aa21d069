"""Shared fixtures for the browser tests: one Chromium and one live ASGI server per session.

The live server is Daphne in a forked process, so pages and WebSockets are served as in
production. It reads the same test database, so everything a test shows it must be
committed: the browser tests run in their own pytest session (`pytest -m browser`,
`make browser-test`) and create their content once, in the session fixture `demo_site`.

Every test fails when the browser reports a problem: a request to a host other than the
live server (tests never reach the internet), a console error (a CSP violation, a
missing file) or an uncaught script exception. Tests that expect a console error (a
WebSocket cut on purpose) declare it with `browser_watch.allow_console(pattern)`.

Fixtures: `live_url` and `live_ws_url` (the server), `browser` (the session's Chromium),
`page` (a fresh context and page per test), `new_context` (more contexts: one per
participant), `browser_watch`, `committed_db` (write data the server can see) and
`demo_site` (the paths of one page of every type).
"""

import datetime
import os
import re
import shutil
import time
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

BROWSER_TESTS = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LIVE_HOST = "127.0.0.1"
SERVER_START_SECONDS = 30


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


def pytest_collection_finish(session):
    # Browser tests commit their data; other tests in the same session would see it.
    browser_items = [item for item in session.items if item.get_closest_marker("browser")]
    if browser_items and len(browser_items) < len(session.items):
        reason = (
            "browser tests run in their own session, as they commit data the other tests "
            "must not see: run `pytest -m browser` (make browser-test)"
        )
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=reason))


# The test database and the live ASGI server


@pytest.fixture(scope="session")
def django_db_setup(
    django_test_environment, django_db_blocker, django_db_keepdb, django_db_modify_db_settings
):
    """The test database, created once for the browser session.

    pytest-django's own fixture creates databases only for tests that ask for `db`, and
    those run inside a transaction the live server cannot see. Browser tests ask for none:
    their data is committed (see `demo_site`).
    """
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=0, interactive=False, keepdb=django_db_keepdb, aliases={"default"}
        )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def asgi_live_server(django_db_setup, django_db_blocker):
    """Daphne serving config.asgi (HTTP, static files and WebSockets) on a free port."""
    from channels.testing.live import make_application
    from daphne.testing import DaphneProcess
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                pytest.fail("The live server needs a database file, not SQLite in memory.")
        # The forked server must open its own connections, not share the parent's sockets.
        connections.close_all()
        # Forked inside `unblock()`, so the server process may use the database.
        process = DaphneProcess(
            LIVE_HOST, partial(make_application, static_wrapper=ASGIStaticFilesHandler)
        )
        process.start()
    if not process.ready.wait(timeout=SERVER_START_SECONDS):
        process.terminate()
        detail = "" if process.errors.empty() else process.errors.get(False)[1]
        pytest.fail(f"Daphne did not start within {SERVER_START_SECONDS} s.\n{detail}")
    yield SimpleNamespace(
        url=f"http://{LIVE_HOST}:{process.port.value}",
        ws_url=f"ws://{LIVE_HOST}:{process.port.value}",
    )
    process.terminate()
    process.join(timeout=10)
    with django_db_blocker.unblock():
        _wait_for_other_sessions_to_end()


def _wait_for_other_sessions_to_end(timeout=10):
    """PostgreSQL ends a killed server's session a moment later; the test database can
    only be dropped once it has."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)


@pytest.fixture(scope="session")
def live_url(asgi_live_server):
    """The base URL of the live server, without a trailing slash."""
    return asgi_live_server.url


@pytest.fixture(scope="session")
def live_ws_url(asgi_live_server):
    """The base WebSocket URL of the live server (ws://host:port)."""
    return asgi_live_server.ws_url


# The browser


@pytest.fixture(scope="session")
def browser(asgi_live_server, django_db_blocker):
    """One headless Chromium for the whole session.

    It asks for the live server first, so the server process is forked before any
    browser machinery exists in this one.
    """
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which makes Django refuse
    # ORM calls here; tests and fixtures still need them to set up data. Only this test
    # process is affected: the server was forked before.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # While Playwright runs, Django keeps this thread's connections in the event loop's
        # context, apart from the plain thread's: close them now, or they outlive the
        # session and the test database cannot be dropped.
        from django.db import connections

        with django_db_blocker.unblock():
            connections.close_all()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class BrowserWatch:
    """Collects what must fail a browser test, across every context the test opens."""

    def __init__(self, live_url):
        parts = urlsplit(live_url)
        self.origin = (parts.scheme, parts.netloc)
        self.problems = []
        self.allowed_console = []

    def allow_console(self, pattern):
        """Accept console errors matching this regular expression (e.g. a planned disconnect)."""
        self.allowed_console.append(re.compile(pattern))

    def attach(self, context):
        context.route("**/*", self._route)
        context.on("page", self._watch_page)

    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or (parts.scheme, parts.netloc) == self.origin:
            route.continue_()
        else:
            self.problems.append(f"request to another host: {url}")
            route.abort("blockedbyclient")

    def _watch_page(self, page):
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"uncaught error: {error}"))

    def _console(self, page, message):
        if message.type != "error":
            return
        text = message.text
        if any(pattern.search(text) for pattern in self.allowed_console):
            return
        where = message.location.get("url") or page.url
        self.problems.append(f"console error on {where}: {text}")

    def report(self):
        return "The browser reported problems:\n" + "\n".join(f"- {p}" for p in self.problems)


@pytest.fixture
def browser_watch(live_url):
    watch = BrowserWatch(live_url)
    yield watch
    if watch.problems:
        pytest.fail(watch.report(), pytrace=False)


@pytest.fixture
def new_context(browser, live_url, browser_watch):
    """Factory for browser contexts (separate cookies: one per participant), closed after the test.

    Keyword arguments go to `browser.new_context`; `base_url` is the live server, so
    `page.goto("/cities/")` works.
    """
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("base_url", live_url)
        context = browser.new_context(**kwargs)
        context.set_default_timeout(10_000)
        browser_watch.attach(context)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A fresh page in its own context, at a desktop width."""
    return new_context(viewport={"width": 1280, "height": 900}).new_page()


# Content


@pytest.fixture
def committed_db(django_db_blocker):
    """Database access for a browser test, outside any transaction.

    What the test writes is committed at once, so the live server sees it, and stays for
    the rest of the session: give it names no other test uses.
    """
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker):
    """One published page of every page type, committed once for the whole session.

    Deterministic content written for the tests (not `load_demo`), returned as the paths
    of its pages.
    """
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from home.models import HomePage
    from tests import factories
    from workshops import services
    from workshops.models import Message, WorkshopRoom

    with django_db_blocker.unblock(), transaction.atomic():
        home = HomePage.objects.get()
        home.intro = (
            "TwinHub is where city officers compare notes on hydrogen, heat and transport: "
            "what worked, what it cost and which permits it took."
        )
        home.save()
        cities = factories.CityIndexPageFactory(
            parent=home, intro="Cities that share what they have learned, and what they need."
        )
        cases = factories.BusinessCaseIndexPageFactory(parent=home)
        permitting = factories.PermittingGuideIndexPageFactory(parent=home)
        webinars = factories.WebinarIndexPageFactory(parent=home)
        partnerships = factories.PartnershipIndexPageFactory(parent=home)
        programme = factories.ProgrammePageFactory(
            parent=partnerships,
            title="H2 Twin Cities",
            slug="h2-twin-cities",
            summary="Pairs cities that run hydrogen projects with cities about to start one.",
        )
        aberdeen = factories.CityProfilePageFactory(
            parent=cities,
            title="Aberdeen",
            slug="aberdeen",
            country="GB",
            region="Scotland",
            latitude="57.1497",
            longitude="-2.0943",
            population=227_000,
            target_year=2045,
            maturity="scaling",
            summary="Runs one of Europe's longest-serving hydrogen bus fleets.",
            offers=["hydrogen-buses", "hydrogen-refuelling", "hydrogen-safety"],
            needs=["hydrogen-industry", "district-heating"],
            topics=["hydrogen-buses"],
            contact_name="Energy transition team",
            contact_email="energy@aberdeen.example",
            actions=[
                (
                    "action",
                    {
                        "title": "Hydrogen buses on city routes",
                        "summary": "Double-deck fuel cell buses serve the busiest routes.",
                        "topics": ["hydrogen-buses"],
                    },
                )
            ],
        )
        namie = factories.CityProfilePageFactory(
            parent=cities,
            title="Namie",
            slug="namie",
            country="JP",
            region="Fukushima Prefecture",
            latitude="37.4936",
            longitude="140.9920",
            population=2_000,
            maturity="piloting",
            summary="Hosts a large solar-powered electrolysis plant.",
            offers=["hydrogen-production"],
            needs=["hydrogen-buses", "community-acceptance"],
        )
        lancaster = factories.CityProfilePageFactory(
            parent=cities,
            title="Lancaster",
            slug="lancaster",
            country="US",
            region="California",
            latitude="34.6868",
            longitude="-118.1542",
            population=170_000,
            maturity="planning",
            summary="Plans hydrogen production from local renewable power.",
            offers=["renewable-energy"],
            needs=["hydrogen-production", "permitting"],
        )
        for city in (aberdeen, namie, lancaster):
            city.programmes.add(programme)
            city.save()
        business_case = factories.BusinessCasePageFactory(
            parent=aberdeen,
            title="Fuel cell double-deck buses",
            slug="fuel-cell-buses",
            summary="Fifteen fuel cell buses and the station that refuels them.",
            application="bus-fleet",
            status="operating",
            is_illustrative=True,
            capital_cost=8_300_000,
            annual_operating_cost=410_000,
            currency="GBP",
            price_year=2021,
            units=15,
            hydrogen_kg_per_day=300,
            co2e_avoided_tonnes_per_year=1_100,
            payback_years=14,
            topics=["hydrogen-buses", "hydrogen-refuelling"],
            funding_mix=[
                ("source", {"funder": "European grant", "kind": "grant", "share_percent": 40}),
                ("source", {"funder": "City council", "kind": "municipal", "share_percent": 60}),
            ],
            lessons_learned="<p>Train the maintenance staff before the buses arrive.</p>",
        )
        sourced_case = factories.BusinessCasePageFactory(
            parent=namie,
            title="Fuel cell bus trial",
            slug="fuel-cell-bus-trial",
            summary="Three fuel cell buses on a town route.",
            application="bus-fleet",
            status="completed",
            is_illustrative=False,
            capital_cost=600_000_000,
            currency="JPY",
            price_year=2020,
            units=3,
            hydrogen_kg_per_day=60,
            topics=["hydrogen-buses"],
            sources=[
                (
                    "source",
                    {
                        "title": "Bus trial report",
                        "publisher": "Town transport office",
                        "year": 2021,
                        "url": "https://reports.example/bus-trial",
                        "figures": ["capital_cost", "units", "hydrogen_kg_per_day"],
                    },
                )
            ],
        )
        guide = factories.PermittingGuidePageFactory(
            parent=lancaster,
            title="Permitting an electrolyser",
            slug="electrolyser-permit",
            jurisdiction="County",
            application="production",
            topics=["permitting", "hydrogen-production"],
        )
        now = timezone.now()
        upcoming = factories.WebinarPageFactory(
            parent=webinars,
            title="Permits for hydrogen stations",
            slug="permits-for-hydrogen-stations",
            start=now + datetime.timedelta(days=14),
            end=now + datetime.timedelta(days=14, hours=1),
            topics=["permitting", "hydrogen-refuelling"],
            speakers=[("speaker", {"name": "A. Planner", "role": "Permitting lead"})],
        )
        past = factories.WebinarPageFactory(
            parent=webinars,
            title="Running a hydrogen bus fleet",
            slug="running-a-hydrogen-bus-fleet",
            start=now - datetime.timedelta(days=30),
            end=now - datetime.timedelta(days=30) + datetime.timedelta(hours=1),
            registration_url="",
            recording_url="https://video.example/recording",
            topics=["hydrogen-buses"],
        )
        # The past webinar's room (made when the page was published) has a conversation.
        room = WorkshopRoom.objects.get(page=past)
        speaker = get_user_model().objects.create_user(
            "demo-speaker", first_name="Morag", last_name="Fleet"
        )
        services.store_message(
            room, speaker, "Refuelling takes ten minutes per bus.", "demo-1", Message.Kind.CHAT
        )
        services.store_message(
            room, speaker, "How many spare buses do you keep?", "demo-2", Message.Kind.QUESTION
        )
        return SimpleNamespace(
            home="/",
            cities=cities.url,
            city=aberdeen.url,
            business_cases=cases.url,
            business_case=business_case.url,
            sourced_business_case=sourced_case.url,
            permitting=permitting.url,
            guide=guide.url,
            webinars=webinars.url,
            upcoming_webinar=upcoming.url,
            past_webinar=past.url,
            partnerships=partnerships.url,
            programme=programme.url,
            workshop_room=room.get_absolute_url(),
            workshop_transcript=room.get_transcript_url(),
        )
