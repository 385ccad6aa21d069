"""What a facilitator runs in a room and what the session keeps: the session's times and
notes, the agenda, polls, held questions and written answers, outcomes, breakout groups
and who attended. Imported at the end of `workshops/models.py`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey

MAX_NOTES_LENGTH = 20000
MAX_OUTCOME_LENGTH = 500


class RoomSession(models.Model):
    """One per room, made when first needed: the facts a room's status follows, the
    agenda item under way, who has the floor and the shared notes."""

    room = models.OneToOneField(
        "workshops.WorkshopRoom", on_delete=models.CASCADE, primary_key=True, related_name="session"
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    current_item = models.ForeignKey(
        "workshops.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated = models.BooleanField(
        "hold questions for approval",
        default=False,
        help_text="Participants' questions reach others only once a facilitator approves them.",
    )
    participants_edit_notes = models.BooleanField("participants may edit the notes", default=False)
    notes = models.TextField(blank=True, max_length=MAX_NOTES_LENGTH)
    notes_version = models.PositiveIntegerField(default=0)
    notes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    floor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unanswered_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Session of {self.room}"


class AgendaItem(models.Model):
    # A ParentalKey: the room's edit form in the Wagtail admin holds its agenda, in order.
    room = ParentalKey(
        "workshops.WorkshopRoom", on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(editable=False)
    title = models.CharField(max_length=200)
    minutes = models.PositiveIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    started_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The admin's inline orders the items by this field.
    sort_order_field = "position"

    class Meta:
        ordering = ["room", "position"]

    def __str__(self):
        return self.title


class Poll(models.Model):
    class Results(models.TextChoices):
        LIVE = "live", "While the poll is open"
        CLOSED = "closed", "Once the poll is closed"

    room = models.ForeignKey(
        "workshops.WorkshopRoom", on_delete=models.CASCADE, related_name="polls"
    )
    question = models.CharField(max_length=300)
    multiple = models.BooleanField(default=False)
    anonymous = models.BooleanField(default=False)
    results = models.CharField(max_length=8, choices=Results.choices, default=Results.LIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["room", "created", "pk"]

    def __str__(self):
        return self.question

    @property
    def is_open(self):
        return self.closed_at is None


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["poll", "position"]

    def __str__(self):
        return self.label


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    # The poll takes one choice: then the participant has at most this one vote in it.
    single = models.BooleanField(default=False, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "user"], name="workshop_poll_vote_once"),
            models.UniqueConstraint(
                fields=["poll", "user"],
                condition=models.Q(single=True),
                name="workshop_poll_single_vote",
            ),
        ]

    def __str__(self):
        return f"{self.user} chose {self.option}"


class HeldQuestion(models.Model):
    """A participant's question in a moderated room, waiting for a facilitator."""

    class State(models.TextChoices):
        HELD = "held", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Declined"

    room = models.ForeignKey(
        "workshops.WorkshopRoom", on_delete=models.CASCADE, related_name="held_questions"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    client_id = models.CharField(max_length=64)
    created = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.HELD)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.OneToOneField(
        "workshops.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["room", "created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "author", "client_id"], name="workshop_held_client_id_unique"
            )
        ]

    def __str__(self):
        return self.body[:60]


class QuestionAnswer(models.Model):
    """A facilitator's written answer to a question (in the room or on the record)."""

    message = models.OneToOneField(
        "workshops.Message", on_delete=models.CASCADE, related_name="written_answer"
    )
    body = models.TextField()
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Answer to {self.message}"


class Outcome(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", "Decision"
        ACTION = "action", "Action item"

    room = models.ForeignKey(
        "workshops.WorkshopRoom", on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(max_length=MAX_OUTCOME_LENGTH)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField(
        max_length=200, blank=True, help_text="Who carries an action out, when not a participant."
    )
    due = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    planned_at = models.DateTimeField(
        null=True, blank=True, help_text="When the action went into the Replication Plan."
    )

    class Meta:
        ordering = ["room", "created", "pk"]

    def __str__(self):
        return self.text


class Breakout(models.Model):
    class Mode(models.TextChoices):
        RANDOM = "random", "At random"
        CITY = "city", "By city"
        MANUAL = "manual", "By hand"

    room = models.ForeignKey(
        "workshops.WorkshopRoom", on_delete=models.CASCADE, related_name="breakouts"
    )
    mode = models.CharField(max_length=8, choices=Mode.choices)
    minutes = models.PositiveIntegerField()
    ends_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["room", "created", "pk"]

    def __str__(self):
        return f"Breakout in {self.room}"


class BreakoutGroup(models.Model):
    """One group of a breakout, with its own sub-room (chat and notes)."""

    breakout = models.ForeignKey(Breakout, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField()
    subroom = models.OneToOneField(
        "workshops.WorkshopRoom", on_delete=models.CASCADE, related_name="breakout_group"
    )

    class Meta:
        ordering = ["breakout", "number"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return f"Group {self.number}"


class Attendance(models.Model):
    """Who came to a room, kept for the session record after presence is gone."""

    room = models.ForeignKey(
        "workshops.WorkshopRoom", on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="workshop_attendance_once")
        ]

    def __str__(self):
        return f"{self.user} in {self.room}"
