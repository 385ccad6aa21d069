"""Action items recorded in a partnership's workshop room go to its activity log."""

from django.dispatch import receiver
from django.utils import timezone

from core.signals import action_item_recorded

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
def log_workshop_action(sender, page_id, action, **kwargs):
    page = PartnershipPage.objects.filter(pk=page_id).first()
    if page is None:
        return
    had_drafts = page.has_unpublished_changes
    latest = page.get_latest_revision_as_object()
    latest.activity_log.append(
        ("activity", {"date": timezone.localdate(), "text": activity_text(action)})
    )
    revision = latest.save_revision()
    # A page with unpublished edits keeps them as a draft, with the action added.
    if page.live and not had_drafts:
        revision.publish()
