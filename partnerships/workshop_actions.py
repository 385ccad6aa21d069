"""Action items recorded in a partnership's workshop room go to its activity log."""

from django.dispatch import receiver
from django.utils import timezone

from core.signals import action_item_planned, action_item_recorded

from .models import PartnershipPage


def activity_text(action):
    text = f"Action item from the workshop: {action['text']}"
    if action.get("owner_name"):
        text += f" (owner: {action['owner_name']}"
        text += f", due {action['due']})" if action.get("due") else ")"
    elif action.get("due"):
        text += f" (due {action['due']})"
    return text


def _add_to(page, field, block):
    had_drafts = page.has_unpublished_changes
    latest = page.get_latest_revision_as_object()
    getattr(latest, field).append(block)
    revision = latest.save_revision()
    # A page with unpublished edits keeps them as a draft, with the addition.
    if page.live and not had_drafts:
        revision.publish()


@receiver(action_item_recorded, dispatch_uid="partnerships.log_workshop_action")
def log_workshop_action(sender, page_id, action, **kwargs):
    page = PartnershipPage.objects.filter(pk=page_id).first()
    if page is None:
        return False
    _add_to(
        page,
        "activity_log",
        ("activity", {"date": timezone.localdate(), "text": activity_text(action)}),
    )
    return True


@receiver(action_item_planned, dispatch_uid="partnerships.plan_workshop_action")
def plan_workshop_action(sender, page_id, action, **kwargs):
    """The action item becomes a planned action of the Replication Plan."""
    page = PartnershipPage.objects.filter(pk=page_id).first()
    if page is None:
        return False
    block = {
        "action": action["text"][:200],
        "owner": (action.get("owner_name") or "To be agreed")[:200],
        "timeline": f"by {action['due']}" if action.get("due") else "to be agreed",
        "status": "planned",
    }
    _add_to(page, "replication_plan", ("action", block))
    return True
