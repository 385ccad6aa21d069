"""What workshop rooms keep about people (registered with `core.personal_data`)."""

from core.personal_data import PersonalData, register

from .models import Message


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
