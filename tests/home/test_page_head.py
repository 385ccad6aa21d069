"""Every page names its icon, describes itself and loads the header search's script."""

import importlib
import re

import pytest
from django.contrib.staticfiles import finders

import config.urls


@pytest.mark.parametrize(
    "path", ["/", "/cities/", "/webinars/", "/search/", "/search/?q=hydrogen", "/accounts/login/"]
)
def test_every_page_has_a_description_an_icon_and_the_search_script(client, hub_tree, path):
    html = client.get(path).text
    descriptions = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert len(descriptions) == 1 and len(descriptions[0]) > 20, descriptions
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<script src="/static/js/search.js" defer></script>' in html
    assert 'data-autocomplete-url="/search/autocomplete/"' in html
    # Each search landmark has a name of its own.
    names = re.findall(r'role="search" aria-label="([^"]+)"', html)
    assert len(names) == html.count('role="search"') and len(set(names)) == len(names)


def test_the_icon_exists_and_its_old_address_leads_to_it(client):
    assert finders.find("favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


def test_the_old_icon_address_also_works_on_a_debug_site(settings, rf):
    """`make demo` runs with DEBUG on, where the URLs also serve uploaded media."""
    settings.DEBUG = True
    try:
        urls = importlib.reload(config.urls)
        response = urls.favicon(rf.get("/favicon.ico"))
        assert response.status_code == 301
        assert response["Location"].endswith("/favicon.svg")
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
