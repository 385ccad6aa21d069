"""Registering for a webinar, and the page behind every email's link: see or cancel."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from hub.models import WebinarPage

from . import services
from .forms import RegistrationForm
from .models import Registration

REGISTER_RATE = "10/h"  # per address and per IP: a person registers a few colleagues at most


MAX_ID = 2**63 - 1  # a larger number names no row, and the database cannot compare it


def _webinar(request, webinar_id):
    if webinar_id > MAX_ID:
        raise Http404("No published webinar has this number.")
    webinar = WebinarPage.objects.listable(request).filter(pk=webinar_id).first()
    if webinar is None:
        raise Http404("No published webinar has this number.")
    return webinar


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=REGISTER_RATE, method="POST", block=False)
@ratelimit(key="post:registration-email", rate=REGISTER_RATE, method="POST", block=False)
def register(request, webinar_id):
    webinar = _webinar(request, webinar_id)
    if not (webinar.is_ahead and webinar.registers_here):
        return render(request, "registrations/closed.html", {"webinar": webinar}, status=410)
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.add_error(
                None,
                "Several registrations came from you in the last hour. Nothing was saved this "
                "time: wait an hour and register again.",
            )
            status = 429
        elif form.is_valid():
            if form.is_spam():
                return render(request, "registrations/sent_again.html", {"webinar": webinar})
            data = form.cleaned_data
            outcome = services.register(
                webinar,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                city=data["city"],
                request=request,
            )
            if not outcome.created:
                return render(request, "registrations/sent_again.html", {"webinar": webinar})
            return redirect(outcome.registration.get_absolute_url() + "?new=1")
        else:
            status = 400
    context = {
        "webinar": webinar,
        "form": form,
        "seats_left": services.seats_left(webinar),
        "retention_days": settings.WEBINAR_REGISTRATION_RETENTION_DAYS,
    }
    return render(request, "registrations/register.html", context, status=status)


@require_http_methods(["GET", "POST"])
def manage(request, token):
    """The registration's own page, opened from its emails without signing in; cancelling
    is a POST, so a mail program that opens links ahead of time cancels nothing."""
    registration = get_object_or_404(Registration.objects.select_related("webinar"), token=token)
    cancelled_now = False
    if request.method == "POST" and request.POST.get("action") == "cancel":
        services.cancel(registration, request)
        registration.refresh_from_db()
        cancelled_now = True
    context = {
        "registration": registration,
        "webinar": registration.webinar,
        "new": request.GET.get("new") == "1" and not cancelled_now,
        "cancelled_now": cancelled_now,
        "waiting_position": _waiting_position(registration),
    }
    return render(request, "registrations/manage.html", context)


def _waiting_position(registration):
    if not registration.is_waiting:
        return None
    ahead = (
        Registration.objects.filter(webinar=registration.webinar)
        .waiting()
        .filter(created__lt=registration.created)
        .count()
    )
    return ahead + 1
