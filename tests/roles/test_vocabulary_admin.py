"""Editors curate the topic vocabulary in the Wagtail admin; publishers cannot."""

from django.urls import reverse

from hub.models import Domain, Topic


def test_editors_find_topics_in_the_admin_menu(editor_client):
    home = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"label": "Topics"' in home
    hydrogen = Domain.objects.get(slug="hydrogen")
    listing = editor_client.get(reverse("wagtailsnippets_hub_topic:list"), {"domain": hydrogen.pk})
    assert listing.status_code == 200
    assert "Hydrogen bus fleets" in listing.content.decode()


def test_an_editor_renames_a_topic_and_adds_a_synonym(editor_client, client):
    topic = Topic.objects.get(slug="hydrogen-buses")
    response = editor_client.post(
        reverse("wagtailsnippets_hub_topic:edit", args=[topic.pk]),
        {
            "name": "Fuel cell bus fleets",
            "slug": topic.slug,
            "domain": topic.domain_id,
            "synonyms": '["FCEB", "hydrogen buses", "fuel cell buses"]',
            "description": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    topic.refresh_from_db()
    assert topic.name == "Fuel cell bus fleets"
    assert "fuel cell buses" in topic.synonyms


def test_an_editor_adds_a_domain(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_hub_domain:add"),
        {"name": "Water", "slug": "water", "sort_order": 20},
    )
    assert response.status_code == 302
    assert Domain.objects.filter(slug="water", name="Water").exists()


def test_publishers_cannot_edit_the_vocabulary(publisher_client):
    topic = Topic.objects.get(slug="hydrogen-buses")
    response = publisher_client.get(reverse("wagtailsnippets_hub_topic:edit", args=[topic.pk]))
    assert response.status_code in (302, 403)
