"""Signing up, in and out: what a workshop participant goes through at /accounts/."""

import pytest
from django.contrib.auth import get_user_model

User = get_user_model()

SIGNUP = "/accounts/signup/"
PASSWORD = "grey-heron-harbour-42"


def signup_data(**overrides):
    data = {
        "username": "ana.officer",
        "email": "ana@city.example",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_signup_page_shows_the_form(client, db):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Create an account</h1>" in content
    for name in ("username", "email", "password1", "password2"):
        assert f'name="{name}"' in content
    assert 'for="id_email"' in content


def test_signup_creates_the_account_signs_in_and_follows_next(client, db):
    response = client.post(SIGNUP, signup_data(next="/workshops/"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/workshops/"
    user = User.objects.get(username="ana.officer")
    assert user.email == "ana@city.example"
    assert user.check_password(PASSWORD)
    assert not user.is_staff
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_refuses_a_next_url_on_another_site(client, db):
    response = client.post(SIGNUP, signup_data(next="https://evil.example/"))
    assert response.headers["Location"] == "/"


def test_signup_welcome_message_is_shown_after_the_redirect(client, db):
    response = client.post(SIGNUP, signup_data(), follow=True)
    assert "Welcome, ana.officer. Your account is ready." in response.content.decode()
    assert "Signed in as <strong>ana.officer</strong>" in response.content.decode()


def test_duplicate_username_is_refused_with_a_message(client, db):
    User.objects.create_user("ana.officer", "other@city.example", "x")
    response = client.post(SIGNUP, signup_data(username="Ana.Officer", email="new@city.example"))
    assert response.status_code == 200
    assert "A user with that username already exists." in response.content.decode()
    assert User.objects.count() == 1
    assert "_auth_user_id" not in client.session


def test_duplicate_email_is_refused_with_a_message(client, db):
    User.objects.create_user("someone", "ana@city.example", "x")
    response = client.post(SIGNUP, signup_data(email="ANA@city.example"))
    assert "An account with this email address already exists." in response.content.decode()
    assert User.objects.count() == 1


def test_password_mismatch_is_refused_and_nothing_is_stored(client, db):
    response = client.post(SIGNUP, signup_data(password2="another-password-entirely"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Please correct the following" in content
    assert "The two password fields didn’t match." in content
    # The error is tied to its field for screen readers.
    assert 'aria-invalid="true"' in content
    assert not User.objects.exists()
    # Passwords are never sent back to the browser.
    assert PASSWORD not in content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "Enter a valid email address."),
        ("email", "", "This field is required."),
        ("username", "", "This field is required."),
    ],
)
def test_missing_or_malformed_fields_are_refused(client, db, field, value, message):
    response = client.post(SIGNUP, signup_data(**{field: value}))
    assert message in response.content.decode()
    assert not User.objects.exists()


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

    wrong = client.post("/accounts/login/", {"username": "ana", "password": "nope"})
    assert wrong.status_code == 200
    assert "Please enter a correct username and password" in wrong.content.decode()

    response = client.post(
        "/accounts/login/", {"username": "ana", "password": PASSWORD, "next": "/cities/"}
    )
    assert response.headers["Location"] == "/cities/"
    assert "_auth_user_id" in client.session

    assert client.get("/accounts/logout/").status_code == 405  # only POST signs out
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
