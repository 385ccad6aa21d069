"""The personal data the site keeps: what, why, for how long, and how it is removed.

Each app that keeps personal data registers it here (from its `AppConfig.ready`), so
one list serves the privacy page, a person's download of their data,
`manage.py delete_expired_personal_data` and account deletion, and no app here knows
the others. The periods come from one setting, `PERSONAL_DATA_RETENTION_DAYS`.

A kind of data registers:

- `key` (its entry in the setting when it expires) and `what` / `why`, in words, for
  the privacy page;
- `expire(now)`, which deletes what has passed its period (`cutoff(key, now)`, or
  counted from another date, as `after` says) and returns how many;
- `export(user)`, what a signed-in person downloads about themselves (JSON-friendly);
- `kept`, when the data outlives the account, in words (room messages stay, attributed
  to "a former participant").
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class PersonalData:
    key: str
    what: str
    why: str
    expire: Callable | None = None
    export: Callable | None = None
    until: str = ""  # how long, in words, when no period applies ("until you delete it")
    after: str = ""  # what the period counts from, when not from when it was stored
    kept: str = ""  # what happens to it when an account is deleted, in words

    @property
    def days(self):
        if self.expire is None:
            return None
        return retention_days(self.key)

    @property
    def how_long(self):
        if self.days is not None:
            return f"{self.days} days"
        return self.until


KINDS: dict[str, PersonalData] = {}


def register(kind: PersonalData):
    KINDS[kind.key] = kind
    return kind


def retention_days(key):
    """The retention period of `key`, from `PERSONAL_DATA_RETENTION_DAYS`."""
    periods = settings.PERSONAL_DATA_RETENTION_DAYS
    if key not in periods:
        raise KeyError(f"PERSONAL_DATA_RETENTION_DAYS has no period for “{key}”.")
    return periods[key]


def kinds():
    return list(KINDS.values())


def cutoff(key, now=None):
    return (now or timezone.now()) - datetime.timedelta(days=retention_days(key))


def expire_all(now=None, report=None):
    """Delete every kind's expired data; return {key: count}. `report(kind, count)` is
    called after each kind, for progress."""
    counts = {}
    for kind in kinds():
        if kind.expire is None:
            continue
        counts[kind.key] = kind.expire(now or timezone.now())
        if report is not None:
            report(kind, counts[kind.key])
    return counts


def export_for(user):
    """Everything the registered kinds hold about `user`, by key."""
    return {kind.key: kind.export(user) for kind in kinds() if kind.export is not None}
