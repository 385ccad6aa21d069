"""The pages behind a recommendation's next steps: ask a programme for an introduction,
propose a partnership, and the answers a city's staff give on their city's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from core import visibility
from home import people
from hub.models import CityProfilePage

from . import requests as services
from .forms import AnswerForm, IntroductionForm, ProposalForm
from .models import IntroductionRequest, PartnershipProposal, RequestStatus


def _city(request, slug):
    city = (
        visibility.visible(CityProfilePage.objects.live(), request).filter(slug=slug or "").first()
    )
    if city is None:
        raise Http404("No published city has this address.")
    return city


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        for item in error.messages:
            form.add_error(None, item)


@login_required
def request_introduction(request):
    city = _city(request, request.GET.get("city") or request.POST.get("city"))
    initial = {"programme": request.GET.get("programme")}
    form = IntroductionForm(request.POST or None, initial=initial, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_for_introduction(
                request.user, city, form.cleaned_data["programme"], form.cleaned_data["note"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            request.session["next_step_done"] = {
                "what": "introduction",
                "city": city.title,
                "programme": form.cleaned_data["programme"].title,
            }
            return redirect("next_step_sent")
    status = 400 if form.errors else 200
    return render(
        request,
        "partnerships/request_introduction.html",
        {"city": city, "form": form},
        status=status,
    )


@login_required
def propose_partnership(request):
    city = _city(request, request.GET.get("city") or request.POST.get("city"))
    own_city = people.staff_city(request.user)
    initial = {"programme": request.GET.get("programme"), "kind": request.GET.get("kind")}
    form = ProposalForm(request.POST or None, initial=initial, request=request)
    if request.method == "POST" and own_city is not None and form.is_valid():
        try:
            _, to_staff = services.propose_partnership(
                request.user,
                city,
                form.cleaned_data["programme"],
                form.cleaned_data["kind"],
                form.cleaned_data["message"],
            )
        except (ValidationError, PermissionDenied) as error:
            _apply_errors(
                form, error if isinstance(error, ValidationError) else ValidationError(str(error))
            )
        else:
            request.session["next_step_done"] = {
                "what": "proposal",
                "city": city.title,
                "programme": form.cleaned_data["programme"].title,
                "to_managers": not to_staff,
            }
            return redirect("next_step_sent")
    status = 400 if form.errors else 200
    return render(
        request,
        "partnerships/propose_partnership.html",
        {"city": city, "form": form, "own_city": own_city},
        status=status,
    )


def next_step_sent(request):
    done = request.session.pop("next_step_done", None)
    if done is None:
        return redirect("partner_finder")
    return render(request, "partnerships/next_step_sent.html", {"done": done})


def _answer(request, item, city, service, prefix):
    form = AnswerForm(request.POST, prefix=prefix)
    accept = request.POST.get("decision") == "accept"
    if request.POST.get("decision") not in ("accept", "decline") or not form.is_valid():
        messages.error(request, "Choose to accept or decline.")
    else:
        try:
            service(item, request.user, accept, form.cleaned_data["answer"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Your answer is recorded and the other side is told.")
    return redirect("city_inbox_for", city_id=city.pk)


@login_required
@require_POST
def answer_proposal(request, pk):
    proposal = get_object_or_404(PartnershipProposal.objects.select_related("to_city"), pk=pk)
    if not people.may_answer_for(request.user, proposal.to_city):
        raise PermissionDenied
    return _answer(request, proposal, proposal.to_city, services.answer_proposal, f"proposal-{pk}")


@login_required
@require_POST
def answer_introduction(request, pk):
    introduction = get_object_or_404(IntroductionRequest.objects.select_related("to_city"), pk=pk)
    if not people.may_answer_for(request.user, introduction.to_city):
        raise PermissionDenied
    return _answer(
        request,
        introduction,
        introduction.to_city,
        services.answer_introduction,
        f"introduction-{pk}",
    )


def inbox_section(request, city):
    """The proposals and introductions a city's staff answer on their city's page."""
    received = [
        (proposal, AnswerForm(prefix=f"proposal-{proposal.pk}"))
        for proposal in PartnershipProposal.objects.filter(to_city=city)
        .select_related("from_city", "programme", "partnership", "proposer__person")
        .order_by("status", "-created")[:50]
    ]
    made = list(
        PartnershipProposal.objects.filter(from_city=city)
        .select_related("to_city", "programme")
        .order_by("-created")[:50]
    )
    introductions = [
        (introduction, AnswerForm(prefix=f"introduction-{introduction.pk}"))
        for introduction in IntroductionRequest.objects.filter(to_city=city)
        .select_related("from_city", "programme", "requester__person")
        .order_by("status", "-created")[:50]
    ]
    return render_to_string(
        "partnerships/includes/inbox_section.html",
        {
            "city": city,
            "received": received,
            "made": made,
            "introductions": introductions,
            "open": RequestStatus.OPEN,
        },
        request=request,
    )
