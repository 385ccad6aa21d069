"""Signals that cross from one app to another without either importing the other."""

from django.dispatch import Signal

# A workshop room that belongs to a page recorded an action item. Sent by the workshops
# app with `page_id`, `user` (who recorded it) and `action` ({"text", "owner_name",
# "due": "YYYY-MM-DD"}); the partnerships app adds it to the partnership's activity log.
action_item_recorded = Signal()

# A facilitator turns a workshop's action item into an action of the page's Replication
# Plan. Sent with `page_id`, `user` and `action` as above plus `"owner"` (the owner's
# user id, or None); a receiver that added it returns True.
action_item_planned = Signal()
