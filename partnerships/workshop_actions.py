"""Action items recorded in a partnership's workshop room go to its activity log, and,
when a facilitator says so on the session record, become actions of its Replication Plan
(the workspace's `PlanAction` rows, through `partnerships.workspace` like every other
workspace write)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import receiver

from core.signals import action_item_planned, action_item_recorded

from . import workspace
from .models import PartnershipPage, PlanAction


def activity_text(action):
    text = f"Action item from the workshop: {action['text']}"
    if action.get("owner_name"):
        text += f" (owner: {action['owner_name']}"
        text += f", due {action['due']})" if action.get("due") else ")"
    elif action.get("due"):
        text += f" (due {action['due']})"
    return text


@receiver(action_item_recorded, dispatch_uid="partnerships.log_workshop_action")
def log_workshop_action(sender, page_id, action, user=None, **kwargs):
    page = PartnershipPage.objects.filter(pk=page_id).first()
    if page is None:
        return False
    workspace.record(page, user, activity_text(action))
    return True


@receiver(action_item_planned, dispatch_uid="partnerships.plan_workshop_action")
def plan_workshop_action(sender, page_id, action, user=None, **kwargs):
    """The action item becomes a planned action of the Replication Plan: its owner (a
    participant, else the name typed as the owning team) and its due date. Logged, and
    the plan's signatures withdrawn, as for any change to the plan."""
    page = PartnershipPage.objects.filter(pk=page_id).first()
    if page is None or not action.get("due"):
        return False
    owner = get_user_model().objects.filter(pk=action.get("owner")).first()
    with transaction.atomic():
        row = PlanAction.objects.create(
            partnership=page,
            title=action["text"][:200],
            description="Agreed in the partnership's workshop.",
            owner=owner,
            owner_team="" if owner else (action.get("owner_name") or "To be agreed")[:200],
            due_on=datetime.date.fromisoformat(action["due"]),
            status=PlanAction.Status.PLANNED,
        )
        workspace.changed(row, user, created=True)
    return True
