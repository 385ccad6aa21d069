"""Signing up, in and out: what a workshop participant goes through at /accounts/.

Signing up never says which accounts exist: every signup is answered "check your email",
and the email says what happens next. Wrong passwords are counted (django-axes, in the
database): after five, signing in to that username is paused, here and in the Wagtail
admin, and the page says what to do.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing

from home.signup import PendingSignup, finish_path

User = get_user_model()

SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "grey-heron-harbour-42"


def signup_data(**overrides):
    data = {"username": "ana.officer", "email": "ana@city.example", "display_name": "Ana Costa"}
    data.update(overrides)
    return data


def finish_url_in(message):
    return re.search(r"http://testserver(/accounts/signup/finish/[^/\s]+/)", message.body)[1]


def finish(client, url, password=PASSWORD, confirmation=PASSWORD, **kwargs):
    return client.post(url, {"new_password1": password, "new_password2": confirmation}, **kwargs)


def test_signup_page_shows_the_form(client, db):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Create an account</h1>" in content
    for name in ("username", "email", "display_name", "organisation", "role", "city"):
        assert f'name="{name}"' in content
    assert 'for="id_email"' in content
    assert "autofocus" not in content


def test_signup_emails_a_link_that_creates_the_account_signs_in_and_follows_next(client, db):
    response = client.post(SIGNUP, signup_data(next="/workshops/"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/signup/sent/"
    assert not User.objects.exists()  # nothing is stored before the address is confirmed
    [message] = mail.outbox
    assert message.to == ["ana@city.example"]
    url = finish_url_in(message)

    page = client.get(url)
    assert "<h1>Choose your password</h1>" in page.content.decode()
    assert "ana.officer" in page.content.decode()

    response = finish(client, url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/workshops/"
    user = User.objects.get(username="ana.officer")
    assert user.email == "ana@city.example"
    assert user.check_password(PASSWORD)
    assert not user.is_staff
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_welcome_message_is_shown_after_the_redirect(client, db):
    client.post(SIGNUP, signup_data())
    response = finish(client, finish_url_in(mail.outbox[0]), follow=True)
    assert "Welcome, Ana Costa. Your account is ready." in response.content.decode()
    assert "Signed in as <strong>ana.officer</strong>" in response.content.decode()


def test_a_next_url_on_another_site_is_refused(client, db):
    client.post(SIGNUP, signup_data(next="https://evil.example/"))
    response = finish(client, finish_url_in(mail.outbox[0]))
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("existing", "typed", "email_says"),
    [
        # The address is in use (in any case): its owner is told their username.
        (("someone", "ANA@city.example"), {}, "You already have one: your username is someone"),
        # The username is taken by an account with another address.
        (
            ("ana.officer", "other@city.example"),
            {"username": "Ana.Officer", "email": "new@city.example"},
            "That username is already taken",
        ),
    ],
)
def test_signup_answers_the_same_whether_or_not_an_account_exists(
    client, db, existing, typed, email_says
):
    fresh = client.post(SIGNUP, signup_data(username="nobody.yet", email="nobody@city.example"))
    fresh_page = client.get(fresh.headers["Location"]).content
    User.objects.create_user(existing[0], existing[1], "x")
    mail.outbox.clear()

    taken = client.post(SIGNUP, signup_data(**typed))
    assert (taken.status_code, taken.headers["Location"]) == (
        fresh.status_code,
        fresh.headers["Location"],
    )
    assert client.get(taken.headers["Location"]).content == fresh_page
    assert "Check your email" in fresh_page.decode()

    # The difference is only in the email, which only the owner of the address reads.
    [message] = mail.outbox
    assert message.to == [typed.get("email", "ana@city.example")]
    assert message.subject == "Your TwinHub account"
    assert email_says in message.body
    assert "/accounts/signup/finish/" not in message.body
    assert User.objects.count() == 1


def test_an_existing_account_email_says_how_to_sign_in_and_reset(client, db):
    User.objects.create_user("someone", "ana@city.example", "x")
    client.post(SIGNUP, signup_data())
    body = mail.outbox[0].body
    assert "http://testserver/accounts/login/" in body
    assert "http://testserver/accounts/password-reset/" in body


def test_a_link_works_once(client, db):
    client.post(SIGNUP, signup_data())
    url = finish_url_in(mail.outbox[0])
    finish(client, url)
    client.post("/accounts/logout/")
    again = client.get(url)
    assert again.status_code == 409
    assert "This account already exists" in again.content.decode()
    assert finish(client, url, password="another-grey-heron-7").status_code == 409
    assert User.objects.get().check_password(PASSWORD)


def test_a_forged_or_expired_link_is_refused(client, db, monkeypatch):
    valid = finish_path(PendingSignup("mallory", "m@evil.example", "/"))
    forged = valid[:-2] + ("A" if valid[-2] != "A" else "B") + "/"
    for url in (forged, "/accounts/signup/finish/not-a-signed-token/"):
        response = client.get(url)
        assert response.status_code == 400
        assert "This link no longer works" in response.content.decode()

    # A link signed four days ago (links work for three).
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 4 * 24 * 3600)
    old = finish_path(PendingSignup("ana.officer", "ana@city.example", "/"))
    monkeypatch.setattr(signing.time, "time", real_time)
    response = client.get(old)
    assert response.status_code == 400
    assert finish(client, old).status_code == 400
    assert not User.objects.exists()


def test_password_mismatch_is_refused_and_nothing_is_stored(client, db):
    client.post(SIGNUP, signup_data())
    response = finish(client, finish_url_in(mail.outbox[0]), confirmation="another-one-entirely")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Please correct the following" in content
    assert "The two password fields didn’t match." in content
    # The error is tied to its field for screen readers.
    assert 'aria-invalid="true"' in content
    assert not User.objects.exists()
    # Passwords are never sent back to the browser.
    assert PASSWORD not in content


def test_a_password_like_the_username_is_refused(client, db):
    client.post(SIGNUP, signup_data(username="harbourmaster"))
    response = finish(client, finish_url_in(mail.outbox[0]), "harbourmaster1", "harbourmaster1")
    assert "The password is too similar to the username." in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "Enter a valid email address."),
        ("email", "", "This field is required."),
        ("username", "", "This field is required."),
        ("username", "ana officer", "Enter a valid username."),
    ],
)
def test_missing_or_malformed_fields_are_refused(client, db, field, value, message):
    response = client.post(SIGNUP, signup_data(**{field: value}))
    assert message in response.content.decode()
    assert not mail.outbox


def test_control_characters_are_stripped_from_the_username(client, db):
    client.post(SIGNUP, signup_data(username="ana\x01.officer\x00"))
    finish(client, finish_url_in(mail.outbox[0]))
    assert User.objects.get().username == "ana.officer"


def test_signed_in_visitors_are_sent_on_from_signup(client, django_user_model):
    user = django_user_model.objects.create_user("ana", "ana@city.example", PASSWORD)
    client.force_login(user)
    response = client.get(SIGNUP + "?next=/webinars/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/webinars/"


def test_login_and_logout(client, django_user_model):
    django_user_model.objects.create_user("ana", "ana@city.example", PASSWORD)
    page = client.get("/accounts/login/?next=/cities/")
    assert "<h1>Sign in</h1>" in page.content.decode()
    assert "autofocus" not in page.content.decode()
    assert 'href="/accounts/password-reset/"' in page.content.decode()

    wrong = client.post(LOGIN, {"username": "ana", "password": "nope"})
    assert wrong.status_code == 200
    assert "Please enter a correct username and password" in wrong.content.decode()

    response = client.post(LOGIN, {"username": "ana", "password": PASSWORD, "next": "/cities/"})
    assert response.headers["Location"] == "/cities/"
    assert "_auth_user_id" in client.session

    assert client.get("/accounts/logout/").status_code == 405  # only POST signs out
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# Throttling wrong passwords


def fail(client, url, username, times):
    """`times` wrong passwords; the fifth in a row answers with the pause."""
    for attempt in range(1, times + 1):
        response = client.post(url, {"username": username, "password": "wrong-guess"})
        if attempt < 5:
            assert response.status_code == 200, "paused too early"
        else:
            assert_locked_out(response)


def assert_locked_out(response):
    assert response.status_code == 429
    content = response.content.decode()
    assert "<h1>Signing in is paused</h1>" in content
    assert "paused for 15 minutes" in content
    assert 'href="/accounts/password-reset/">reset your password</a>' in content
    assert "_auth_user_id" not in response.wsgi_request.session


@pytest.fixture
def ana(django_user_model):
    return django_user_model.objects.create_user("ana", "ana@city.example", PASSWORD)


def test_five_wrong_passwords_pause_signing_in_even_with_the_right_one(client, ana):
    fail(client, LOGIN, "ana", 5)
    assert_locked_out(client.post(LOGIN, {"username": "ana", "password": PASSWORD}))
    assert_locked_out(client.post(LOGIN, {"username": "ana", "password": "wrong-again"}))


def test_the_pause_is_per_username(client, ana, django_user_model):
    django_user_model.objects.create_user("ben", "ben@city.example", PASSWORD)
    fail(client, LOGIN, "ana", 5)
    response = client.post(LOGIN, {"username": "ben", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(django_user_model.objects.get(username="ben").pk)


def test_an_unknown_username_is_paused_the_same_way(client, ana):
    # Otherwise the pause would tell which usernames exist.
    fail(client, LOGIN, "nobody", 5)
    assert_locked_out(client.post(LOGIN, {"username": "nobody", "password": "x"}))


def test_a_successful_sign_in_starts_the_count_again(client, ana):
    fail(client, LOGIN, "ana", 4)
    assert client.post(LOGIN, {"username": "ana", "password": PASSWORD}).status_code == 302
    client.post("/accounts/logout/")
    fail(client, LOGIN, "ana", 4)
    assert client.post(LOGIN, {"username": "ana", "password": PASSWORD}).status_code == 302


def test_the_wagtail_admin_sign_in_is_paused_too(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@city.example", PASSWORD)
    fail(client, ADMIN_LOGIN, "editor", 5)
    assert_locked_out(client.post(ADMIN_LOGIN, {"username": "editor", "password": PASSWORD}))
    # The count is the same for both forms.
    assert_locked_out(client.post(LOGIN, {"username": "editor", "password": PASSWORD}))


def test_resetting_the_password_lifts_the_pause(client, ana):
    fail(client, LOGIN, "ana", 5)
    response = client.post("/accounts/password-reset/", {"email": "ana@city.example"})
    assert response.headers["Location"] == "/accounts/password-reset/sent/"
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", message.body)[1]
    form = client.get(link, follow=True)
    assert "<h1>Choose a new password</h1>" in form.content.decode()
    new_password = "moss-lantern-quay-19"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.headers["Location"] == "/accounts/password-reset/done/"
    response = client.post(LOGIN, {"username": "ana", "password": new_password})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_reset_for_an_unknown_address_answers_the_same(client, ana):
    known = client.post("/accounts/password-reset/", {"email": "ana@city.example"})
    unknown = client.post("/accounts/password-reset/", {"email": "nobody@city.example"})
    assert known.headers["Location"] == unknown.headers["Location"]
    assert [message.to for message in mail.outbox] == [["ana@city.example"]]


def test_signup_asks_who_the_person_is_and_requests_their_city(client, cities):
    from home import people
    from home.models import Person

    response = client.post(
        SIGNUP,
        signup_data(
            organisation="Bristol City Council",
            role="Energy transition officer",
            city=cities.bristol.pk,
        ),
    )
    assert response.headers["Location"] == "/accounts/signup/sent/"
    assert not Person.objects.exists()  # nothing is stored before the address is confirmed
    response = finish(client, finish_url_in(mail.outbox[0]), follow=True)
    content = response.content.decode()
    assert "Welcome, Ana Costa." in content
    assert (
        "Your request to join Bristol&#x27;s staff waits for its publishers or an editor" in content
    )
    person = Person.objects.get(user__username="ana.officer")
    assert (person.display_name, person.organisation, person.role) == (
        "Ana Costa",
        "Bristol City Council",
        "Energy transition officer",
    )
    assert person.city == cities.bristol
    assert person.city_status == Person.CityStatus.REQUESTED and not person.is_city_staff
    assert list(people.requests_for(cities.bristol)) == [person]


def test_signup_needs_a_display_name_and_a_listed_city(client, cities):
    response = client.post(SIGNUP, signup_data(display_name="", city="999999"))
    content = response.content.decode()
    assert "Say how others should see your name." in content
    assert "Choose a city from the list." in content
    assert not mail.outbox
