from tests import factories


def test_city_page_shows_offers_and_needs(client, hub_tree):
    city = factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Umeå", offers=["heat-pumps"], needs=["hydrogen-buses"]
    )
    response = client.get(city.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Heat pumps" in content
    assert "Hydrogen bus fleets" in content
