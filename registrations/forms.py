from django import forms

from core.forms import HoneypotForm, PlainTextInputMixin


class RegistrationForm(PlainTextInputMixin, HoneypotForm):
    """Register for a webinar. The honeypot field is hidden from people; bots fill it."""

    name = forms.CharField(
        label="Your name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Give your name: the speakers see who is coming."},
    )
    organisation = forms.CharField(
        label="Your organisation (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    city = forms.CharField(
        label="Your city (optional)",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    email = forms.EmailField(
        label="Your email address",
        help_text="The confirmation, the calendar file and a reminder the day before come here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Give your email address: the confirmation is sent there.",
            "invalid": "This does not look like an email address, such as name@city.example.",
        },
    )

    def __init__(self, *args, prefix="registration", **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
