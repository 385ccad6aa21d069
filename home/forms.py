"""Account forms: Django's, without autofocus, so the skip link stays the first stop."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm


def _without_autofocus(form):
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_autofocus(self)


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        help_text="Used only to reach you about workshops you join; never shown to others."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_autofocus(self)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email address already exists. Sign in instead."
            )
        return email


class ContactCityForm(forms.Form):
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
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    HONEYPOT = "website"

    def is_spam(self):
        return bool(self.cleaned_data.get(self.HONEYPOT))


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your answer",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write your answer before sending it."},
    )
