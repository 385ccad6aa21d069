"""Data each process keeps (site root paths, navigation, view restrictions) follows a
change at once: the next request shows it."""

from wagtail.models import PageViewRestriction, Site


def html_urls(client, url="/api/v2/pages/?type=hub.CityProfilePage&fields=_,html_url"):
    response = client.get(url)
    assert response.status_code == 200
    return [item["meta"]["html_url"] for item in response.json()["items"]]


def test_a_new_site_address_shows_in_page_urls_at_once(client, cities):
    assert all(url.startswith("http://localhost/") for url in html_urls(client))

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "hub.example.org", 443
    site.save()

    urls = html_urls(client, "/api/v2/pages/?type=hub.CityProfilePage&fields=_,html_url")
    assert urls and all(url.startswith("https://hub.example.org/") for url in urls)


def test_a_new_slug_of_the_site_root_keeps_its_pages_linked(client, home, hub_tree, cities):
    assert 'href="/cities/bristol/"' in client.get("/cities/").content.decode()
    home.slug = "start"
    home.save()
    # The pages' paths in the tree changed with the root's; their links did not.
    listing = client.get("/cities/")
    assert listing.status_code == 200
    assert 'href="/cities/bristol/"' in listing.content.decode()
    assert client.get("/cities/bristol/").status_code == 200


def test_a_new_restriction_hides_a_city_from_the_index_at_once(client, hub_tree, cities):
    assert "Gabrovo" in client.get(hub_tree.cities.url).content.decode()
    PageViewRestriction.objects.create(
        page=cities.gabrovo, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    listing = client.get(hub_tree.cities.url).content.decode()
    assert "Bristol" in listing and "Gabrovo" not in listing
