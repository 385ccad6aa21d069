"""Signals that cross from one app to another without either importing the other."""

from django.dispatch import Signal

# A workshop room that belongs to a page recorded an action item. Sent by the workshops
# app with `page_id`, `user` (who recorded it) and `action` ({"text", "owner_name",
# "due": "YYYY-MM-DD"}); the partnerships app adds it to the partnership's activity log.
action_item_recorded = Signal()
