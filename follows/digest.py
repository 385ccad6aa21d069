"""The weekly digest: for each person who follows something, the public pages published on
it since their last digest, in one email, at most once per ISO week."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.links import absolute_url

from . import news, services
from .models import DigestDelivery, DigestSubscription, Follow

PERIOD_DAYS = 7
ITEMS_PER_FOLLOW = 10


def period_of(now):
    year, week, _ = timezone.localtime(now).isocalendar()
    return f"{year}-W{week:02d}"


def recipients():
    """People who follow something, have an address and have not unsubscribed."""
    from django.contrib.auth import get_user_model

    unsubscribed = DigestSubscription.objects.filter(weekly=False).values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True, follows__isnull=False)
        .exclude(email="")
        .exclude(pk__in=unsubscribed)
        .distinct()
        .order_by("pk")
    )


def sections_for(user, since, now):
    """[(what is followed, [pages])], each page under the first follow that finds it."""
    seen = set()
    sections = []
    follows = Follow.objects.filter(user=user).select_related("topic", "page")
    for follow in follows:
        target = follow.target
        found = news.about(target).filter(first_published_at__gt=since, first_published_at__lte=now)
        pages = [page for page in news.newest(found, ITEMS_PER_FOLLOW) if page.pk not in seen]
        seen.update(page.pk for page in pages)
        if pages:
            sections.append((target, pages))
    return sections


def send_digests(now=None, report=print):
    """Send this period's digests; returns how many emails were sent."""
    now = now or timezone.now()
    period = period_of(now)
    people = list(recipients())
    who = "1 person follows" if len(people) == 1 else f"{len(people)} people follow"
    report(f"Digest {period}: {who} something.")
    sent = 0
    for number, user in enumerate(people, start=1):
        prefix = f"[{number}/{len(people)}] person {user.pk}"
        last = DigestDelivery.objects.filter(user=user).order_by("-sent_at").first()
        if last is not None and last.period == period:
            report(f"{prefix}: already sent for {period}")
            continue
        since = last.sent_at if last else now - datetime.timedelta(days=PERIOD_DAYS)
        sections = sections_for(user, since, now)
        count = sum(len(pages) for _, pages in sections)
        try:
            with transaction.atomic():
                # The delivery is written first: a run at the same moment fails here.
                DigestDelivery.objects.create(
                    user=user, period=period, sent_at=now, item_count=count
                )
                if count:
                    _send(user, sections, period)
        except IntegrityError:
            report(f"{prefix}: already sent for {period}")
            continue
        if count:
            sent += 1
            report(f"{prefix}: {count} new page{'s' if count != 1 else ''}, sent")
        else:
            report(f"{prefix}: nothing new, no email")
    report(f"Sent {sent} digest{'s' if sent != 1 else ''} for {period}.")
    return sent


def _send(user, sections, period):
    token = services.unsubscribe_token(user)
    unsubscribe_url = absolute_url(reverse("follows:unsubscribe", args=[token]))
    context = {
        "user": user,
        "sections": [
            (target, [(page, absolute_url(page.url or "/")) for page in pages])
            for target, pages in sections
        ],
        "period": period,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "unsubscribe_url": unsubscribe_url,
        "follows_url": absolute_url(reverse("follows:index")),
    }
    count = sum(len(pages) for _, pages in sections)
    subject = f"{settings.WAGTAIL_SITE_NAME} this week: {count} new page{'s' if count != 1 else ''}"
    text = render_to_string("follows/email/digest.txt", context)
    html = render_to_string("follows/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        None,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    message.send()
