"""The one place follows and digest subscriptions are written."""

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.models import Topic

from .models import DigestSubscription, Follow
from .news import is_followable

UNSUBSCRIBE_SALT = "follows.unsubscribe"


class NotFollowable(ValueError):
    pass


def _lookup(target):
    if isinstance(target, Topic):
        return {"topic": target}
    if not is_followable(target):
        raise NotFollowable(f"{target} is not a topic, a city or a programme")
    return {"page": target}


def follow(user, target):
    """Follow a topic, a city or a programme; following twice keeps one follow."""
    lookup = _lookup(target)
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, **lookup)
    except IntegrityError:
        pass  # followed in another request at the same moment
    subscription(user)


def unfollow(user, target):
    Follow.objects.filter(user=user, **_lookup(target)).delete()


def is_following(user, target):
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, **_lookup(target)).exists()


def subscription(user):
    return DigestSubscription.objects.get_or_create(user=user)[0]


def set_weekly(user, weekly):
    current = subscription(user)
    current.weekly = weekly
    current.unsubscribed_at = None if weekly else timezone.now()
    current.save(update_fields=["weekly", "unsubscribed_at"])


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe_token(token):
    """The user an unsubscribe link was made for, or None for a link that is not ours."""
    from django.contrib.auth import get_user_model

    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk).first()
