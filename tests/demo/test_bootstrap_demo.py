"""What `make run` does on a fresh machine: demo data once, a local staff account, where to sign in."""

import io

import pytest
from django.core.management import CommandError, call_command

from initiatives.choices import PartnershipStatus
from initiatives.models import InitiativePartner
from members.models import City, User
from reports.models import Report
from surveys.models import Survey

pytestmark = pytest.mark.django_db


def bootstrap(settings) -> str:
    settings.DEBUG = True
    output = io.StringIO()
    call_command("bootstrap_demo", "--base-url", "http://127.0.0.1:8000", stdout=output)
    return output.getvalue()


def test_first_run_loads_the_demo_network_and_prints_a_staff_sign_in(settings, client):
    printed = bootstrap(settings)
    assert City.objects.count() == 457
    # what the demo shows beyond cities: yearly reports, community surveys and joint projects, as seed_demo makes
    assert Report.objects.published().exists() and Survey.objects.with_results().exists()
    assert InitiativePartner.objects.filter(status=PartnershipStatus.ACCEPTED).exists()
    assert "http://127.0.0.1:8000/admin/" in printed
    password = next(line.split(":", 1)[1].strip() for line in printed.splitlines() if "password:" in line)
    staff = User.objects.get(email="staff@icp-portal.localhost")
    assert staff.is_staff and staff.check_password(password)
    client.post("/accounts/login/", {"login": staff.email, "password": password})
    assert client.get("/admin/").status_code == 200  # signs in at once: the address counts as verified


def test_later_runs_load_nothing_and_show_no_password(settings):
    bootstrap(settings)
    printed = bootstrap(settings)
    assert City.objects.count() == 457
    assert "password shown on the first run" in printed
    assert "Loaded" not in printed


def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("bootstrap_demo")
