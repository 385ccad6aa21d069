"""The guard every browser test runs under: it must notice what it promises to notice."""

import pytest
from playwright.sync_api import Error as PlaywrightError


def take_problems(watch):
    problems, watch.problems = list(watch.problems), []
    return problems


def test_live_server_serves_pages_and_static_files(page, demo_site):
    response = page.goto(demo_site.cities)
    assert response.status == 200
    policy = [part.strip() for part in response.headers["content-security-policy"].split(";")]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    stylesheet = page.request.get("/static/css/site.css")
    assert stylesheet.ok and "--brand" in stylesheet.text()


def test_requests_to_other_hosts_are_blocked_and_reported(page, browser_watch):
    with pytest.raises(PlaywrightError):
        page.goto("https://cdn.example.org/library.js")
    assert "request to another host: https://cdn.example.org/library.js" in take_problems(
        browser_watch
    )


def test_inline_scripts_are_refused_by_the_policy_and_reported(page, browser_watch, demo_site):
    page.goto(demo_site.home)
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.injected = true';
            document.body.append(script);
        }"""
    )
    assert page.evaluate("() => window.injected") is None
    problems = take_problems(browser_watch)
    assert any("Content Security Policy" in problem for problem in problems), problems


def test_uncaught_errors_and_console_errors_are_reported(page, browser_watch, demo_site):
    page.goto(demo_site.home)
    page.evaluate("() => { console.error('something broke'); }")
    page.evaluate("() => { setTimeout(() => { throw new Error('unhandled'); }); }")
    page.wait_for_timeout(100)
    problems = take_problems(browser_watch)
    assert any("console error" in p and "something broke" in p for p in problems), problems
    assert any("uncaught error" in p and "unhandled" in p for p in problems), problems


def test_expected_console_errors_can_be_allowed(page, browser_watch, demo_site):
    browser_watch.allow_console(r"^planned disconnect")
    page.goto(demo_site.home)
    page.evaluate("() => console.error('planned disconnect for the test')")
    assert browser_watch.problems == []
