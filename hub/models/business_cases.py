"""Business cases: what a hydrogen or energy project cost, earned and taught."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from hub.blocks import FundingSourceBlock, SourceBlock, TourStepBlock

from .base import HubPage
from .listing import CityChildPage, FilteredIndexPage


class EndUse(models.TextChoices):
    """What a project uses hydrogen or clean energy for; shared by cases and guides."""

    BUS_FLEET = "bus-fleet", "Bus fleet"
    HOSPITAL = "hospital", "Hospital"
    TRUCKS = "trucks", "Trucks and heavy duty"
    INDUSTRY = "industry", "Industrial use"
    REFUELLING = "refuelling", "Refuelling station"
    PORT = "port", "Port and shipping"
    DISTRICT_HEATING = "district-heating", "District heating"
    PRODUCTION = "production", "Hydrogen production"
    OTHER = "other", "Other"


class CaseStatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    PLANNED = "planned", "Planned"
    CONSTRUCTION = "construction", "Under construction"
    OPERATING = "operating", "In operation"
    COMPLETED = "completed", "Completed"


class Currency(models.TextChoices):
    EUR = "EUR", "Euro (EUR)"
    USD = "USD", "US dollar (USD)"
    GBP = "GBP", "Pound sterling (GBP)"
    JPY = "JPY", "Japanese yen (JPY)"
    MXN = "MXN", "Mexican peso (MXN)"
    SEK = "SEK", "Swedish krona (SEK)"
    DKK = "DKK", "Danish krone (DKK)"
    PLN = "PLN", "Polish złoty (PLN)"
    BGN = "BGN", "Bulgarian lev (BGN)"
    ISK = "ISK", "Icelandic króna (ISK)"
    BAM = "BAM", "Convertible mark (BAM)"


MONEY = {"max_digits": 16, "decimal_places": 2, "null": True, "blank": True}
KEY_FIGURES = (
    "capital_cost",
    "annual_operating_cost",
    "units",
    "hydrogen_kg_per_day",
    "co2e_avoided_tonnes_per_year",
    "payback_years",
)


class BusinessCasePage(CityChildPage, HubPage):
    application = models.CharField(max_length=30, choices=EndUse.choices)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default="planned")

    capital_cost = models.DecimalField(validators=[MinValueValidator(0)], **MONEY)
    annual_operating_cost = models.DecimalField(validators=[MinValueValidator(0)], **MONEY)
    currency = models.CharField(max_length=3, choices=Currency.choices, blank=True)
    price_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    units = models.PositiveIntegerField(
        "units or vehicles", null=True, blank=True, help_text="Buses, trucks, fuel cells…"
    )
    hydrogen_kg_per_day = models.DecimalField(
        "hydrogen (kg per day)", max_digits=12, decimal_places=1, null=True, blank=True
    )
    co2e_avoided_tonnes_per_year = models.DecimalField(
        "CO₂e avoided (tonnes per year)", max_digits=12, decimal_places=1, null=True, blank=True
    )
    payback_years = models.DecimalField(
        "payback (years)", max_digits=5, decimal_places=1, null=True, blank=True
    )
    is_illustrative = models.BooleanField(
        "illustrative figures",
        default=False,
        help_text="Tick when the figures are an example rather than a sourced record; "
        "readers are told so.",
    )

    funding_mix = StreamField([("source", FundingSourceBlock())], blank=True)
    video = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A video file (MP4 or WebM) played on the page.",
    )
    video_url = models.URLField("video link", blank=True, help_text="A video hosted elsewhere.")
    tour = StreamField([("step", TourStepBlock())], blank=True, verbose_name="online tour")
    lessons_learned = RichTextField(blank=True, features=["bold", "italic", "ul", "ol", "link"])
    sources = StreamField([("source", SourceBlock())], blank=True)

    parent_page_types = ["hub.CityProfilePage"]
    subpage_types = []

    content_panels = HubPage.content_panels + [
        FieldRowPanel([FieldPanel("application"), FieldPanel("status")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capital_cost"), FieldPanel("annual_operating_cost")]),
                FieldRowPanel([FieldPanel("currency"), FieldPanel("price_year")]),
                FieldRowPanel([FieldPanel("units"), FieldPanel("hydrogen_kg_per_day")]),
                FieldRowPanel(
                    [FieldPanel("co2e_avoided_tonnes_per_year"), FieldPanel("payback_years")]
                ),
                FieldPanel("is_illustrative"),
            ],
            heading="Key figures",
        ),
        FieldPanel("funding_mix"),
        MultiFieldPanel([FieldPanel("video"), FieldPanel("video_url")], heading="Video"),
        FieldPanel("tour"),
        FieldPanel("lessons_learned"),
        FieldPanel("sources"),
    ]

    search_fields = HubPage.search_fields + [
        index.SearchField("lessons_learned"),
        index.SearchField("application_label", boost=2),
        index.RelatedFields("city", [index.SearchField("title", boost=2)]),
        index.FilterField("application"),
        index.FilterField("city_id"),
    ]

    api_fields = HubPage.api_fields + [
        APIField("city_id"),
        APIField("application"),
        APIField("status"),
        APIField("capital_cost"),
        APIField("annual_operating_cost"),
        APIField("currency"),
        APIField("price_year"),
        APIField("units"),
        APIField("hydrogen_kg_per_day"),
        APIField("co2e_avoided_tonnes_per_year"),
        APIField("payback_years"),
        APIField("is_illustrative"),
        APIField("funding_mix"),
        APIField("sources"),
    ]

    class Meta:
        verbose_name = "business case"

    @property
    def application_label(self):
        return self.get_application_display()

    def has_key_figures(self):
        return any(getattr(self, name) is not None for name in KEY_FIGURES)

    def clean(self):
        super().clean()
        errors = {}
        if self.has_key_figures() and not self.sources and not self.is_illustrative:
            errors["sources"] = (
                "Key figures need a source. Add one, or tick “illustrative figures” "
                "so readers know the numbers are an example."
            )
        has_money = self.capital_cost is not None or self.annual_operating_cost is not None
        if has_money and not self.currency:
            errors["currency"] = "Say which currency the costs are in."
        if has_money and not self.price_year:
            errors["price_year"] = "Say which year's prices the costs are in."
        if errors:
            raise ValidationError(errors)

    def comparable_cases(self, request):
        """The live cases of this application the visitor may open, this one included."""
        return (
            BusinessCasePage.objects.listable(request)
            .filter(application=self.application)
            .defer_streamfields()
            .select_related("city")
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        from hub import figures

        context = super().get_context(request, *args, **kwargs)
        context["related_pages"] = self.related_pages(request)
        context["case_figures"] = figures.case_figures(self)
        context["comparisons"] = figures.comparisons(
            self.comparable_cases(request),
            request,
            current=self,
            group=f"{self.get_application_display().lower()} cases",
        )
        context["money_tables"] = figures.money.tables()
        return context


class BusinessCaseIndexPage(FilteredIndexPage):
    """Every business case in the hub, wherever its city sits in the tree."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    filterset_path = "hub.filters.BusinessCaseFilter"

    class Meta:
        verbose_name = "business case index"

    def get_base_queryset(self, request):
        return (
            BusinessCasePage.objects.listable(request)
            .defer_streamfields()
            .select_related("city")
            .prefetch_related("topic_items__tag")
            .order_by(F("first_published_at").desc(nulls_last=True), "title")
        )

    def get_context(self, request, *args, **kwargs):
        from hub import figures

        context = super().get_context(request, *args, **kwargs)
        # Every case the filters match, not only this page of them; one query.
        matching = context["filterset"].qs.prefetch_related(None)
        context["comparisons"] = figures.application_comparisons(matching, EndUse.choices, request)
        context["money_tables"] = figures.money.tables()
        return context
