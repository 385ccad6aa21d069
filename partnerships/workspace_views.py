"""The workspace pages of a partnership (routed by `PartnershipPage`): the overview, one
form per kind of row, and signing the Replication Plan."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from . import membership, workspace
from .models import (
    ActivityEntry,
    Meeting,
    ModuleStatus,
    Outcome,
    PartnershipModule,
    PlanAction,
    WorkspaceDocument,
)
from .workspace_forms import FORMS

ACTIVITY_SHOWN = 50
SECTION_OF = {
    "modules": "modules",
    "meetings": "meetings",
    "actions": "plan",
    "documents": "documents",
    "outcomes": "outcomes",
}
MODELS = {
    "meetings": Meeting,
    "actions": PlanAction,
    "documents": WorkspaceDocument,
    "outcomes": Outcome,
}


def _refuse(request, partnership):
    """Not signed in: the sign-in page. Signed in without belonging: a clear refusal
    naming whom to ask."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return TemplateResponse(
        request,
        "partnerships/workspace_refused.html",
        {"page": partnership, "facilitators": partnership.facilitator_contacts()},
        status=403,
    )


def overview(request, partnership):
    user = request.user
    if not membership.may_open_workspace(user, partnership):
        return _refuse(request, partnership)
    members = list(partnership.members.select_related("city"))
    partnership._prefetched_objects_cache = {"members": members}
    people = get_user_model().objects.select_related("person__city")
    meetings = list(
        Meeting.objects.filter(partnership=partnership).prefetch_related(
            Prefetch("attendees", queryset=people.order_by("person__display_name", "pk"))
        )
    )
    upcoming = [m for m in meetings if not m.is_past]
    try:
        room = partnership.workshop_room  # an online meeting takes place there
    except ObjectDoesNotExist:
        room = None
    context = {
        "page": partnership,
        "self": partnership,
        "members": members,
        "facilitators": partnership.facilitator_contacts(),
        "room": room,
        "modules": workspace.modules_of(partnership),
        "upcoming_meetings": upcoming,
        "past_meetings": [m for m in reversed(meetings) if m.is_past],
        "plan": workspace.plan_of(partnership),
        "documents": list(
            WorkspaceDocument.objects.filter(partnership=partnership).select_related("document")
        ),
        "outcomes": list(Outcome.objects.filter(partnership=partnership)),
        "activity": list(
            ActivityEntry.objects.filter(partnership=partnership).select_related(
                "actor__person__city"
            )[:ACTIVITY_SHOWN]
        ),
        "may_edit": membership.may_edit_workspace(user, partnership),
        "signing_city": membership.signing_city(user, partnership),
    }
    return TemplateResponse(request, "partnerships/workspace.html", context)


def _instance(partnership, what, pk):
    if what == "modules":
        module = next((m for m in workspace.modules_of(partnership) if m.module.pk == pk), None)
        if module is None:
            raise Http404("This programme has no such module.")
        if module.row is not None:
            return module.row
        return PartnershipModule(
            partnership=partnership,
            module=module.module,
            starts_on=module.starts_on,
            due_on=module.due_on,
            status=ModuleStatus.NOT_STARTED,
        )
    if pk is None:
        return MODELS[what](partnership=partnership)
    found = MODELS[what].objects.filter(partnership=partnership, pk=pk).first()
    if found is None:
        raise Http404("This workspace has no such item.")
    return found


def edit(request, partnership, what, pk=None):
    if what not in FORMS or (pk is None and not FORMS[what][2]):
        raise Http404("The workspace has no such form.")
    if not membership.may_open_workspace(request.user, partnership):
        return _refuse(request, partnership)
    if not membership.may_edit_workspace(request.user, partnership):
        raise PermissionDenied("Programme managers follow the workspace; its members change it.")
    form_class, heading, _ = FORMS[what]
    instance = _instance(partnership, what, pk)
    created = instance.pk is None
    kwargs = {"partnership": partnership, "instance": instance}
    if what == "actions":
        kwargs["request"] = request
    form = form_class(request.POST or None, **kwargs)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                saved = form.save()
                workspace.changed(saved, request.user, created)
            messages.success(request, form.success_message(created))
            return redirect(f"{partnership.workspace_url()}#{SECTION_OF[what]}")
        status = 400
    if what == "modules":
        heading = f"{instance.module.name}: status and outputs"
    elif not created:
        heading = f"Change “{instance}”"
    return TemplateResponse(
        request,
        "partnerships/workspace_form.html",
        {"page": partnership, "form": form, "heading": heading, "instance": instance},
        status=status,
    )


@require_POST
def sign(request, partnership):
    if not membership.may_open_workspace(request.user, partnership):
        return _refuse(request, partnership)
    try:
        plan = workspace.sign_plan(partnership, request.user)
    except (PermissionDenied, ValidationError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        if plan.is_signed:
            messages.success(
                request, "You signed the Replication Plan. Every city has: it is now published."
            )
        else:
            waiting = ", ".join(city.title for city in plan.unsigned)
            messages.success(request, f"You signed the Replication Plan. Waiting for {waiting}.")
    return redirect(f"{partnership.workspace_url()}#plan")
