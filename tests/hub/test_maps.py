"""The hub's map: drawn on the server from the world-atlas package, readable without script,
with a list of the same cities beside it, filtered like the index, places named."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from hub import maps
from tests import factories


@pytest.fixture
def programme(hub_tree):
    return factories.ProgrammePageFactory(parent=hub_tree.partnerships, title="H2 Twin Cities")


@pytest.fixture
def cities(hub_tree, programme):
    def city(title, country, region, latitude, longitude):
        page = factories.CityProfilePageFactory(
            parent=hub_tree.cities,
            title=title,
            slug=title.lower(),
            country=country,
            region=region,
            latitude=latitude,
            longitude=longitude,
        )
        page.programmes.add(programme)
        page.save()
        return page

    return {
        "aberdeen": city("Aberdeen", "GB", "Scotland", "57.1497", "-2.0943"),
        "kobe": city("Kobe", "JP", "Hyōgo Prefecture", "34.6901", "135.1955"),
        "bristol": city("Bristol", "GB", "England", "51.4545", "-2.5879"),
        "nowhere": city("Unplaced", "SE", "", None, None),
    }


@pytest.fixture
def partnership(programme, cities):
    return factories.PartnershipPageFactory(
        parent=programme,
        title="Aberdeen and Kobe",
        members=[(cities["aberdeen"], "sibling"), (cities["kobe"], "sibling")],
    )


def map_section(html):
    return re.search(r'<section class="city-map".*?</section>', html, flags=re.S).group(0)


def marker_labels(section):
    return re.findall(r'<a href="[^"]+" class="city-map__city[^"]*" aria-label="([^"]+)"', section)


def test_the_projection_spans_the_map_and_keeps_north_up():
    west, _ = maps.project(-180, 0)
    east, _ = maps.project(180, 0)
    centre, equator = maps.project(0, 0)
    assert round(west) == 0 and round(east) == maps.WIDTH
    assert round(centre) == maps.WIDTH / 2
    _, north = maps.project(0, 60)
    assert 0 < north < equator < maps.HEIGHT


def test_country_shapes_come_from_the_installed_world_atlas():
    shapes = maps.country_shapes()
    assert len(shapes) > 150
    name, path = shapes["826"]
    assert name == "United Kingdom" and path.startswith("M")
    assert "010" not in shapes  # Antarctica is left out
    # No shape crosses the whole map (the antimeridian is unwrapped).
    for _, path in shapes.values():
        for part in path.split("M")[1:]:
            steps = part.split("l", 1)[1].rstrip("z").split()
            assert all(abs(float(step.split(",")[0])) < 100 for step in steps)


def test_the_city_index_shows_the_map_without_script_and_the_same_cities_as_a_list(
    client, hub_tree, cities, partnership
):
    html = client.get(hub_tree.cities.url).content.decode()
    section = map_section(html)
    assert "<svg" in section and 'class="city-map__country' in section
    assert sorted(marker_labels(section)) == [
        "Aberdeen, Scotland, United Kingdom",
        "Bristol, England, United Kingdom",
        "Kobe, Hyōgo Prefecture, Japan",
    ]
    assert '<path class="city-map__link"' in section
    assert "<title>Aberdeen and Kobe</title>" in section
    listed = re.findall(r'<li(?: class="[^"]*")?>\s*<a href="[^"]+">([^<]+)</a>', section)
    assert listed == ["Aberdeen", "Bristol", "Kobe", "Unplaced"]
    assert "Unplaced, Sweden · not on the map: no position given" in section
    assert "Partners: Kobe" in section and "Programmes: H2 Twin Cities" in section
    # The script only adds zoom: the page works without it.
    assert "js/city-map.js" in html and "<button" not in section


def test_the_map_follows_the_index_filters(client, hub_tree, cities, partnership):
    html = client.get(f"{hub_tree.cities.url}?country=GB").content.decode()
    section = map_section(html)
    assert sorted(marker_labels(section)) == [
        "Aberdeen, Scotland, United Kingdom",
        "Bristol, England, United Kingdom",
    ]
    assert '<path class="city-map__link"' not in section  # Kobe filtered out: no line
    assert "Kobe" not in section
    # Zoomed to the part of the world around the cities shown.
    viewbox = re.search(r'viewBox="([^"]+)"', section).group(1).split()
    assert float(viewbox[2]) < maps.WIDTH / 2


def test_a_city_page_maps_the_city_and_its_partners_and_names_its_place(
    client, cities, partnership
):
    html = client.get(cities["aberdeen"].url).content.decode()
    section = map_section(html)
    assert "Aberdeen and its partners" in section
    assert marker_labels(section) == [
        "Aberdeen, Scotland, United Kingdom (this city)",
        "Kobe, Hyōgo Prefecture, Japan",
    ]
    assert "Bristol" not in section
    assert "<dt>Place</dt><dd>Aberdeen, Scotland, United Kingdom</dd>" in html
    assert "57.15" not in html and "57.150" not in html and "-2.094" not in html


def test_a_partner_the_visitor_may_not_open_is_neither_drawn_nor_listed(
    client, cities, partnership
):
    PageViewRestriction.objects.create(page=cities["kobe"], restriction_type="login")
    section = map_section(client.get(cities["aberdeen"].url).content.decode())
    assert "Kobe" not in section and '<path class="city-map__link"' not in section
    PageViewRestriction.objects.filter(page=cities["kobe"]).delete()
    PageViewRestriction.objects.create(page=partnership, restriction_type="login")
    section = map_section(client.get(cities["aberdeen"].url).content.decode())
    assert "Kobe" not in section and "Where Aberdeen is" in section


def test_without_the_atlas_the_map_still_shows_its_cities(client, hub_tree, cities, settings):
    settings.WORLD_ATLAS_PATH = "/nonexistent/countries-110m.json"
    maps.country_shapes.cache_clear()
    try:
        response = client.get(hub_tree.cities.url)
        section = map_section(response.content.decode())
        assert response.status_code == 200
        assert "city-map__country" not in section
        assert len(marker_labels(section)) == 3
    finally:
        maps.country_shapes.cache_clear()


def test_the_maps_queries_do_not_grow_with_cities_or_partnerships(
    client, hub_tree, programme, cities, partnership
):
    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    urls = [hub_tree.cities.url, cities["aberdeen"].url]
    few = [count(url) for url in urls]
    for n in range(8):
        other = factories.CityProfilePageFactory(
            parent=hub_tree.cities, title=f"Extra {n}", latitude="50.1", longitude=f"{n}.5"
        )
        other.programmes.add(programme)
        other.save()
        factories.PartnershipPageFactory(
            parent=programme, members=[(cities["aberdeen"], "mentor"), (other, "mentee")]
        )
    assert [count(url) for url in urls] == few


def test_past_the_limit_the_index_map_counts_cities_by_country_and_leads_to_each(
    client, hub_tree, cities, partnership, monkeypatch
):
    monkeypatch.setattr(maps, "MAP_CITY_LIMIT", 3)
    html = client.get(f"{hub_tree.cities.url}?page=1").content.decode()
    section = map_section(html)
    assert marker_labels(section) == []
    assert '<path class="city-map__link"' not in section
    assert "4 cities in 3 countries" in section
    listed = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>: ([^<]+)</li>', section)
    assert [(name, counted) for _, name, counted in listed] == [
        ("United Kingdom", "2 cities"),
        ("Japan", "1 city"),
        ("Sweden", "1 city"),
    ]
    uk_link = listed[0][0].replace("&amp;", "&")
    assert "country=GB" in uk_link and "page=" not in uk_link
    assert "<title>United Kingdom: 2 cities</title>" in section
    assert "city-map__country--shade4" in section  # the largest country, darkest

    # The country's link draws its cities again, and the listing below keeps paging them.
    section = map_section(client.get(f"{hub_tree.cities.url}{uk_link}").content.decode())
    assert sorted(marker_labels(section)) == [
        "Aberdeen, Scotland, United Kingdom",
        "Bristol, England, United Kingdom",
    ]


def test_a_counted_map_keeps_the_other_filters_in_its_country_links(
    client, hub_tree, cities, programme, monkeypatch
):
    monkeypatch.setattr(maps, "MAP_CITY_LIMIT", 1)
    html = client.get(f"{hub_tree.cities.url}?programme={programme.pk}").content.decode()
    links = re.findall(r'<li><a href="([^"]+)">United Kingdom</a>', map_section(html))
    assert links and f"programme={programme.pk}" in links[0] and "country=GB" in links[0]
