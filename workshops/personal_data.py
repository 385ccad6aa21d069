"""What workshop rooms keep about people (registered with `core.personal_data`)."""

from core.personal_data import PersonalData, register

from .models import Attendance, HeldQuestion, Message, PollVote, QuestionAnswer


def export_messages(user):
    return [
        {
            "room": message.room.title,
            "sent": message.created.isoformat(),
            "kind": message.kind,
            "body": message.body,
        }
        for message in Message.objects.filter(author=user).select_related("room")
    ]


def export_session(user):
    """What a session kept about the user beyond their messages."""
    return {
        "attended": [
            {"room": row.room.title, "first_seen": row.first_seen.isoformat()}
            for row in Attendance.objects.filter(user=user).select_related("room")
        ],
        "poll_votes": [
            {"poll": vote.option.poll.question, "choice": vote.option.label}
            for vote in PollVote.objects.filter(user=user).select_related("option__poll")
        ],
        "questions_held_for_approval": [
            {"room": held.room.title, "body": held.body, "state": held.state}
            for held in HeldQuestion.objects.filter(author=user).select_related("room")
        ],
        "written_answers": [
            {"question": answer.message.body, "body": answer.body}
            for answer in QuestionAnswer.objects.filter(answered_by=user).select_related("message")
        ],
    }


register(
    PersonalData(
        key="room_messages",
        what="What you write in workshop rooms: chat messages and questions, your votes "
        "and raised hands.",
        why="So the room's participants see them, and the session record keeps what was said.",
        export=export_messages,
        until="As long as the room's session record is kept.",
        kept="When you delete your account, your messages stay in the room's record, "
        "attributed to “a former participant”; your votes and raised hands are removed.",
    )
)

register(
    PersonalData(
        key="room_sessions",
        what="What a workshop session keeps about you: that you attended, your poll votes, "
        "questions held for a facilitator's approval, and answers you wrote on the record.",
        why="So the session record says who came (by city) and what was decided.",
        export=export_session,
        until="As long as the room's session record is kept.",
        kept="When you delete your account, your attendance, poll votes and held questions "
        "are removed; answers, notes and action items you wrote stay in the record "
        "without your name.",
    )
)
