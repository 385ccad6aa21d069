"""Signing up without telling anyone which accounts exist.

Whoever fills in the signup form gets the same answer, "check your email", and exactly
one email goes to the address given:

- no account uses the address or the username: a link to choose a password and finish
  (`finish_link`), valid for `LINK_DAYS`; the account is created only then, so an
  unconfirmed signup holds no username and no address;
- an account already uses the address: a note to its owner with their username, a
  sign-in link and a password reset link;
- the username is taken by an account with another address: a note asking to choose
  another (only the owner of the address given reads it).

The link carries the username, the address and where to go afterwards, signed with the
site's secret key, so nothing is stored until the owner of the address opens it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

LINK_DAYS = 3
_SALT = "home.signup"


@dataclass(frozen=True)
class PendingSignup:
    username: str
    email: str
    next_url: str


def finish_path(pending):
    """The path that finishes `pending`, signed and timestamped."""
    token = signing.dumps(
        {"u": pending.username, "e": pending.email, "n": pending.next_url}, salt=_SALT
    )
    return reverse("signup_finish", args=[token])


def finish_link(request, pending):
    return request.build_absolute_uri(finish_path(pending))


def read_link(token):
    """The `PendingSignup` a link's token carries, or None if it is forged or expired."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=LINK_DAYS * 24 * 3600)
    except signing.BadSignature:  # SignatureExpired too
        return None
    return PendingSignup(username=data["u"], email=data["e"], next_url=data["n"])


def accounts_with_email(email):
    return get_user_model().objects.filter(email__iexact=email)


def username_taken(username):
    User = get_user_model()
    return User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).exists()


def request_account(request, pending):
    """Send the one email that answers a signup (see the module's docstring)."""
    existing = list(accounts_with_email(pending.email))
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "username": pending.username,
        "link_days": LINK_DAYS,
        "login_url": request.build_absolute_uri(reverse("login")),
        "password_reset_url": request.build_absolute_uri(reverse("password_reset")),
        "signup_url": request.build_absolute_uri(reverse("signup")),
    }
    if existing:
        template = "registration/signup_email_existing_account.txt"
        context["usernames"] = [user.get_username() for user in existing]
    elif username_taken(pending.username):
        template = "registration/signup_email_username_taken.txt"
    else:
        template = "registration/signup_email_finish.txt"
        context["finish_url"] = finish_link(request, pending)
    subject = f"Your {settings.WAGTAIL_SITE_NAME} account"
    send_mail(subject, render_to_string(template, context), None, [pending.email])
