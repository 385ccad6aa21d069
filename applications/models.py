"""A programme's "Apply to join" form and the record of applications turned into cities."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, FormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from .forms import ApplicationForm


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

    parent_page_types = ["partnerships.ProgrammePage"]
    subpage_types = []
    max_count_per_parent = 1

    template = "applications/application_form_page.html"
    landing_page_template = "applications/application_form_page_landing.html"

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
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

    def get_form_class(self):
        return ApplicationForm

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
        return context


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
