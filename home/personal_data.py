"""What home keeps about people: accounts and the messages they send cities
(registered with `core.personal_data`)."""

from django.db.models import Q

from core.personal_data import PersonalData, cutoff, register

from . import people
from .models import CityMessage


def _iso(value):
    return value.isoformat() if value else None


def export_account(user):
    person = user.person if people._has_person(user) else None
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "display_name": person.display_name if person else "",
        "organisation": person.organisation if person else "",
        "role": person.role if person else "",
        "city": person.city.title if person and person.city_id else "",
        "city_status": person.get_city_status_display() if person and person.city_status else "",
    }


def _messages_of(user):
    mine = Q(sender=user)
    if user.email:
        mine |= Q(sender_email__iexact=user.email)
    return CityMessage.objects.filter(mine).select_related("city").prefetch_related("replies")


def export_messages(user):
    return [
        {
            "city": message.city.title,
            "sent": _iso(message.created),
            "name": message.sender_name,
            "email": message.sender_email,
            "organisation": message.sender_organisation,
            "subject": message.subject,
            "body": message.body,
            "answers": [
                {"sent": _iso(reply.created), "body": reply.body} for reply in message.replies.all()
            ],
        }
        for message in _messages_of(user)
    ]


def expire_messages(now):
    old = CityMessage.objects.filter(created__lt=cutoff("contact_messages", now))
    count = old.count()
    old.delete()  # their answers too
    return count


register(
    PersonalData(
        key="account",
        what="Your account: username, email address, display name, organisation, role and "
        "the city you work for.",
        why="To sign you in, to show others who wrote what, and to give a city's staff "
        "their city's partnerships.",
        export=export_account,
        until="Until you delete your account.",
    )
)
register(
    PersonalData(
        key="contact_messages",
        what="Messages sent to a city through its contact form: your name, email address, "
        "organisation and message, and the city's answers.",
        why="To pass the message to the city's staff and send you their answer.",
        expire=expire_messages,
        export=export_messages,
    )
)
