"""The application forms and the sample application of the demo."""

import io

from django.core.management.color import no_style
from wagtail.contrib.forms.models import FormSubmission

from applications.conversion import convert_application
from applications.forms import ApplicationForm
from applications.models import ApplicationFormPage
from demo import builders, loader
from tests import factories

SAMPLE_APPLICATION = loader.read_file("applications.yaml")[0]


def run_demo():
    out = io.StringIO()
    loader.load(out, no_style(), builders.steps("Application forms", "Applications"))
    return out.getvalue()


def test_demo_adds_a_form_to_each_programme_once(hub_tree, django_user_model):
    for slug in ("h2-twin-cities", "smart-sister-cities"):
        factories.ProgrammePageFactory(parent=hub_tree.partnerships, slug=slug)

    output = run_demo()
    run_demo()

    assert (
        "Application forms [2/3] The 2025 Twinning Learning Programme call: skipped, "
        "no programme for twinning-learning-programme"
    ) in output
    forms = ApplicationFormPage.objects.live().order_by("url_path")
    assert [form.url for form in forms] == [
        "/partnerships/h2-twin-cities/apply/",
        "/partnerships/smart-sister-cities/apply/",
    ]
    assert FormSubmission.objects.count() == 1
    # The sample application is one the form itself would accept, and it converts.
    submission = FormSubmission.objects.get()
    assert ApplicationForm(data=submission.form_data).is_valid()
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    city = convert_application(submission, admin).city
    assert sorted(t.slug for t in city.needs.all()) == sorted(SAMPLE_APPLICATION["needs"])


def test_demo_without_programmes_creates_nothing(hub_tree):
    output = run_demo()
    assert "Application forms: 0 created, 0 already present, 3 skipped" in output
    assert not ApplicationFormPage.objects.exists()
