"""First-run set-up of `make run`: demo data into an empty database and a local staff account."""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo.joint_projects import seed_demo_joint_projects
from demo.network import DEFAULT_DEMO_CITIES, DEFAULT_DEMO_SEED, seed_demo_network
from members.models import City
from progress.services import progress_refresh_soon

DEMO_STAFF_EMAIL = "staff@icp-portal.localhost"


class Command(BaseCommand):
    help = "Loads the demo network once into an empty database and creates a local staff account (DEBUG only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="where the portal will answer")

    def handle(self, *args, base_url: str = "http://127.0.0.1:8000", **options) -> None:
        if not settings.DEBUG:
            raise CommandError("bootstrap_demo is for development only: it runs with DJANGO_DEBUG on.")
        if not City.objects.exists():
            result = seed_demo_network(cities=DEFAULT_DEMO_CITIES, seed=DEFAULT_DEMO_SEED)
            seed_demo_joint_projects()  # as seed_demo does: `make run` shows joint projects too
            progress_refresh_soon()  # the progress page's history, from the demo's membership dates
            self.stdout.write(f"Loaded the demo network: {result.cities} cities in an empty database.")
        self._announce_staff_account(admin_url=f"{base_url.rstrip('/')}/admin/")

    def _announce_staff_account(self, *, admin_url: str) -> None:
        User = get_user_model()  # noqa: N806 - a class, named like one
        if User.objects.filter(email=DEMO_STAFF_EMAIL).exists():
            self.stdout.write(
                f"Staff sign-in: {admin_url} as {DEMO_STAFF_EMAIL} (password shown on the first run; "
                f"set a new one with: .venv/bin/python manage.py changepassword {DEMO_STAFF_EMAIL})"
            )
            return
        password = secrets.token_urlsafe(12)
        staff = User.objects.create_superuser(email=DEMO_STAFF_EMAIL, password=password, full_name="Local ICP staff")
        # A local address receives no mail: count it as verified so the account can sign in at once.
        EmailAddress.objects.create(user=staff, email=DEMO_STAFF_EMAIL, primary=True, verified=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Staff sign-in: {admin_url}\n  e-mail:   {DEMO_STAFF_EMAIL}\n  password: {password}\n"
                "  (shown only this once; keep it, or set another with manage.py changepassword)"
            )
        )
