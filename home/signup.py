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

The link carries the username, the address, what others will see of the person (display
name, organisation, role), the city they say they work for and where to go afterwards,
signed with the site's secret key, so nothing is stored until the owner of the address
opens it. The account is then created with its `Person`, and the city becomes a request
to join its staff that the city's publishers or an editor decide (`home.people`).
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
    display_name: str = ""
    organisation: str = ""
    role: str = ""
    city_id: int | None = None


def finish_path(pending):
    """The path that finishes `pending`, signed and timestamped."""
    token = signing.dumps(
        {
            "u": pending.username,
            "e": pending.email,
            "n": pending.next_url,
            "d": pending.display_name,
            "o": pending.organisation,
            "r": pending.role,
            "c": pending.city_id,
        },
        salt=_SALT,
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
    return PendingSignup(
        username=data["u"],
        email=data["e"],
        next_url=data["n"],
        display_name=data.get("d", ""),
        organisation=data.get("o", ""),
        role=data.get("r", ""),
        city_id=data.get("c"),
    )


def create_account(pending, password):
    """The account a confirmed signup asked for, with what others see of the person and,
    if a city was named, a request to join its staff. Returns (user, city or None)."""
    from hub.models import CityProfilePage

    from . import people

    user = get_user_model()(username=pending.username, email=pending.email)
    user.set_password(password)
    user.save()
    people.save_person(
        user,
        display_name=pending.display_name or pending.username,
        organisation=pending.organisation,
        role=pending.role,
    )
    city = None
    if pending.city_id:
        city = CityProfilePage.objects.live().public().filter(pk=pending.city_id).first()
        if city is not None:
            people.request_city(user, city)
    return user, city


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
