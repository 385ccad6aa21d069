from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from home.roles import REVIEW_WORKFLOW, add_city_publisher
from hub.models import CityProfilePage


class Command(BaseCommand):
    help = (
        "Let a user edit one city's page and the pages under it, and submit them for "
        "review (never publish)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="An existing user's username.")
        parser.add_argument("city_slug", help="The city page's slug, as in /cities/<slug>/.")

    def handle(self, *args, username, city_slug, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(
                f"There is no user “{username}”. Create the account first, "
                "in the admin under Settings → Users."
            ) from None
        cities = list(CityProfilePage.objects.filter(slug=city_slug))
        if not cities:
            raise CommandError(f"There is no city page with the slug “{city_slug}”.")
        if len(cities) > 1:
            paths = ", ".join(city.url_path for city in cities)
            raise CommandError(f"More than one city page has the slug “{city_slug}”: {paths}.")
        city = cities[0]

        group, report = add_city_publisher(user, city)
        if report.created["memberships"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{username} is now a publisher of {city.title} (group “{group}”)."
                )
            )
        else:
            self.stdout.write(
                f"{username} is already a publisher of {city.title} (group “{group}”)."
            )
        self.stdout.write(
            f"They can edit {city.get_url() or city.url_path} and the pages under it and "
            "submit them for review; editors publish."
        )
        workflow = city.get_workflow()
        if workflow is None or workflow.name != REVIEW_WORKFLOW:
            self.stderr.write(
                self.style.WARNING(
                    f"“{REVIEW_WORKFLOW}” does not cover this city yet: run manage.py setup_roles."
                )
            )
