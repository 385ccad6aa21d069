"""The relevance set: fixed queries over the demo content (`load_demo`) and what they must find.

The demo is loaded once for the module and rolled back after it; each test runs in its own
savepoint inside that.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from core import site_roots
from search.query import HubSearch, SearchOptions

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_content(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", no_admin=True, stdout=StringIO())
        yield
        transaction.set_rollback(True)
    site_roots.renew()


def found(query):
    return HubSearch(SearchOptions(query=query)).results[:10]


def titles(query):
    return [page.title for page in found(query)]


@pytest.mark.parametrize(
    ("query", "expected", "within"),
    [
        # Four sourced bus-fleet cases match as well as this one.
        ("hydrogen buses", "Hydrogen double-deck buses", 5),
        ("energy community", "Gabrovo", 5),
        ("energy community", "Torino", 5),
        ("citizen assembly", "Sarajevo", 1),
        ("umea", "Umeå", 1),
        # Reykjavik's ECTOS case, whose sources are titled with the city's name, may come first.
        ("reykjavik", "Reykjavik", 2),
        ("hospital backup power", "Fuel cell backup power for a rural hospital", 3),
        ("liquefied hydrogen terminal", "Liquefied hydrogen receiving terminal", 3),
        # Two cases are about drayage trucks: the worked example and Port Houston's programme.
        ("drayage trucks", "Hydrogen drayage trucks for port terminals", 2),
    ],
)
def test_query_finds_the_expected_page_near_the_top(query, expected, within):
    assert expected in titles(query)[:within], titles(query)


def test_a_permitting_question_finds_a_permitting_guide_first():
    first = found("permit refuelling station")[0].specific
    assert type(first).__name__ == "PermittingGuidePage", first.title


@pytest.mark.parametrize(
    ("synonym", "expected"),
    [("REC", "Gabrovo"), ("FCEB", "Hydrogen double-deck buses")],
)
def test_taxonomy_synonyms_find_the_topic_pages(synonym, expected):
    assert expected in titles(synonym), titles(synonym)
