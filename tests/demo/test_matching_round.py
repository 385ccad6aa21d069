"""The demo's round from the 2025 call, awaiting consent: some pairs answered, one declined
with its reason, and the city staff who answered."""

import io

import pytest
from django.core.management.color import no_style

from demo import builders, loader
from partnerships import consent
from partnerships.models import MatchingRound, PairConsent

STEPS = (
    "Sections",
    "Programmes",
    "Cities",
    "Twin cities",
    "Programme members",
    "City groups",
    "Application forms",
    "Applications",
    "set_up_roles",
    "Matching rounds",
)

pytestmark = pytest.mark.django_db


def test_the_round_waits_for_consent_with_one_pair_declined():
    out = io.StringIO()
    loader.load(out, no_style(), builders.steps(*STEPS))
    matching_round = MatchingRound.objects.get(name="2025 call, first round")
    matches = {m.applicant.slug: m for m in matching_round.matches.select_related("host")}
    graz = matches["graz"]
    assert graz.host is None
    assert graz.unmatched_reason.startswith(
        "Kozani declined the pair with Graz: Illustrative: our team already hosts one Twin City"
    )
    assert consent.pair_status(matches["gavle"]).consented
    maribor = consent.pair_status(matches["maribor"])
    assert maribor.host is not None and maribor.applicant is None
    waiting = [m for m in matches.values() if m.host and not consent.pair_status(m).answers]
    assert waiting and all(m.consent_requested_at for m in waiting)
    assert PairConsent.objects.count() == 5

    # A second run changes nothing.
    loader.load(io.StringIO(), no_style(), builders.steps(*STEPS))
    assert MatchingRound.objects.count() == 1 and PairConsent.objects.count() == 5
