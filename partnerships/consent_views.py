"""The page where a city's staff accept or decline a pair a matching round proposes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from home import people

from . import consent
from .forms import ConsentForm
from .models import MatchStatus, ProposedMatch


@login_required
@require_http_methods(["GET", "POST"])
def pair_consent(request, pk):
    match = get_object_or_404(
        ProposedMatch.objects.select_related("round__programme", "host", "applicant"), pk=pk
    )
    answering = consent.may_answer(request.user, match)
    if not answering and not request.user.has_perm("partnerships.view_matchinground"):
        raise PermissionDenied("Only the staff of the pair's two cities can answer.")
    form = ConsentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not answering:
            raise PermissionDenied("Only the staff of the pair's two cities can answer.")
        accept = request.POST.get("decision") == "accept"
        if form.is_valid():
            try:
                consent.answer(match, request.user, accept, form.cleaned_data["reason"])
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    form.add_error("reason", error.error_dict["reason"])
                else:
                    form.add_error(None, error)
            else:
                verdict = "accept" if accept else "decline"
                messages.success(
                    request, f"Your city's answer is recorded: you {verdict} the pair."
                )
                return redirect(request.path)
        status = 400
    city = people.staff_city(request.user) if answering else None
    pair = consent.pair_status(match)
    mine = None
    if city is not None:
        mine = pair.host if city.pk == match.host_id else pair.applicant
    return render(
        request,
        "partnerships/pair_consent.html",
        {
            "match": match,
            "pair_answers": [(match.host, pair.host), (match.applicant, pair.applicant)],
            "city": city,
            "mine": mine,
            "form": form,
            "open": (
                answering
                and mine is None
                and match.status == MatchStatus.PROPOSED
                and match.consent_requested_at is not None
            ),
        },
        status=status,
    )


def inbox_section(request, city):
    """The pairs of matching rounds that wait for (or have) the city's answer."""
    matches = list(
        ProposedMatch.objects.filter(
            Q(host=city) | Q(applicant=city),
            status=MatchStatus.PROPOSED,
            consent_requested_at__isnull=False,
        ).select_related("round__programme", "host", "applicant")[:50]
    )
    statuses = consent.status_of(matches)
    rows = []
    for match in matches:
        pair = statuses[match.pk]
        rows.append((match, pair.host if match.host_id == city.pk else pair.applicant))
    return render_to_string(
        "partnerships/includes/consent_section.html", {"city": city, "rows": rows}, request=request
    )
