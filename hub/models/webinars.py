"""Webinars: tutorials and exchanges with calendar files and recordings."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from hub.blocks import AgendaItemBlock, SpeakerBlock
from hub.calendar import webinars_calendar

from .base import HubPage
from .listing import FilteredIndexPage

TIMEZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class WebinarPage(RoutablePageMixin, HubPage):
    search_weight = 0.6

    start = models.DateTimeField()
    end = models.DateTimeField()
    timezone = models.CharField(
        max_length=64,
        choices=TIMEZONE_CHOICES,
        default="Europe/Brussels",
        help_text="Times are shown to readers in this time zone.",
    )
    speakers = StreamField([("speaker", SpeakerBlock())], blank=True)
    agenda = StreamField([("item", AgendaItemBlock())], blank=True)
    registration_url = models.URLField(
        "registration link",
        blank=True,
        help_text="Only for a webinar that takes registrations elsewhere. Leave empty and "
        "people register on TwinHub.",
    )
    capacity = models.PositiveIntegerField(
        "seats",
        null=True,
        blank=True,
        help_text="How many people may register on TwinHub; later ones join the waiting list "
        "and get a seat when someone cancels. Empty: no limit.",
    )
    recording_url = models.URLField(
        "recording link", blank=True, help_text="Only for a recording published elsewhere."
    )
    recording = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A video file of the recording (MP4 or WebM), served by the hub.",
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Captions of the video recording, as a WebVTT file (.vtt).",
    )
    transcript = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A transcript of the recording (a text, PDF or Word file).",
    )
    slides = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    parent_page_types = ["hub.WebinarIndexPage"]
    subpage_types = []

    content_panels = HubPage.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("timezone")],
            heading="When",
        ),
        FieldPanel("speakers"),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("registration_url"),
            ],
            heading="Registration",
        ),
        MultiFieldPanel(
            [
                FieldPanel("recording"),
                FieldPanel("captions"),
                FieldPanel("transcript"),
                FieldPanel("slides"),
                FieldPanel("recording_url"),
            ],
            heading="Recording and files",
        ),
    ]

    search_fields = HubPage.search_fields + [
        index.SearchField("speakers"),
        index.SearchField("agenda"),
        index.FilterField("start"),
    ]

    api_fields = HubPage.api_fields + [
        APIField("start"),
        APIField("end"),
        APIField("timezone"),
        APIField("speakers"),
        APIField("agenda"),
        APIField("registration_url"),
        APIField("recording_url"),
    ]

    class Meta:
        verbose_name = "webinar"
        ordering = ["start"]

    @property
    def is_upcoming(self):
        return self.end >= timezone.now()

    @property
    def is_ahead(self):
        """Not started yet: the time to register or add it to a calendar."""
        return self.start > timezone.now()

    @property
    def registers_here(self):
        """People register on TwinHub unless the webinar names another registration."""
        return not self.registration_url

    @property
    def has_recording(self):
        return bool(self.recording_id or self.recording_url or self.transcript_id)

    # Through the `timezone` template filter: a plain aware datetime would be converted
    # back to the site's time zone by the template engine, showing UTC under this zone's name.
    @property
    def local_start(self):
        return do_timezone(self.start, zoneinfo.ZoneInfo(self.timezone))

    @property
    def local_end(self):
        return do_timezone(self.end, zoneinfo.ZoneInfo(self.timezone))

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "A webinar must end after it starts."})
        if self.captions_id and not self.recording_id:
            raise ValidationError(
                {"captions": "Captions go with a video recording: choose the recording too."}
            )
        if self.captions_id and not self.captions.file.name.lower().endswith(".vtt"):
            raise ValidationError({"captions": "Captions must be a WebVTT file (.vtt)."})

    @path("")
    def detail(self, request):
        return self.render(
            request, context_overrides={"related_pages": self.related_pages(request)}
        )

    # Wagtail's page URLs cannot hold a dot, so the per-webinar file is at "calendar/".
    @path("calendar/", name="ics")
    def ics(self, request):
        response = HttpResponse(
            webinars_calendar([self], request, name=self.title), content_type="text/calendar"
        )
        response["Content-Disposition"] = f'attachment; filename="{slugify(self.title)}.ics"'
        return response


class WebinarIndexPage(FilteredIndexPage):
    """Upcoming webinars first, then past ones with their recordings."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["hub.WebinarPage"]
    max_count = 1
    filterset_path = "hub.filters.WebinarFilter"

    class Meta:
        verbose_name = "webinar index"

    def get_base_queryset(self, request):
        return (
            WebinarPage.objects.listable(request)
            .descendant_of(self)
            .defer_streamfields()
            .prefetch_related("topic_items__tag")
        )

    # The index shows the next few upcoming webinars above the paged past ones; `?when=upcoming`
    # pages through all upcoming ones.
    UPCOMING_SHOWN = 10

    def paginated(self, queryset, context):
        now = timezone.now()
        upcoming = queryset.filter(end__gte=now).order_by("start")
        request = context["request"]
        if request.GET.get("when") == "upcoming":
            context["all_upcoming"] = True
            return upcoming
        # One more than shown tells whether to link to the rest, without counting them.
        shown = list(upcoming[: self.UPCOMING_SHOWN + 1])
        context["upcoming"] = shown[: self.UPCOMING_SHOWN]
        context["more_upcoming"] = len(shown) > self.UPCOMING_SHOWN
        return queryset.filter(end__lt=now).order_by("-start")
