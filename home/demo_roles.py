"""Demo accounts: an editor and the publishers of Bristol and Gabrovo.

Run by `load_demo` (DEMO_STEPS "home.demo_roles") after the hub's content exists.
Each account gets a random password when it is created, printed once, and only on a
development site (DEBUG) or when DEMO_SHOW_PASSWORDS=1 is set; elsewhere the account
has no usable password until someone runs `manage.py changepassword`.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.roles import EDITORS, REVIEW_WORKFLOW, add_city_publisher, setup_roles
from hub.models import CityProfilePage

DEMO_PUBLISHERS = [("bristol-publisher", "bristol"), ("gabrovo-publisher", "gabrovo")]
DEMO_EDITOR = "editor"


def show_passwords():
    return settings.DEBUG or os.environ.get("DEMO_SHOW_PASSWORDS", "") in {"1", "yes", "true"}


def get_or_create_account(username):
    """The user, and the login line to print: with the new password when it may be shown."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    if not created:
        return user, f"{username} (existing account; password unchanged)"
    if show_passwords():
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        return user, f"{username} / {password}"
    user.set_unusable_password()
    user.save()
    return user, f"{username} (set a password: python manage.py changepassword {username})"


def load(stdout, style):
    report = setup_roles()
    for warning in report.warnings:
        stdout.write(style.WARNING(warning))
    if report.total_created:
        stdout.write(
            f"Roles set up ({report.total_created} groups, permissions and workflow parts)."
        )
    else:
        stdout.write("Roles already set up.")

    logins = []
    editor, login = get_or_create_account(DEMO_EDITOR)
    editor.groups.add(Group.objects.get(name=EDITORS))
    logins.append(
        (
            login,
            f"an editor: approves or sends back what publishers submit to "
            f"“{REVIEW_WORKFLOW}” and publishes any page",
        )
    )

    for username, slug in DEMO_PUBLISHERS:
        city = CityProfilePage.objects.filter(slug=slug).first()
        if city is None:
            stdout.write(style.WARNING(f"No city “{slug}” in the demo; skipped {username}."))
            continue
        user, login = get_or_create_account(username)
        add_city_publisher(user, city)
        logins.append(
            (login, f"{city.title}'s publisher: edits it and its pages, submits them for review")
        )

    login_url = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/login/"
    stdout.write(style.SUCCESS(f"Demo accounts; log in at {login_url} as:"))
    for login, role in logins:
        stdout.write(f"  {login}  ({role})")
    if not show_passwords():
        stdout.write("Passwords are printed only on a DEBUG site or with DEMO_SHOW_PASSWORDS=1.")
