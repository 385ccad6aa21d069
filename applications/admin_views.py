"""Admin views: the submissions listing with a city column, and the conversion step."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.generic import View
from django_countries import countries
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.forms.views import SubmissionsListView

from core.exports import SafeSpreadsheetExportMixin
from core.pagination import page_for_request
from hub.models import CityIndexPage, Maturity, Topic
from partnerships.models import MatchingRound

from . import calls
from .conversion import ConversionError, Outcome, convert_application, existing_city
from .forms import MatchingRoundChoiceForm
from .models import ApplicationConversion, ApplicationFormPage

CONVERT_PERMISSION = "applications.convert_application"
ROUND_PERMISSION = "partnerships.change_matchinground"


def can_convert(user):
    return user.has_perm(CONVERT_PERMISSION)


class ApplicationSubmissionsListView(SafeSpreadsheetExportMixin, SubmissionsListView):
    """Wagtail's submissions listing and export, plus a column linking to the city; exported
    cells are escaped (`core.exports`)."""

    CITY_COLUMN = 2  # after the submission date and the city name

    def preprocess_field_value(self, field, value, export_format):
        # An answer left empty (no target year) is an empty cell, not "None".
        return "" if value is None else super().preprocess_field_value(field, value, export_format)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_export:
            return context
        rows = context["data_rows"]
        conversions = {
            conversion.submission_id: conversion
            for conversion in ApplicationConversion.objects.filter(
                submission_id__in=[row["model_id"] for row in rows]
            ).select_related("city")
        }
        allowed = can_convert(self.request.user)
        names = [heading["name"] for heading in context["data_headings"]]
        motivation = names.index("motivation")
        for row in rows:
            # The full motivation is in the export and on the conversion page.
            row["fields"][motivation] = Truncator(row["fields"][motivation] or "").chars(120)
            row["fields"].insert(
                self.CITY_COLUMN, self.city_cell(conversions.get(row["model_id"]), row, allowed)
            )
        context["data_headings"].insert(
            self.CITY_COLUMN, {"name": "city_profile", "label": "City profile"}
        )
        return context

    def city_cell(self, conversion, row, allowed):
        if conversion:
            return format_html(
                '<a href="{}">{}</a>',
                reverse("wagtailadmin_pages:edit", args=[conversion.city_id]),
                conversion.city.get_admin_display_title(),
            )
        if allowed:
            return format_html(
                '<a class="button button-small" href="{}">Create draft city</a>',
                reverse("applications_convert", args=[row["model_id"]]),
            )
        return "Not converted"


class ConvertApplicationView(WagtailAdminTemplateMixin, View):
    """Show an application and, on POST, turn it into a draft city profile."""

    template_name = "applications/admin/convert.html"
    page_title = "Convert application"
    header_icon = "form"

    def dispatch(self, request, submission_id):
        if not can_convert(request.user):
            raise PermissionDenied
        self.submission = get_object_or_404(
            FormSubmission.objects.select_related("page"), pk=submission_id
        )
        self.form_page = self.submission.page.specific
        if not isinstance(self.form_page, ApplicationFormPage):
            raise Http404("This submission is not an application.")
        self.programme = self.form_page.get_parent()
        self.conversion = (
            ApplicationConversion.objects.filter(submission=self.submission)
            .select_related("city", "converted_by")
            .first()
        )
        return super().dispatch(request, submission_id)

    def get_round_form(self, data=None):
        """The choice of a matching round, for managers who may change rounds; else None."""
        if not self.request.user.has_perm(ROUND_PERMISSION):
            return None
        rounds = MatchingRound.objects.filter(programme=self.programme).order_by("name")
        joined = ()
        if self.conversion:
            joined = rounds.filter(applicants__city=self.conversion.city).values_list(
                "pk", flat=True
            )
        # Once converted, the form is only there to add the city to a round.
        return MatchingRoundChoiceForm(
            data, rounds=rounds, joined=joined, required=self.conversion is not None
        )

    @staticmethod
    def offer_rounds(round_form):
        """Show the choice when there are rounds to choose, or errors to explain."""
        if round_form is None:
            return False
        return bool(round_form.errors) or round_form.fields["matching_round"].queryset.exists()

    def get(self, request, submission_id):
        return self.render_to_response(self.get_context_data(round_form=self.get_round_form()))

    def post(self, request, submission_id):
        round_form = self.get_round_form(request.POST)
        matching_round = None
        if round_form is not None:
            if not round_form.is_valid():
                return self.render_to_response(self.get_context_data(round_form=round_form))
            matching_round = round_form.cleaned_data["matching_round"]
        elif request.POST.get("matching_round"):
            raise PermissionDenied  # may convert, but not change matching rounds
        try:
            result = convert_application(self.submission, request.user, matching_round)
        except ConversionError as error:
            messages.error(request, str(error))
            return redirect(self.get_url())
        edit_url = reverse("wagtailadmin_pages:edit", args=[result.city.pk])
        buttons = [messages.button(edit_url, "Edit the city")]
        if matching_round is not None:
            round_url = reverse("partnerships_round_matches", args=[matching_round.pk])
            buttons.append(messages.button(round_url, "See the round"))
        text = self.city_sentence(result) + self.round_sentence(result)
        if result.outcome is Outcome.CREATED:
            messages.success(request, text, buttons=buttons)
            return redirect(edit_url)
        if result.added_to_round:
            messages.success(request, text, buttons=buttons)
        else:
            messages.warning(request, text, buttons=buttons)
        return redirect(self.get_submissions_url())

    @staticmethod
    def city_sentence(result):
        title = result.city.title
        if result.outcome is Outcome.CREATED:
            return f"Draft city profile “{title}” created from the application."
        if result.outcome is Outcome.EXISTING_CITY:
            return f"“{title}” already has a city profile: the application is linked to it."
        return f"This application was already converted into “{title}”."

    @staticmethod
    def round_sentence(result):
        if result.matching_round is None:
            return ""
        name = result.matching_round.name
        if result.added_to_round:
            return f" It was added to the matching round “{name}” as an applicant."
        return f" It is already an applicant in the matching round “{name}”."

    def get_url(self):
        return reverse("applications_convert", args=[self.submission.pk])

    def get_submissions_url(self):
        return reverse("wagtailforms:list_submissions", args=[self.form_page.pk])

    def get_page_subtitle(self):
        return self.submission.form_data.get("city", "")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailforms:index"), "label": "Forms"},
            {"url": self.get_submissions_url(), "label": self.form_page.title},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.submission.form_data
        conversion = self.conversion
        index = CityIndexPage.objects.first()
        same_slug = None
        if conversion is None and index is not None:
            same_slug = existing_city(index, data.get("city", ""))
        topic_names = dict(Topic.objects.values_list("slug", "name"))
        context.update(
            submission=self.submission,
            form_page=self.form_page,
            programme=self.programme,
            conversion=conversion,
            same_slug_city=same_slug,
            rows=[
                ("City", data.get("city")),
                ("Country", countries.name(data.get("country", "")) or data.get("country")),
                ("Contact", f"{data.get('contact_name', '')} <{data.get('contact_email', '')}>"),
                ("Population", data.get("population")),
                ("Maturity", dict(Maturity.choices).get(data.get("maturity"), "")),
                ("Needs", ", ".join(topic_names.get(s, s) for s in data.get("needs", []))),
                ("Offers", ", ".join(topic_names.get(s, s) for s in data.get("offers", []))),
            ],
            motivation=data.get("motivation", ""),
            submissions_url=self.get_submissions_url(),
            offer_rounds=self.offer_rounds(kwargs.get("round_form")),
        )
        return context


class ApplicationFilterForm(forms.Form):
    """The filters of the applications list: each one narrows it, all optional."""

    call = forms.ModelChoiceField(
        queryset=ApplicationFormPage.objects.order_by("title"),
        required=False,
        empty_label="All calls",
    )
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *calls.Status.LABELS.items()]
    )
    rules = forms.ChoiceField(
        label="Rule result",
        required=False,
        choices=[("", "Eligible or not"), ("eligible", "Eligible"), ("ineligible", "Ineligible")],
    )
    country = forms.ChoiceField(required=False)

    def __init__(self, *args, country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        names = sorted((countries.name(code) or code, code) for code in country_codes)
        self.fields["country"].choices = [("", "Every country")] + [(c, n) for n, c in names]

    def apply(self, rows):
        if not self.is_valid():
            return rows
        data = self.cleaned_data
        if data["call"]:
            rows = [row for row in rows if row.call.pk == data["call"].pk]
        if data["status"]:
            rows = [row for row in rows if row.status == data["status"]]
        if data["rules"]:
            rows = [row for row in rows if row.eligible == (data["rules"] == "eligible")]
        if data["country"]:
            rows = [row for row in rows if row.country == data["country"]]
        return rows


class ApplicationsView(
    SafeSpreadsheetExportMixin, SpreadsheetExportMixin, WagtailAdminTemplateMixin, View
):
    """Every application to every call in one list: filters, pages of 25, conversion of a
    selection into draft cities, a new matching round from a call, and CSV/XLSX export."""

    template_name = "applications/admin/applications.html"
    page_title = "Applications"
    header_icon = "form"
    paginate_by = 25
    list_export = [
        "submitted",
        "programme",
        "city",
        "country",
        "contact",
        "target_year",
        "needs",
        "offers",
        "rule_result",
        "status_label",
        "city_profile",
    ]
    export_headings = {
        "submitted": "Submitted",
        "programme": "Programme",
        "city": "City",
        "country": "Country",
        "contact": "Contact",
        "target_year": "Target year",
        "needs": "Needs",
        "offers": "Offers",
        "rule_result": "Rule result",
        "status_label": "Status",
        "city_profile": "City profile",
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_convert(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"applications-{timezone.localdate():%Y-%m-%d}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def rows(self):
        every = calls.application_rows(calls.Calls(calls.all_calls()))
        form = ApplicationFilterForm(
            self.request.GET or None, country_codes={row.country for row in every if row.country}
        )
        return form, form.apply(every)

    def get(self, request):
        form, rows = self.rows()
        if self.is_export:
            return self.as_spreadsheet(rows, request.GET["export"])
        page_obj, notice = page_for_request(request, Paginator(rows, self.paginate_by))
        chosen_call = form.cleaned_data.get("call") if form.is_valid() else None
        context = self.get_context_data(
            form=form,
            page_obj=page_obj,
            notice=notice,
            total=len(rows),
            chosen_call=chosen_call,
            can_make_rounds=request.user.has_perm("partnerships.add_matchinground"),
            query=self.query(),
        )
        return self.render_to_response(context)

    def query(self):
        """The filters of the address, for the page links, the export and after a POST."""
        params = self.request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        return params.urlencode()

    def post(self, request):
        action = request.POST.get("action")
        back = reverse("applications_list") + (
            f"?{request.POST['query']}" if request.POST.get("query") else ""
        )
        if action == "convert":
            ids = [value for value in request.POST.getlist("selected") if value.isdecimal()]
            submissions = list(
                FormSubmission.objects.filter(
                    pk__in=ids, page__in=ApplicationFormPage.objects.all()
                ).order_by("submit_time")
            )
            if not submissions:
                messages.warning(request, "Tick the applications to convert first.")
                return redirect(back)
            result = calls.convert_many(submissions, request.user)
            created = [r for r in result.converted if r.outcome is Outcome.CREATED]
            linked = len(result.converted) - len(created)
            text = f"{len(created)} draft cit{'y' if len(created) == 1 else 'ies'} created"
            if linked:
                text += f"; {linked} already had a city profile and were linked to it"
            messages.success(request, text + ".")
            for submission, error in result.failed:
                messages.error(request, f"{submission.form_data.get('city', '?')}: {error}")
            return redirect(back)
        if action == "round":
            if not request.user.has_perm("partnerships.add_matchinground"):
                raise PermissionDenied
            call = ApplicationFormPage.objects.filter(pk=request.POST.get("call")).first()
            if call is None:
                messages.error(request, "Choose the call to build the round from.")
                return redirect(back)
            built = calls.round_from_call(call, request.user)
            text = (
                f"Matching round “{built.matching_round.name}” created with "
                f"{len(built.applicants)} eligible applicants and {len(built.hosts)} hosts"
            )
            if built.ineligible:
                text += f"; {len(built.ineligible)} ineligible applications left out"
            messages.success(request, text + ".")
            return redirect("partnerships_round_matches", built.matching_round.pk)
        messages.error(request, "Unknown action.")
        return redirect(back)
