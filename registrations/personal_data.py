"""What webinar registrations keep about people (registered with `core.personal_data`)."""

from core.personal_data import PersonalData, register

from .models import Registration
from .retention import delete_expired


def export_registrations(user):
    if not user.email:
        return []
    return [
        {
            "webinar": registration.webinar.title,
            "registered": registration.created.isoformat(),
            "name": registration.name,
            "organisation": registration.organisation,
            "city": registration.city,
            "email": registration.email,
            "status": registration.get_status_display(),
        }
        for registration in Registration.objects.filter(email__iexact=user.email).select_related(
            "webinar"
        )
    ]


register(
    PersonalData(
        key="registrations",
        what="Registrations for webinars: your name, organisation, city and email address.",
        why="To keep your seat, send you the joining details and a reminder, and count who "
        "takes part.",
        expire=delete_expired,
        export=export_registrations,
        after="after the webinar ends",
    )
)
