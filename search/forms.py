"""The search form: reads the query string leniently.

Unknown filter values are dropped (and listed in `ignored`) rather than failing the search;
a value may be given several times or comma-separated, as in the Wagtail API.

The known values of each filter are sets built once per process (topics once per version
of the vocabulary), not choice lists normalised again for every request: the form is never
rendered as widgets, only read.
"""

from functools import cache as memoise

from django import forms
from django_countries import countries

from hub.models import EndUse, Topic
from hub.models.topics import topic_choices

from .catalogue import searchable_models, type_label
from .query import SearchOptions, model_for_label
from .text import clean_query


class KnownChoicesField(forms.MultipleChoiceField):
    """A multiple choice that keeps the known values (`known()`, a set) and sets the
    unknown ones aside."""

    def __init__(self, *args, known, normalise=str, **kwargs):
        self.known = known
        self.normalise = normalise
        super().__init__(*args, required=False, **kwargs)

    def valid_value(self, value):
        return value in self.known()

    def clean(self, value):
        values = []
        for item in self.to_python(value):
            values.extend(part.strip() for part in item.split(","))
        known, self.ignored = [], []
        for item in dict.fromkeys(filter(None, values)):
            normalised = self.normalise(item)
            if self.valid_value(normalised):
                known.append(normalised)
            else:
                self.ignored.append(clean_query(item).text[:60])
        return known


class QueryField(forms.Field):
    """The text query as typed. `HubSearch` cleans it, once (`text.clean_query`); unlike a
    CharField, nothing here refuses it (a NUL is dropped there, not an error here)."""

    widget = forms.TextInput

    def to_python(self, value):
        return "" if value in self.empty_values else str(value)


def _type_value(value):
    model = model_for_label(value)
    return type_label(model) if model else value


@memoise
def _type_labels():
    return frozenset(type_label(model) for model in searchable_models())


@memoise
def _country_codes():
    return frozenset(code for code, _name in countries)


@memoise
def _applications():
    return frozenset(EndUse.values)


def _topic_slugs():
    return frozenset(slug for slug, _name in topic_choices())


class SearchForm(forms.Form):
    q = QueryField(required=False, label="Search the hub")
    type = KnownChoicesField(label="Type", known=_type_labels, normalise=_type_value)
    topic = KnownChoicesField(label="Topic", known=_topic_slugs, normalise=str.lower)
    country = KnownChoicesField(label="Country", known=_country_codes, normalise=str.upper)
    application = KnownChoicesField(label="Application", known=_applications, normalise=str.lower)

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)

    @property
    def ignored(self):
        """The filter values that were not understood, by field."""
        return {
            name: self.fields[name].ignored
            for name in ("type", "topic", "country", "application")
            if getattr(self.fields[name], "ignored", None)
        }

    def options(self):
        """SearchOptions for the cleaned form. The form is always valid."""
        self.is_valid()
        data = self.cleaned_data
        topics = list(Topic.objects.filter(slug__in=data.get("topic", [])))
        return SearchOptions(
            query=data.get("q", ""),
            types=[model_for_label(label) for label in data.get("type", [])],
            topics=topics,
            countries=data.get("country", []),
            applications=data.get("application", []),
        )
