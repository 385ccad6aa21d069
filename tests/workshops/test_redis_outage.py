"""An outage of Redis does not take the site down: a redis-server of the test's own is
killed while pages are served, and every page keeps answering from the database, with
one log record for the whole outage, not one per request."""

import logging

import pytest
from django.core.cache import cache

from tests import factories

from .redis_server import REDIS_SERVER, RedisServer

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")


@pytest.fixture
def redis_cache(settings):
    server = RedisServer().start()
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.FallbackRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "outage",
        }
    }
    yield server
    server.stop()


@pytest.fixture
def site(cities, hub_tree):
    factories.WebinarPageFactory(parent=hub_tree.webinars, title="Hydrogen buses", slug="h2")
    return [
        "/",
        "/search/?q=hydrogen",
        "/cities/",
        cities.bristol.url,
        f"/api/recommendations/{cities.bristol.slug}/",
        "/webinars/",
        "/workshops/h2/",
        "/api/v2/pages/",
    ]


def test_pages_are_served_while_redis_is_down_and_the_outage_is_logged_once(
    client, redis_cache, site, caplog
):
    for path in site:
        assert client.get(path).status_code == 200, path
    assert cache.get("core:view-restrictions-version") is not None  # Redis was in use

    redis_cache.kill()
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        for _ in range(3):
            for path in site:
                assert client.get(path).status_code == 200, path
    outage = [record for record in caplog.records if record.name == "config.cache"]
    assert len(outage) == 1
    assert "unavailable" in outage[0].getMessage()

    caplog.clear()
    redis_cache.start()
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        for path in site:
            assert client.get(path).status_code == 200, path
    assert [r.getMessage() for r in caplog.records if r.name == "config.cache"][0].startswith(
        "The cache (Redis) is back"
    )
    assert cache.get("core:view-restrictions-version") is not None
