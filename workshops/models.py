"""Live workshop rooms: who may take part, the stored messages and who is present.

Everything a room needs across server processes lives in the database (messages,
votes, raised hands, open connections) so any number of ASGI workers can serve the
same room; the channel layer only carries the broadcasts.
"""

from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from modelcluster.models import ClusterableModel

from core import people, visibility

# The page types a room can belong to, by class name: PartnershipPage lives in the
# partnerships app, which this app does not import.
ROOM_PAGE_TYPES = ("WebinarPage", "PartnershipPage")
MAX_BODY_LENGTH = 2000
# Who wrote a message whose author deleted their account (the message stays).
FORMER_PARTICIPANT = "a former participant"


@dataclass(frozen=True)
class Access:
    """What one visitor may do in a room, worked out once per connection or request.

    `refusal` says why a visitor who may not read is refused: "sign_in", "forbidden" or
    "withdrawn" (the room's page is unpublished or deleted); `page_restricted` tells a
    refused visitor that the page itself (a password, a sign-in or groups) is what keeps
    them out.
    """

    read: bool
    write: bool
    facilitator: bool
    refusal: str = ""
    page_restricted: bool = False


class _Visitor:
    """The part of a request core.visibility reads, for a WebSocket's scope."""

    def __init__(self, user, session):
        self.user = user
        self.session = session


def display_name(user):
    """The name other participants see: their display name (core/people.py)."""
    return people.describe(user)["name"]


class WorkshopRoom(ClusterableModel):
    """A clusterable model so its agenda is edited with it in the Wagtail admin."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        SIGNED_IN = "signed_in", "Signed-in users"
        MEMBERS = "members", "Members and invited participants only"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        LIVE = "live", "Live"
        CLOSED = "closed", "Closed"

    slug = models.SlugField(max_length=255, unique=True)
    title = models.CharField(max_length=255)
    page = models.OneToOneField(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_room",
        help_text="The webinar or partnership this room belongs to.",
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    anonymous_can_read = models.BooleanField(
        "visitors who are not signed in may read",
        default=True,
        help_text="Only applies to public rooms; writing always needs an account.",
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_workshop_rooms"
    )
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="workshop_invitations",
        verbose_name="invited participants",
    )
    # The last message number handed out; messages are numbered 1, 2, 3... per room.
    last_seq = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    page_withdrawn = models.BooleanField(
        default=False,
        editable=False,
        help_text="The room's page was deleted: the room is closed and kept for the record.",
    )

    class Meta:
        ordering = ["title"]
        verbose_name = "workshop room"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:room", args=[self.slug])

    def get_transcript_url(self):
        return reverse("workshops:transcript", args=[self.slug])

    @property
    def websocket_path(self):
        return f"/ws/workshops/{self.slug}/"

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    def clean(self):
        super().clean()
        if self.page_id and self.page.specific_class.__name__ not in ROOM_PAGE_TYPES:
            raise ValidationError({"page": "A room belongs to a webinar or a partnership page."})

    # Permissions. Computed once per connection, so they cost nothing per frame.

    def member_user_ids(self):
        """Users who belong to the room's partnership, if its page says who they are."""
        if not self.page_id:
            return set()
        page = self.page.specific
        members = getattr(page, "member_user_ids", None)
        return set(members()) if callable(members) else set()

    def is_facilitator(self, user):
        if not user.is_authenticated:
            return False
        return user.is_superuser or self.facilitators.filter(pk=user.pk).exists()

    def is_member(self, user):
        if not user.is_authenticated:
            return False
        return (
            self.is_facilitator(user)
            or self.invited.filter(pk=user.pk).exists()
            or user.pk in self.member_user_ids()
        )

    def is_withdrawn(self):
        """The room's page is unpublished or deleted: the room is closed to writing."""
        return (self.page_id is not None and not self.page.live) or (
            self.page_id is None and self.page_withdrawn
        )

    def breakout_parent(self):
        """The main room, for a breakout group's sub-room; None for any other room.
        Looked up once per instance (a room is loaded once per connection or request)."""
        return self.breakout_group_of().breakout.room if self.breakout_group_of() else None

    def breakout_group_of(self):
        """The breakout group whose sub-room this is, with its breakout and main room."""
        if self.page_id is not None:
            return None
        if not hasattr(self, "_breakout_group_of"):
            self._breakout_group_of = (
                BreakoutGroup.objects.filter(subroom=self)
                .select_related("breakout__room__page")
                .first()
            )
        return self._breakout_group_of

    def access(self, user, request=None, session=None):
        """What `user` may do here: the room follows its page first, then its own rule.

        A visitor who may not open the page (Wagtail view restrictions, checked by
        core.visibility with the same rules as the page) may not open the room either.
        A room whose page is unpublished or deleted is closed to writing and open to
        its facilitators only. `request` is the HTTP request; a socket passes its
        session instead.
        """
        parent = self.breakout_parent()
        if parent is not None:
            # A breakout group's sub-room has no page of its own: it follows its main
            # room's (a withdrawn or restricted page closes it too), then its own rule.
            above = parent.access(user, request=request, session=session)
            if not above.read:
                return above
            own = self._own_access(user, request, session)
            return replace(own, write=own.write and above.write)
        return self._own_access(user, request, session)

    def _own_access(self, user, request, session):
        facilitator = self.is_facilitator(user)
        if self.is_withdrawn():
            return Access(read=facilitator, write=False, facilitator=facilitator,
                          refusal="" if facilitator else "withdrawn")  # fmt: skip
        if self.page_id is not None:
            visitor = request if request is not None else _Visitor(user, session)
            if not visibility.can_open(self.page, visitor):
                refusal = "forbidden" if user.is_authenticated else "sign_in"
                return Access(read=False, write=False, facilitator=facilitator,
                              refusal=refusal, page_restricted=True)  # fmt: skip
        read = facilitator or self.can_read(user)
        if not read:
            members_only = self.visibility == self.Visibility.MEMBERS
            refusal = "sign_in" if not user.is_authenticated and not members_only else "forbidden"
            return Access(read=False, write=False, facilitator=facilitator, refusal=refusal)
        return Access(read=True, write=user.is_authenticated, facilitator=facilitator)

    def can_read(self, user):
        """The room's own rule, without its page's (see access())."""
        if self.visibility == self.Visibility.MEMBERS:
            return self.is_member(user)
        if self.visibility == self.Visibility.SIGNED_IN:
            return user.is_authenticated
        return user.is_authenticated or self.anonymous_can_read

    def allocate_seq(self):
        """The next message number, or None when the room is closed.

        One UPDATE ... RETURNING: PostgreSQL locks the room row until the transaction
        commits and SQLite holds its write lock, so two writers never get the same number.
        Call it inside transaction.atomic() together with the message insert.
        """
        table = connection.ops.quote_name(self._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET last_seq = last_seq + 1 "  # noqa: S608 (table name only)
                "WHERE id = %s AND status <> %s RETURNING last_seq",
                [self.pk, self.Status.CLOSED],
            )
            row = cursor.fetchone()
        return row[0] if row else None


class MessageQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(state=Message.State.VISIBLE)


class Message(models.Model):
    class Kind(models.TextChoices):
        CHAT = "chat", "Chat"
        QUESTION = "question", "Question"
        SYSTEM = "system", "System"

    class State(models.TextChoices):
        VISIBLE = "visible", "Visible"
        HIDDEN = "hidden", "Hidden by a facilitator"

    room = models.ForeignKey(WorkshopRoom, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField("number in the room")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_messages",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CHAT)
    body = models.TextField(max_length=MAX_BODY_LENGTH)
    client_id = models.CharField(
        max_length=64, blank=True, help_text="The sender's own id, so a resend is stored once."
    )
    created = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=16, choices=State.choices, default=State.VISIBLE)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    answered = models.BooleanField(default=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["room", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="workshop_message_seq_unique"),
            models.UniqueConstraint(
                fields=["room", "author", "client_id"],
                condition=~models.Q(client_id=""),
                name="workshop_message_client_id_unique",
            ),
        ]

    def __str__(self):
        return f"{self.room} #{self.seq}"

    @property
    def author_name(self):
        if self.author_id:
            return display_name(self.author)
        # No author: the site's own notice, or a participant whose account was deleted.
        return "TwinHub" if self.kind == self.Kind.SYSTEM else FORMER_PARTICIPANT

    def author_frame(self):
        """The author as every frame names a person: id, name, city and organisation."""
        if not self.author_id:
            return {"id": None, "name": self.author_name, "city": "", "organisation": ""}
        return {"id": self.author_id, **people.describe(self.author)}

    def as_frame(self, votes=None):
        """The `chat` frame of the protocol (docs/workshops.md)."""
        frame = {
            "type": "chat",
            "id": self.seq,
            "client_id": self.client_id,
            "kind": self.kind,
            "author": self.author_frame(),
            "body": self.body,
            "created": self.created.isoformat(),
        }
        if self.kind == self.Kind.QUESTION:
            frame["answered"] = self.answered
            frame["votes"] = votes if votes is not None else getattr(self, "vote_count", 0)
        return frame


class QuestionVote(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="workshop_vote_once")
        ]

    def __str__(self):
        return f"{self.user} upvoted {self.message}"


class HandRaise(models.Model):
    """A raised hand; lowering it deletes the row."""

    room = models.ForeignKey(WorkshopRoom, on_delete=models.CASCADE, related_name="hands")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="workshop_hand_once")]

    def __str__(self):
        return f"{self.user} raised a hand in {self.room}"


class Connection(models.Model):
    """One open WebSocket, whichever server process holds it: the presence record.

    Rows are deleted on disconnect; a process that dies cannot do that, so each
    connection refreshes `last_seen` and rows older than the stale limit are ignored
    and swept.
    """

    room = models.ForeignKey(WorkshopRoom, on_delete=models.CASCADE, related_name="connections")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel_name = models.CharField(max_length=255, unique=True)
    connected_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["room", "last_seen"])]

    def __str__(self):
        return f"{self.user or 'guest'} in {self.room}"


# What facilitators run and what a session keeps (agenda, polls, outcomes, breakouts...).
from .session_models import (  # noqa: E402, F401
    AgendaItem,
    Attendance,
    Breakout,
    BreakoutGroup,
    HeldQuestion,
    Outcome,
    Poll,
    PollOption,
    PollVote,
    QuestionAnswer,
    RoomSession,
)
