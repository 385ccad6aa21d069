from django import template
from django.conf import settings

from registrations import services
from registrations.forms import RegistrationForm

register = template.Library()


@register.inclusion_tag("registrations/includes/form.html", takes_context=True)
def webinar_registration(context, webinar):
    """The registration form of a webinar that takes its registrations on TwinHub."""
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "webinar": webinar,
        "form": RegistrationForm(),
        "seats_left": services.seats_left(webinar),
        "retention_days": settings.WEBINAR_REGISTRATION_RETENTION_DAYS,
    }
