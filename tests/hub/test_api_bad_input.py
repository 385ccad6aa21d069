"""Whatever arrives in the Wagtail API's query string or a document's URL, the answer is a
400 or a 404 with a message, never a 500, on SQLite and on PostgreSQL."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"]
TOO_FAR = str(2**63)  # one past the largest offset a database takes


@pytest.fixture
def api_client(client):
    client.raise_request_exception = False  # a 500 is a failed assertion, not a traceback
    return client


@pytest.fixture
def city(hub_tree):
    return factories.CityProfilePageFactory(
        parent=hub_tree.cities, title="Aberdeen", summary="Hydrogen buses near the harbour."
    )


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("offset", [TOO_FAR, "9" * 30, "9" * 5000])
def test_an_offset_past_what_a_database_holds_is_refused(api_client, city, endpoint, offset):
    response = api_client.get(endpoint, {"offset": offset})
    assert response.status_code == 400
    assert response.json() == {
        "message": "offset must be a whole number from 0 to 9223372036854775807"
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_largest_offset_answers_an_empty_list(api_client, city, endpoint):
    response = api_client.get(endpoint, {"offset": str(2**63 - 1)})
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize(
    "search",
    ['";', '"', "   ", "\t", "()", "(", "-", "*", "%", "🚍"],
)
def test_a_search_with_no_words_is_refused_with_a_message(api_client, city, search):
    response = api_client.get("/api/v2/pages/", {"search": search})
    assert response.status_code == 400
    assert response.json() == {"message": "search must contain at least one word"}


@pytest.mark.parametrize(
    "search",
    [
        "hydrogen " * 500,  # was a deeply nested query: RecursionError
        'hydrogen";',
        "NEAR(",
        "NEAR(hydrogen buses)",
        "hydrogen AND (buses",
        "hydrogen:buses*",
        "'hydrogen' OR \"buses",
    ],
)
def test_search_syntax_is_plain_words(api_client, city, search):
    response = api_client.get("/api/v2/pages/", {"search": search})
    assert response.status_code == 200, response.content[:200]
    # Operators and punctuation are ignored; the words find the page ("near" is in it).
    assert [item["title"] for item in response.json()["items"]] == ["Aberdeen"]


@pytest.mark.parametrize(
    "search",
    [
        " ".join(f"word{n}" for n in range(500)),
        "'; DROP TABLE wagtailcore_page; --",
        "<script>alert(1)</script>",
    ],
)
def test_long_or_hostile_searches_answer_normally(api_client, city, search):
    response = api_client.get("/api/v2/pages/", {"search": search})
    assert response.status_code == 200, response.content[:200]
    assert response.json()["items"] == []


def test_search_still_finds_and_honours_its_operator(api_client, city):
    data = api_client.get("/api/v2/pages/", {"search": "harbour buses"}).json()
    assert [item["title"] for item in data["items"]] == ["Aberdeen"]
    data = api_client.get(
        "/api/v2/pages/", {"search": "harbour zeppelin", "search_operator": "or"}
    ).json()
    assert [item["title"] for item in data["items"]] == ["Aberdeen"]
    data = api_client.get("/api/v2/pages/", {"search": "harbour zeppelin"}).json()
    assert data["items"] == []


@pytest.mark.parametrize(
    ("endpoint", "params"),
    [
        ("/api/v2/pages/", {"search": "hydro\x00gen"}),
        ("/api/v2/pages/", {"locale": "e\x00n"}),
        ("/api/v2/pages/", {"type": "hub.CityProfilePage\x00"}),
        ("/api/v2/pages/", {"title": "Aber\x00deen"}),
        ("/api/v2/pages/", {"fields": "title\x00"}),
        ("/api/v2/pages/find/", {"html_path": "/cities/\x00/"}),
        ("/api/v2/images/", {"search": "\x00"}),
        ("/api/v2/documents/", {"search": "\x00"}),
    ],
)
def test_nul_anywhere_in_the_query_string_is_refused(api_client, city, endpoint, params):
    response = api_client.get(endpoint, params)
    assert response.status_code == 400
    assert response.json() == {"message": "query parameters may not contain control characters"}


def test_find_by_path_still_works(api_client, city):
    response = api_client.get("/api/v2/pages/find/", {"html_path": "/cities/aberdeen/"})
    assert response.status_code == 302
    assert f"/api/v2/pages/{city.pk}/" in response["Location"]


@pytest.mark.parametrize("digits", [19, 30, 10_000])
def test_a_document_id_too_long_for_a_database_is_not_found(api_client, db, digits):
    response = api_client.get("/documents/" + "9" * digits + "/x.pdf")
    assert response.status_code == 404


def test_documents_are_still_served(api_client, db, tmp_path, settings):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    settings.MEDIA_ROOT = str(tmp_path)
    document = get_document_model().objects.create(
        title="Permit checklist", file=ContentFile(b"%PDF-1.4 checklist", name="checklist.pdf")
    )
    response = api_client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 checklist"
