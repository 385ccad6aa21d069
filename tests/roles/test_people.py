"""People and the city they work for: how a person is named, and who decides their city."""

from django.urls import reverse

from home import people
from home.models import Person

from .conftest import logged_in, make_user


def staff_url(city):
    return reverse("home_city_staff", args=[city.pk])


def test_a_person_is_named_by_display_name_never_by_username(cities):
    ana = make_user("ana-c")
    assert people.display_name(ana) == f"Participant {ana.pk}"
    ana.first_name, ana.last_name = "Ana", "Costa"
    ana.save()
    assert people.display_name(ana) == "Ana Costa"
    people.save_person(ana, display_name="Ana C.", organisation="Bristol City Council")
    ana.refresh_from_db()
    assert people.display_name(ana) == "Ana C."
    assert people.describe(ana) == {
        "name": "Ana C.",
        "city": "",
        "organisation": "Bristol City Council",
    }
    assert people.display_name(None) == "A former participant"


def test_a_request_is_confirmed_by_the_citys_publisher(cities, bristol_publisher):
    ana = make_user("ana-c")
    people.save_person(ana, display_name="Ana Costa", role="Energy officer")
    people.request_city(ana, cities.bristol)
    assert list(people.city_staff(cities.bristol)) == []
    assert people.describe(ana)["city"] == ""

    client = logged_in(bristol_publisher)
    screen = client.get(staff_url(cities.bristol)).content.decode()
    assert "Waiting for an answer (1)" in screen
    assert "Confirm Ana Costa" in screen
    # The dashboard says someone is waiting.
    assert (
        "1 person asks to join Bristol" in client.get(reverse("wagtailadmin_home")).content.decode()
    )

    person = Person.objects.get(user=ana)
    response = client.post(staff_url(cities.bristol), {"action": "confirm", "person": person.pk})
    assert response.status_code == 302
    assert list(people.city_staff(cities.bristol)) == [ana]
    ana.refresh_from_db()
    assert people.staff_city(ana) == cities.bristol
    assert people.describe(ana)["city"] == "Bristol"


def test_another_citys_publisher_cannot_decide(cities, bristol_publisher):
    ana = make_user("ana-c")
    people.request_city(ana, cities.gabrovo)
    person = Person.objects.get(user=ana)
    client = logged_in(bristol_publisher)
    # The admin turns a refusal into a redirect to the dashboard, with a message.
    refused = client.get(staff_url(cities.gabrovo))
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    response = client.post(staff_url(cities.gabrovo), {"action": "confirm", "person": person.pk})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.city_status == Person.CityStatus.REQUESTED


def test_an_editor_adds_a_colleague_by_email_and_removes_them(cities, editor_client):
    ivan = make_user("ivan-p")
    response = editor_client.post(
        staff_url(cities.gabrovo), {"action": "add", "account": "IVAN-P@example.org"}
    )
    assert response.status_code == 302
    assert list(people.city_staff(cities.gabrovo)) == [ivan]
    person = Person.objects.get(user=ivan)
    editor_client.post(staff_url(cities.gabrovo), {"action": "remove", "person": person.pk})
    assert list(people.city_staff(cities.gabrovo)) == []


def test_adding_an_unknown_account_says_what_to_do(cities, editor_client):
    response = editor_client.post(
        staff_url(cities.gabrovo), {"action": "add", "account": "nobody@example.org"}
    )
    assert response.status_code == 200
    assert "Ask your colleague to create an account first" in response.content.decode()


def test_declining_a_request_leaves_the_person_without_a_city(cities, editor, editor_client):
    ana = make_user("ana-c")
    people.request_city(ana, cities.bristol)
    person = Person.objects.get(user=ana)
    editor_client.post(staff_url(cities.bristol), {"action": "decline", "person": person.pk})
    person.refresh_from_db()
    assert person.city is None and person.city_status == ""
    assert person.city_decided_by == editor


def test_editors_list_people_in_the_admin(cities, editor_client):
    people.save_person(make_user("ana-c"), display_name="Ana Costa", organisation="Bristol")
    listing = editor_client.get(reverse("wagtailsnippets_home_person:list"))
    assert listing.status_code == 200
    assert "Ana Costa" in listing.content.decode()
