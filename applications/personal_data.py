"""What applications keep about people (registered with `core.personal_data`)."""

from wagtail.contrib.forms.models import FormSubmission

from core.personal_data import PersonalData, cutoff, register

from .models import ApplicationFormPage


def applications():
    return FormSubmission.objects.filter(
        page__content_type__model="applicationformpage",
        page__content_type__app_label=ApplicationFormPage._meta.app_label,
    )


def export_applications(user):
    if not user.email:
        return []
    return [
        {
            "call": submission.page.title,
            "sent": submission.submit_time.isoformat(),
            **submission.form_data,
        }
        for submission in applications()
        .filter(form_data__contact_email__iexact=user.email)
        .select_related("page")
    ]


def expire_applications(now):
    old = applications().filter(submit_time__lt=cutoff("applications", now))
    count = old.count()
    old.delete()  # the record of their conversion too; the city profiles stay
    return count


register(
    PersonalData(
        key="applications",
        what="Applications to a programme's call: the contact person's name and email "
        "address, the city's facts and its motivation.",
        why="To assess the application, match the city with a partner and contact its "
        "contact person about it.",
        expire=expire_applications,
        export=export_applications,
    )
)
