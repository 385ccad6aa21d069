"""A programme's "Apply to join" form and the record of applications turned into cities."""

from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, FormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.snippets.models import register_snippet

from . import eligibility
from .eligibility import RuleKind
from .forms import ApplicationForm


@register_snippet
class CityGroup(models.Model):
    """A named group of cities a call may exclude, such as the 112 EU Mission Cities."""

    name = models.CharField(
        max_length=150, unique=True, help_text="For example “EU Mission Cities”."
    )
    members = models.TextField(
        help_text="One city per line, as “City, country code” (for example “Umeå, SE”). "
        "Names are compared without accents or case."
    )
    source = models.URLField(blank=True, help_text="Where the list of members is published.")

    panels = [FieldPanel("name"), FieldPanel("members"), FieldPanel("source")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @cached_property
    def member_keys(self):
        keys = set()
        for line in self.members.splitlines():
            name, _, country = line.rpartition(",") if "," in line else (line, "", "")
            if name.strip():
                keys.add(eligibility.group_key(name, country.strip()))
        return keys

    def includes(self, city, country=""):
        return eligibility.group_key(city, country) in self.member_keys

    def clean(self):
        for number, line in enumerate(self.members.splitlines(), start=1):
            if line.strip() and "," not in line:
                raise ValidationError(
                    {
                        "members": f"Line {number} (“{line.strip()}”) needs a country code "
                        "after a comma."
                    }
                )


class ApplicationFormPage(AbstractEmailForm):
    """The application form of one programme, at /partnerships/<programme>/apply/.

    Submissions are Wagtail FormSubmissions, so they appear under Forms in the admin
    and export to CSV; their form_data holds topics as slugs.
    """

    intro = RichTextField(
        blank=True, help_text="Who can apply, and what the programme offers in return."
    )
    thank_you_text = RichTextField(
        blank=True,
        help_text="Shown after a city applies, above the standard 'what happens next' steps.",
    )

    opens_on = models.DateField(
        "applications open on", null=True, blank=True, help_text="Leave empty to open now."
    )
    closes_on = models.DateField(
        "applications close on",
        null=True,
        blank=True,
        help_text="The last day applications are accepted. Leave empty to keep the call open.",
    )
    host_capacity = models.PositiveSmallIntegerField(
        "applicants per host",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="How many applicants each host city takes in a matching round from this call.",
    )

    parent_page_types = ["partnerships.ProgrammePage"]
    subpage_types = []
    max_count_per_parent = 1

    template = "applications/application_form_page.html"
    landing_page_template = "applications/application_form_page_landing.html"

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
                FieldPanel("host_capacity"),
                InlinePanel("eligibility_rules", label="Eligibility rule"),
            ],
            heading="The call",
        ),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Email each new application to",
        ),
    ]

    class Meta:
        verbose_name = "application form"

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": "The call must close on or after the day it opens."}
            )

    def get_form_class(self):
        return ApplicationForm

    # The call

    def call_state(self, today=None):
        """ "open", "not yet open" or "closed", by the call's dates (site time zone)."""
        today = today or timezone.localdate()
        if self.opens_on and today < self.opens_on:
            return "not yet open"
        if self.closes_on and today > self.closes_on:
            return "closed"
        return "open"

    @property
    def is_open(self):
        return self.call_state() == "open"

    @cached_property
    def rules(self):
        """The call's eligibility rules, in order, each with what it needs loaded."""
        return list(self.eligibility_rules.select_related("group"))

    def rule_failures(self, data):
        """The rules an application's data fails (`applications.eligibility`)."""
        return eligibility.failures(self.rules, data)

    def rule_descriptions(self):
        return [eligibility.describe(rule) for rule in self.rules]

    def serve(self, request, *args, **kwargs):
        if not self.is_open:
            # Nothing is stored while the call is not open, whatever is posted.
            context = self.get_context(request)
            return TemplateResponse(
                request, "applications/application_form_page_closed.html", context, status=200
            )
        return super().serve(request, *args, **kwargs)

    def get_data_fields(self):
        return [("submit_time", "Submission date"), *ApplicationForm.data_fields()]

    def get_submissions_list_view_class(self):
        from .admin_views import ApplicationSubmissionsListView

        return ApplicationSubmissionsListView

    def process_form_submission(self, form):
        if form.is_spam:
            return None
        submission = FormSubmission.objects.create(form_data=form.submission_data(), page=self)
        if self.to_address:
            self.send_mail(form)
        return submission

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programme"] = self.get_parent().specific
        context["call_state"] = self.call_state()
        context["rule_descriptions"] = self.rule_descriptions()
        return context


class EligibilityRule(Orderable):
    """One rule of a call, as data: its kind (defined in `applications.eligibility`) and the
    value that kind needs."""

    page = ParentalKey(
        ApplicationFormPage, on_delete=models.CASCADE, related_name="eligibility_rules"
    )
    kind = models.CharField(max_length=20, choices=RuleKind.choices)
    countries = CountryField(
        multiple=True, blank=True, help_text="For “based in one of these countries”."
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(2025), MaxValueValidator(2070)],
        help_text="For the target year rule: the latest year accepted.",
    )
    group = models.ForeignKey(
        CityGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For “not a member of a named group”.",
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("countries"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("group")]),
    ]

    NEEDS = {
        RuleKind.COUNTRIES: ("countries", "Choose the countries the call is open to."),
        RuleKind.TARGET_YEAR: ("year", "Give the latest target year the call accepts."),
        RuleKind.NOT_IN_GROUP: ("group", "Choose the group whose members cannot apply."),
    }

    def clean(self):
        field, message = self.NEEDS.get(self.kind, (None, None))
        if field and not getattr(self, field if field != "group" else "group_id"):
            raise ValidationError({field: message})

    def __str__(self):
        return eligibility.describe(self) if self.kind else "Eligibility rule"


class ApplicationConversion(models.Model):
    """Which city profile an application became, so it is never converted twice."""

    submission = models.OneToOneField(
        FormSubmission, on_delete=models.CASCADE, related_name="conversion"
    )
    city = models.ForeignKey(
        "hub.CityProfilePage", on_delete=models.CASCADE, related_name="application_conversions"
    )
    converted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    converted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        permissions = [("convert_application", "Can turn an application into a draft city profile")]

    def __str__(self):
        return f"Application {self.submission_id} → {self.city}"
