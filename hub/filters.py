"""Query-string filters for the index pages (django-filter).

Values are matched by stable identifiers: topic slugs, ISO country codes and
application keys. An unknown value makes only its own field invalid; the rest of
the filters still apply and the page shows what was ignored.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.db.models.signals import post_delete
from django_countries import countries
from django_filters.fields import ModelMultipleChoiceField
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.cache_versions import CacheVersion, PerProcess, retired
from core.visibility import RESTRICTIONS_VERSION
from hub.models import CityNeed, CityOffer, EndUse, Maturity, PageTopic, Topic
from hub.models.topics import topic_choices


def _topics():
    return Topic.objects.select_related("domain")


class TopicChoiceField(ModelMultipleChoiceField):
    """Topics chosen by slug; the form draws its (slug, name) choices from the process's
    copy of the vocabulary instead of querying and wrapping every topic on each form.
    What is chosen is still checked against the database."""

    choices = property(lambda self: topic_choices(), forms.ChoiceField.choices.fset)


class TopicFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = TopicChoiceField


class TopicFilterSet(django_filters.FilterSet):
    # The filter compares field_name with each chosen topic's `to_field_name` value, so
    # both must name the slug.
    topic = TopicFilter(
        field_name="topic_items__tag__slug",
        to_field_name="slug",
        queryset=_topics(),
        label="Topic",
        distinct=True,
    )


# The countries that have a public live city, built once per process and version: a
# filter form reads its choices when it validates and again when it is drawn.
CITY_COUNTRIES_VERSION = CacheVersion("hub:city-countries-version")


def _present_countries():
    from hub.models import CityProfilePage

    # Public cities only: the choices are the same for every visitor.
    return frozenset(
        CityProfilePage.objects.live().public().values_list("country", flat=True).distinct()
    )


_countries_present = PerProcess(CITY_COUNTRIES_VERSION, _present_countries)


def countries_with_cities():
    """The countries of live cities, by name: a hub lists a few dozen, not all 249."""
    present = _countries_present()
    return [(code, name) for code, name in countries if code in present]


def _retire_city_countries(sender=None, instance=None, **kwargs):
    from hub.models import CityProfilePage

    if sender is RESTRICTIONS_VERSION or isinstance(instance, CityProfilePage):
        CITY_COUNTRIES_VERSION.retire()


def register_signal_handlers():
    """A city published, unpublished, moved or deleted, or a view restriction changed, may
    change which countries have a public live city (a draft saved changes none)."""
    uid = "hub-city-countries"
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(_retire_city_countries, dispatch_uid=f"{uid}-{id(signal)}")
    post_page_move.connect(
        lambda **kwargs: CITY_COUNTRIES_VERSION.retire(), weak=False, dispatch_uid=f"{uid}-move"
    )
    retired.connect(_retire_city_countries, sender=RESTRICTIONS_VERSION, dispatch_uid=uid)


class CountryChoiceFilter(django_filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", countries_with_cities)
        kwargs.setdefault("label", "Country")
        kwargs.setdefault("empty_label", "Any country")
        super().__init__(*args, **kwargs)


class CityFilter(django_filters.FilterSet):
    topic = TopicFilter(
        label="Topic",
        queryset=_topics(),
        to_field_name="slug",
        method="filter_topic",
    )
    country = CountryChoiceFilter(field_name="country")
    maturity = django_filters.ChoiceFilter(
        choices=Maturity.choices, label="Maturity", empty_label="Any maturity"
    )

    def filter_topic(self, queryset, name, value):
        # A city matches a topic it offers, needs or is tagged with; several topics: any.
        if not value:
            return queryset
        return queryset.filter(
            Q(pk__in=CityOffer.objects.filter(tag__in=value).values("content_object_id"))
            | Q(pk__in=CityNeed.objects.filter(tag__in=value).values("content_object_id"))
            | Q(pk__in=PageTopic.objects.filter(tag__in=value).values("content_object_id"))
        )


class CityContentFilter(TopicFilterSet):
    country = CountryChoiceFilter(field_name="city__country")
    application = django_filters.ChoiceFilter(
        choices=EndUse.choices, label="Application", empty_label="Any application"
    )


class BusinessCaseFilter(CityContentFilter):
    pass


class PermittingGuideFilter(CityContentFilter):
    pass


class WebinarFilter(TopicFilterSet):
    pass
