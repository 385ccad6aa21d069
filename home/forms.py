"""Account forms: Django's, without autofocus so the skip link stays the first stop, and
with control characters stripped from what is typed (`core.forms`).

Signing up takes two forms: `SignupForm` asks for a username and an email address and
checks nothing about existing accounts (the answer must not say which exist, see
`home.signup`); `ChoosePasswordForm`, reached from the emailed link, sets the password.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
    UsernameField,
)

from core.forms import HoneypotForm, PlainTextInputMixin


def _without_autofocus(form):
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)


class LoginForm(PlainTextInputMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_autofocus(self)


class CityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.country.name})"


class SignupForm(PlainTextInputMixin, forms.Form):
    username = UsernameField(
        max_length=150,
        validators=get_user_model()._meta.get_field("username").validators,
        help_text="What you sign in with; others see your display name. Letters, digits and "
        "@ . + - _ only.",
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    email = forms.EmailField(
        help_text="We send a link to this address to finish creating your account. Used "
        "only to reach you about workshops you join; never shown to others.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        label="Display name",
        max_length=100,
        help_text="How others see you in rooms, workspaces and messages, such as “Ana Costa”.",
        error_messages={"required": "Say how others should see your name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label="Organisation (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.CharField(
        label="Job title or role (optional)",
        max_length=120,
        required=False,
        help_text="For example “Energy transition officer”.",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    city = CityChoiceField(
        label="The city you work for (optional)",
        queryset=None,
        required=False,
        empty_label="None, or my city is not listed",
        help_text="Its publishers or an editor confirm that you are on its staff; then you "
        "take part in its partnerships.",
        error_messages={"invalid_choice": "Choose a city from the list."},
    )

    def __init__(self, *args, **kwargs):
        from hub.models import CityProfilePage

        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = (
            CityProfilePage.objects.live().public().order_by("title").defer_streamfields()
        )


class ChoosePasswordForm(PlainTextInputMixin, SetPasswordForm):
    """Django's password form (both fields, the password validators) for an account that
    does not exist yet: `user` is unsaved, so the similarity check sees its username and
    address."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        _without_autofocus(self)
        self.fields["new_password1"].label = "Password"
        self.fields["new_password2"].label = "Password confirmation"


class ResetPasswordForm(PlainTextInputMixin, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_autofocus(self)


class ResetSetPasswordForm(PlainTextInputMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_autofocus(self)


class ContactCityForm(PlainTextInputMixin, HoneypotForm):
    """Write to a city's staff. The honeypot field is hidden from people; bots fill it."""

    name = forms.CharField(
        label="Your name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Say who you are, so the city knows whom it answers."},
    )
    email = forms.EmailField(
        label="Your email address",
        help_text="The city's answer comes here. It is shown to the city's staff only.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Give your email address: the answer is sent there.",
            "invalid": "This does not look like an email address, such as name@city.example.",
        },
    )
    organisation = forms.CharField(
        label="Your organisation (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    subject = forms.CharField(
        label="Subject",
        max_length=150,
        error_messages={"required": "Give your message a subject."},
    )
    body = forms.CharField(
        label="Your message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Write your message.",
            "max_length": (
                "Keep your message to %(limit_value)s characters (it has %(show_value)s)."
            ),
        },
    )


class ReplyForm(PlainTextInputMixin, forms.Form):
    body = forms.CharField(
        label="Your answer",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write your answer before sending it."},
    )
