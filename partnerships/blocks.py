"""StreamField blocks of partnerships: the activity log and the Replication Plan."""

from wagtail import blocks


class ActivityBlock(blocks.StructBlock):
    date = blocks.DateBlock()
    text = blocks.TextBlock(help_text="What the partners did: a visit, a workshop, a decision.")

    class Meta:
        icon = "date"
        template = "partnerships/blocks/activity.html"
        preview_value = {"date": "2025-03-12", "text": "Kick-off meeting of both city teams."}


class ReplicationActionBlock(blocks.StructBlock):
    STATUS_CHOICES = [
        ("planned", "Planned"),
        ("in-progress", "In progress"),
        ("done", "Done"),
        ("dropped", "Dropped"),
    ]
    action = blocks.CharBlock(max_length=200)
    owner = blocks.CharBlock(max_length=200, help_text="Who carries the action out.")
    timeline = blocks.CharBlock(max_length=100, help_text="For example “Q3 2026” or “2026–2027”.")
    status = blocks.ChoiceBlock(choices=STATUS_CHOICES, default="planned")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["status_label"] = dict(self.STATUS_CHOICES).get(value["status"], value["status"])
        return context

    class Meta:
        icon = "list-ul"
        template = "partnerships/blocks/replication_action.html"
        preview_value = {
            "action": "Tender two fuel cell buses",
            "owner": "City transport department",
            "timeline": "2026",
            "status": "planned",
        }
