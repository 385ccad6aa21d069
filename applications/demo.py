"""Demo data: an "Apply to join" form under each programme, and one sample application."""

from wagtail.contrib.forms.models import FormSubmission

from partnerships.models import PartnershipIndexPage, ProgrammePage

from .models import ApplicationFormPage

PROGRAMME_SLUGS = ["h2-twin-cities", "twinning-learning-programme", "smart-sister-cities"]

INTRO = (
    "<p>Any city working on its energy transition can apply, whatever its size or how far "
    "it has come. Tell us what your city wants to learn and what it can share: the "
    "programme team uses your answers to propose partner cities.</p>"
)
THANK_YOU = "<p>The programme team answers every application within four weeks.</p>"

# Invented for the demo, so that the admin has an application to convert.
SAMPLE_APPLICATION = {
    "city": "Kalmar",
    "country": "SE",
    "contact_name": "Demo applicant",
    "contact_email": "applicant@example.org",
    "population": 70_000,
    "maturity": "planning",
    "needs": ["hydrogen-buses", "hydrogen-refuelling", "permitting"],
    "offers": ["district-heating", "citizen-engagement"],
    "motivation": (
        "This is a sample application made by the demo. The regional bus operator wants to "
        "trial fuel cell buses, and the city would like to hear how others got their "
        "refuelling stations approved. In return it can show how its heat network was "
        "extended with residents' support."
    ),
    "consent": True,
}


def load(stdout, style):
    index = PartnershipIndexPage.objects.first()
    forms = []
    for slug in PROGRAMME_SLUGS:
        programme = (
            ProgrammePage.objects.child_of(index).filter(slug=slug).first() if index else None
        )
        if programme is None:
            stdout.write(f"  Skipped the application form of {slug}: no such programme.")
            continue
        form_page = ApplicationFormPage.objects.child_of(programme).first()
        if form_page is None:
            form_page = programme.add_child(
                instance=ApplicationFormPage(
                    title=f"Apply to join {programme.title}",
                    slug="apply",
                    intro=INTRO,
                    thank_you_text=THANK_YOU,
                    subject=f"New application to {programme.title}",
                )
            )
            form_page.save_revision().publish()
            stdout.write(f"  Created the application form {form_page.url}")
        forms.append(form_page)

    if forms and not FormSubmission.objects.filter(page=forms[0]).exists():
        FormSubmission.objects.create(page=forms[0], form_data=SAMPLE_APPLICATION)
        stdout.write(f"  Added a sample application from Kalmar to {forms[0].title}")
    total = len(PROGRAMME_SLUGS)
    stdout.write(
        style.SUCCESS(f"Application forms: {len(forms)} of {total} programmes take applications.")
    )
