"""Query-string filters for the index pages (django-filter).

Values are matched by stable identifiers: topic slugs, ISO country codes and
application keys. An unknown value makes only its own field invalid; the rest of
the filters still apply and the page shows what was ignored.
"""

import django_filters
from django.db.models import Q
from django_countries import countries

from hub.models import CityNeed, CityOffer, EndUse, Maturity, PageTopic, Topic


def _topics():
    return Topic.objects.select_related("domain")


class TopicFilterSet(django_filters.FilterSet):
    # The filter compares field_name with each chosen topic's `to_field_name` value, so
    # both must name the slug.
    topic = django_filters.ModelMultipleChoiceFilter(
        field_name="topic_items__tag__slug",
        to_field_name="slug",
        queryset=_topics(),
        label="Topic",
        distinct=True,
    )


def countries_with_cities():
    """The countries of live cities, by name: a hub lists a few dozen, not all 249."""
    from hub.models import CityProfilePage

    # Public cities only: the choices are the same for every visitor.
    present = set(
        CityProfilePage.objects.live().public().values_list("country", flat=True).distinct()
    )
    return [(code, name) for code, name in countries if code in present]


class CountryChoiceFilter(django_filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", countries_with_cities)
        kwargs.setdefault("label", "Country")
        kwargs.setdefault("empty_label", "Any country")
        super().__init__(*args, **kwargs)


class CityFilter(django_filters.FilterSet):
    topic = django_filters.ModelMultipleChoiceFilter(
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
