"""Rooms are set up, and the moderation record read, in the Django admin."""

from django.contrib import admin

from .models import Message, WorkshopRoom


@admin.register(WorkshopRoom)
class WorkshopRoomAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "visibility", "status", "anonymous_can_read"]
    list_filter = ["visibility", "status"]
    search_fields = ["title", "slug"]
    filter_horizontal = ["facilitators", "invited"]
    raw_id_fields = ["page"]
    readonly_fields = ["last_seq", "created", "closed_at"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The moderation record: hidden messages stay here with who hid them and when."""

    list_display = ["room", "seq", "kind", "author", "state", "hidden_by", "answered", "created"]
    list_filter = ["state", "kind", "answered", "room"]
    search_fields = ["body", "author__username"]
    list_select_related = ["room", "author", "hidden_by"]
    readonly_fields = ["room", "seq", "author", "kind", "body", "client_id", "created"]
    fields = [*readonly_fields, "state", "hidden_by", "hidden_at", "answered"]

    def has_add_permission(self, request):
        return False
