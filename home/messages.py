"""Messages to a city: every write, and every email they cause.

A message reaches the city's confirmed staff (`people.city_staff`) by email, one email per
person so nobody sees another's address; while a city has no confirmed staff it reaches
the hub's programme managers and editors, and the sender is told so. Staff answer on
their city's page (`/accounts/city/`): the answer is emailed to the sender from the site's
address, so the staff's own addresses stay private too.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import personal_data as retention

from . import people
from .models import CityMessage, CityMessageReply


def retention_days():
    return retention.retention_days("contact_messages")


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notify(users, subject, body, reply_to=None):
    """One plain-text email per user with an address; returns how many were sent."""
    sent = 0
    for user in users:
        if not user.email:
            continue
        message = EmailMessage(
            subject=subject,
            body=body,
            to=[user.email],
            reply_to=[reply_to] if reply_to else None,
        )
        sent += message.send()
    return sent


def recipients(city):
    """(users, delivery): the city's staff, else the hub's managers."""
    staff = list(people.city_staff(city))
    if staff:
        return staff, CityMessage.Delivery.STAFF
    return list(people.hub_managers()), CityMessage.Delivery.MANAGERS


def inbox_url(city):
    return absolute(reverse("city_inbox_for", args=[city.pk]))


@transaction.atomic
def send_to_city(city, *, name, email, subject, body, organisation="", sender=None):
    """Store a message to `city` and email whoever answers for it."""
    users, delivery = recipients(city)
    message = CityMessage.objects.create(
        city=city,
        sender=sender if sender is not None and sender.is_authenticated else None,
        sender_name=name.strip()[:100],
        sender_email=email.strip(),
        sender_organisation=organisation.strip()[:200],
        subject=subject.strip()[:150],
        body=body.strip(),
        delivered_to=delivery,
    )
    who = f"{message.sender_name}" + (
        f" ({message.sender_organisation})" if message.sender_organisation else ""
    )
    preface = (
        ""
        if delivery == CityMessage.Delivery.STAFF
        else f"{city.title} has no confirmed staff on TwinHub yet, so this message comes to "
        "you as a programme manager or editor. Please pass it on or answer it.\n\n"
    )
    transaction.on_commit(
        lambda: notify(
            users,
            f"TwinHub: {message.subject}",
            f"{preface}{who} wrote to {city.title} through TwinHub:\n\n{message.body}\n\n"
            f"Answer on TwinHub (your answer is emailed to them; your address stays "
            f"private): {inbox_url(city)}\n",
        )
    )
    return message


@transaction.atomic
def reply(message, author, body):
    """Email the sender an answer from the city, and keep it beside the message."""
    if not people.may_answer_for(author, message.city):
        raise ValidationError(f"Only {message.city.title}'s staff can answer this message.")
    body = (body or "").strip()
    if not body:
        raise ValidationError("Write your answer before sending it.")
    answer = CityMessageReply.objects.create(message=message, author=author, body=body)
    message.answered_at = timezone.now()
    message.save(update_fields=["answered_at"])
    who = people.describe(author)
    signature = who["name"] + (f", {who['city']}" if who["city"] else "")
    contact = absolute(reverse("contact_city", args=[message.city.slug]))
    email = EmailMessage(
        subject=f"Re: {message.subject}",
        body=f"{body}\n\n— {signature}, answering for {message.city.title} through TwinHub.\n\n"
        f"To write back, use {contact}\n\nYour message:\n{message.body}\n",
        to=[message.sender_email],
    )
    transaction.on_commit(email.send)
    return answer


def delete_old_messages(now=None):
    """Delete messages (and their answers) older than the retention period; return how many."""
    from .personal_data import expire_messages

    return expire_messages(now or timezone.now())
