"""The partner finder's form: choose a city, or describe yourself."""

from django import forms
from django_countries import countries

from core import visibility
from hub.models import CityProfilePage, Maturity, Topic

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
        help_text="Choose your city if it has a profile on TwinHub.",
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
    )
    country = forms.ChoiceField(
        choices=[("", "—")] + list(countries), required=False, label="Your country"
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

    def clean(self):
        cleaned = super().clean()
        described = cleaned.get("needs") or cleaned.get("offers")
        if cleaned.get("city") and (described or cleaned.get("maturity") or cleaned.get("country")):
            raise forms.ValidationError(
                "Choose your city or describe it, not both: clear the city to use your description."
            )
        if not cleaned.get("city"):
            if not described:
                raise forms.ValidationError(
                    "Choose your city, or tick at least one topic you want to learn or can share."
                )
            if not cleaned.get("maturity"):
                self.add_error("maturity", "Say how far along your city is.")
            if not cleaned.get("country"):
                self.add_error("country", "Choose your country.")
        return cleaned
