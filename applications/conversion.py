"""Turn an application into a draft city profile under /cities/, once."""

import enum
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from hub import cities
from hub.models import CityProfilePage, Maturity, Topic

from .models import ApplicationConversion, ApplicationFormPage


class ConversionError(Exception):
    """The application cannot become a city; the message says why, for the manager."""


class Outcome(enum.Enum):
    CREATED = "created"  # a new draft city profile
    ALREADY_CONVERTED = "already converted"  # this application was converted before
    EXISTING_CITY = "existing city"  # a city with the same slug was there: linked to it


@dataclass(frozen=True)
class ConversionResult:
    city: CityProfilePage
    outcome: Outcome
    matching_round: object = None  # the round the manager chose, if any
    added_to_round: bool = False  # False if the city was already an applicant of it


def existing_city(index, name):
    """The city profile under the index that the application's city name maps to, if any."""
    return cities.find_city(name, index)


def convert_application(submission, user, matching_round=None):
    """Create an unpublished CityProfilePage (with a revision) from an application.

    Converting the same application again, or an application from a city whose page
    already exists under /cities/, creates nothing and returns the existing city.
    With a matching round (of the application's programme), the city also becomes an
    applicant of that round unless it already is one, in the same transaction.
    """
    with transaction.atomic():
        # Lock the submission so two managers clicking at once create one city.
        submission = FormSubmission.objects.select_for_update().get(pk=submission.pk)
        form_page = submission.page.specific
        if not isinstance(form_page, ApplicationFormPage):
            raise ConversionError("Only submissions of an application form can be converted.")
        programme = form_page.get_parent()
        if matching_round is not None and matching_round.programme_id != programme.pk:
            raise ConversionError(
                f"“{matching_round.name}” is not a matching round of {programme.title}, "
                "so the city cannot be added to it."
            )
        city, outcome = _find_or_create_city(submission, form_page, user)
        added = False
        if matching_round is not None:
            try:
                added = matching_round.add_applicant(city, user, source=_describe(submission))
            except ValidationError as error:
                # Raised inside the transaction: the city and the link are not kept either.
                raise ConversionError(" ".join(error.messages)) from error
    return ConversionResult(city, outcome, matching_round, added)


def _find_or_create_city(submission, form_page, user):
    existing = (
        ApplicationConversion.objects.filter(submission=submission).select_related("city").first()
    )
    if existing:
        return existing.city, Outcome.ALREADY_CONVERTED

    data = submission.form_data
    name = (data.get("city") or "").strip()
    if not cities.city_slug(name) or not data.get("country"):
        raise ConversionError("The application has no city name or country to build a page.")
    try:
        written = cities.write_city(
            city_data(data, form_page.get_parent()), user=user, publish=False, update=False
        )
    except ValidationError as error:
        raise ConversionError(" ".join(error.messages)) from error
    outcome = Outcome.CREATED if written.state == cities.CREATED else Outcome.EXISTING_CITY
    ApplicationConversion.objects.create(
        submission=submission, city=written.page, converted_by=user
    )
    return written.page, outcome


def _describe(submission):
    sent = timezone.localtime(submission.submit_time)
    return f"the application of {sent.day} {sent:%B %Y} (submission {submission.pk})"


def city_data(data, programme):
    """The city profile an application describes, as `hub.cities.write_city` takes it.

    Topics removed from the vocabulary since the application are left out.
    """
    known = set(Topic.objects.filter(slug__in=_topic_slugs(data)).values_list("slug", flat=True))
    name = data["city"].strip()
    maturity = data.get("maturity")
    return {
        "title": name,
        "summary": f"{name} applied to join {programme.title}.",
        "country": data["country"],
        "population": data.get("population"),
        "target_year": data.get("target_year") or None,
        "maturity": maturity if maturity in Maturity.values else Maturity.PLANNING,
        "motivation": data.get("motivation", ""),
        "contact_name": data.get("contact_name", ""),
        "contact_email": data.get("contact_email", ""),
        "needs": [slug for slug in data.get("needs", []) if slug in known],
        "offers": [slug for slug in data.get("offers", []) if slug in known],
    }


def _topic_slugs(data):
    return set(data.get("needs", [])) | set(data.get("offers", []))
