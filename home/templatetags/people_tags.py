from django import template

from home import people
from home.forms import ContactCityForm

register = template.Library()


@register.simple_tag
def person_name(user):
    """How a person is shown to others (never their username or address)."""
    return people.display_name(user)


@register.inclusion_tag("components/person.html")
def person(user, with_role=False):
    """A person as others see them: display name, then their city (or, without one, their
    organisation). Select `person__city` with the users to keep this free of queries."""
    described = people.describe(user)
    if with_role and user is not None and hasattr(user, "person"):
        described["role"] = user.person.role
    return described


@register.inclusion_tag("home/includes/contact_city_form.html", takes_context=True)
def contact_city_form(context, city):
    """The "write to this city" form, for any page that shows a city."""
    return {
        "city": city,
        "form": ContactCityForm(),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
