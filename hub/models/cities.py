"""City profiles and the index that lists them."""

from functools import lru_cache

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Value
from django.utils.translation import get_language
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from hub import maps
from hub.blocks import ClimateActionBlock

from .base import HubPage, TopicTagField
from .listing import FilteredIndexPage
from .topics import CityNeed, CityOffer, PageTopic, topics_by_id


class Maturity(models.TextChoices):
    """How far a city has come in implementing its energy transition, in order."""

    EXPLORING = "exploring", "Exploring"
    PLANNING = "planning", "Planning"
    PILOTING = "piloting", "Piloting"
    SCALING = "scaling", "Scaling"

    @classmethod
    def rank(cls, value):
        return list(cls.values).index(value) if value in cls.values else None


def language_codes(text):
    """ "en, SV" -> ["en", "sv"]: the codes of a comma-separated list, in order, once each."""
    codes = []
    for part in (text or "").replace(";", ",").split(","):
        code = part.strip().lower()
        if code and code not in codes:
            codes.append(code)
    return codes


@lru_cache(maxsize=4096)
def _country_name(code, language):
    """A country's name in the active language, looked up once per process: listings and
    maps name dozens of countries per page, each lookup a search of the translations."""
    return str(CityProfilePage._meta.get_field("country").countries.name(code))


def language_name(code):
    return LANG_INFO.get(code, {}).get("name", code)


def validate_language_codes(text):
    unknown = [code for code in language_codes(text) if code not in LANG_INFO]
    if unknown:
        raise ValidationError(
            "Not a language code: %(codes)s. Use two-letter codes such as “en” or “sv”, "
            "separated by commas.",
            params={"codes": ", ".join(unknown)},
        )


TARGET_YEAR_MESSAGE = "The climate-neutrality target year must lie between 2025 and 2070."


class CityProfilePage(HubPage):
    type_name = "City"  # how search and its suggestions name this type
    country = CountryField()
    region = models.CharField(
        max_length=100,
        blank=True,
        help_text="The state, prefecture, county or region the city lies in, as its people "
        "name it, such as “Scotland” or “Fukushima Prefecture”. Shown with the city and "
        "country wherever the city's place is given.",
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(
        "climate-neutrality target year",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(2025, message=TARGET_YEAR_MESSAGE),
            MaxValueValidator(2070, message=TARGET_YEAR_MESSAGE),
        ],
        help_text="Between 2025 and 2070.",
    )
    maturity = models.CharField(
        "implementation maturity", max_length=20, choices=Maturity.choices, default="planning"
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    working_languages = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_language_codes],
        help_text="The languages the city's staff work in with partners, as two-letter codes "
        "separated by commas, such as “en, sv”. Leave empty when not known.",
    )
    actions = StreamField(
        [("action", ClimateActionBlock())],
        blank=True,
        verbose_name="flagship climate actions",
    )
    offers = ClusterTaggableManager(
        through=CityOffer,
        blank=True,
        related_name="offering_cities",
        verbose_name="offers",
        help_text="Topics this city can share with others.",
    )
    needs = ClusterTaggableManager(
        through=CityNeed,
        blank=True,
        related_name="needing_cities",
        verbose_name="needs",
        help_text="Topics this city wants to learn about.",
    )
    motivation = models.TextField(blank=True, help_text="Why the city takes part.")
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    parent_page_types = ["hub.CityIndexPage"]
    subpage_types = ["hub.BusinessCasePage", "hub.PermittingGuidePage"]

    content_panels = HubPage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
                FieldPanel("population"),
                FieldRowPanel([FieldPanel("maturity"), FieldPanel("target_year")]),
                MultiFieldPanel(
                    [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
                    heading="Position on the map",
                    help_text="Places the city on the hub's map; readers see the place's "
                    "name, never these numbers.",
                ),
                FieldPanel("working_languages"),
            ],
            heading="Facts",
        ),
        FieldPanel("image"),
        FieldPanel("actions"),
        MultiFieldPanel(
            [FieldPanel("offers"), FieldPanel("needs")],
            heading="What the city shares and wants to learn",
        ),
        FieldPanel("motivation"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("website")],
            heading="Contact",
        ),
    ]

    search_fields = HubPage.search_fields + [
        index.SearchField("country_name", boost=3),
        index.SearchField("region", boost=2),
        index.SearchField("motivation"),
        index.SearchField("actions"),
        index.RelatedFields(
            "offers", [index.SearchField("name", boost=2), index.SearchField("synonyms_text")]
        ),
        index.RelatedFields(
            "needs", [index.SearchField("name"), index.SearchField("synonyms_text")]
        ),
        index.FilterField("country"),
        index.FilterField("maturity"),
    ]

    api_fields = HubPage.api_fields + [
        APIField("country_code"),
        APIField("country_name"),
        APIField("region"),
        APIField("place_name"),
        APIField("population"),
        APIField("target_year"),
        APIField("maturity"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("working_language_codes"),
        APIField("actions"),
        TopicTagField("offers"),
        TopicTagField("needs"),
        APIField("motivation"),
        APIField("website"),
    ]

    class Meta:
        verbose_name = "city profile"

    @property
    def country_code(self):
        return self.country.code

    @property
    def country_name(self):
        code = self.__dict__.get("country")
        if code is None:  # deferred, or not set
            return self.country.name
        return _country_name(code, get_language())

    @property
    def place_name(self):
        """ "Aberdeen, Scotland, United Kingdom": the city, its region and its country."""
        parts = [self.title]
        for part in (self.region, self.country_name):
            if part and part.casefold() not in {p.casefold() for p in parts}:
                parts.append(part)
        return ", ".join(parts)

    @property
    def region_and_country(self):
        """ "Scotland, United Kingdom", for places where the city is already named."""
        return ", ".join(part for part in (self.region, self.country_name) if part)

    @property
    def website_host(self):
        """ "www.aberdeencity.gov.uk": a website's address as a link's words."""
        from urllib.parse import urlsplit

        return urlsplit(self.website).netloc or self.website

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def working_language_codes(self):
        return language_codes(self.working_languages)

    @property
    def working_language_names(self):
        return [language_name(code) for code in self.working_language_codes]

    @property
    def maturity_rank(self):
        return Maturity.rank(self.maturity)

    def business_cases(self, request):
        from .business_cases import BusinessCasePage

        # By the `city` link rather than the tree: an indexed lookup, where `child_of`
        # scans every page's path on SQLite.
        return (
            BusinessCasePage.objects.listable(request)
            .filter(city=self)
            .defer_streamfields()
            .order_by("title")
        )

    def permitting_guides(self, request):
        from .permitting import PermittingGuidePage

        return (
            PermittingGuidePage.objects.listable(request)
            .filter(city=self)
            .defer_streamfields()
            .order_by("title")
        )

    def topic_sets(self):
        """(topic ids, offered topics, needed topics) in one query, each in the order
        they were added; topics come from the process's copy of the vocabulary."""
        rows = (
            PageTopic.objects.filter(content_object_id=self.pk)
            .annotate(kind=Value(0))
            .values_list("kind", "id", "tag_id")
            .union(
                *(
                    model.objects.filter(content_object_id=self.pk)
                    .annotate(kind=Value(kind))
                    .values_list("kind", "id", "tag_id")
                    for kind, model in ((1, CityOffer), (2, CityNeed))
                ),
                all=True,
            )
        )
        sets = ([], [], [])
        for kind, _id, tag_id in sorted(rows):
            sets[kind].append(tag_id)
        topics = topics_by_id()
        offers, needs = ([topics[pk] for pk in ids if pk in topics] for ids in sets[1:])
        return sets[0], offers, needs

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # A preview shows the draft's topics, held in memory by the page's clusters.
            topic_ids = None
            context["offers"], context["needs"] = list(self.offers.all()), list(self.needs.all())
        else:
            topic_ids, context["offers"], context["needs"] = self.topic_sets()
        context["business_cases"] = self.business_cases(request)
        context["permitting_guides"] = self.permitting_guides(request)
        context["related_pages"] = self.related_pages(request, topic_ids=topic_ids)
        context["city_map"] = maps.partner_map(self, request)
        return context


# What `hub.maps.city_map` reads of a city: its place, position and URL.
MAP_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "locale_id",
    "content_type_id",
    "region",
    "country",
    "latitude",
    "longitude",
)


class CityIndexPage(FilteredIndexPage):
    """All city profiles, filtered by topic, country, maturity and programme."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["hub.CityProfilePage"]
    max_count = 1
    filterset_path = "hub.filters.CityFilter"

    class Meta:
        verbose_name = "city index"

    def get_base_queryset(self, request):
        return (
            CityProfilePage.objects.listable(request)
            .descendant_of(self)
            .defer_streamfields()
            .select_related("image")
            .prefetch_related("offer_items__tag", "need_items__tag")
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The map shows every city the filters match, not only this page of them (counted
        # by country past maps.MAP_CITY_LIMIT), reading only the fields it draws.
        matching = (
            context["filterset"].qs.prefetch_related(None).select_related(None).only(*MAP_FIELDS)
        )
        context["city_map"] = maps.index_map(matching, request)
        return context
