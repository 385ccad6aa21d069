"""The application form: what a city tells a programme when it applies to join.

The fields are fixed, not built by editors, because conversion into a city profile
relies on them. Names must be plain text; long text may not contain HTML tags.
Control characters are stripped (`core.forms`); everything else is stored as typed and
always shown escaped.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django_countries.fields import CountryField
from wagtail.contrib.forms.forms import BaseForm

from core.forms import PlainTextInputMixin
from hub.models import Maturity, Topic

MOTIVATION_MAX_LENGTH = 5_000
POPULATION_MAX = 100_000_000

# A tag such as <p>, </div>, <script src=...> or <!-- -->; a lone "<" in "emissions < 2 t" is fine.
HTML_TAG = re.compile(r"<\s*/?\s*[a-z!?][^>]*>", re.IGNORECASE)


def reject_angle_brackets(value):
    if "<" in value or ">" in value:
        raise ValidationError(
            "Use plain text: the characters < and > are not allowed here.", code="markup"
        )


def reject_html_tags(value):
    if HTML_TAG.search(value):
        raise ValidationError(
            "Write plain text without HTML tags such as <p> or <script>.", code="markup"
        )


def topic_choices():
    """Topic slugs grouped by domain, in the vocabulary's order, in one query."""
    groups = {}
    for topic in Topic.objects.select_related("domain"):
        groups.setdefault(topic.domain.name, []).append((topic.slug, topic.name))
    return list(groups.items())


class ApplicationForm(PlainTextInputMixin, BaseForm):
    city = forms.CharField(
        label="City",
        max_length=100,
        validators=[reject_angle_brackets],
        error_messages={"required": "Enter the name of your city."},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    country = CountryField(blank_label="Choose a country").formfield(
        label="Country",
        error_messages={
            "required": "Choose the country your city is in.",
            "invalid_choice": "Choose a country from the list.",
        },
    )
    contact_name = forms.CharField(
        label="Contact person",
        max_length=200,
        help_text="The person we should write to about this application.",
        validators=[reject_angle_brackets],
        error_messages={"required": "Enter the name of a contact person."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label="Contact email",
        max_length=254,
        error_messages={
            "required": "Enter the contact person's email address.",
            "invalid": "Enter an email address in the form name@example.org.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    population = forms.IntegerField(
        label="Population",
        min_value=1,
        max_value=POPULATION_MAX,
        help_text="Inhabitants of the city, as a whole number.",
        error_messages={
            "required": "Enter your city's population.",
            "invalid": "Enter the population as a whole number, such as 250000.",
            "min_value": "Enter a population of at least 1.",
            "max_value": "Enter a population of at most 100,000,000.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    target_year = forms.IntegerField(
        label="Climate-neutrality target year",
        required=False,
        min_value=2025,
        max_value=2070,
        help_text="The year your city aims to be climate neutral, such as 2040.",
        error_messages={
            "invalid": "Enter the target year as four digits, such as 2040.",
            "min_value": "Enter a year from 2025 on.",
            "max_value": "Enter a year no later than 2070.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    maturity = forms.ChoiceField(
        label="How far along is your city?",
        choices=[("", "Choose a level")] + Maturity.choices,
        help_text=(
            "Exploring: looking at options. Planning: projects designed and funded. "
            "Piloting: first projects running. Scaling: rolling out city-wide."
        ),
        error_messages={
            "required": "Choose how far along your city is.",
            "invalid_choice": "Choose one of the four levels.",
        },
    )
    needs = forms.MultipleChoiceField(
        label="What your city wants to learn",
        help_text="Choose at least one topic.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one topic your city wants to learn about.",
            "invalid_choice": "%(value)s is not one of the hub's topics.",
        },
    )
    offers = forms.MultipleChoiceField(
        label="What your city can share",
        help_text="Optional: topics where your city has experience to pass on.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "%(value)s is not one of the hub's topics."},
    )
    motivation = forms.CharField(
        label="Why does your city want to take part?",
        max_length=MOTIVATION_MAX_LENGTH,
        help_text=f"Plain text, at most {MOTIVATION_MAX_LENGTH:,} characters.",
        validators=[reject_html_tags],
        error_messages={
            "required": "Tell us why your city wants to take part.",
            "max_length": (
                "Keep your motivation to %(limit_value)s characters or fewer "
                "(it has %(show_value)s)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 8, "data-topic-suggest": "needs"}),
    )
    consent = forms.BooleanField(
        label=(
            "I agree that TwinHub stores the information in this form to assess the "
            "application and to contact us about it."
        ),
        error_messages={
            "required": "Tick the consent box: we cannot store the application otherwise."
        },
    )
    send_anyway = forms.BooleanField(
        label="Send the application anyway: the programme team will look at it.",
        required=False,
    )
    # Honeypot: hidden from people, filled in by bots that complete every field.
    fax_number = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    HONEYPOT = "fax_number"
    TOPIC_FIELDS = ("needs", "offers")
    # Short names for the error summary and the submissions table and export.
    SHORT_LABELS = {
        "city": "City",
        "country": "Country",
        "contact_name": "Contact name",
        "contact_email": "Contact email",
        "population": "Population",
        "target_year": "Target year",
        "maturity": "Maturity",
        "needs": "Needs",
        "offers": "Offers",
        "motivation": "Motivation",
        "consent": "Consent to store data",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = topic_choices()
        for name in self.TOPIC_FIELDS:
            self.fields[name].choices = choices
        self.is_spam = False
        self.rule_failures = []

    @classmethod
    def data_fields(cls):
        """(name, label) of every stored field, in form order."""
        return list(cls.SHORT_LABELS.items())

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.pop(self.HONEYPOT, ""):
            self.is_spam = True
        self.check_rules(cleaned_data)
        return cleaned_data

    @property
    def only_rule_errors(self):
        """Whether the call's rules are all that stops the application."""
        return bool(self.rule_failures) and not any(self.errors.get(name) for name in self.fields)

    def check_rules(self, cleaned_data):
        """The call's eligibility rules, before anything is stored: each one the city
        fails is said in words, and the applicant may still send the application."""
        call = self.page
        if call is None or not hasattr(call, "rule_failures"):
            return
        if not {"city", "country"} <= set(cleaned_data):
            return  # the fields' own errors come first
        self.rule_failures = call.rule_failures(cleaned_data)
        if self.rule_failures and not cleaned_data.get("send_anyway"):
            raise ValidationError(
                [
                    ValidationError("%(reason)s", code="rule", params={"reason": found.reason})
                    for found in self.rule_failures
                ]
            )

    def full_clean(self):
        super().full_clean()
        # Point each invalid input at its error message, and at its help text if any.
        for name in self.errors:
            if name not in self.fields or name in self.TOPIC_FIELDS:
                continue
            bound = self[name]
            described_by = [f"{bound.auto_id}_error"]
            if bound.help_text:
                described_by.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described_by)

    def submission_data(self):
        """What is stored in the FormSubmission: JSON-friendly, topics as slugs."""
        return {name: self.cleaned_data[name] for name, _label in self.data_fields()}

    def error_anchor(self, name):
        """The element the error summary links to: the input, or the topic fieldset."""
        if name in self.TOPIC_FIELDS:
            return f"field-{name}"
        return self[name].id_for_label

    def error_summary(self):
        """(anchor, message) for every error, in form order."""
        # The rules an application fails link to their list, beside "Send anyway".
        anchor = "rule-failures" if self.rule_failures else ""
        summary = [(anchor, error) for error in self.non_field_errors()]
        for name in self.fields:
            for error in self.errors.get(name, []):
                label = self.SHORT_LABELS.get(name, name)
                summary.append((self.error_anchor(name), f"{label}: {error}"))
        return summary

    def topic_groups(self, name):
        """The checkboxes of a topic field, as (domain, [checkbox]) in vocabulary order."""
        checkboxes = {widget.data["value"]: widget for widget in self[name].subwidgets}
        return [
            (domain, [checkboxes[slug] for slug, _label in options])
            for domain, options in self.fields[name].choices
        ]

    @property
    def need_groups(self):
        return self.topic_groups("needs")

    @property
    def offer_groups(self):
        return self.topic_groups("offers")


class RoundChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, joined=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.joined = set(joined)

    def label_from_instance(self, obj):
        return f"{obj.name} (already an applicant)" if obj.pk in self.joined else obj.name


class MatchingRoundChoiceForm(forms.Form):
    """The matching round a converted city joins as an applicant, on the conversion page."""

    def __init__(self, *args, rounds, joined=(), required=False, **kwargs):
        """`rounds`: the rounds of the application's programme; `joined`: ids of those the
        city is already an applicant of."""
        super().__init__(*args, **kwargs)
        self.fields["matching_round"] = RoundChoiceField(
            queryset=rounds,
            joined=joined,
            required=required,
            empty_label=None if required else "No round",
            label="Add the city to a matching round as an applicant",
            help_text="Only the rounds of this application's programme are listed.",
            error_messages={
                "invalid_choice": "Choose one of the matching rounds of this programme.",
                "required": "Choose the matching round to add the city to.",
            },
        )
