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
    return Breakout.objects.filter(room=room, ended_at__isnull=True).first()


def breakout_frame(breakout, groups=None, members=None, descriptions=None):
    """The breakout as the main room is sent it. `groups` (with their sub-rooms),
    `members` ({group number: user ids}) and the members' `descriptions` when the caller
    has them already; else a query each, whatever the number of groups."""
    if groups is None:
        groups = list(breakout.groups.select_related("subroom").order_by("number"))
    if members is None:
        members = {g.number: [] for g in groups}
        number_of = {g.subroom_id: g.number for g in groups}
        for room_id, user_id in (
            WorkshopRoom.invited.through.objects.filter(workshoproom__in=list(number_of))
            .order_by("pk")
            .values_list("workshoproom_id", "user_id")
        ):
            members[number_of[room_id]].append(user_id)
    if descriptions is None:
        descriptions = people.describe_many(pk for ids in members.values() for pk in ids)
    notes = {}
    if breakout.ended_at:
        notes = dict(
            RoomSession.objects.filter(room__in=[g.subroom_id for g in groups]).values_list(
                "room", "notes"
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
                "members": [people.person_frame(pk, descriptions) for pk in members[g.number]],
                **({"notes": notes.get(g.subroom_id, "")} if breakout.ended_at else {}),
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
    if room.breakout_group_of() is not None:
        raise SessionError("forbidden", "A breakout group cannot split again.")
    described = {}
    present = services.participants(room, described)["participants"]
    present = [p for p in present if not p["facilitator"]]
    if not present:
        raise SessionError("invalid", "Nobody but facilitators is in the room.")
    split = _split(present, count, mode, content.get("assignments"))
    facilitators = list(room.facilitators.values_list("pk", flat=True))
    now = timezone.now()
    with transaction.atomic():
        breakout = Breakout.objects.create(
            room=room,
            mode=mode,
            minutes=minutes,
            ends_at=now + datetime.timedelta(minutes=minutes),
            created_by=user,
        )
        groups = _make_groups(room, breakout, split, facilitators, now)
    return breakout_frame(
        breakout, groups=groups, members=dict(enumerate(split, 1)), descriptions=described
    )


def _make_groups(room, breakout, split, facilitators, now):
    """The sub-rooms, their facilitators and members, sessions and groups: a few
    multi-row inserts, however many groups there are."""
    subrooms = WorkshopRoom.objects.bulk_create(
        WorkshopRoom(
            slug=f"{room.slug[:200]}-breakout-{breakout.pk}-{number}",
            title=f"{room.title}: group {number}",
            visibility=WorkshopRoom.Visibility.MEMBERS,
            anonymous_can_read=False,
            status=WorkshopRoom.Status.LIVE,
            created=now,
        )
        for number in range(1, len(split) + 1)
    )
    Facilitating = WorkshopRoom.facilitators.through
    Invited = WorkshopRoom.invited.through
    Facilitating.objects.bulk_create(
        Facilitating(workshoproom_id=subroom.pk, user_id=user_id)
        for subroom in subrooms
        for user_id in facilitators
    )
    Invited.objects.bulk_create(
        Invited(workshoproom_id=subroom.pk, user_id=user_id)
        for subroom, member_ids in zip(subrooms, split, strict=True)
        for user_id in member_ids
    )
    RoomSession.objects.bulk_create(
        RoomSession(
            room=subroom, opened_at=now, ends_at=breakout.ends_at, participants_edit_notes=True
        )
        for subroom in subrooms
    )
    groups = BreakoutGroup.objects.bulk_create(
        BreakoutGroup(breakout=breakout, number=number, subroom=subroom)
        for number, subroom in enumerate(subrooms, 1)
    )
    return groups


def end(room, breakout=None, now=None):
    """End the running breakout (or `breakout`); returns (room, frame, sub-room ids to
    tell). One conditional UPDATE: of a facilitator, the timer, a late frame and cron
    ending it at once, one does; the others are told no breakout is running."""
    breakout = breakout or running(room)
    if breakout is None:
        raise SessionError("invalid", "No breakout is running.")
    now = now or timezone.now()
    if not Breakout.objects.filter(pk=breakout.pk, ended_at__isnull=True).update(ended_at=now):
        raise SessionError("invalid", "No breakout is running.")
    subrooms = list(breakout.groups.values_list("subroom_id", flat=True))
    WorkshopRoom.objects.filter(pk__in=subrooms).update(
        status=WorkshopRoom.Status.CLOSED, closed_at=now
    )
    breakout.ended_at = now
    return room, breakout_frame(breakout), subrooms


def end_if_overdue(room, now=None):
    """End the breakout of `room` (a main room, or a group's sub-room) if its time is up.

    Returns (state, breakout, ended). state: "none" (no breakout running or just over),
    "running" (its time is not up), "ended" (this call ended it) or "ended_before" (its
    time is up and something else ended it). `ended` is, for those two, (main room,
    ended frame with the notes, sub-room ids), as `end` returns it."""
    now = now or timezone.now()
    group = room.breakout_group_of()
    if group is not None:
        breakout, main = group.breakout, group.breakout.room
    else:
        breakout, main = running(room), room
    if breakout is None:
        return "none", None, None
    if breakout.ends_at > now and breakout.ended_at is None:
        return "running", breakout, None
    if breakout.ended_at is None:
        try:
            return "ended", breakout, end(main, breakout, now)
        except SessionError:
            breakout.ended_at = Breakout.objects.get(pk=breakout.pk).ended_at
    if group is None:
        return "none", None, None  # the main room's next welcome has it from the record
    subrooms = list(breakout.groups.values_list("subroom_id", flat=True))
    return "ended_before", breakout, (main, breakout_frame(breakout), subrooms)


def end_overdue_breakout(breakout_id):
    """End this breakout if it is still running and its time is up (the timer's check)."""
    breakout = (
        Breakout.objects.filter(pk=breakout_id, ended_at__isnull=True)
        .select_related("room")
        .first()
    )
    if breakout is None or breakout.ends_at > timezone.now():
        return None
    try:
        return end(breakout.room, breakout)
    except SessionError:
        return None


def end_overdue():
    """End every breakout whose time is up; what `end` returned for each (cron's check)."""
    ended = []
    overdue = Breakout.objects.filter(ended_at__isnull=True, ends_at__lte=timezone.now())
    for breakout in overdue.select_related("room").order_by("ends_at"):
        try:
            ended.append(end(breakout.room, breakout))
        except SessionError:
            continue
    return ended


def breakout_for(room, user, breakout=None):
    """For the main room: the breakout under way (`breakout` if the caller looked it up,
    False if it found none). For a sub-room: where to go back to."""
    group = room.breakout_group_of()
    if group is not None:
        breakout = group.breakout
        return {
            "id": breakout.pk,
            "state": "ended" if breakout.ended_at else "running",
            "ends_at": breakout.ends_at.isoformat(),
            "group": {"number": group.number, "name": group.name},
            "parent": {"title": breakout.room.title, "url": breakout.room.get_absolute_url()},
        }
    if breakout is None:
        breakout = running(room)
    if not breakout or breakout.ended_at is not None:
        return None
    return breakout_frame(breakout)
