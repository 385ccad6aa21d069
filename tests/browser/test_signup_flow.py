"""Creating an account in the browser, as a workshop participant would."""

PASSWORD = "grey-heron-harbour-42"


def fill_signup(page, username, email, password, confirmation):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password confirmation").fill(confirmation)
    page.get_by_role("button", name="Create account").click()


def test_sign_up_returns_to_the_page_and_other_contexts_stay_signed_out(new_context, demo_site):
    ana = new_context().new_page()
    ana.goto(demo_site.cities)
    ana.get_by_role("link", name="Sign in").click()
    ana.get_by_role("link", name="Create an account").click()

    fill_signup(ana, "ana.browser", "ana@browser.example", PASSWORD, "not the same")
    summary = ana.get_by_role("alert")
    assert "The two password fields didn’t match." in summary.inner_text()
    # The summary links to the field that needs fixing.
    summary.get_by_role("link").click()
    assert ana.evaluate("() => document.activeElement.id") == "id_password2"

    fill_signup(ana, "ana.browser", "ana@browser.example", PASSWORD, PASSWORD)
    ana.wait_for_url(f"**{demo_site.cities}")
    assert "Signed in as ana.browser" in ana.locator(".site-account").inner_text()
    assert "Your account is ready" in ana.get_by_role("status").inner_text()

    ben = new_context().new_page()
    ben.goto(demo_site.cities)
    assert ben.get_by_role("link", name="Sign in").is_visible()

    ana.get_by_role("button", name="Sign out").click()
    ana.wait_for_load_state()
    assert ana.get_by_role("link", name="Sign in").is_visible()
