"""Turn an application into a draft city profile under /cities/, once."""

import enum
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from wagtail.contrib.forms.models import FormSubmission

from hub.models import CityIndexPage, CityProfilePage, Maturity, Topic

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


def city_slug(name):
    """The slug `import_cities` would give the city; non-Latin names keep their letters."""
    return slugify(name) or slugify(name, allow_unicode=True)


def existing_city(index, name):
    """The city profile under the index that the application's city name maps to, if any."""
    return CityProfilePage.objects.child_of(index).filter(slug=city_slug(name)).first()


def convert_application(submission, user):
    """Create an unpublished CityProfilePage (with a revision) from an application.

    Converting the same application again, or an application from a city whose page
    already exists under /cities/, creates nothing and returns the existing city.
    """
    with transaction.atomic():
        # Lock the submission so two managers clicking at once create one city.
        submission = FormSubmission.objects.select_for_update().get(pk=submission.pk)
        existing = (
            ApplicationConversion.objects.filter(submission=submission)
            .select_related("city")
            .first()
        )
        if existing:
            return ConversionResult(existing.city, Outcome.ALREADY_CONVERTED)

        form_page = submission.page.specific
        if not isinstance(form_page, ApplicationFormPage):
            raise ConversionError("Only submissions of an application form can be converted.")
        data = submission.form_data
        name = (data.get("city") or "").strip()
        slug = city_slug(name)
        if not slug or not data.get("country"):
            raise ConversionError("The application has no city name or country to build a page.")
        index = CityIndexPage.objects.first()
        if index is None:
            raise ConversionError("There is no city index page (/cities/) to add the city to.")

        city = existing_city(index, name)
        if city is not None:
            outcome = Outcome.EXISTING_CITY
        else:
            city = _create_draft_city(index, slug, data, form_page, user)
            outcome = Outcome.CREATED
        ApplicationConversion.objects.create(submission=submission, city=city, converted_by=user)
    return ConversionResult(city, outcome)


def _create_draft_city(index, slug, data, form_page, user):
    programme = form_page.get_parent()
    maturity = data.get("maturity")
    city = CityProfilePage(
        title=data["city"].strip(),
        slug=slug,
        live=False,
        owner=user,
        summary=f"{data['city'].strip()} applied to join {programme.title}.",
        country=data["country"],
        population=data.get("population"),
        maturity=maturity if maturity in Maturity.values else Maturity.PLANNING,
        motivation=data.get("motivation", ""),
        contact_name=data.get("contact_name", ""),
        contact_email=data.get("contact_email", ""),
    )
    # Topics removed from the vocabulary since the application are left out.
    topics = {topic.slug: topic for topic in Topic.objects.filter(slug__in=_topic_slugs(data))}
    needs = [topics[slug] for slug in data.get("needs", []) if slug in topics]
    offers = [topics[slug] for slug in data.get("offers", []) if slug in topics]
    city.needs.set(needs)
    city.offers.set(offers)
    city.topics.set(list({topic.pk: topic for topic in needs + offers}.values()))
    index.add_child(instance=city)  # logs "wagtail.create" for the owner
    city.save_revision(user=user, log_action=True)
    return city


def _topic_slugs(data):
    return set(data.get("needs", [])) | set(data.get("offers", []))
