"""Action items recorded in a partnership's workshop room go to its activity log."""

from django.dispatch import receiver

from core.signals import action_item_recorded

from . import workspace
from .models import PartnershipPage


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
        return
    workspace.record(page, user, activity_text(action))
