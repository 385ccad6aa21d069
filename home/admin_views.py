"""Who works for which city, decided in the Wagtail admin by editors and city publishers."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from hub.models import CityProfilePage

from . import people
from .models import Person


class AddColleagueForm(forms.Form):
    account = forms.CharField(
        label="Username or email address of their TwinHub account", max_length=254
    )

    def clean_account(self):
        value = self.cleaned_data["account"].strip()
        users = get_user_model().objects.filter(
            Q(username__iexact=value) | Q(email__iexact=value), is_active=True
        )
        found = list(users[:2])
        if len(found) != 1:
            raise ValidationError(
                "No single TwinHub account has that username or email address. Ask your "
                "colleague to create an account first, then add them here."
            )
        return found[0]


@require_http_methods(["GET", "POST"])
def city_staff(request, city_id):
    city = get_object_or_404(CityProfilePage.objects.defer_streamfields(), pk=city_id)
    if not people.may_confirm_staff(request.user, city):
        raise PermissionDenied
    form = AddColleagueForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                if form.is_valid():
                    person = people.add_staff(form.cleaned_data["account"], city, request.user)
                    messages.success(
                        request, f"{person.display_name} is now staff of {city.title}."
                    )
                    return redirect(request.path)
            else:
                person = get_object_or_404(Person, pk=request.POST.get("person"), city=city)
                if action == "confirm":
                    people.confirm_staff(person, request.user)
                    messages.success(
                        request, f"{person.display_name} is now staff of {city.title}."
                    )
                elif action in ("decline", "remove"):
                    people.decline_staff(person, request.user)
                    messages.success(
                        request, f"{person.display_name} is no longer with {city.title}."
                    )
                else:
                    messages.error(request, "Unknown action.")
                return redirect(request.path)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
    staff = (
        Person.objects.filter(city=city)
        .select_related("user")
        .order_by("city_status", "display_name")
    )
    return TemplateResponse(
        request,
        "home/admin/city_staff.html",
        {
            "city": city,
            "page_title": f"Staff of {city.title}",
            "header_icon": "group",
            "requests": [p for p in staff if p.city_status == Person.CityStatus.REQUESTED],
            "confirmed": [p for p in staff if p.city_status == Person.CityStatus.CONFIRMED],
            "form": form,
        },
    )
