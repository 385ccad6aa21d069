"""The main navigation and the footer: from the page tree and the settings editors keep."""

import re

from wagtail.models import Site

from home.models import NavigationSettings, SiteSettings
from tests import factories


def nav_links(html):
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)"( aria-current="true")?>([^<]+)</a>', nav)


def test_without_settings_the_navigation_lists_the_sections_then_the_finder(client, hub_tree):
    html = client.get(hub_tree.cities.url).content.decode()
    links = nav_links(html)
    assert [(url, label) for url, _, label in links] == [
        ("/cities/", "Cities"),
        ("/business-cases/", "Business cases"),
        ("/permitting/", "Permitting guides"),
        ("/webinars/", "Webinars"),
        ("/partnerships/", "Partnerships"),
        ("/search/partners/", "Find partners"),
    ]
    # The section the reader is in, and only that one.
    assert [label for _, current, label in links if current] == ["Cities"]


def test_the_finder_is_current_inside_search(client, hub_tree):
    links = nav_links(client.get("/search/partners/").content.decode())
    assert [label for _, current, label in links if current] == ["Find partners"]


def test_a_section_left_out_of_menus_leaves_the_navigation(client, hub_tree):
    hub_tree.permitting.show_in_menus = False
    hub_tree.permitting.save_revision().publish()
    labels = [label for _, _, label in nav_links(client.get("/").content.decode())]
    assert "Permitting guides" not in labels
    assert "Cities" in labels


def test_editors_choose_the_navigation_and_a_renamed_slug_breaks_nothing(client, hub_tree):
    settings = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.main_links = [
        ("link", {"page": hub_tree.webinars, "view": "", "label": "Events"}),
        ("link", {"page": None, "view": "partner_finder", "label": "Partner finder"}),
        ("link", {"page": hub_tree.cities, "view": "", "label": ""}),
    ]
    settings.save()
    links = nav_links(client.get("/").content.decode())
    assert [(url, label) for url, _, label in links] == [
        ("/webinars/", "Events"),
        ("/search/partners/", "Partner finder"),
        ("/cities/", "Cities"),
    ]

    hub_tree.webinars.slug = "events"
    hub_tree.webinars.save_revision().publish()
    links = nav_links(client.get("/").content.decode())
    assert ("/events/", "", "Events") in links

    hub_tree.cities.unpublish()
    labels = [label for _, _, label in nav_links(client.get("/").content.decode())]
    assert labels == ["Events", "Partner finder"]


def test_the_footer_shows_what_editors_wrote(client, hub_tree):
    html = client.get("/").content.decode()
    assert "cities learning from cities about the energy transition" in html
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.footer_text = "Run by the twinning programmes' secretariat."
    settings.contact_email = "team@twinhub.example"
    settings.social_links = [
        ("link", {"label": "Mastodon", "url": "https://social.example/@twinhub"})
    ]
    settings.save()
    footer = re.search(r"<footer.*?</footer>", client.get("/").content.decode(), re.S).group(0)
    assert "Run by the twinning programmes&#x27; secretariat." in footer
    assert 'href="mailto:team@twinhub.example"' in footer
    assert '<a href="https://social.example/@twinhub" rel="me">Mastodon</a>' in footer


def test_the_navigation_costs_no_query_once_cached(client, hub_tree, django_assert_num_queries):
    factories.CityProfilePageFactory(parent=hub_tree.cities, title="Kobe")
    client.get("/search/partners/")
    # The finder's own queries only: its cities, its two topic lists and its programmes.
    with django_assert_num_queries(4):
        client.get("/search/partners/")
