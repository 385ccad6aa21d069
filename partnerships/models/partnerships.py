"""Partnerships: two or more cities working together within a programme."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import CheckboxSelectMultiple
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable

from core import visibility
from home.roles import FACILITATORS
from hub.models import HubPage
from partnerships import membership

from .programmes import ROLES_BY_KIND, PartnershipKind, ProgrammePage, Role


class PartnershipPageForm(WagtailAdminPageForm):
    """Checks the members against the kind and the programme's rules."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets["members"]
        if not formset.is_valid():
            return cleaned  # the formset shows its own errors
        members = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        kind = cleaned.get("kind")
        cities = [member["city"] for member in members if member.get("city")]
        if len(cities) != len({city.pk for city in cities}):
            raise ValidationError("Each city can be a member only once.")
        if kind:
            allowed = ROLES_BY_KIND[PartnershipKind(kind)]
            wrong = sorted({m["role"] for m in members if m.get("role") not in allowed})
            if wrong:
                labels = ", ".join(Role(role).label.lower() for role in wrong)
                self.add_error(
                    "kind",
                    f"A {PartnershipKind(kind).label.lower()} partnership has no {labels} role.",
                )
        parent = self.parent_page.specific if self.parent_page else None
        if isinstance(parent, ProgrammePage):
            if kind and parent.kinds and kind not in parent.kinds:
                self.add_error(
                    "kind",
                    f"{parent.title} does not run {PartnershipKind(kind).label} partnerships.",
                )
            self._check_rules(parent, cities)
        return cleaned

    def _check_rules(self, programme, cities):
        """Every pair of members must meet the programme's rules, the same rules the
        recommendations and rounds apply."""
        rules = programme.rules()
        if rules.eligible_countries:
            outside = [c.title for c in cities if c.country.code not in rules.eligible_countries]
            if outside:
                raise ValidationError(
                    f"{programme.title} accepts cities from its eligible countries only: "
                    f"{', '.join(outside)} is not in one."
                )
        for index, first in enumerate(cities):
            for second in cities[index + 1 :]:
                if not rules.allows(first.country.code, second.country.code):
                    raise ValidationError(
                        f"{programme.title} pairs cities of different countries only: "
                        f"{first.title} and {second.title} are both in {first.country.name}."
                    )


class PartnershipPage(RoutablePageMixin, HubPage):
    search_weight = 0.6

    kind = models.CharField(max_length=20, choices=PartnershipKind.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    facilitators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_partnerships",
        limit_choices_to={"groups__name": FACILITATORS},
        help_text=(
            "Who runs the partnership for the programme (people in the Facilitators group). "
            "They belong to it, edit its workspace in the admin, and are named to visitors "
            "who ask to join."
        ),
    )

    parent_page_types = ["partnerships.ProgrammePage"]
    subpage_types = []
    base_form_class = PartnershipPageForm

    content_panels = HubPage.content_panels + [
        FieldPanel("kind"),
        InlinePanel("members", heading="Member cities", label="Member", min_num=2),
        FieldPanel("facilitators", widget=CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
            heading="Dates",
            help_text="The modules' dates follow from the start; the workspace holds the rest.",
        ),
    ]

    class Meta:
        verbose_name = "partnership"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date comes before the start date."})

    @property
    def programme(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    def unanswered_question_recipients(self):
        """Who answers the questions left open in the partnership's workshop room, besides
        its facilitators: the staff of the mentor city (workshops/followup.py)."""
        from home.people import city_staff

        users = []
        for member in self.members.filter(role=Role.MENTOR).select_related("city"):
            users.extend(city_staff(member.city))
        return users

    # Membership (the rules are in partnerships.membership)

    def member_user_ids(self):
        """Users who belong to the partnership: the confirmed staff of its cities and its
        facilitators. The workshop room asks this."""
        return membership.member_user_ids(self)

    def facilitator_contacts(self):
        """The facilitators, with their people and cities, to name to visitors."""
        return list(self.facilitators.select_related("person__city").order_by("pk"))

    def get_context(self, request, *args, **kwargs):
        from partnerships import workspace

        context = super().get_context(request, *args, **kwargs)
        members = self.members.select_related("city")
        context["members"] = list(visibility.visible(members, request, "city__path"))
        context["modules"] = workspace.modules_of(self)
        context["plan"] = workspace.plan_of(self)
        user = request.user
        context["belongs"] = membership.belongs(user, self)
        context["may_open_workspace"] = membership.may_open_workspace(user, self)
        if not context["may_open_workspace"]:
            context["facilitators"] = self.facilitator_contacts()
        return context

    # The workspace, for members, facilitators and managers (views in partnerships.workspace_views)

    @path("workspace/", name="workspace")
    def workspace(self, request):
        from partnerships import workspace_views

        return workspace_views.overview(request, self)

    @path("workspace/<str:what>/new/", name="workspace_add")
    @path("workspace/<str:what>/<int:pk>/", name="workspace_edit")
    def workspace_form(self, request, what, pk=None):
        from partnerships import workspace_views

        return workspace_views.edit(request, self, what, pk)

    @path("workspace/plan/sign/", name="workspace_sign")
    def workspace_sign(self, request):
        from partnerships import workspace_views

        return workspace_views.sign(request, self)

    def workspace_url(self, route="workspace", **kwargs):
        return self.url + self.reverse_subpage(route, kwargs=kwargs or None)


class PartnershipMember(Orderable):
    page = ParentalKey(PartnershipPage, on_delete=models.CASCADE, related_name="members")
    city = models.ForeignKey(
        "hub.CityProfilePage", on_delete=models.CASCADE, related_name="partnership_memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    panels = [FieldRowPanel([FieldPanel("city"), FieldPanel("role")])]

    def __str__(self):
        return f"{self.city} ({self.get_role_display()})"
