"""Creating an account and being paused after wrong passwords, in the browser, as a
workshop participant would.

The live server sends its emails in its own process, so the test builds the emailed
link with the function the email uses (`home.signup.finish_path`); what the email says
is tested in tests/home/test_accounts.py.
"""

import uuid

from django.contrib.auth import get_user_model

from home.signup import PendingSignup, finish_path

PASSWORD = "grey-heron-harbour-42"


def fill_signup(page, username, email):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill(f"Ana {username}")
    page.get_by_role("button", name="Create account").click()


def choose_password(page, password, confirmation):
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password confirmation").fill(confirmation)
    page.get_by_role("button", name="Finish creating my account").click()


def test_sign_up_returns_to_the_page_and_other_contexts_stay_signed_out(
    new_context, demo_site, live_url, committed_db
):
    username = f"ana-{uuid.uuid4().hex[:6]}"
    email = f"{username}@browser.example"
    ana = new_context().new_page()
    ana.goto(demo_site.cities)
    ana.get_by_role("link", name="Sign in").click()
    ana.get_by_role("link", name="Create an account").click()

    fill_signup(ana, username, email)
    ana.wait_for_url("**/accounts/signup/sent/")
    assert "Check your email" in ana.get_by_role("heading", level=1).inner_text()
    assert ana.get_by_role("status").filter(has_text="Open the link in it").count() == 1

    # The link the email holds, as the live server would write it.
    ana.goto(live_url + finish_path(PendingSignup(username, email, demo_site.cities)))
    assert username in ana.locator(".lead").inner_text()
    choose_password(ana, PASSWORD, "not the same")
    summary = ana.get_by_role("alert")
    assert "The two password fields didn’t match." in summary.inner_text()
    # The summary links to the field that needs fixing.
    summary.get_by_role("link").click()
    assert ana.evaluate("() => document.activeElement.id") == "id_new_password2"

    choose_password(ana, PASSWORD, PASSWORD)
    ana.wait_for_url(f"**{demo_site.cities}")
    assert f"Signed in as {username}" in ana.locator(".site-account").inner_text()
    assert ana.get_by_role("status").filter(has_text="Your account is ready").count() == 1

    ben = new_context().new_page()
    ben.goto(demo_site.cities)
    assert ben.get_by_role("link", name="Sign in").is_visible()

    ana.get_by_role("button", name="Sign out").click()
    ana.wait_for_load_state()
    assert ana.get_by_role("link", name="Sign in").is_visible()
    get_user_model().objects.filter(username=username).delete()


def test_wrong_passwords_pause_signing_in_and_the_page_says_what_to_do(
    page, live_url, committed_db, browser_watch
):
    # The pause page is answered with 429 Too Many Requests, which Chromium reports.
    browser_watch.allow_console(r"status of 429")
    username = f"ben-{uuid.uuid4().hex[:6]}"
    get_user_model().objects.create_user(username, f"{username}@browser.example", PASSWORD)
    page.goto(live_url + "/accounts/login/")
    for _ in range(4):
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("a wrong guess")
        page.get_by_role("button", name="Sign in").click()
        assert "Please enter a correct username and password" in (
            page.get_by_role("alert").inner_text()
        )
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a wrong guess")
    page.get_by_role("button", name="Sign in").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Signing in is paused"
    message = page.get_by_role("alert").inner_text()
    assert "too many wrong passwords" in message
    assert "paused for 15 minutes" in message
    page.get_by_role("link", name="reset your password").click()
    page.wait_for_url("**/accounts/password-reset/")
    assert page.get_by_role("heading", level=1).inner_text() == "Reset your password"
    get_user_model().objects.filter(username=username).delete()
