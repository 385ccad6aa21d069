"""Breakout groups: the facilitator splits the participants present into groups, at
random, by city or by hand, for a set time. Each group is a sub-room (a members-only
WorkshopRoom with its own chat and notes); ending the breakout closes the sub-rooms,
brings everyone back and returns each group's notes to the main room."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from core import people

from . import services
from .models import Breakout, BreakoutGroup, RoomSession, WorkshopRoom
from .session import SessionError

MAX_GROUPS = 50
MAX_MINUTES = 180


def running(room):
    return (
        Breakout.objects.filter(room=room, ended_at__isnull=True)
        .prefetch_related("groups__subroom__invited")
        .first()
    )


def breakout_frame(breakout):
    groups = list(breakout.groups.select_related("subroom").order_by("number"))
    members = {g.pk: list(g.subroom.invited.values_list("pk", flat=True)) for g in groups}
    descriptions = people.describe_many(pk for ids in members.values() for pk in ids)
    notes = {}
    if breakout.ended_at:
        notes = dict(
            RoomSession.objects.filter(room__breakout_group__in=groups).values_list(
                "room__breakout_group", "notes"
            )
        )
    return {
        "id": breakout.pk,
        "state": "ended" if breakout.ended_at else "running",
        "mode": breakout.mode,
        "minutes": breakout.minutes,
        "ends_at": breakout.ends_at.isoformat(),
        "groups": [
            {
                "number": g.number,
                "name": g.name,
                "url": g.subroom.get_absolute_url(),
                "members": [people.person_frame(pk, descriptions) for pk in members[g.pk]],
                **({"notes": notes.get(g.pk, "")} if breakout.ended_at else {}),
            }
            for g in groups
        ],
    }


def _split(present, count, mode, assignments):
    groups = [[] for _ in range(count)]
    if mode == Breakout.Mode.MANUAL:
        if not isinstance(assignments, dict):
            raise SessionError("invalid", "`assignments` must map participant ids to groups.")
        present_ids = {p["id"] for p in present}
        for key, number in assignments.items():
            if isinstance(number, bool) or not isinstance(number, int):
                raise SessionError("invalid", "Each assignment names a group number.")
            if not 1 <= number <= count:
                raise SessionError("unknown_group", f"There is no group {number}.")
            try:
                user_id = int(key)
            except ValueError:
                raise SessionError("invalid", f"{key!r} is not a participant's id.") from None
            if user_id not in present_ids:
                raise SessionError("invalid", f"Participant {user_id} is not in the room.")
            groups[number - 1].append(user_id)
        return groups
    if mode == Breakout.Mode.CITY:
        # People of one city stay together; the largest cities are placed first, each
        # in the group with the fewest people so far.
        by_city = {}
        for person in present:
            key = person["city"] or person["organisation"] or f"person {person['id']}"
            by_city.setdefault(key, []).append(person["id"])
        for _, ids in sorted(by_city.items(), key=lambda item: (-len(item[1]), item[0])):
            min(groups, key=len).extend(ids)
        return groups
    ids = [p["id"] for p in present]
    random.shuffle(ids)
    for index, user_id in enumerate(ids):
        groups[index % count].append(user_id)
    return groups


def start(room, user, content):
    count = content.get("groups")
    minutes = content.get("minutes", 15)
    mode = content.get("mode", Breakout.Mode.RANDOM)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_GROUPS:
        raise SessionError("invalid", f"`groups` must be 1 to {MAX_GROUPS}.")
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise SessionError("invalid", "`minutes` must be a whole number.")
    if not 1 <= minutes <= MAX_MINUTES:
        raise SessionError("invalid", f"`minutes` must be 1 to {MAX_MINUTES}.")
    if mode not in Breakout.Mode.values:
        raise SessionError("invalid", '`mode` must be "random", "city" or "manual".')
    if running(room) is not None:
        raise SessionError("forbidden", "A breakout is already running; end it first.")
    if hasattr(room, "breakout_group"):
        raise SessionError("forbidden", "A breakout group cannot split again.")
    present = [p for p in services.participants(room)["participants"] if not p["facilitator"]]
    if not present:
        raise SessionError("invalid", "Nobody but facilitators is in the room.")
    split = _split(present, count, mode, content.get("assignments"))
    facilitators = list(room.facilitators.all())
    now = timezone.now()
    with transaction.atomic():
        breakout = Breakout.objects.create(
            room=room,
            mode=mode,
            minutes=minutes,
            ends_at=now + datetime.timedelta(minutes=minutes),
            created_by=user,
        )
        for number, member_ids in enumerate(split, 1):
            subroom = WorkshopRoom.objects.create(
                slug=f"{room.slug[:200]}-breakout-{breakout.pk}-{number}",
                title=f"{room.title}: group {number}",
                visibility=WorkshopRoom.Visibility.MEMBERS,
                anonymous_can_read=False,
                status=WorkshopRoom.Status.LIVE,
            )
            subroom.facilitators.set(facilitators)
            subroom.invited.set(member_ids)
            RoomSession.objects.create(
                room=subroom, opened_at=now, ends_at=breakout.ends_at, participants_edit_notes=True
            )
            BreakoutGroup.objects.create(breakout=breakout, number=number, subroom=subroom)
    return breakout_frame(breakout)


def end(room):
    """End the running breakout; returns (frame, sub-room ids to tell)."""
    breakout = running(room)
    if breakout is None:
        raise SessionError("invalid", "No breakout is running.")
    now = timezone.now()
    subrooms = list(breakout.groups.values_list("subroom_id", flat=True))
    Breakout.objects.filter(pk=breakout.pk).update(ended_at=now)
    WorkshopRoom.objects.filter(pk__in=subrooms).update(
        status=WorkshopRoom.Status.CLOSED, closed_at=now
    )
    breakout.ended_at = now
    return breakout_frame(breakout), subrooms


def breakout_for(room, user):
    """For the main room: the breakout under way. For a sub-room: where to go back to."""
    group = BreakoutGroup.objects.filter(subroom=room).select_related("breakout__room").first()
    if group is not None:
        breakout = group.breakout
        return {
            "id": breakout.pk,
            "state": "ended" if breakout.ended_at else "running",
            "ends_at": breakout.ends_at.isoformat(),
            "group": {"number": group.number, "name": group.name},
            "parent": {"title": breakout.room.title, "url": breakout.room.get_absolute_url()},
        }
    breakout = running(room)
    return breakout_frame(breakout) if breakout is not None else None
