"""Fill the site with TwinHub's demo content (the data files in `demo/data/`, built by
`demo.builders.STEPS`) and a demo administrator. Safe to run again: nothing is added twice."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from wagtail.models import Page, Site

from demo import builders, loader
from hub.models import Domain, Topic
from hub.taxonomy import load_taxonomy, read_taxonomy

ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@example.org"
LOGIN_URL = "http://127.0.0.1:8000/admin/"
DEMO_HOST, DEMO_PORT = "127.0.0.1", 8000


class Command(BaseCommand):
    help = (
        "Load TwinHub's demo content from demo/data/: the page tree, the three programmes, "
        "the Mission Cities and H2 Twin Cities with their business cases, permitting guides "
        "and webinars, the partnerships, application forms and demo accounts. Existing "
        "pages are kept as they are, so a second run adds nothing. Everything runs in one "
        "transaction: an error leaves the database as it was. Also creates a demo "
        "administrator called “admin”."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-password",
            metavar="PASSWORD",
            help="Password for a newly created “admin” user. Without it a random password "
            "is generated and printed once; that is refused when DEBUG is off, so a "
            "production site never gets a printed password. Ignored if “admin” exists.",
        )
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Do not create the demo administrator.",
        )

    def handle(self, *args, admin_password=None, no_admin=False, **options):
        if admin_password is not None:
            self.check_password(admin_password)
        elif not no_admin and not settings.DEBUG and not self.admin_exists():
            raise CommandError(
                "DEBUG is off, so load_demo will not create an administrator with a printed "
                "password. Pass --admin-password PASSWORD, or --no-admin to skip the account."
            )
        before = self.counts()
        with transaction.atomic():
            self.ensure_topics()
            self.stdout.write(self.style.MIGRATE_HEADING("Demo content"))
            loader.load(self.stdout, self.style, builders.STEPS)
            self.configure_site()
            password = None if no_admin else self.ensure_admin(admin_password)
        self.print_summary(before, self.counts())
        if password:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Log in at {LOGIN_URL} as “{ADMIN_USERNAME}” with password: {password}\n"
                    "This password is shown only once."
                )
            )

    # Topics ---------------------------------------------------------------------------

    def ensure_topics(self):
        wanted = {item["slug"] for item in read_taxonomy()["topics"]}
        present = set(Topic.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        if wanted <= present:
            self.stdout.write(f"Topics: all {len(wanted)} present")
            return
        created = load_taxonomy(Domain, Topic)
        self.stdout.write(f"Topics: {created} domains and topics loaded")

    # Site and administrator -----------------------------------------------------------

    def configure_site(self):
        """Point the default site at the demo server, unless someone already configured it."""
        site = Site.objects.filter(is_default_site=True).first()
        if site is None or (site.hostname, site.port) == (DEMO_HOST, DEMO_PORT):
            return
        if site.hostname in ("localhost", "127.0.0.1") and site.port == 80:
            site.hostname, site.port = DEMO_HOST, DEMO_PORT
            site.save(update_fields=["hostname", "port"])
            self.stdout.write(f"Site: default site now answers at http://{DEMO_HOST}:{DEMO_PORT}/")

    def admin_exists(self):
        return get_user_model().objects.filter(username=ADMIN_USERNAME).exists()

    def check_password(self, password):
        user = get_user_model()(username=ADMIN_USERNAME, email=ADMIN_EMAIL)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("--admin-password: " + " ".join(error.messages)) from error

    def ensure_admin(self, password):
        """Create the demo superuser; return the password to print, if it was generated."""
        if self.admin_exists():
            self.stdout.write(
                f"Administrator “{ADMIN_USERNAME}” already exists. To set a new password run "
                f"`python manage.py changepassword {ADMIN_USERNAME}`."
            )
            return None
        generated = password is None
        if generated:
            password = secrets.token_urlsafe(12)
        get_user_model().objects.create_superuser(ADMIN_USERNAME, ADMIN_EMAIL, password)
        self.stdout.write(self.style.SUCCESS(f"Administrator “{ADMIN_USERNAME}” created"))
        if not generated:
            self.stdout.write(f"Log in at {LOGIN_URL} with the password you gave.")
        return password if generated else None

    # Summary --------------------------------------------------------------------------

    def counts(self):
        """Live pages per type and users: what the summary compares before and after."""
        rows = (
            Page.objects.filter(depth__gt=1)
            .order_by()
            .values("content_type")
            .annotate(n=Count("id"))
            .values_list("content_type", "n")
        )
        counts = {}
        for content_type_id, n in rows:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            name = model._meta.verbose_name if model else "unknown page type"
            counts[str(name)] = n
        counts["users"] = get_user_model().objects.count()
        return counts

    def print_summary(self, before, after):
        self.stdout.write(self.style.MIGRATE_HEADING("Summary"))
        width = max(len(name) for name in after)
        total_new = 0
        for name in sorted(after):
            new = after[name] - before.get(name, 0)
            total_new += new
            self.stdout.write(
                f"  {name.capitalize():<{width}}  {new:>4} created  "
                f"{before.get(name, 0):>4} already present"
            )
        if total_new:
            self.stdout.write(self.style.SUCCESS(f"Done: {total_new} new pages and users."))
        else:
            self.stdout.write(self.style.SUCCESS("Done: everything was already present."))
