"""The privacy page, a person's download of their data, and deleting an account.

What is kept, why and for how long comes from `core.personal_data`, where each app
registers its personal data, and the periods from `PERSONAL_DATA_RETENTION_DAYS`.
"""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from core import personal_data


def privacy(request):
    return render(request, "home/privacy.html", {"kinds": personal_data.kinds()})


@login_required
def my_data(request):
    """Everything the site keeps about the signed-in person, as a JSON download."""
    data = {
        "site": request.get_host(),
        "exported": timezone.now().isoformat(),
        **personal_data.export_for(request.user),
    }
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-twinhub-data.json"'
    return response


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to delete your account."},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        with transaction.atomic():
            logout(request)
            user.delete()  # what outlives the account is attributed to no one (see kinds)
        messages.success(request, "Your account is deleted.")
        return redirect("privacy")
    kept = [kind for kind in personal_data.kinds() if kind.kept]
    return render(request, "home/delete_account.html", {"form": form, "kept": kept})
