"""Rooms and their messages in the Wagtail admin, under "Workshops".

Facilitators (the Facilitators group, home/roles.py) see and moderate the rooms they
facilitate; superusers see every room. Rooms are made when their page is published, so
the admin edits them (who facilitates, who is invited, who may read, when the session
runs, its moderation and its agenda) but never adds one. Messages are the moderation
record: a facilitator hides or shows one and marks a question answered; what was said, by
whom and when is never edited. Polls are run in the room; here they are read (question,
options, votes) and an open one may be closed.
"""

import django_filters
from django import forms
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import followup, services
from .admin_forms import (
    AgendaTimesPanel,
    PollForm,
    PollResultsPanel,
    WorkshopRoomForm,
    poll_results_html,
    tell_room,
)
from .models import Message, Poll, WorkshopRoom
from .session import MAX_AGENDA_ITEMS


class NoAddPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, without "add": these rows are made by the site, not typed in."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(WorkshopRoom, NoAddPermissionPolicy(WorkshopRoom))
register_permission_policy(Message, NoAddPermissionPolicy(Message))
register_permission_policy(Poll, NoAddPermissionPolicy(Poll))


def _facilitated(queryset, user, room_field):
    if user.is_superuser:
        return queryset
    return queryset.filter(**{f"{room_field}facilitators": user}).distinct()


class ScopedIndexMixin:
    """Only the rooms the signed-in facilitator runs, in the listing..."""

    room_field = ""

    def get_base_queryset(self):
        return _facilitated(super().get_base_queryset(), self.request.user, self.room_field)


class ScopedObjectMixin:
    """...and behind every URL of one object: another room's is a 404."""

    room_field = ""

    def get_queryset(self):
        queryset = self.model._default_manager.all()
        return _facilitated(queryset, self.request.user, self.room_field)


def _rooms_run_by(request):
    return _facilitated(WorkshopRoom.objects.all(), request.user, "")


class RoomFilterSet(WagtailFilterSet):
    """Filters by room offer only the rooms the signed-in facilitator runs."""

    room = django_filters.ModelChoiceFilter(queryset=_rooms_run_by)


class MessageFilterSet(RoomFilterSet):
    class Meta:
        model = Message
        fields = ["state", "kind", "answered", "room"]


class PollFilterSet(RoomFilterSet):
    class Meta:
        model = Poll
        fields = ["room"]


class RoomIndexView(ScopedIndexMixin, generic.IndexView):
    pass


class RoomEditView(ScopedObjectMixin, generic.EditView):
    def save_instance(self):
        """Closing the room here closes it as its own button does: a system message says
        who closed it, every socket becomes read-only and the unanswered questions go out.
        Opening it again has every socket reload the room."""
        room, form = self.form.instance, self.form
        was = form.initial.get("status")
        closing = room.status == WorkshopRoom.Status.CLOSED != was
        system = None
        if closing:
            # Said while the room still takes messages (the form has not saved yet).
            system = services.close(room, self.request.user)
            room.closed_at = timezone.now()
        elif was == WorkshopRoom.Status.CLOSED and not room.is_closed:
            room.closed_at = None
        saved = super().save_instance()
        if closing:
            if system is not None:
                tell_room(room.pk, system)
            tell_room(room.pk, {"type": "closed"}, event="room.closed")
            transaction.on_commit(lambda: followup.send_unanswered(room.pk))
        elif was == WorkshopRoom.Status.CLOSED and not room.is_closed:
            tell_room(room.pk, event="room.recheck")
        return saved

    @cached_property
    def header_more_buttons(self):
        # From the setup to the room itself and to what it kept.
        room = self.object
        return [
            *super().header_more_buttons,
            Button("Open the room", url=room.get_absolute_url(), icon_name="group", priority=30),
            Button("Session record", url=f"{room.get_absolute_url()}record/", icon_name="doc-full",
                   priority=40),
        ]  # fmt: skip


class RoomDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class WorkshopRoomViewSet(ModelViewSet):
    model = WorkshopRoom
    icon = "group"
    menu_label = "Rooms"
    index_view_class = RoomIndexView
    edit_view_class = RoomEditView
    delete_view_class = RoomDeleteView
    copy_view_enabled = False
    list_display = ["title", "slug", "visibility", "status", "page"]
    list_filter = ["visibility", "status"]
    search_fields = ["title", "slug"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("page", read_only=True),
            FieldRowPanel([FieldPanel("visibility"), FieldPanel("status")]),
            FieldPanel("anonymous_can_read"),
            MultiFieldPanel(
                [
                    FieldPanel("facilitators", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("invited", widget=forms.CheckboxSelectMultiple),
                ],
                heading="People",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                    FieldPanel("moderated"),
                    FieldPanel("participants_edit_notes"),
                ],
                heading="Session and moderation",
            ),
            AgendaTimesPanel(heading="Agenda as saved, with planned times"),
            InlinePanel(
                "agenda_items",
                heading="Agenda",
                label="Agenda item",
                panels=[FieldRowPanel([FieldPanel("title"), FieldPanel("minutes")])],
                max_num=MAX_AGENDA_ITEMS,
            ),
        ],
        base_form_class=WorkshopRoomForm,
    )


class MessageIndexView(ScopedIndexMixin, generic.IndexView):
    room_field = "room__"


class MessageEditView(ScopedObjectMixin, generic.EditView):
    room_field = "room__"

    def save_instance(self):
        # Who hid a message, and when, is recorded with the state.
        message = self.form.instance
        if message.state == Message.State.HIDDEN and "state" in self.form.changed_data:
            message.hidden_by, message.hidden_at = self.request.user, timezone.now()
        elif message.state == Message.State.VISIBLE:
            message.hidden_by, message.hidden_at = None, None
        return super().save_instance()


class MessageViewSet(ModelViewSet):
    model = Message
    icon = "comment"
    menu_label = "Messages"
    index_view_class = MessageIndexView
    edit_view_class = MessageEditView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["body", "room", "seq", "kind", "author", "state", "hidden_by", "answered",
                    "created"]  # fmt: skip
    filterset_class = MessageFilterSet
    search_fields = ["body"]
    panels = [
        FieldPanel("room", read_only=True),
        FieldPanel("author", read_only=True),
        FieldPanel("created", read_only=True),
        FieldPanel("body", read_only=True),
        FieldRowPanel([FieldPanel("state"), FieldPanel("answered")]),
        FieldPanel("hidden_by", read_only=True),
        FieldPanel("hidden_at", read_only=True),
    ]


class PollIndexView(ScopedIndexMixin, generic.IndexView):
    room_field = "room__"

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(voter_count=Count("votes__user", distinct=True))


class PollEditView(ScopedObjectMixin, generic.EditView):
    room_field = "room__"


class PollInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        polls = _facilitated(Poll.objects.all(), self.request.user, "room__")
        return get_object_or_404(polls, pk=self.pk)

    def get_options_display_value(self):
        return poll_results_html(self.object)

    def get_closed_at_display_value(self):
        return self.object.closed_at or "Open"


class PollViewSet(ModelViewSet):
    model = Poll
    icon = "tasks"
    menu_label = "Polls"
    index_view_class = PollIndexView
    edit_view_class = PollEditView
    inspect_view_class = PollInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["room", "question", "options", "created", "closed_at"]
    copy_view_enabled = False
    list_display = [
        "question",
        "room",
        Column("state", label="State", accessor=lambda poll: "Open" if poll.is_open else "Closed"),
        Column("voter_count", label="Voters"),
        "created",
    ]
    filterset_class = PollFilterSet
    search_fields = ["question"]
    edit_handler = ObjectList(
        [
            FieldPanel("room", read_only=True),
            FieldPanel("question", read_only=True),
            PollResultsPanel(heading="Options and votes"),
            FieldPanel("close"),
        ],
        base_form_class=PollForm,
    )


class WorkshopsGroup(ViewSetGroup):
    menu_label = "Workshops"
    menu_icon = "group"
    menu_order = 270
    items = (
        WorkshopRoomViewSet("workshop_rooms"),
        MessageViewSet("workshop_messages"),
        PollViewSet("workshop_polls"),
    )


@hooks.register("register_admin_viewset")
def register_workshops():
    return WorkshopsGroup()
