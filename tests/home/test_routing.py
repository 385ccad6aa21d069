"""Every page opens at its URL, however deep; drafts, missing pages and the sub-URLs of
routable pages behave as Wagtail's own routing makes them."""

from tests import factories


def test_pages_open_at_their_urls_at_every_depth(client, hub_tree, cities):
    case = factories.BusinessCasePageFactory(parent=cities.bristol, title="Bus depot")
    for page in (hub_tree.cities, cities.bristol, case):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()


def test_a_draft_or_a_missing_page_is_not_found(client, hub_tree, cities):
    draft = factories.BusinessCasePageFactory(parent=cities.bristol, title="Draft", live=False)
    assert client.get(draft.url or f"{cities.bristol.url}{draft.slug}/").status_code == 404
    assert client.get(f"{cities.bristol.url}no-such-page/").status_code == 404
    assert client.get("/no-such-section/bristol/").status_code == 404


def test_a_routable_page_keeps_its_own_urls(client, hub_tree):
    webinar = factories.WebinarPageFactory(parent=hub_tree.webinars, title="Electrolysers")
    assert client.get(webinar.url).status_code == 200
    calendar = client.get(f"{webinar.url}calendar/")
    assert calendar.status_code == 200
    assert calendar["Content-Type"].startswith("text/calendar")
