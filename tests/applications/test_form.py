"""The public "Apply to join" form: what is stored, what is refused and how it is shown."""

import re

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission
from wagtail.test.utils import WagtailPageTestCase

from applications.models import ApplicationFormPage
from partnerships.models import ProgrammePage
from tests import factories

SCRIPT = "<script>alert('x')</script>"


def post(client, page, data):
    return client.post(page.url, data)


def test_form_lives_under_its_programme(form_page):
    assert form_page.url == "/partnerships/h2-twin-cities/apply/"


def test_form_shows_every_field_and_topics_grouped_by_domain(client, form_page):
    response = client.get(form_page.url)
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("city", "country", "contact_name", "contact_email", "population", "maturity"):
        assert f'name="{name}"' in content
    assert 'name="motivation"' in content
    assert 'name="consent"' in content
    # Topics are checkboxes under a legend per domain, so the form needs no JavaScript.
    assert content.count('type="checkbox" name="needs"') == 58
    assert content.count('type="checkbox" name="offers"') == 58
    assert "<legend>Hydrogen</legend>" in content
    assert "H2 Twin Cities" in content


def test_valid_application_is_stored_with_topic_slugs(client, form_page, valid_data):
    response = post(client, form_page, valid_data)

    assert response.status_code == 200
    assert "What happens next" in response.content.decode()
    submission = FormSubmission.objects.get(page=form_page)
    assert submission.form_data == {
        "city": "Umeå",
        "country": "SE",
        "contact_name": "Anna Lindqvist",
        "contact_email": "anna.lindqvist@example.org",
        "population": 130000,
        "target_year": None,
        "maturity": "piloting",
        "needs": ["hydrogen-buses", "permitting"],
        "offers": ["district-heating"],
        "motivation": valid_data["motivation"],
        "consent": True,
    }


def test_application_without_offers_is_accepted(client, form_page, valid_data):
    valid_data.pop("offers")
    post(client, form_page, valid_data)
    assert FormSubmission.objects.get(page=form_page).form_data["offers"] == []


def test_empty_application_lists_every_missing_field_and_stores_nothing(client, form_page):
    response = post(client, form_page, {})

    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem with your application" in content
    for message in (
        "Enter the name of your city.",
        "Choose the country your city is in.",
        "Enter the name of a contact person.",
        "Enter the contact person&#x27;s email address.",
        "Enter your city&#x27;s population.",
        "Choose how far along your city is.",
        "Choose at least one topic your city wants to learn about.",
        "Tell us why your city wants to take part.",
        "Tick the consent box: we cannot store the application otherwise.",
    ):
        assert message in content, message
    assert not FormSubmission.objects.exists()


def test_error_summary_links_to_fields_that_exist(client, form_page):
    content = post(client, form_page, {}).content.decode()
    summary = content.split('class="error-summary"')[1].split("</div>")[0]
    anchors = re.findall(r'href="#([^"]+)"', summary)
    assert "id_city" in anchors and "field-needs" in anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in content, anchor


def test_invalid_input_is_described_by_its_error(client, form_page, valid_data):
    valid_data["contact_email"] = "anna"
    content = post(client, form_page, valid_data).content.decode()
    field = re.search(r"<input[^>]*name=\"contact_email\"[^>]*>", content).group(0)
    assert 'aria-describedby="id_contact_email_error"' in field
    assert 'aria-invalid="true"' in field
    assert 'id="id_contact_email_error"' in content


@pytest.mark.parametrize(
    "bad_email", ["anna", "anna@", "anna@example", "anna lindqvist@example.org"]
)
def test_bad_email_is_refused_and_shown_back(client, form_page, valid_data, bad_email):
    valid_data["contact_email"] = bad_email
    response = post(client, form_page, valid_data)

    content = response.content.decode()
    assert "Enter an email address in the form name@example.org." in content
    assert f'value="{bad_email}"' in content
    assert not FormSubmission.objects.exists()


def test_very_long_motivation_is_refused(client, form_page, valid_data):
    valid_data["motivation"] = "a" * 100_000
    response = post(client, form_page, valid_data)

    content = response.content.decode()
    assert "Keep your motivation to 5000 characters or fewer (it has 100000)." in content
    assert not FormSubmission.objects.exists()


def test_motivation_of_exactly_the_limit_is_accepted(client, form_page, valid_data):
    valid_data["motivation"] = "a" * 5_000
    post(client, form_page, valid_data)
    assert FormSubmission.objects.count() == 1


@pytest.mark.parametrize("field", ["city", "contact_name", "motivation"])
def test_script_in_text_fields_is_refused_and_shown_escaped(client, form_page, valid_data, field):
    valid_data[field] = f"Umeå {SCRIPT}"
    response = post(client, form_page, valid_data)

    content = response.content.decode()
    assert "There is a problem with your application" in content
    assert SCRIPT not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content
    assert not FormSubmission.objects.exists()


def test_html_tags_in_motivation_are_refused_with_a_message(client, form_page, valid_data):
    valid_data["motivation"] = 'We <b>really</b> want to <a href="https://x.example">join</a>.'
    content = post(client, form_page, valid_data).content.decode()
    assert "Write plain text without HTML tags such as &lt;p&gt; or &lt;script&gt;." in content
    assert "<b>really</b>" not in content
    assert not FormSubmission.objects.exists()


def test_angle_brackets_in_a_name_are_refused(client, form_page, valid_data):
    valid_data["contact_name"] = "Anna <Lindqvist>"
    content = post(client, form_page, valid_data).content.decode()
    assert "Use plain text: the characters &lt; and &gt; are not allowed here." in content
    assert 'value="Anna &lt;Lindqvist&gt;"' in content
    assert not FormSubmission.objects.exists()


def test_a_less_than_sign_in_plain_motivation_is_fine(client, form_page, valid_data):
    valid_data["motivation"] = "Our emissions per person are < 4 t and we want them under 2 t."
    post(client, form_page, valid_data)
    assert FormSubmission.objects.count() == 1


def test_stored_text_is_shown_escaped_on_the_thank_you_page(client, form_page, valid_data):
    valid_data["city"] = "Umeå & Holmsund"
    content = post(client, form_page, valid_data).content.decode()
    assert "Thank you, Umeå &amp; Holmsund" in content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("population", "lots", "Enter the population as a whole number, such as 250000."),
        ("population", "0", "Enter a population of at least 1."),
        ("maturity", "expert", "Choose one of the four levels."),
        ("country", "XX", "Choose a country from the list."),
        ("needs", ["no-such-topic"], "no-such-topic is not one of the hub&#x27;s topics."),
    ],
)
def test_bad_choices_are_refused(client, form_page, valid_data, field, value, message):
    valid_data[field] = value
    content = post(client, form_page, valid_data).content.decode()
    assert message in content
    assert not FormSubmission.objects.exists()


def test_control_characters_are_stripped_from_every_text_field(client, form_page, valid_data):
    valid_data["city"] = "Ume\x01å"
    valid_data["contact_name"] = "Anna\x00 Lindqvist\x7f"
    valid_data["motivation"] = "Fuel cell\x1b buses.\r\nAnd\ttrams."
    response = post(client, form_page, valid_data)
    assert "What happens next" in response.content.decode()
    data = FormSubmission.objects.get(page=form_page).form_data
    assert data["city"] == "Umeå"
    assert data["contact_name"] == "Anna Lindqvist"
    # Line breaks and tabs are text, not control characters to strip.
    assert data["motivation"] == "Fuel cell buses.\r\nAnd\ttrams."


def test_a_name_of_control_characters_only_is_missing(client, form_page, valid_data):
    valid_data["city"] = "\x01\x02"
    content = post(client, form_page, valid_data).content.decode()
    assert "Enter the name of your city." in content
    assert not FormSubmission.objects.exists()


def test_typed_values_are_kept_after_an_error(client, form_page, valid_data):
    valid_data["consent"] = ""
    content = post(client, form_page, valid_data).content.decode()
    assert 'value="Anna Lindqvist"' in content
    assert re.search(r'value="hydrogen-buses"[^>]*checked', content)


def test_filled_honeypot_is_thanked_but_not_stored(client, form_page, valid_data):
    valid_data["fax_number"] = "+46 90 123 45"
    response = post(client, form_page, valid_data)
    assert "What happens next" in response.content.decode()
    assert not FormSubmission.objects.exists()


def test_new_application_is_emailed_when_the_form_has_an_address(client, form_page, valid_data):
    form_page.to_address = "programme@example.org"
    form_page.subject = "New application"
    form_page.save()
    post(client, form_page, valid_data)
    assert len(mail.outbox) == 1
    assert "City: Umeå" in mail.outbox[0].body
    assert "Leave this field empty" not in mail.outbox[0].body


class ApplicationFormPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        from home.models import HomePage

        index = factories.PartnershipIndexPageFactory(parent=HomePage.objects.get())
        cls.programme = factories.ProgrammePageFactory(parent=index)
        cls.page = factories.ApplicationFormPageFactory(parent=cls.programme)

    def test_routable_and_renderable(self):
        self.assertPageIsRoutable(self.page)
        self.assertPageIsRenderable(self.page)

    def test_editable_and_previewable(self):
        self.login()
        self.assertPageIsEditable(self.page)
        self.assertPageIsPreviewable(self.page, mode="form")
        self.assertPageIsPreviewable(self.page, mode="landing")

    def test_has_no_children(self):
        self.assertAllowedSubpageTypes(ApplicationFormPage, set())

    def test_editors_add_one_form_per_programme(self):
        self.assertAllowedParentPageTypes(ApplicationFormPage, {ProgrammePage})
        other = factories.ProgrammePageFactory(parent=self.programme.get_parent())
        self.assertTrue(ApplicationFormPage.can_create_at(other))
        self.assertFalse(ApplicationFormPage.can_create_at(self.programme))


def test_programme_pages_can_link_to_their_live_form(rf, programme, hub_tree):
    from django.template.loader import render_to_string

    other = factories.ProgrammePageFactory(parent=hub_tree.partnerships, title="Smart Sisters")
    factories.ApplicationFormPageFactory(parent=programme)
    factories.ApplicationFormPageFactory(parent=other, live=False)

    def link(page):
        return render_to_string(
            "applications/includes/apply_link.html", {"page": page, "request": rf.get("/")}
        )

    assert 'href="/partnerships/h2-twin-cities/apply/"' in link(programme)
    assert "Apply to join" not in link(other)
