"""Propose a matching round from the command line, for managers who work from spreadsheets."""

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from core.exports import safe_row
from partnerships.corpus import load_corpus
from partnerships.engine.assignment import ROUND_KINDS, Host, propose
from partnerships.models import ProgrammePage


def _slugs(value):
    return [slug.strip() for slug in value.split(",") if slug.strip()]


def _reasons_text(reasons):
    return "; ".join(
        f"{reason.topic_name} (host {reason.theirs}, applicant {reason.yours}, "
        f"weight {reason.weight:.2f})"
        for reason in reasons
    )


class Command(BaseCommand):
    help = (
        "Pair applicant cities with host cities for the highest total score, each host "
        "taking at most --capacity applicants. Cities are given by page slug."
    )

    def add_arguments(self, parser):
        parser.add_argument("--applicants", required=True, help="Comma-separated city slugs.")
        parser.add_argument("--hosts", required=True, help="Comma-separated city slugs.")
        parser.add_argument("--capacity", type=int, default=3, help="Applicants per host.")
        parser.add_argument("--programme", help="Slug of a programme whose rules apply.")
        parser.add_argument("--kind", choices=ROUND_KINDS, default="twin")
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args, **options):
        if options["capacity"] < 1:
            raise CommandError("--capacity must be at least 1.")
        corpus = load_corpus()
        applicant_slugs, host_slugs = _slugs(options["applicants"]), _slugs(options["hosts"])
        unknown = [slug for slug in applicant_slugs + host_slugs if corpus.get(slug) is None]
        if unknown:
            raise CommandError(f"No published city has the slug(s): {', '.join(unknown)}.")
        if not applicant_slugs or not host_slugs:
            raise CommandError("Give at least one applicant and one host.")
        rules = None
        if options["programme"]:
            programme = ProgrammePage.objects.filter(slug=options["programme"]).first()
            if programme is None:
                raise CommandError(f"No programme has the slug {options['programme']!r}.")
            rules = programme.rules()
        proposal = propose(
            [corpus.get(slug) for slug in applicant_slugs],
            [Host(corpus.get(slug), options["capacity"]) for slug in host_slugs],
            options["kind"],
            corpus,
            rules,
        )
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "kind": options["kind"],
                        "programme": options["programme"],
                        "total_score": proposal.total,
                        "pairs": [
                            {
                                "applicant": pair.applicant.slug,
                                "host": pair.host.slug,
                                "score": pair.score,
                                "reasons": [reason.as_dict() for reason in pair.reasons],
                                "factors": [factor.as_dict() for factor in pair.factors],
                            }
                            for pair in proposal.pairs
                        ],
                        "unmatched": [
                            {"applicant": item.applicant.slug, "why": item.why}
                            for item in proposal.unmatched
                        ],
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return
        writer = csv.writer(self.stdout)
        writer.writerow(["applicant", "host", "score", "reasons", "factors", "unmatched_because"])
        for pair in proposal.pairs:
            factors = "; ".join(f"{f.sentence} (x{f.effect:.2f})" for f in pair.factors)
            writer.writerow(
                safe_row(
                    [
                        pair.applicant.slug,
                        pair.host.slug,
                        pair.score,
                        _reasons_text(pair.reasons),
                        factors,
                        "",
                    ]
                )
            )
        for item in proposal.unmatched:
            writer.writerow(safe_row([item.applicant.slug, "", "", "", "", item.why]))
