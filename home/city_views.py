"""Writing to a city, and the city's page of what was sent to it, for its staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django_ratelimit.decorators import ratelimit
from wagtail import hooks

from core import visibility

from . import messages as city_messages
from . import people
from .forms import ContactCityForm, ReplyForm
from .models import CityMessage

CONTACT_RATE = "5/h"  # per address and per IP: enough for a person, too few for a spammer


def _visible_city(request, slug=None, pk=None):
    from hub.models import CityProfilePage

    cities = visibility.visible(CityProfilePage.objects.live(), request)
    found = cities.filter(slug=slug) if slug is not None else cities.filter(pk=pk)
    city = found.first()
    if city is None:
        raise Http404("No published city has this address.")
    return city


@ratelimit(key="ip", rate=CONTACT_RATE, method="POST", block=False)
@ratelimit(key="post:email", rate=CONTACT_RATE, method="POST", block=False)
def contact_city(request, slug):
    """Write to a city's staff; the form is the `contact_city_form` component."""
    city = _visible_city(request, slug=slug)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": people.display_name(request.user), "email": request.user.email}
    subject = request.GET.get("subject", "")[:150]
    if subject:
        initial["subject"] = subject
    form = ContactCityForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.add_error(
                None,
                "You have sent several messages in the last hour. Nothing was sent this "
                "time: wait an hour and send it again.",
            )
            status = 429
        elif form.is_valid():
            if not form.is_spam():
                message = city_messages.send_to_city(
                    city,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    sender=request.user,
                )
                request.session["contact_sent"] = message.delivered_to
            else:
                request.session["contact_sent"] = CityMessage.Delivery.STAFF
            return redirect("contact_city_sent", slug=city.slug)
        else:
            status = 400
    return render(request, "home/contact_city.html", {"city": city, "form": form}, status=status)


def contact_city_sent(request, slug):
    city = _visible_city(request, slug=slug)
    delivered = request.session.pop("contact_sent", None)
    if delivered is None:
        return redirect("contact_city", slug=city.slug)
    return render(
        request,
        "home/contact_city_sent.html",
        {"city": city, "to_managers": delivered == CityMessage.Delivery.MANAGERS},
    )


@login_required
def city_inbox(request, city_id=None):
    """What was sent to a city, for its staff (and the hub's managers) to answer."""
    if city_id is None:
        city = people.staff_city(request.user)
        if city is None:
            return render(request, "home/city_inbox_none.html", status=200)
    else:
        city = _visible_city(request, pk=city_id)
    if not people.may_answer_for(request.user, city):
        raise PermissionDenied
    if request.method == "POST":
        message = get_object_or_404(CityMessage, pk=request.POST.get("message"), city=city)
        form = ReplyForm(request.POST, prefix=f"reply-{message.pk}")
        if form.is_valid():
            try:
                city_messages.reply(message, request.user, form.cleaned_data["body"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, f"Your answer to {message.sender_name} is on its way by email."
                )
                return redirect(request.path)
        else:
            messages.error(request, "Write your answer before sending it.")
    received = list(
        CityMessage.objects.filter(city=city).prefetch_related("replies__author__person")[:50]
    )
    rows = [(m, ReplyForm(prefix=f"reply-{m.pk}")) for m in received]
    sections = mark_safe(  # noqa: S308 (each part is escaped unless already safe)
        "".join(
            conditional_escape(section(request, city))
            for section in hooks.get_hooks("city_inbox_sections")
        )
    )
    return render(
        request,
        "home/city_inbox.html",
        {"city": city, "rows": rows, "sections": sections, "staff": people.city_staff(city)},
    )
