"""The session record: what a room decided and said, in one structure that the record
page renders and the JSON export returns as it is."""

from django.db.models import Count

from core import people

from . import breakouts, notes, polls, session
from .models import (
    Attendance,
    Breakout,
    Message,
    Poll,
    QuestionAnswer,
)


def _iso(value):
    return value.isoformat() if value else None


def attendance_by_city(room):
    """[{"city": str, "people": [person]}], cities in alphabetical order, people too;
    people without a city under their organisation, then everyone else."""
    ids = list(Attendance.objects.filter(room=room).values_list("user_id", flat=True))
    descriptions = people.describe_many(ids)
    groups = {}
    for user_id in ids:
        person = people.person_frame(user_id, descriptions)
        key = person["city"] or person["organisation"] or ""
        groups.setdefault(key, []).append(person)
    ordered = sorted(groups.items(), key=lambda item: (item[0] == "", item[0].casefold()))
    return [
        {"city": key or "Other participants", "people": sorted(p, key=lambda x: x["name"])}
        for key, p in ordered
    ]


def build(room):
    room_session = session.session_for(room)
    status = session.status_frame(room, room_session)
    messages = list(
        Message.objects.visible()
        .filter(room=room)
        .select_related("author")
        .annotate(vote_count=Count("votes"))
        .order_by("seq")
    )
    people.prime([m.author for m in messages if m.author_id])
    answers = {
        a.message_id: a
        for a in QuestionAnswer.objects.filter(message__room=room).select_related("answered_by")
    }
    people.prime([a.answered_by for a in answers.values() if a.answered_by_id])
    questions = []
    for message in messages:
        if message.kind != Message.Kind.QUESTION:
            continue
        answer = answers.get(message.pk)
        questions.append(
            {
                "id": message.seq,
                "body": message.body,
                "author": message.author_frame(),
                "votes": message.vote_count,
                "answered": message.answered,
                "answer": answer
                and {
                    "body": answer.body,
                    "by": {"id": answer.answered_by_id, **people.describe(answer.answered_by)},
                    "created": _iso(answer.created),
                },
            }
        )
    poll_list = []
    for poll in Poll.objects.filter(room=room).order_by("created", "pk"):
        frame = polls.poll_frame(poll, with_results=not poll.is_open)
        voters = polls.voters_by_option(poll) if not poll.is_open else {}
        for option in frame["options"]:
            option["chosen_by"] = voters.get(option["id"], [])
        poll_list.append(frame)
    outcomes = notes.outcomes(room)
    breakout_list = [
        breakouts.breakout_frame(b) for b in Breakout.objects.filter(room=room).order_by("created")
    ]
    agenda = session.agenda_frame(room, room_session)
    return {
        "room": {
            "title": room.title,
            "url": room.get_absolute_url(),
            "page": ({"title": room.page.title, "url": room.page.url} if room.page_id else None),
        },
        "status": status,
        "opened_at": _iso(room_session.opened_at),
        "closed_at": _iso(room.closed_at),
        "attendance": attendance_by_city(room),
        "agenda": agenda["items"],
        "polls": poll_list,
        "questions": questions,
        "decisions": [o for o in outcomes if o["kind"] == "decision"],
        "action_items": [o for o in outcomes if o["kind"] == "action"],
        "notes": room_session.notes,
        "breakouts": breakout_list,
        "transcript": [
            {
                "id": m.seq,
                "kind": m.kind,
                "author": m.author_frame(),
                "body": m.body,
                "created": _iso(m.created),
            }
            for m in messages
        ],
    }
