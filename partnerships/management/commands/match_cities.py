"""Propose a matching round from the command line, for managers who work from spreadsheets.

Either give the cities (`--applicants`, `--hosts`: nothing is stored), or build the round
from a programme's call in one step (`--programme SLUG --from-applications`): a matching
round with every eligible application of the call and the programme's hosts is created
and proposed, as "New round from this call" does in the admin. Progress goes to stderr,
so the JSON or CSV on stdout can be piped.
"""

import csv
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.exports import safe_row
from hub.cities import city_slug
from partnerships.corpus import load_corpus
from partnerships.engine.assignment import ROUND_KINDS, Host, propose
from partnerships.models import MatchStatus, ProgrammePage
from partnerships.rounds import propose_matches, round_from_programme_call


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
        parser.add_argument("--applicants", help="Comma-separated city slugs.")
        parser.add_argument("--hosts", help="Comma-separated city slugs.")
        parser.add_argument(
            "--from-applications",
            action="store_true",
            help="Build and store a round from the call of --programme: its eligible "
            "applications and the programme's hosts.",
        )
        parser.add_argument(
            "--capacity",
            type=int,
            help="Applicants per host (default 3, or the call's capacity with "
            "--from-applications).",
        )
        parser.add_argument("--programme", help="Slug of a programme whose rules apply.")
        parser.add_argument(
            "--kind",
            choices=ROUND_KINDS,
            help="twin (default), or mentor; with --from-applications, the programme's kind.",
        )
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args, **options):
        if options["capacity"] is not None and options["capacity"] < 1:
            raise CommandError("--capacity must be at least 1.")
        if options["from_applications"]:
            return self.from_applications(options)
        if not options["applicants"] or not options["hosts"]:
            raise CommandError(
                "Give --applicants and --hosts, or --programme and --from-applications."
            )
        options["capacity"] = options["capacity"] or 3
        options["kind"] = options["kind"] or "twin"
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
                            {
                                "applicant": item.applicant.slug,
                                "why": item.why,
                                "reason": item.detail,
                                "suggestion": item.suggestion,
                            }
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
            writer.writerow(safe_row([item.applicant.slug, "", "", "", "", item.detail]))

    def progress(self, text):
        self.stderr.write(text)

    def from_applications(self, options):
        if not options["programme"]:
            raise CommandError("--from-applications needs --programme SLUG.")
        if options["applicants"] or options["hosts"]:
            raise CommandError(
                "--from-applications takes its cities from the call: "
                "leave out --applicants and --hosts."
            )
        programme = ProgrammePage.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme has the slug {options['programme']!r}.")
        self.progress(f"Reading the applications to the call of {programme.title}…")
        try:
            built = round_from_programme_call(
                programme, capacity=options["capacity"], kind=options["kind"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        matching_round = built.matching_round
        self.progress(
            f"Round “{matching_round.name}” (id {matching_round.pk}): {len(built.applicants)} "
            f"eligible applicants ({built.converted} converted into draft cities), "
            f"{len(built.ineligible)} ineligible, {len(built.hosts)} hosts."
        )
        self.progress("Proposing matches…")
        proposal = propose_matches(matching_round)
        self.progress(f"Proposed {len(proposal.pairs)} pairs; {len(proposal.unmatched)} unmatched.")
        matches = list(matching_round.matches.select_related("applicant", "host"))
        pairs = [m for m in matches if m.status != MatchStatus.UNMATCHED]
        unmatched = [m for m in matches if m.status == MatchStatus.UNMATCHED]
        ineligible = [
            {
                "applicant": city_slug(row.city),
                "rule": row.failures[0].rule,
                "reason": " ".join(failure.reason for failure in row.failures),
            }
            for row in built.ineligible
        ]
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "round": matching_round.pk,
                        "programme": programme.slug,
                        "kind": matching_round.kind,
                        "pairs": [
                            {
                                "applicant": m.applicant.slug,
                                "host": m.host.slug,
                                "score": m.score,
                                "reasons": m.reasons,
                            }
                            for m in pairs
                        ],
                        "unmatched": [
                            {
                                "applicant": m.applicant.slug,
                                "reason": m.unmatched_reason,
                                "suggestion": m.suggestion,
                            }
                            for m in unmatched
                        ],
                        "ineligible": ineligible,
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return
        writer = csv.writer(self.stdout)
        writer.writerow(
            ["applicant", "host", "score", "reasons", "unmatched_because", "ineligible_rule"]
        )
        for m in pairs:
            reasons = "; ".join(
                f"{r['topic_name']} (host {r['theirs']}, applicant {r['yours']})" for r in m.reasons
            )
            writer.writerow(safe_row([m.applicant.slug, m.host.slug, m.score, reasons, "", ""]))
        for m in unmatched:
            writer.writerow(safe_row([m.applicant.slug, "", "", "", m.unmatched_reason, ""]))
        for item in ineligible:
            writer.writerow(safe_row([item["applicant"], "", "", "", "", item["reason"]]))
