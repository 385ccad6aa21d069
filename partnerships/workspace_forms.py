"""The workspace's forms on the site, one per kind of row (see `FORMS`)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from core import visibility
from core.forms import PlainTextInputMixin
from home import people
from hub.models import BusinessCasePage, CityProfilePage, PermittingGuidePage

from . import membership
from .models import Meeting, Outcome, PartnershipModule, PlanAction, WorkspaceDocument

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        described = people.describe(user)
        where = described["city"] or described["organisation"]
        return f"{described['name']} ({where})" if where else described["name"]


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = PersonChoiceField.label_from_instance


def member_users(partnership):
    """The partnership's people (staff and facilitators), with what names them."""
    return (
        get_user_model()
        .objects.filter(pk__in=membership.member_user_ids(partnership))
        .select_related("person__city")
        .order_by("person__display_name", "pk")
    )


class WorkspaceForm(PlainTextInputMixin, forms.ModelForm):
    """A form for one row of a partnership's workspace."""

    heading = ""

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership

    def success_message(self, created):
        return "Saved."


class ModuleForm(WorkspaceForm):
    class Meta:
        model = PartnershipModule
        fields = ["status", "starts_on", "due_on", "outputs"]
        widgets = {"starts_on": DATE, "due_on": DATE}

    def clean(self):
        cleaned = super().clean()
        starts, due = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", "The module cannot be due before it starts.")
        if cleaned.get("status") == "done" and not (cleaned.get("outputs") or "").strip():
            self.add_error("outputs", "Say what the module produced before marking it done.")
        return cleaned

    def success_message(self, created):
        return f"{self.instance.module.name} is now “{self.instance.get_status_display().lower()}”."


class MeetingForm(WorkspaceForm):
    attendees = PeopleChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "starts_at",
            "place",
            "agenda",
            "attendees",
            "visit_hosts",
            "visit_programme",
            "visit_travel",
            "notes",
            "report",
        ]
        widgets = {
            "starts_at": DATETIME,
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "visit_hosts": forms.Textarea(attrs={"rows": 2}),
            "visit_programme": forms.Textarea(attrs={"rows": 3}),
            "visit_travel": forms.Textarea(attrs={"rows": 2}),
            "report": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = member_users(self.partnership)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Meeting.Kind.SITE_VISIT:
            if not (cleaned.get("place") or "").strip():
                self.add_error("place", "Say where the site visit takes place.")
            if not (cleaned.get("visit_programme") or "").strip():
                self.add_error("visit_programme", "List the sites and projects to visit.")
        starts = cleaned.get("starts_at")
        if cleaned.get("report") and starts and starts > timezone.now():
            self.add_error("report", "A visit report is written after the visit.")
        return cleaned

    def success_message(self, created):
        when = timezone.localtime(self.instance.starts_at)
        verb = "Scheduled" if created else "Updated"
        return f"{verb} “{self.instance.title}” on {when:%d %B %Y}."


class PracticeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, page):
        return f"{page.title} ({page.specific_class._meta.verbose_name})"


class ActionForm(WorkspaceForm):
    owner = PersonChoiceField(queryset=get_user_model().objects.none(), required=False)
    practice = PracticeChoiceField(
        queryset=Page.objects.none(),
        required=False,
        label="Practice replicated",
        help_text="The business case, permitting guide or city it comes from.",
    )

    class Meta:
        model = PlanAction
        fields = [
            "title",
            "description",
            "owner",
            "owner_team",
            "due_on",
            "status",
            "practice",
            "practice_note",
        ]
        widgets = {"due_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}
        labels = {"practice_note": "Which action of the city"}

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = member_users(self.partnership)
        types = [BusinessCasePage, PermittingGuidePage, CityProfilePage]
        pages = visibility.visible(Page.objects.live().type(*types), request)
        self.fields["practice"].queryset = pages.select_related("content_type").order_by("title")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("owner") and not (cleaned.get("owner_team") or "").strip():
            self.add_error("owner", "Say who answers for the action: a person or a team.")
        return cleaned

    def success_message(self, created):
        verb = "Added" if created else "Changed"
        return f"{verb} the action “{self.instance.title}”."


class DocumentForm(WorkspaceForm):
    url = forms.URLField(label="Link", required=False, assume_scheme="https")

    class Meta:
        model = WorkspaceDocument
        fields = ["title", "url"]
        help_texts = {
            "url": "Where the partners find it, for example the shared folder. "
            "Facilitators attach files in the admin."
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("url") and not self.instance.document_id:
            self.add_error("url", "Give the document's link.")
        return cleaned

    def success_message(self, created):
        return f"{'Added' if created else 'Changed'} the document “{self.instance.title}”."


class OutcomeForm(WorkspaceForm):
    class Meta:
        model = Outcome
        fields = ["metric", "period", "value", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [("", "---------")] + Outcome.metrics_for(
            self.partnership.kind
        )

    def success_message(self, created):
        return f"Reported {self.instance.get_metric_display().lower()} for {self.instance.period}."


# The forms by the name in their address: workspace/<what>/new/ and workspace/<what>/<pk>/.
FORMS = {
    "modules": (ModuleForm, "Update a module", False),
    "meetings": (MeetingForm, "Schedule a meeting", True),
    "actions": (ActionForm, "Add an action to the Replication Plan", True),
    "documents": (DocumentForm, "Add a document", True),
    "outcomes": (OutcomeForm, "Report an outcome", True),
}
