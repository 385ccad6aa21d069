"""What a city asks of another through the hub: an introduction by a programme, or a
partnership proposal its staff accept or decline. Writes go through `partnerships.requests`."""

from django.conf import settings
from django.db import models

from partnerships.engine.kinds import KINDS


class RequestStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class IntroductionRequest(models.Model):
    """Someone asks a programme to introduce them to a city."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introduction_requests"
    )
    from_city = models.ForeignKey(
        "hub.CityProfilePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The requester's city, when they are its confirmed staff.",
    )
    to_city = models.ForeignKey(
        "hub.CityProfilePage", on_delete=models.CASCADE, related_name="introductions_asked"
    )
    programme = models.ForeignKey(
        "partnerships.ProgrammePage", on_delete=models.CASCADE, related_name="introductions"
    )
    note = models.TextField()
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"Introduction to {self.to_city} through {self.programme}"


class PartnershipProposal(models.Model):
    """A city's staff propose a partnership; the other city's staff accept or decline.
    Accepted, it becomes a draft partnership under the programme."""

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnership_proposals"
    )
    from_city = models.ForeignKey(
        "hub.CityProfilePage", on_delete=models.CASCADE, related_name="proposals_made"
    )
    to_city = models.ForeignKey(
        "hub.CityProfilePage", on_delete=models.CASCADE, related_name="proposals_received"
    )
    programme = models.ForeignKey(
        "partnerships.ProgrammePage", on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(
        max_length=10,
        choices=[(name, f"{kind.label[:-1]}") for name, kind in KINDS.items()],
        help_text="What the other city would be to the proposing one.",
    )
    message = models.TextField()
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    partnership = models.ForeignKey(
        "partnerships.PartnershipPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_city", "to_city", "programme"],
                condition=models.Q(status="open"),
                name="one_open_proposal_per_pair",
            )
        ]

    def __str__(self):
        return f"{self.from_city} proposes a partnership to {self.to_city}"
