"""The demo's accounts: printed once, usable at once, and created only once."""

import io
import re

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper
from django.core.management.color import no_style
from django.test import Client
from django.urls import reverse

from demo import builders, loader


def load():
    """Run the steps as load_demo does, with a command's output wrapper."""
    out = io.StringIO()
    steps = builders.steps("set_up_roles", "Demo accounts", "print_logins")
    loader.load(OutputWrapper(out), no_style(), steps)
    return out.getvalue()


def printed_passwords(output):
    return dict(re.findall(r"^  (\S+) / (\S+)  \(", output, flags=re.MULTILINE))


def test_demo_prints_a_login_for_each_account_on_a_debug_site(cities, settings):
    settings.DEBUG = True
    output = load()
    passwords = printed_passwords(output)
    # The staff of Aachen and Jyväskylä wait for their cities, which this site lacks.
    assert set(passwords) == {
        "editor",
        "bristol-publisher",
        "gabrovo-publisher",
        "facilitator",
        "programme-manager",
    }
    assert "http://testserver/admin/login/" in output
    assert "Bristol's publisher" in output

    browser = Client()
    assert browser.login(username="bristol-publisher", password=passwords["bristol-publisher"])
    assert (
        browser.get(reverse("wagtailadmin_pages:edit", args=[cities.bristol.pk])).status_code == 200
    )
    assert (
        browser.get(reverse("wagtailadmin_pages:edit", args=[cities.gabrovo.pk])).status_code == 302
    )

    editor = Client()
    assert editor.login(username="editor", password=passwords["editor"])
    assert (
        editor.get(reverse("wagtailadmin_pages:edit", args=[cities.gabrovo.pk])).status_code == 200
    )


def test_demo_twice_keeps_accounts_and_passwords(cities, settings):
    settings.DEBUG = True
    first = printed_passwords(load())
    second = load()
    assert printed_passwords(second) == {}
    assert "password unchanged" in second
    assert "Roles already set up." in second
    assert get_user_model().objects.count() == 5
    user = get_user_model().objects.get(username="gabrovo-publisher")
    assert user.check_password(first["gabrovo-publisher"])


def test_demo_hides_passwords_in_production(cities, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("DEMO_SHOW_PASSWORDS", raising=False)
    output = load()
    assert printed_passwords(output) == {}
    assert "changepassword bristol-publisher" in output
    assert not get_user_model().objects.get(username="editor").has_usable_password()


def test_demo_shows_passwords_when_told(cities, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("DEMO_SHOW_PASSWORDS", "1")
    assert len(printed_passwords(load())) == 5


def test_demo_skips_missing_cities(hub_tree, settings):
    settings.DEBUG = True
    output = load()
    assert "bristol-publisher: skipped, no city profile for bristol" in output
    assert "aachen-staff: skipped, no city profile for aachen" in output
    assert set(printed_passwords(output)) == {"editor", "facilitator", "programme-manager"}
