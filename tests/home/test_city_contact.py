"""Every city page says how to reach the city: its public contact where one exists, and a
link to the one "write to this city" form, which reaches its staff without showing their
addresses."""

import re

from django.core import mail
from django.urls import reverse

from home.models import CityMessage
from tests import factories


def contact_section(html):
    return re.search(r'<section aria-labelledby="contact-heading".*?</section>', html, re.S)


def test_a_city_with_a_public_contact_shows_it_beside_the_form_link(client, hub_tree):
    city = factories.CityProfilePageFactory(
        parent=hub_tree.cities,
        title="Umeå",
        slug="umea",
        contact_name="Twinning Learning Programme team, NetZeroCities",
        contact_email="twinning@netzerocities.eu",
        website="https://www.umea.se/",
    )
    section = contact_section(client.get(city.url).content.decode()).group(0)
    assert '<h2 id="contact-heading">Contact Umeå</h2>' in section
    assert "Twinning Learning Programme team, NetZeroCities" in section
    assert '<a href="mailto:twinning@netzerocities.eu">' in section
    assert '<a href="https://www.umea.se/">www.umea.se</a>' in section
    assert f'href="{reverse("contact_city", args=["umea"])}"' in section


def test_a_city_without_one_still_links_to_the_form_and_no_address_is_shown(client, hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Gabrovo", slug="gabrovo")
    html = client.get(city.url).content.decode()
    section = contact_section(html).group(0)
    assert "Public contact" not in section
    assert "mailto:" not in section
    link = re.search(r'<a class="button" href="([^"]+)">Write to Gabrovo', section).group(1)
    form_page = client.get(link).content.decode()
    assert "Send to Gabrovo" in form_page and 'class="honeypot"' in form_page
    assert "mailto:" not in form_page


def test_the_form_linked_from_the_city_page_sends_and_confirms(client, hub_tree):
    factories.CityProfilePageFactory(parent=hub_tree.cities, title="Sofia", slug="sofia")
    page = client.get(reverse("contact_city", args=["sofia"])).content.decode()
    action = re.search(r'<form class="contact-form" method="post" action="([^"]+)"', page).group(1)
    response = client.post(
        action,
        {
            "name": "Ana Petrova",
            "email": "ana@city.example",
            "organisation": "Kozani energy office",
            "subject": "District heating",
            "body": "How did you finance the heat pumps?",
            "website": "",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("contact_city_sent", args=["sofia"])
    assert CityMessage.objects.get().subject == "District heating"
    for message in mail.outbox:
        assert "ana@city.example" not in message.to
    confirmation = client.get(response.url).content.decode()
    assert "Sofia" in confirmation
