"""The partner finder's form: choose a city, or describe yourself."""

from django import forms
from django_countries import countries

from core import visibility
from hub.models import CityProfilePage, Maturity, Topic

from .engine.kinds import KINDS
from .models import ProgrammePage


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PartnerFinderForm(forms.Form):
    city = forms.ModelChoiceField(
        queryset=CityProfilePage.objects.live().order_by("title"),
        to_field_name="slug",
        required=False,
        empty_label="— describe my city instead —",
        label="Your city",
        help_text="Choose your city if it has a profile on TwinHub.",
    )
    name = forms.CharField(
        required=False,
        max_length=100,
        label="Your city's name (optional)",
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    text = forms.CharField(
        required=False,
        max_length=2000,
        label="Your challenge, in your own words",
        help_text="For example “We want our buses to run on hydrogen but do not know "
        "which permits a refuelling station needs.” We suggest topics as you type, and "
        "add them to what you want to learn.",
        widget=forms.Textarea(attrs={"rows": 4, "data-topic-suggest": "needs"}),
    )
    needs = TopicChoiceField(
        queryset=Topic.objects.select_related("domain"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What you want to learn",
    )
    offers = TopicChoiceField(
        queryset=Topic.objects.select_related("domain"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What you can share",
    )
    maturity = forms.ChoiceField(
        choices=[("", "—")] + list(Maturity.choices),
        required=False,
        label="How far along you are",
        help_text="If you leave it, we take you to be planning.",
    )
    country = forms.ChoiceField(
        choices=[("", "—")] + list(countries), required=False, label="Your country"
    )
    population = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000_000,
        label="Population (optional)",
        help_text="Cities of a similar size score a little higher.",
    )
    latitude = forms.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        label="Latitude (optional)",
        help_text="Degrees north of the equator, negative to the south, such as 42.9: "
        "cities with a similar climate score a little higher.",
    )
    programme = forms.ModelChoiceField(
        queryset=ProgrammePage.objects.live().order_by("title"),
        to_field_name="slug",
        required=False,
        empty_label="Any programme",
        help_text="Apply a programme's rules, such as partners in another country.",
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the cities and programmes this visitor may open are offered (or accepted).
        for name in ("city", "programme"):
            field = self.fields[name]
            field.queryset = visibility.visible(field.queryset, request)
        # The city choice shows its partners at once (static/js/partner-finder.js).
        self.fields["city"].widget.attrs["data-submit-on-change"] = ""

    DESCRIPTION_FIELDS = ("name", "text", "needs", "offers", "maturity", "country", "population")

    def clean(self):
        cleaned = super().clean()
        described = cleaned.get("needs") or cleaned.get("offers") or cleaned.get("text")
        if cleaned.get("city") and any(cleaned.get(name) for name in self.DESCRIPTION_FIELDS):
            raise forms.ValidationError(
                "Choose your city or describe it, not both: clear the city to use your description."
            )
        if not cleaned.get("city") and not described and not self.errors:
            raise forms.ValidationError(
                "Choose your city, describe your challenge, or tick at least one topic you "
                "want to learn or can share."
            )
        return cleaned

    @property
    def describing(self):
        """Whether the visitor used the description (it opens when they did)."""
        return self.is_bound and any(self.data.get(name) for name in self.DESCRIPTION_FIELDS)

    def topic_groups(self, name):
        """The checkboxes of a topic field, as (domain, [checkbox]) in vocabulary order
        (the field's query brings each topic's domain along)."""
        groups = {}
        for checkbox in self[name].subwidgets:
            topic = checkbox.data["value"].instance
            groups.setdefault(topic.domain.name, []).append(checkbox)
        return list(groups.items())

    @property
    def need_groups(self):
        return self.topic_groups("needs")

    @property
    def offer_groups(self):
        return self.topic_groups("offers")


def _programmes(request):
    return visibility.visible(ProgrammePage.objects.live(), request).order_by("title")


class IntroductionForm(forms.Form):
    programme = forms.ModelChoiceField(
        queryset=ProgrammePage.objects.none(),
        to_field_name="slug",
        label="Which programme should introduce you",
        error_messages={"required": "Choose the programme that should introduce you."},
    )
    note = forms.CharField(
        label="Why you would like to meet",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say in a sentence or two why you would like to meet."},
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = _programmes(request)


class ProposalForm(forms.Form):
    programme = forms.ModelChoiceField(
        queryset=ProgrammePage.objects.none(),
        to_field_name="slug",
        label="In which programme",
        help_text="An accepted proposal becomes a draft partnership in this programme.",
        error_messages={"required": "Choose the programme the partnership belongs to."},
    )
    kind = forms.ChoiceField(
        label="What they would be to your city",
        choices=[(name, kind.label[:-1]) for name, kind in KINDS.items()],
        error_messages={"required": "Say whether they would mentor you, learn from you or twin."},
    )
    message = forms.CharField(
        label="What you would like to do together",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what you would like to do together."},
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = _programmes(request)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="A note with your answer (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(forms.Form):
    reason = forms.CharField(
        label="Why your city declines the pair (needed to decline)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
