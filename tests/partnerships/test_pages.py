"""Programme and partnership pages: Wagtail's page checks, rules and validation."""

import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from applications.models import ApplicationFormPage
from home.models import HomePage
from partnerships.models import (
    PartnershipIndexPage,
    PartnershipModule,
    PartnershipPage,
    PlanAction,
    PlanSignature,
    ProgrammeModule,
    ProgrammePage,
)
from tests import factories


class PartnershipPagesTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = HomePage.objects.get()
        cities = factories.CityIndexPageFactory(parent=home)
        index = factories.PartnershipIndexPageFactory(parent=home)
        cls.programme = factories.ProgrammePageFactory(
            parent=index,
            title="Twinning Learning Programme",
            slug="twinning-learning-programme",
            runs_mission_twin=True,
            different_countries=True,
            eligible_countries=["DE", "FI"],
            duration_months=12,
        )
        for order, name in enumerate(["Getting Started", "Co-creating", "Capitalising"]):
            ProgrammeModule.objects.create(page=cls.programme, name=name, sort_order=order)
        cls.aachen = factories.CityProfilePageFactory(
            parent=cities, slug="aachen", title="Aachen", country="DE"
        )
        cls.jyvaskyla = factories.CityProfilePageFactory(
            parent=cities, slug="jyvaskyla", title="Jyväskylä", country="FI"
        )
        cls.bonn = factories.CityProfilePageFactory(
            parent=cities, slug="bonn", title="Bonn", country="DE"
        )
        cls.partnership = factories.PartnershipPageFactory(
            parent=cls.programme,
            title="Aachen and Jyväskylä",
            slug="aachen-jyvaskyla",
            kind="mission-twin",
            start_date=datetime.date(2025, 1, 15),
            members=[(cls.aachen, "mission-city"), (cls.jyvaskyla, "twin-city")],
        )
        modules = list(cls.programme.modules.all())
        for module in modules[:2]:
            PartnershipModule.objects.create(
                partnership=cls.partnership, module=module, status="done"
            )
        cls.action = PlanAction.objects.create(
            partnership=cls.partnership,
            title="Open a climate citizens' council",
            owner_team="Mayor's office",
            due_on=datetime.date(2026, 12, 31),
            status="in-progress",
        )

    def setUp(self):
        self.login()

    def test_page_checks(self):
        for page in (self.programme, self.partnership):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
        self.assertPageIsEditable(self.programme)
        self.assertPageIsPreviewable(self.programme)
        # Inline members need their form data spelt out.
        post_data = self._form_data(
            "mission-twin",
            [(self.aachen, "mission-city"), (self.jyvaskyla, "twin-city")],
            title="Aachen and Jyväskylä",
            slug="aachen-jyvaskyla",
        )
        self.assertPageIsEditable(self.partnership, post_data=post_data)
        self.assertPageIsPreviewable(self.partnership, post_data=post_data)
        self.assertAllowedParentPageTypes(ProgrammePage, {PartnershipIndexPage})
        self.assertAllowedSubpageTypes(ProgrammePage, {PartnershipPage, ApplicationFormPage})
        self.assertAllowedParentPageTypes(PartnershipPage, {ProgrammePage})
        self.assertAllowedSubpageTypes(PartnershipPage, set())

    def test_programme_page_shows_its_rules_modules_and_partnerships(self):
        html = self.client.get(self.programme.url).content.decode()
        assert "Mission city–twin city" in html
        assert "12 months" in html
        assert "Must be in different countries" in html
        assert "Germany, Finland" in html or "Finland, Germany" in html
        assert (
            html.index("Getting Started") < html.index("Co-creating") < html.index("Capitalising")
        )
        assert "Aachen (mission city), Jyväskylä (twin city)" in html

    def test_partnership_page_shows_progress_and_the_signed_replication_plan(self):
        html = self.client.get(self.partnership.url).content.decode()
        assert "Getting Started: done" in html
        assert "Co-creating: done" in html
        assert "Capitalising: not started" in html
        assert 'href="/cities/jyvaskyla/"' in html
        # The plan is published once every member city has signed it.
        assert "Open a climate citizens&#x27; council" not in html
        for city in (self.aachen, self.jyvaskyla):
            PlanSignature.objects.create(partnership=self.partnership, city=city)
        html = self.client.get(self.partnership.url).content.decode()
        assert "Open a climate citizens&#x27; council" in html
        assert '<td data-label="Status">In progress</td>' in html

    def test_programme_rules_reach_the_engine(self):
        rules = ProgrammePage.objects.get(pk=self.programme.pk).rules()
        assert rules.different_countries
        assert rules.eligible_countries == {"DE", "FI"}

    def _form_data(self, kind, members, title="New pair", slug="new-pair"):
        return nested_form_data(
            {
                "title": title,
                "slug": slug,
                "summary": "",
                "kind": kind,
                "members": inline_formset(
                    [{"city": city.pk, "role": role} for city, role in members], min=2
                ),
            }
        )

    def _create(self, kind, members):
        data = self._form_data(kind, members)
        url = reverse(
            "wagtailadmin_pages:add",
            args=["partnerships", "partnershippage", self.programme.pk],
        )
        return self.client.post(url, data)

    def test_editor_creates_a_valid_partnership(self):
        response = self._create(
            "mission-twin", [(self.aachen, "mission-city"), (self.jyvaskyla, "twin-city")]
        )
        assert response.status_code == 302
        assert PartnershipPage.objects.filter(slug="new-pair").exists()

    def test_roles_must_fit_the_kind(self):
        response = self._create(
            "mission-twin", [(self.aachen, "mentor"), (self.jyvaskyla, "twin-city")]
        )
        assert response.status_code == 200
        assert "A mission city–twin city partnership has no mentor role." in (
            response.content.decode()
        )

    def test_programme_must_run_the_kind(self):
        response = self._create("sibling", [(self.aachen, "sibling"), (self.jyvaskyla, "sibling")])
        assert "does not run Sibling cities partnerships" in response.content.decode()

    def test_programme_pairs_different_countries(self):
        response = self._create(
            "mission-twin", [(self.aachen, "mission-city"), (self.bonn, "twin-city")]
        )
        assert "pairs cities of different countries only" in response.content.decode()
        assert not PartnershipPage.objects.filter(slug="new-pair").exists()


@pytest.mark.django_db
def test_end_date_before_start_date_is_refused(world):
    world.siblings.start_date = datetime.date(2025, 5, 1)
    world.siblings.end_date = datetime.date(2025, 4, 1)
    with pytest.raises(Exception, match="end date comes before the start date"):
        world.siblings.full_clean()
