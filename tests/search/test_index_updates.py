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


def facet_topics(**filters):
    return HubSearch(SearchOptions(**filters)).facets()["topic"]


def test_filters_and_facets_follow_topic_changes_without_publishing(hub_tree):
    """Offers written straight to a page (an import, the shell) reach filters and facets."""
    city = factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Quiet town", offers=["district-heating"]
    )
    assert facet_topics() == {"district-heating": 1}
    energy = factories.hub.Topic.objects.get(slug="energy-communities")
    factories.hub.CityOffer.objects.create(content_object=city, tag=energy)
    assert facet_topics() == {"district-heating": 1, "energy-communities": 1}
    factories.hub.CityOffer.objects.filter(tag__slug="district-heating").delete()
    assert facet_topics() == {"energy-communities": 1}
    assert [p.title for p in HubSearch(SearchOptions(topics=[energy])).results] == ["Quiet town"]


def test_pages_behind_a_view_restriction_leave_the_results(hub_tree):
    from wagtail.models import PageViewRestriction

    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Private town")
    factories.PermittingGuidePageFactory(parent=city, title="Private permit")
    assert sorted(found("private")) == ["Private permit", "Private town"]
    assert HubSearch(SearchOptions()).count() == 2

    restriction = PageViewRestriction.objects.create(
        page=city, restriction_type=PageViewRestriction.LOGIN
    )
    assert found("private") == []
    assert HubSearch(SearchOptions()).count() == 0

    restriction.delete()
    assert sorted(found("private")) == ["Private permit", "Private town"]


def test_a_move_under_a_restricted_section_leaves_the_results(hub_tree):
    from wagtail.models import PageViewRestriction

    open_city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Open town")
    closed_city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Closed town")
    guide = factories.PermittingGuidePageFactory(parent=open_city, title="Moving permit")
    PageViewRestriction.objects.create(page=closed_city, restriction_type=PageViewRestriction.LOGIN)
    assert found("moving") == ["Moving permit"]

    Page.objects.get(pk=guide.pk).move(closed_city, pos="last-child")
    assert found("moving") == []


def test_the_catalogue_is_read_in_the_same_queries_however_many_pages(hub_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.catalogue import build_catalogue

    def queries():
        with CaptureQueriesContext(connection) as captured:
            catalogue = build_catalogue()
        return len(captured), len(catalogue)

    city = factories.CityProfilePageFactory(parent=hub_tree.cities, offers=["district-heating"])
    queries()  # content types, once per process
    few, size = queries()
    for n in range(5):
        factories.PermittingGuidePageFactory(parent=city, topics=["permitting"], title=f"G {n}")
    many, bigger = queries()
    assert (bigger, many) == (size + 5, few)


def test_saving_a_draft_keeps_the_catalogue_and_publishing_updates_it(hub_tree):
    from search.catalogue import catalogue_state

    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Draft town")
    HubSearch(SearchOptions())
    state = catalogue_state()
    city.title = "Draft town, renamed"
    revision = city.save_revision()
    assert catalogue_state() == state
    assert found("renamed") == []

    revision.publish()
    assert catalogue_state() != state
    assert found("renamed") == ["Draft town, renamed"]


def test_topics_written_by_a_plain_save_are_searchable(hub_tree):
    """Any save that writes topics (an import, the shell) indexes them, not only publishing."""
    city = factories.CityProfilePageFactory(parent=hub_tree.cities, title="Still town")
    assert found("FCEB") == []
    city.topics.set([factories.hub.Topic.objects.get(slug="hydrogen-buses")])
    city.save()
    assert found("FCEB") == ["Still town"]


def _rows(catalogue):
    """The catalogue as plain data, independent of code order and positions."""
    return {
        "pages": [
            (
                int(pk),
                catalogue.type_labels[t],
                catalogue.country_codes[c] if c >= 0 else None,
                catalogue.application_values[a] if a >= 0 else None,
                float(p),
                float(w),
            )
            for pk, t, c, a, p, w in zip(
                catalogue.ids,
                catalogue.types,
                catalogue.countries,
                catalogue.applications,
                catalogue.published,
                catalogue.weights,
                strict=True,
            )
        ],
        "topics": sorted(
            zip(
                catalogue.ids[catalogue.topic_pages].tolist(),
                catalogue.topic_ids.tolist(),
                strict=True,
            )
        ),
    }


def test_page_changes_update_the_catalogue_as_a_whole_build_would(hub_tree):
    from hub.models import PageTopic, Topic
    from search.catalogue import CATALOGUE_VERSION, build_catalogue, load_catalogue

    city = factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Växjö", country="SE", offers=["district-heating"]
    )
    case = factories.BusinessCasePageFactory(parent=city, application="production")
    other = factories.CityProfilePageFactory(parent=hub_tree.cities, country="DE")
    load_catalogue()
    version = CATALOGUE_VERSION.current()

    guide = factories.PermittingGuidePageFactory(parent=city, topics=["permitting"])
    city.country = "DK"  # its business case and guide are in Denmark now too
    city.save_revision().publish()
    case.unpublish()
    PageTopic.objects.create(
        content_object=other, tag=Topic.objects.get(slug="hydrogen-production")
    )
    factories.WebinarPageFactory(parent=hub_tree.webinars, topics=["permitting"])

    updated = load_catalogue()
    assert CATALOGUE_VERSION.current() == version  # updated, not read whole
    assert _rows(updated) == _rows(build_catalogue())
    assert guide.pk in updated.ids and case.pk not in updated.ids
    assert updated.count_countries(updated.of_types(["hub.PermittingGuidePage"])) == {"DK": 1}


def test_deleting_a_page_reads_the_catalogue_whole(hub_tree):
    from search.catalogue import CATALOGUE_VERSION, build_catalogue, load_catalogue

    city = factories.CityProfilePageFactory(parent=hub_tree.cities)
    factories.BusinessCasePageFactory(parent=city)
    load_catalogue()
    version = CATALOGUE_VERSION.current()
    city.delete()
    assert CATALOGUE_VERSION.current() != version
    assert _rows(load_catalogue()) == _rows(build_catalogue())
    assert city.pk not in load_catalogue().ids
