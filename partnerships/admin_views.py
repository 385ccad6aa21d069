"""The matching round's review screen in the Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from hub.models import CityProfilePage

from .models import MatchingRound, MatchStatus
from .rounds import NeedsConfirmation, accept_all, accept_match, override_match, propose_matches


def _run(request, action, *args):
    try:
        result = action(*args, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    return result


@require_http_methods(["GET", "POST"])
def round_matches(request, pk):
    if not request.user.has_perm("partnerships.view_matchinground"):
        raise PermissionDenied
    matching_round = get_object_or_404(MatchingRound.objects.select_related("programme"), pk=pk)
    if request.method == "POST":
        if not request.user.has_perm("partnerships.change_matchinground"):
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "propose":
            proposal = _run(request, propose_matches, matching_round)
            if proposal is not None:
                messages.success(
                    request,
                    f"Proposed {len(proposal.pairs)} pairs; {len(proposal.unmatched)} unmatched.",
                )
        elif action == "accept-all":
            pages = _run(request, accept_all, matching_round)
            if pages is not None:
                messages.success(request, f"Accepted {len(pages)} pairs as draft partnerships.")
        elif action in ("accept", "override"):
            match = matching_round.matches.filter(pk=request.POST.get("match")).first()
            if match is None:
                messages.error(request, "That pair is no longer part of this round.")
            elif action == "accept":
                if _run(request, accept_match, match) is not None:
                    messages.success(request, f"Accepted {match}.")
            else:
                host_id = request.POST.get("host") or None
                host = None
                if host_id:
                    host = CityProfilePage.objects.filter(
                        pk=host_id, pk__in=matching_round.hosts.values("city_id")
                    ).first()
                    if host is None:
                        messages.error(request, "Choose one of this round's hosts.")
                        return redirect(request.path)
                try:
                    override_match(
                        match,
                        host,
                        user=request.user,
                        reason=request.POST.get("reason", ""),
                        confirmed=request.POST.get("confirmed") == "yes",
                    )
                except NeedsConfirmation as question:
                    return TemplateResponse(
                        request,
                        "partnerships/admin/confirm_override.html",
                        {
                            "round": matching_round,
                            "page_title": f"Confirm the override: {matching_round.name}",
                            "header_icon": "warning",
                            "match": match,
                            "host": host,
                            "question": " ".join(question.messages),
                            "reason": request.POST.get("reason", ""),
                        },
                        status=409 if request.POST.get("confirmed") == "yes" else 200,
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, f"Changed {match.applicant.title}'s host.")
        else:
            messages.error(request, "Unknown action.")
        return redirect(request.path)

    matches = list(matching_round.matches.select_related("applicant", "host", "partnership"))
    hosts = list(matching_round.hosts.select_related("city"))
    load = {}
    for match in matches:
        if match.host_id:
            load[match.host_id] = load.get(match.host_id, 0) + 1
    return TemplateResponse(
        request,
        "partnerships/admin/round_matches.html",
        {
            "round": matching_round,
            "page_title": f"Matches: {matching_round.name}",
            "header_icon": "group",
            "pairs": [m for m in matches if m.host_id],
            "unmatched": [m for m in matches if not m.host_id],
            "hosts": [(host, load.get(host.city_id, 0)) for host in hosts],
            "applicant_count": matching_round.applicants.count(),
            "audit_entries": matching_round.audit_entries.select_related("user__person")[:100],
            "can_change": request.user.has_perm("partnerships.change_matchinground"),
            "accepted": MatchStatus.ACCEPTED,
            "proposed": MatchStatus.PROPOSED,
        },
    )
