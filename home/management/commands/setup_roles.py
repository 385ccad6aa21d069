from django.core.management.base import BaseCommand

from home.roles import EDITORS, FACILITATORS, PROGRAMME_MANAGERS, REVIEW_WORKFLOW, setup_roles


class Command(BaseCommand):
    help = (
        f"Create or complete the groups {EDITORS}, {PROGRAMME_MANAGERS} and {FACILITATORS} "
        f"and the “{REVIEW_WORKFLOW}” workflow on /cities/. Safe to run again."
    )

    def handle(self, *args, **options):
        report = setup_roles()
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if report.total_created:
            created = ", ".join(f"{count} {kind}" for kind, count in sorted(report.created.items()))
            self.stdout.write(self.style.SUCCESS(f"Roles set up: created {created}."))
        else:
            self.stdout.write("Roles already set up; nothing to change.")
