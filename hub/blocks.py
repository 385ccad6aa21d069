"""StreamField blocks of the knowledge hub. Each block renders with its own template."""

from django.core.validators import MinValueValidator
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


def topic_choices():
    """Topic (slug, name) pairs for blocks, as the editor's form and validation read them.

    Read from the vocabulary once per process and version (`hub.models.topics.TOPICS_VERSION`,
    retired by any change to a topic or a domain), so a new topic appears in the next form.
    """
    from hub.models.topics import topic_choices as current_choices

    return current_choices()


class TopicsBlock(blocks.MultipleChoiceBlock):
    """Topics chosen inside a block, stored by their stable slugs."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", topic_choices)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def normalize_choice(self, value):
        # Stored values are the slugs themselves (strings): reading a block needs no
        # choice list. Wagtail's version walks the choices to find the key's type, which
        # would read the vocabulary for every block of every page shown.
        return value

    def deconstruct(self):
        # Choices come from the database; keep them out of migrations.
        return ("hub.blocks.TopicsBlock", (), {})


class ClimateActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    summary = blocks.TextBlock()
    topics = TopicsBlock()

    class Meta:
        icon = "pick"
        template = "hub/blocks/climate_action.html"
        preview_value = {
            "title": "Positive energy district",
            "summary": "A neighbourhood that produces more renewable energy than it uses.",
            "topics": ["renewable-energy"],
        }


class FundingSourceBlock(blocks.StructBlock):
    KIND_CHOICES = [
        ("grant", "Public grant"),
        ("loan", "Loan"),
        ("municipal", "Municipal budget"),
        ("private", "Private investment"),
        ("other", "Other"),
    ]
    funder = blocks.CharBlock(max_length=200)
    kind = blocks.ChoiceBlock(choices=KIND_CHOICES)
    share_percent = blocks.DecimalBlock(
        min_value=0, max_value=100, required=False, decimal_places=1, help_text="Share of the cost"
    )
    amount = blocks.DecimalBlock(
        min_value=0,
        required=False,
        decimal_places=2,
        help_text="The sum this funder gave, in the case's currency and price year.",
    )

    class Meta:
        icon = "form"
        template = "hub/blocks/funding_source.html"
        preview_value = {
            "funder": "Clean Hydrogen Partnership",
            "kind": "grant",
            "share_percent": 40,
        }


class TourStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    image = ImageChooserBlock(required=False)
    text = blocks.TextBlock()

    class Meta:
        icon = "image"
        template = "hub/blocks/tour_step.html"
        preview_value = {"title": "Refuelling station", "text": "Buses refuel overnight."}


# The key figures of a business case a source can give, in the order the page shows them.
FIGURE_CHOICES = [
    ("capital_cost", "Capital cost"),
    ("annual_operating_cost", "Annual operating cost"),
    ("units", "Units or vehicles"),
    ("hydrogen_kg_per_day", "Hydrogen per day"),
    ("co2e_avoided_tonnes_per_year", "CO₂e avoided per year"),
    ("payback_years", "Payback"),
    ("funding", "Funding amounts"),
]


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=300)
    publisher = blocks.CharBlock(max_length=200, required=False)
    year = blocks.IntegerBlock(min_value=1950, max_value=2100, required=False)
    url = blocks.URLBlock(required=False)
    document = DocumentChooserBlock(required=False)
    figures = blocks.MultipleChoiceBlock(
        choices=FIGURE_CHOICES,
        required=False,
        help_text="The key figures this source gives; each is shown with its source.",
    )

    class Meta:
        icon = "doc-full"
        template = "hub/blocks/source.html"
        preview_value = {"title": "Annual report", "publisher": "City council", "year": 2024}


class PermitStepBlock(blocks.StructBlock):
    step = blocks.CharBlock(max_length=200)
    authority = blocks.CharBlock(max_length=200)
    legal_basis = blocks.CharBlock(max_length=300, required=False)
    # A validator rather than min_value, so the editor shows our message, not Django's.
    duration_days = blocks.IntegerBlock(
        validators=[MinValueValidator(0, message="A duration cannot be negative.")],
        help_text="Typical duration in calendar days",
    )
    documents = blocks.ListBlock(blocks.CharBlock(max_length=200), default=[])
    tips = blocks.TextBlock(required=False)

    class Meta:
        icon = "list-ol"
        template = "hub/blocks/permit_step.html"
        preview_value = {
            "step": "Building permit",
            "authority": "Planning department",
            "duration_days": 60,
        }


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=200)
    role = blocks.CharBlock(max_length=200, required=False)
    organisation = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "user"
        template = "hub/blocks/speaker.html"
        preview_value = {"name": "A. Speaker", "role": "Energy officer", "organisation": "City"}


class AgendaItemBlock(blocks.StructBlock):
    time = blocks.TimeBlock(required=False)
    title = blocks.CharBlock(max_length=200)
    description = blocks.TextBlock(required=False)

    class Meta:
        icon = "time"
        template = "hub/blocks/agenda_item.html"
        preview_value = {"title": "Welcome and introductions"}
