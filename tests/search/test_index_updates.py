"""Publishing, unpublishing and deleting a page change what search finds, at once."""

import pytest
from wagtail.models import Page

from search.query import HubSearch, SearchOptions
from tests import factories

pytestmark = pytest.mark.django_db


def found(query):
    return [page.title for page in HubSearch(SearchOptions(query=query)).results]


def test_publish_unpublish_delete_update_the_index(hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Index city")
    guide = factories.PermittingGuidePageFactory(
        parent=city, title="Geothermal drilling permit", live=False
    )
    assert found("geothermal") == []

    guide.save_revision().publish()
    assert found("geothermal") == ["Geothermal drilling permit"]

    # An edit is searchable as soon as it is published.
    guide = guide.specific
    guide.title = "Geothermal borehole permit"
    guide.save_revision().publish()
    assert found("borehole") == ["Geothermal borehole permit"]

    guide = Page.objects.get(pk=guide.pk).specific
    guide.unpublish()
    assert not Page.objects.get(pk=guide.pk).live
    assert found("geothermal") == []

    guide.save_revision().publish()
    assert found("geothermal") == ["Geothermal borehole permit"]
    page_id = guide.pk
    Page.objects.get(pk=page_id).delete()
    assert found("geothermal") == []
    from wagtail.search.models import IndexEntry

    assert not IndexEntry.objects.filter(object_id=str(page_id)).exists()


def test_topic_changes_reach_the_index(hub_tree):
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Quiet town")
    assert found("FCEB") == []
    city.topics.set([factories.hub.Topic.objects.get(slug="hydrogen-buses")])
    city.save_revision().publish()
    assert found("FCEB") == ["Quiet town"]
