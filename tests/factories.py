"""wagtail-factories for every page type. Topics are given by slug, as in imports."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from applications.models import ApplicationFormPage
from home.models import HomePage
from hub import models as hub
from partnerships import models as partnerships


def _set_topics(manager_name):
    def hook(page, create, extracted, **kwargs):
        if not extracted:
            return
        topics = hub.Topic.objects.filter(slug__in=extracted)
        getattr(page, manager_name).set(list(topics))
        if create:
            page.save()

    return factory.PostGeneration(hook)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "TwinHub"

    class Meta:
        model = HomePage


class CityIndexPageFactory(wagtail_factories.PageFactory):
    title = "Cities"
    slug = "cities"

    class Meta:
        model = hub.CityIndexPage


class BusinessCaseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Business cases"
    slug = "business-cases"

    class Meta:
        model = hub.BusinessCaseIndexPage


class PermittingGuideIndexPageFactory(wagtail_factories.PageFactory):
    title = "Permitting guides"
    slug = "permitting"

    class Meta:
        model = hub.PermittingGuideIndexPage


class WebinarIndexPageFactory(wagtail_factories.PageFactory):
    title = "Webinars"
    slug = "webinars"

    class Meta:
        model = hub.WebinarIndexPage


class PartnershipIndexPageFactory(wagtail_factories.PageFactory):
    title = "Partnerships"
    slug = "partnerships"

    class Meta:
        model = partnerships.PartnershipIndexPage


class ProgrammePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Programme {n}")
    summary = "Pairs cities to learn from each other."

    class Meta:
        model = partnerships.ProgrammePage


class CityProfilePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"City {n}")
    summary = factory.LazyAttribute(lambda o: f"{o.title} is cutting its emissions.")
    country = "SE"
    population = 120_000
    target_year = 2030
    maturity = "planning"
    motivation = "To learn from cities further along."
    offers = _set_topics("offers")
    needs = _set_topics("needs")
    topics = _set_topics("topics")

    class Meta:
        model = hub.CityProfilePage
        skip_postgeneration_save = True


class BusinessCasePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Business case {n}")
    summary = "Fuel cell buses on two urban lines."
    application = "bus-fleet"
    status = "operating"
    is_illustrative = True
    capital_cost = 5_000_000
    currency = "EUR"
    price_year = 2024
    units = 10
    topics = _set_topics("topics")

    class Meta:
        model = hub.BusinessCasePage
        skip_postgeneration_save = True


class PermittingGuidePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Permitting guide {n}")
    summary = "How a refuelling station was permitted."
    jurisdiction = "Municipality"
    application = "refuelling"
    steps = factory.LazyFunction(
        lambda: [
            (
                "step",
                {
                    "step": "Zoning check",
                    "authority": "Planning office",
                    "legal_basis": "",
                    "duration_days": 30,
                    "documents": ["Site plan"],
                    "tips": "",
                },
            ),
            (
                "step",
                {
                    "step": "Building permit",
                    "authority": "Building office",
                    "legal_basis": "",
                    "duration_days": 60,
                    "documents": [],
                    "tips": "Talk to the fire service early.",
                },
            ),
        ]
    )
    topics = _set_topics("topics")

    class Meta:
        model = hub.PermittingGuidePage
        skip_postgeneration_save = True


class WebinarPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Webinar {n}")
    summary = "A tutorial on hydrogen permitting."
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=1, minutes=30))
    timezone = "Europe/Brussels"
    registration_url = ""
    topics = _set_topics("topics")

    class Meta:
        model = hub.WebinarPage
        skip_postgeneration_save = True


class PartnershipPageFactory(wagtail_factories.PageFactory):
    """A partnership; give `members=[(city, role), ...]` to add member cities."""

    title = factory.Sequence(lambda n: f"Partnership {n}")
    summary = "Two cities learning from each other."
    kind = "sibling"
    topics = _set_topics("topics")

    class Meta:
        model = partnerships.PartnershipPage
        skip_postgeneration_save = True

    @factory.post_generation
    def members(page, create, extracted, **kwargs):
        if not extracted:
            return
        page.members = [
            partnerships.PartnershipMember(city=city, role=role, sort_order=order)
            for order, (city, role) in enumerate(extracted)
        ]
        if create:
            page.save()


class ApplicationFormPageFactory(wagtail_factories.PageFactory):
    """An application form; give `parent` a ProgrammePage."""

    title = "Apply to join"
    slug = "apply"
    intro = "<p>Cities of any size can apply.</p>"
    thank_you_text = "<p>We will be in touch within four weeks.</p>"

    class Meta:
        model = ApplicationFormPage


def page_factories():
    """Every page factory in this module, by the page model it builds."""
    return {
        value._meta.model: value
        for value in globals().values()
        if isinstance(value, type)
        and issubclass(value, wagtail_factories.PageFactory)
        and value._meta.model is not None
    }


def page_in_tree(model, home, **kwargs):
    """A published page of `model` where the page tree allows it, building its parents.

    Parents are taken from `parent_page_types`, reusing an existing page of that type
    (index pages exist once), so a new page type needs only its factory here.
    """
    if model is HomePage:
        return home
    existing = model.objects.descendant_of(home).first() if model.max_count == 1 else None
    if existing is not None:
        return existing
    parent_model = next(
        parent
        for parent in model.allowed_parent_page_models()
        if parent is HomePage or parent.allowed_parent_page_models()
    )
    parent = parent_model.objects.descendant_of(home, inclusive=True).first()
    if parent is None:
        parent = page_in_tree(parent_model, home)
    for key, value in REQUIRED_IN_TREE.get(model, lambda home: {})(home).items():
        kwargs.setdefault(key, value)
    return page_factories()[model](parent=parent, **kwargs)


def _two_sibling_cities(home):
    cities = [page_in_tree(hub.CityProfilePage, home) for _ in range(2)]
    return {"members": [(city, "sibling") for city in cities]}


# What a page type needs beyond its factory's defaults for the admin to accept its form.
REQUIRED_IN_TREE = {partnerships.PartnershipPage: _two_sibling_cities}


def project_page_models():
    """Every page type defined by this project's apps (not Wagtail's), by label."""
    from pathlib import Path

    from django.conf import settings
    from wagtail.models import get_page_models

    base = Path(settings.BASE_DIR).resolve()
    return sorted(
        (
            model
            for model in get_page_models()
            # The project's apps are the top-level folders of the repository; a virtual
            # environment inside the repository (as CI makes) holds Wagtail's own apps.
            if Path(model._meta.app_config.path).resolve().parent == base
        ),
        key=lambda model: model._meta.label,
    )
