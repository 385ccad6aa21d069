from django import template

from applications.models import ApplicationFormPage

register = template.Library()


@register.simple_tag
def application_form_for(programme):
    """The live application form of a programme, or None: for an "Apply to join" link."""
    return ApplicationFormPage.objects.child_of(programme).live().first()
