"""Form data for the Wagtail page editor, as the browser posts it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def city_form(city, **changes):
    data = {
        "title": city.title,
        "slug": city.slug,
        "summary": city.summary,
        "topics": "",
        "country": str(city.country),
        "population": city.population or "",
        "maturity": city.maturity,
        "target_year": city.target_year or "",
        "latitude": "",
        "longitude": "",
        "actions": streamfield([]),
        "offers": "",
        "needs": "",
        "motivation": city.motivation,
        "contact_name": "",
        "contact_email": "",
        "website": "",
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def business_case_form(**changes):
    data = {
        "title": "Hydrogen buses on route 9",
        "slug": "hydrogen-buses-route-9",
        "summary": "Ten fuel cell buses and the depot that fuels them.",
        "topics": "",
        "application": "bus-fleet",
        "status": "operating",
        "capital_cost": "",
        "annual_operating_cost": "",
        "currency": "",
        "price_year": "",
        "units": "",
        "hydrogen_kg_per_day": "",
        "co2e_avoided_tonnes_per_year": "",
        "payback_years": "",
        "funding_mix": streamfield([]),
        "video_url": "",
        "tour": streamfield([]),
        "lessons_learned": rich_text(""),
        "sources": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def webinar_form(**changes):
    data = {
        "title": "Permitting a refuelling station",
        "slug": "permitting-a-refuelling-station",
        "summary": "What the fire service asks for.",
        "topics": "",
        "start": "2030-03-01 10:00",
        "end": "2030-03-01 11:30",
        "timezone": "Europe/Brussels",
        "speakers": streamfield([]),
        "agenda": streamfield([]),
        "registration_url": "",
        "recording_url": "",
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def permitting_guide_form(steps, **changes):
    data = {
        "title": "Permitting our first station",
        "slug": "permitting-our-first-station",
        "summary": "The permits, in order.",
        "topics": "",
        "jurisdiction": "City of Bristol",
        "application": "refuelling",
        "steps": streamfield([("step", step) for step in steps]),
        "acceptance_practices": rich_text(""),
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def permit_step(**changes):
    step = {
        "step": "Building permit",
        "authority": "Planning department",
        "legal_basis": "",
        "duration_days": "60",
        "documents": streamfield([]),
        "tips": "",
    }
    step.update(changes)
    return step


def source_block(**value):
    source = {"title": "", "publisher": "", "year": "", "url": "", "document": ""}
    source.update(value)
    return streamfield([("source", source)])
