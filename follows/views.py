"""Following topics, cities and programmes; the digest's unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from core import visibility
from hub.models import Topic

from . import services
from .feeds import feed_url
from .models import Follow


def _target(request):
    """The topic or page a follow form names, or None."""
    kind, value = request.POST.get("kind"), request.POST.get("target", "")
    if kind == "topic":
        return Topic.objects.filter(slug=value).first()
    if kind == "page" and value.isdigit() and len(value) < 19:
        page = visibility.visible(Page.objects.live().filter(pk=int(value)), request).first()
        if page is not None and services.is_followable(page):
            return page.specific
    return None


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def toggle(request):
    """Follow or stop following what the form names, then go back to where it was."""
    target = _target(request)
    if target is None:
        messages.error(request, "That is not a topic, city or programme you can follow.")
        return redirect(_back(request, "follows:index"))
    name = getattr(target, "name", None) or target.title
    if request.POST.get("action") == "unfollow":
        services.unfollow(request.user, target)
        messages.success(request, f"You no longer follow {name}.")
    else:
        services.follow(request.user, target)
        messages.success(
            request, f"You follow {name}: what is new on it comes in your weekly digest."
        )
    return redirect(_back(request, "follows:index"))


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    """What the person follows, the topics they could follow, and the digest switch."""
    if request.method == "POST":
        services.set_weekly(request.user, request.POST.get("weekly") == "on")
        messages.success(request, "Your digest setting is saved.")
        return redirect("follows:index")
    follows = list(
        Follow.objects.filter(user=request.user).select_related("topic", "page").order_by("pk")
    )
    followed_topics = {f.topic_id for f in follows if f.topic_id}
    context = {
        "topic_follows": [f for f in follows if f.topic_id],
        "page_follows": [(f, feed_url(f.page)) for f in follows if f.page_id],
        "other_topics": Topic.objects.exclude(pk__in=followed_topics).select_related("domain"),
        "subscription": services.subscription(request.user),
        "has_email": bool(request.user.email),
    }
    return render(request, "follows/index.html", context)


@csrf_exempt  # the signed token is the credential; mail programs post here (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop the weekly digest from its email's link, without signing in. A GET asks; a POST
    (the page's button, or a mail program's one-click unsubscribe) does it."""
    user = services.user_for_unsubscribe_token(token)
    if user is None:
        raise Http404("This unsubscribe link is not one of ours, or it was changed.")
    done = False
    if request.method == "POST":
        services.set_weekly(user, False)
        done = True
    subscription = services.subscription(user)
    return render(
        request,
        "follows/unsubscribe.html",
        {"done": done, "subscribed": subscription.weekly, "token": token},
    )
