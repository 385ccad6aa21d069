"""Accounts: sign in and out with Django's views, sign up through an emailed link, reset
a password, and the page shown when too many sign-ins failed.

Signing up never says whether an account exists (`home.signup`). Sign-ins are counted by
django-axes (settings: `AXES_*`); after `AXES_FAILURE_LIMIT` failures for a username,
signing in to it, here or in the Wagtail admin, is refused for `AXES_COOLOFF_TIME`, and
`locked_out` says what to do. Resetting the password lifts the lock at once.
"""

from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters

from . import people
from .forms import ChoosePasswordForm, ResetPasswordForm, ResetSetPasswordForm, SignupForm
from .signup import (
    LINK_DAYS,
    PendingSignup,
    accounts_with_email,
    create_account,
    read_link,
    request_account,
    username_taken,
)


def _safe_next(request, candidate):
    """`candidate` when it stays on this site, the home page otherwise."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def _next_url(request):
    """Where to go after signing up: `next` from the form or the query string."""
    return _safe_next(request, request.POST.get("next") or request.GET.get("next") or "")


def signup(request):
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        city = form.cleaned_data["city"]
        pending = PendingSignup(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            next_url=next_url,
            display_name=form.cleaned_data["display_name"],
            organisation=form.cleaned_data["organisation"],
            role=form.cleaned_data["role"],
            city_id=city.pk if city else None,
        )
        request_account(request, pending)
        # The same answer whether or not an account exists: see home.signup.
        return redirect("signup_sent")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def signup_sent(request):
    return render(request, "registration/signup_sent.html", {"link_days": LINK_DAYS})


@sensitive_post_parameters("new_password1", "new_password2")
def signup_finish(request, token):
    pending = read_link(token)
    if pending is None:
        return render(request, "registration/signup_link_invalid.html", status=400)
    User = get_user_model()
    if username_taken(pending.username) or accounts_with_email(pending.email).exists():
        # Only the owner of the address has the link: telling them is no leak.
        return render(
            request, "registration/signup_link_used.html", {"pending": pending}, status=409
        )
    user = User(username=pending.username, email=pending.email)
    form = ChoosePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user, city = create_account(pending, form.cleaned_data["new_password1"])
        except IntegrityError:  # taken by another signup between the check and now
            return render(
                request, "registration/signup_link_used.html", {"pending": pending}, status=409
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        welcome = f"Welcome, {people.display_name(user)}. Your account is ready."
        if city is not None:
            welcome += (
                f" Your request to join {city.title}'s staff waits for its publishers or an "
                "editor to confirm it."
            )
        messages.success(request, welcome)
        return redirect(_safe_next(request, pending.next_url))
    return render(request, "registration/signup_finish.html", {"form": form, "pending": pending})


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers (HTTP 429) to a sign-in while its username is locked."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "password_reset_url": reverse("password_reset")}
    return render(request, "registration/locked_out.html", context, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetPasswordForm
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetSetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever can read the account's email may sign in again straight away.
        reset_sign_in_failures(username=form.user.get_username())
        return response
