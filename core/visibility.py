"""Which pages a visitor may open, for every query that lists pages.

Wagtail refuses a page with a view restriction (a password, a login or groups, set on the
page or on an ancestor) when it is opened. Listings, feeds, related pages and
recommendations must leave out the same pages: `visible()` filters any page queryset for
a request, `hidden_q()` gives the condition for querysets that reach pages through a
relation, and `can_open()` answers for one page.

An app may admit visitors to restricted pages on its own terms with
`register_admission(func)`: `func(request)` returns the tree paths the visitor opens
whatever the restriction above them says (a partnership's members open its private page).
It is asked only when the visitor would otherwise be kept out of some section.

The restrictions (a handful per site) are read once and kept in the cache and in each
process under a version token that saving or deleting a restriction retires. A visitor's
own state (their groups, the passwords they entered this session) is looked up once per
request.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import post_page_move

from .cache_versions import CacheVersion, PerProcess

RESTRICTIONS_VERSION = CacheVersion("core:view-restrictions-version")
CACHE_SECONDS = 24 * 60 * 60
_REQUEST_ATTRIBUTE = "_twinhub_hidden_paths"
_ADMITTED_ATTRIBUTE = "_twinhub_admitted_paths"
_admissions = []


def register_admission(func):
    """Admit visitors to restricted pages: `func(request)` gives the paths they open."""
    if func not in _admissions:
        _admissions.append(func)
    return func


@dataclass(frozen=True)
class Restriction:
    id: int
    path: str  # the restricted page's tree path: it and its descendants start with it
    kind: str
    group_ids: frozenset = frozenset()

    def admits(self, user, group_ids, passed):
        if self.kind == PageViewRestriction.PASSWORD:
            return self.id in passed
        if self.kind == PageViewRestriction.LOGIN:
            return user.is_authenticated
        if self.kind == PageViewRestriction.GROUPS:
            return user.is_superuser or bool(self.group_ids & group_ids)
        return user.is_authenticated  # a kind this code does not know: the safe side


def _read_restrictions():
    key = f"core:view-restrictions:{RESTRICTIONS_VERSION.current()}"
    found = cache.get(key)
    if found is None:
        found = tuple(
            Restriction(
                id=restriction.pk,
                path=restriction.page.path,
                kind=restriction.restriction_type,
                group_ids=frozenset(group.pk for group in restriction.groups.all()),
            )
            for restriction in PageViewRestriction.objects.select_related("page")
            .prefetch_related("groups")
            .order_by("pk")
        )
        cache.set(key, found, CACHE_SECONDS)
    return found


_restrictions = PerProcess(RESTRICTIONS_VERSION, _read_restrictions)


def restrictions():
    """Every view restriction of the site, from this process or the cache when current."""
    return _restrictions()


class _Anonymous:
    is_authenticated = False
    is_superuser = False


def hidden_paths(request):
    """The tree paths of the sections this visitor may not open (None: a visitor with
    no request, such as a feed built in a command, opens public pages only)."""
    if request is not None and hasattr(request, _REQUEST_ATTRIBUTE):
        return getattr(request, _REQUEST_ATTRIBUTE)
    found = restrictions()
    if request is None:
        return tuple(restriction.path for restriction in found)
    user = getattr(request, "user", None) or _Anonymous()
    group_ids = frozenset()
    wants_groups = any(r.kind == PageViewRestriction.GROUPS for r in found)
    if wants_groups and user.is_authenticated and not user.is_superuser:
        group_ids = frozenset(user.groups.values_list("pk", flat=True))
    passed = ()
    session = getattr(request, "session", None)
    if session is not None and any(r.kind == PageViewRestriction.PASSWORD for r in found):
        passed = session.get(PageViewRestriction.passed_view_restrictions_session_key, ())
    paths = tuple(r.path for r in found if not r.admits(user, group_ids, passed))
    setattr(request, _REQUEST_ATTRIBUTE, paths)
    return paths


def admitted_paths(request):
    """The tree paths inside hidden sections this visitor opens all the same."""
    if request is None or not hidden_paths(request):
        return ()
    if hasattr(request, _ADMITTED_ATTRIBUTE):
        return getattr(request, _ADMITTED_ATTRIBUTE)
    paths = tuple(sorted({path for func in _admissions for path in func(request)}))
    setattr(request, _ADMITTED_ATTRIBUTE, paths)
    return paths


def hidden_q(request, field="path"):
    """The condition that matches the pages this visitor may not open.

    `field` names the tree path of the pages being filtered, such as "content_object__path"
    for a queryset of topic links.
    """
    condition = Q()
    for path in hidden_paths(request):
        condition |= Q(**{f"{field}__startswith": path})
    admitted = Q()
    for path in admitted_paths(request):
        admitted |= Q(**{f"{field}__startswith": path})
    return condition & ~admitted if admitted else condition


def visible(queryset, request, field="path"):
    """The pages of `queryset` this visitor may open."""
    condition = hidden_q(request, field)
    return queryset.exclude(condition) if condition else queryset


def can_open(page, request):
    if any(page.path.startswith(path) for path in admitted_paths(request)):
        return True
    return not any(page.path.startswith(path) for path in hidden_paths(request))


def _retire(**kwargs):
    RESTRICTIONS_VERSION.retire()


def register_signal_handlers():
    post_save.connect(_retire, sender=PageViewRestriction, dispatch_uid="core-restriction-save")
    post_delete.connect(_retire, sender=PageViewRestriction, dispatch_uid="core-restriction-delete")
    m2m_changed.connect(
        _retire,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="core-restriction-groups",
    )
    # A moved page takes its restriction, and its restricted section's path, with it.
    post_page_move.connect(_retire, dispatch_uid="core-restriction-page-move")
